// Compares the SHA-256 of a PDF the visitor chooses with the fingerprint the organisation signed, in the browser.
(() => {
    const box = document.querySelector('[data-testid="pdf-check"]');
    if (!box) return;
    const input = box.querySelector('[data-action="check-pdf"]');
    const result = box.querySelector('.pdf-check-result');
    input.addEventListener('change', async () => {
        const file = input.files && input.files[0];
        if (!file || !window.crypto || !crypto.subtle) return;
        const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
        const hex = Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
        const same = hex === box.dataset.sha256;
        result.textContent = same ? result.dataset.same : result.dataset.different;
        result.className = 'pdf-check-result notice ' + (same ? 'ok' : 'warn');
        result.dataset.outcome = same ? 'same' : 'different';
    });
})();
