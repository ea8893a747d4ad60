(function () {
    // Only the example of the chosen scoring kind is shown; an examiner-scored task has rubric rows and no content.
    var scoring = document.getElementById('task-scoring');
    function sync() {
        document.querySelectorAll('[data-example]').forEach(function (e) { e.hidden = e.dataset.example !== scoring.value; });
        var rubric = scoring.value === 'Rubric';
        document.querySelector('[data-platform-scored]').hidden = rubric;
        document.querySelector('[data-rubric]').hidden = !rubric;
    }
    scoring.addEventListener('change', sync); sync();
})();
