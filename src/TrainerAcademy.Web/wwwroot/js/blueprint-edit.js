(function () {
    var total = document.getElementById('blueprint-total');
    function sum() {
        var t = 0;
        document.querySelectorAll('.blueprint-line').forEach(function (row) {
            var c = Number(row.querySelector('.line-count').value || 0), p = Number(row.querySelector('.line-points').value || 0);
            if (row.querySelector('select').value) t += c * p;
        });
        total.textContent = (Math.round(t * 100) / 100).toString();
        total.classList.toggle('error', Math.abs(t - 100) > 0.001);
    }
    document.addEventListener('input', sum); document.addEventListener('change', sum); sum();
})();
