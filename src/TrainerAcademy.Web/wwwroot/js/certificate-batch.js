// Live progress of a certificate batch: polls the batch until it is done, then reloads to show the numbers issued.
(() => {
    const panel = document.querySelector('[data-testid=batch]');
    if (!panel) return;
    const bar = panel.querySelector('progress');
    const set = (name, value) => { const el = panel.querySelector(`[data-${name}]`); if (el) el.textContent = value; };
    const tick = async () => {
        try {
            const response = await fetch(panel.dataset.progressUrl, { headers: { Accept: 'application/json' } });
            if (response.ok) {
                const b = await response.json();
                bar.max = b.total;
                bar.value = b.done;
                set('done', b.done);
                set('issued', b.issued);
                set('failed', b.failed);
                const archive = panel.querySelector('[data-testid=archive]');
                if (b.completedAt && archive && archive.dataset.state === 'building') {
                    if (b.archiveReadyAt) { location.reload(); return; }
                } else if (b.completedAt) {
                    panel.querySelector('[data-complete]').hidden = false;
                    if (!sessionStorage.getItem('batch-' + b.batchId)) {
                        sessionStorage.setItem('batch-' + b.batchId, 'shown');
                        location.reload();
                    }
                    return;
                }
            }
        } catch { /* offline for a moment: try again */ }
        setTimeout(tick, 1000);
    };
    tick();
})();
