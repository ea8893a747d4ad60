(function () {
    // Only the work functions assessed at the chosen level are offered.
    var level = document.getElementById('question-level'), fn = document.getElementById('question-function');
    function sync() {
        var l = Number(level.value);
        Array.prototype.forEach.call(fn.options, function (o) {
            if (!o.value) return;
            var applies = l <= Number(o.dataset.lowest) && l >= Number(o.dataset.highest);
            o.hidden = !applies; o.disabled = !applies;
            if (!applies && o.selected) fn.value = '';
        });
    }
    level.addEventListener('change', sync); sync();
})();
