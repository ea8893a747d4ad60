// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Forms that undo something ask first: <form data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // A filter that applies itself when its choice changes: <select data-submit-on-change> (a button in <noscript> does it otherwise).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) field.form.submit();
  });

  // A read-only value to copy (the calendar feed address) is selected whole when it gets the focus.
  document.querySelectorAll("input[data-select-on-focus]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });

  // A seat hold counts down from the seconds the server rendered, so the visitor's own clock does not matter.
  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    var end = Date.now() + Number(el.dataset.seconds || 0) * 1000;
    var hold = el.closest("[data-hold]");
    var timer;
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) {
        window.clearInterval(timer);
        if (hold) {
          hold.classList.add("ended");
          var note = hold.querySelector(".hold-ended");
          if (note) note.hidden = false;
        }
      }
    }
    tick();
    timer = window.setInterval(tick, 1000);
  });

  // Attendance roster: one tap marks present every learner not marked yet; the save is still the staff member's.
  // Shown only while someone is still unmarked.
  document.querySelectorAll("[data-mark-rest]").forEach(function (button) {
    var form = button.closest("form");
    var unmarked = function () {
      return Array.prototype.filter.call(form.querySelectorAll(".mark-row"), function (row) {
        return !row.querySelector("input[type=radio]:checked");
      });
    };
    var refresh = function () { button.hidden = unmarked().length === 0; };
    refresh();
    form.addEventListener("change", refresh);
    button.addEventListener("click", function () {
      unmarked().forEach(function (row) {
        var present = row.querySelector("input[type=radio][value=present]");
        if (present) present.checked = true;
      });
      refresh();
    });
  });

  // Classroom screen: fetch the next code when the current one turns, and count the seconds down in between.
  document.querySelectorAll("[data-check-in-screen]").forEach(function (screen) {
    var qr = screen.querySelector("[data-qr]");
    var left = screen.querySelector("[data-seconds-left]");
    var failed = screen.querySelector("[data-code-failed]");
    var turnsAt = Date.now() + Number(left.dataset.secondsLeft || 30) * 1000;
    function refresh() {
      fetch(screen.dataset.codeUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
        .then(function (code) {
          qr.innerHTML = code.qrSvg;
          turnsAt = Date.now() + code.secondsLeft * 1000;
          failed.hidden = true;
        })
        .catch(function () { failed.hidden = false; turnsAt = Date.now() + 3000; });
    }
    window.setInterval(function () {
      var seconds = Math.max(0, Math.ceil((turnsAt - Date.now()) / 1000));
      left.textContent = String(seconds);
      if (seconds === 0) { turnsAt = Infinity; refresh(); }
    }, 250);
  });
  // A timetable being generated: ask the small status endpoint every two seconds and show the page again once it is done.
  var generating = document.querySelector("[data-timetable-status]");
  if (generating) {
    var bar = generating.querySelector("progress");
    var text = generating.querySelector("[data-progress-text]");
    var poll = window.setInterval(function () {
      fetch(generating.dataset.timetableStatus, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (status) {
          if (!status) return;
          if (bar) bar.value = status.progress;
          if (text) text.textContent = status.progress + "%";
          if (status.state !== "queued" && status.state !== "running") {
            window.clearInterval(poll);
            location.reload();
          }
        })
        .catch(function () { /* the next round asks again */ });
    }, 2000);
  }

  // Back from checkout: look again every few seconds until the webhook has confirmed the place, for a few minutes at most.
  var key = "academy:refresh:" + location.pathname;
  var waiting = document.querySelector("[data-refresh-every]");
  if (!waiting) {
    sessionStorage.removeItem(key);
    return;
  }
  var rounds = Number(sessionStorage.getItem(key) || 0);
  if (rounds >= 60) {
    var gaveUp = waiting.querySelector("[data-refresh-gave-up]");
    if (gaveUp) gaveUp.hidden = false;
    waiting.classList.add("gave-up");
    return;
  }
  window.setTimeout(function () {
    sessionStorage.setItem(key, String(rounds + 1));
    location.reload();
  }, Number(waiting.dataset.refreshEvery) * 1000);
})();
