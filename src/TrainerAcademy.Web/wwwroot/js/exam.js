// The exam page: saves each answer as it changes, keeps answers not yet acknowledged in localStorage, and sends them
// again when the connection returns. Each item carries a revision that only grows, so an older answer (another tab,
// a late retry) never replaces a newer one: the server refuses it with 409 and this page adopts the server's answer.
(function () {
  "use strict";

  var root = document.querySelector("[data-exam]");
  if (!root) return;

  var attemptId = root.dataset.attemptId;
  var text = root.dataset;
  var deadline = Date.parse(root.dataset.deadline);
  // The server's clock decides; this offset turns the visitor's clock into the server's.
  var offset = Date.parse(root.dataset.serverNow) - Date.now();
  var graceMs = Number(root.dataset.graceSeconds || 60) * 1000;
  var open = root.dataset.status === "InProgress";
  var closed = false;
  var offlineBanner = root.querySelector("[data-exam-offline]");
  var endedBanner = root.querySelector("[data-exam-ended]");
  var countdown = root.querySelector("[data-exam-countdown]");
  var savedCount = root.querySelector("[data-saved-count]");
  var items = {};

  function storageKey(id) { return "exam:" + attemptId + ":" + id; }

  function readLocal(id) {
    try { return JSON.parse(localStorage.getItem(storageKey(id)) || "null"); } catch (e) { return null; }
  }

  function writeLocal(item) {
    try { localStorage.setItem(storageKey(item.id), JSON.stringify({ response: item.response, revision: item.revision })); } catch (e) { /* storage full or blocked: the answer is still sent */ }
  }

  function dropLocal(item) {
    var local = readLocal(item.id);
    if (local && local.revision <= item.savedRevision) localStorage.removeItem(storageKey(item.id));
  }

  function readInputs(item) {
    if (item.widget) return item.widget.read();
    var checked = Array.prototype.filter.call(item.inputs, function (i) { return i.checked; }).map(function (i) { return i.value; });
    if (checked.length === 0) return null;
    if (item.type === "TrueFalse") return checked[0] === "true";
    return checked.sort().join("");
  }

  // A task's answer is a JSON value; the server and its 409 give it as text.
  function parse(item, response) {
    if (!item.widget || typeof response !== "string") return response;
    try { return JSON.parse(response); } catch (e) { return null; }
  }

  function showResponse(item, response) {
    if (item.widget) { item.widget.show(parse(item, response)); return; }
    var value = response === null || response === undefined ? "" : String(response);
    Array.prototype.forEach.call(item.inputs, function (i) {
      i.checked = item.type === "TrueFalse" ? i.value === value : value.indexOf(i.value) >= 0;
    });
  }

  function render(item, note) {
    var answered = item.response !== null && item.response !== undefined;
    var state = item.revision > item.savedRevision ? (item.inflight ? "saving" : "unsaved") : (answered ? "saved" : "unanswered");
    item.el.dataset.state = state;
    item.stateEl.textContent = note || { saving: text.textSaving, unsaved: text.textUnsaved, saved: text.textSaved, unanswered: text.textUnanswered }[state];
    if (item.nav) {
      item.nav.classList.toggle("answered", answered);
      item.nav.classList.toggle("unsaved", state === "unsaved" || state === "saving");
    }
    if (savedCount) {
      savedCount.textContent = Object.keys(items).filter(function (k) {
        var i = items[k];
        return i.revision <= i.savedRevision && i.response !== null && i.response !== undefined;
      }).length;
    }
  }

  function setOffline(offline) {
    if (offlineBanner) offlineBanner.hidden = !offline;
  }

  function pending() {
    return Object.keys(items).map(function (k) { return items[k]; }).filter(function (i) { return i.revision > i.savedRevision; });
  }

  var backoff = 1000;
  var retryAt = 0;

  function send(item) {
    if (closed || item.inflight || item.revision <= item.savedRevision) return Promise.resolve();
    item.inflight = true;
    var revision = item.revision;
    render(item);
    return fetch("/api/attempts/" + attemptId + "/answers/" + item.id, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ response: item.response, revision: revision })
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { return { status: r.status, body: body }; });
    }).then(function (result) {
      item.inflight = false;
      if (result.status === 200) {
        item.savedRevision = Math.max(item.savedRevision, result.body.savedRevision);
        dropLocal(item);
        setOffline(false);
        backoff = 1000;
        render(item);
      } else if (result.status === 409 && result.body.code === "answer.stale") {
        // Another window saved a newer answer: show it and build on its revision.
        item.savedRevision = result.body.savedRevision;
        if (item.revision <= item.savedRevision) {
          item.revision = item.savedRevision;
          item.response = item.widget ? parse(item, result.body.response)
            : result.body.response === "true" ? true : result.body.response === "false" ? false : result.body.response;
          showResponse(item, result.body.response);
          localStorage.removeItem(storageKey(item.id));
          render(item, text.textReplaced);
        } else {
          render(item);
        }
      } else if (result.status === 409 || result.status === 410) {
        close();
      } else if (result.status >= 500 || result.status === 429) {
        failed();
        render(item);
      } else {
        // Refused as invalid: nothing to retry; the reason stays beside the task or question.
        item.revision = item.savedRevision;
        localStorage.removeItem(storageKey(item.id));
        render(item, result.body.detail || result.body.title);
      }
      if (item.revision > item.savedRevision && !item.inflight && result.status === 200) return send(item);
    }, function () {
      item.inflight = false;
      failed();
      render(item);
    });
  }

  function failed() {
    setOffline(true);
    retryAt = Date.now() + backoff;
    backoff = Math.min(backoff * 2, 30000);
  }

  function flush() {
    if (closed) return;
    pending().forEach(send);
  }

  function close() {
    if (closed) return;
    closed = true;
    Array.prototype.forEach.call(root.querySelectorAll(".options"), function (f) { f.disabled = true; });
    if (endedBanner) endedBanner.hidden = false;
    var form = root.querySelector("[data-exam-submit-form]");
    if (form) form.hidden = true;
    window.setTimeout(function () { location.href = root.dataset.resultUrl; }, 3000);
  }

  Array.prototype.forEach.call(root.querySelectorAll("[data-item]"), function (el) {
    var id = el.dataset.item;
    var savedRevision = Number(el.dataset.savedRevision || 0);
    var serverResponse = el.dataset.response === undefined || el.dataset.response === "" ? null : el.dataset.response;
    var item = {
      id: id, el: el, type: el.dataset.type, inputs: el.querySelectorAll("input"), widget: el.examWidget || null,
      stateEl: el.querySelector("[data-save-state]"), nav: root.querySelector("[data-nav='" + id + "']"),
      savedRevision: savedRevision, revision: savedRevision, inflight: false,
      response: serverResponse
    };
    if (item.type === "TrueFalse" && serverResponse !== null) item.response = serverResponse === "true";
    if (item.widget) {
      item.response = parse(item, serverResponse);
      item.widget.show(item.response);
    }
    // An answer kept on this device that the server has not acknowledged wins over the older saved one.
    var local = readLocal(id);
    if (local && local.revision > savedRevision && open) {
      item.revision = local.revision;
      item.response = local.response;
      showResponse(item, local.response);
    } else if (local) {
      localStorage.removeItem(storageKey(id));
    }
    items[id] = item;
    render(item);
    el.addEventListener("change", function () {
      if (closed) return;
      item.response = readInputs(item);
      item.revision = Math.max(item.revision, item.savedRevision) + 1;
      writeLocal(item);
      render(item);
      send(item);
    });
  });

  if (!open) return;

  window.addEventListener("online", function () { backoff = 1000; retryAt = 0; flush(); });
  window.addEventListener("offline", function () { setOffline(true); });
  if (navigator.onLine === false) setOffline(true);
  window.setInterval(function () {
    if (pending().length > 0 && Date.now() >= retryAt) flush();
  }, 1000);
  flush();

  function tick() {
    var left = deadline - (Date.now() + offset);
    var seconds = Math.max(0, Math.ceil(left / 1000));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    countdown.textContent = (h > 0 ? h + ":" + String(m).padStart(2, "0") : String(m)) + ":" + String(s).padStart(2, "0");
    countdown.classList.toggle("low", seconds <= 300);
    if (left <= 0 && !closed) {
      // Time is up: stop taking answers, send what is unsent while the grace lasts, then show the result page.
      Array.prototype.forEach.call(root.querySelectorAll(".options"), function (f) { f.disabled = true; });
      if (endedBanner) endedBanner.hidden = false;
      flush();
      if (left <= -graceMs) close();
    }
  }
  tick();
  window.setInterval(tick, 1000);

  // Leaving the page (another tab or window) goes into the audit trail, once per absence.
  var away = false;
  function report(kind, detail) {
    if (closed) return;
    fetch("/api/attempts/" + attemptId + "/events", {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind: kind, detail: detail })
    }).catch(function () { /* the audit line is best effort */ });
  }
  function left(detail) { if (!away) { away = true; report("focus-lost", detail); } }
  function back(detail) { if (away) { away = false; report("focus-returned", detail); } }
  document.addEventListener("visibilitychange", function () { if (document.hidden) left("hidden"); else back("visible"); });
  window.addEventListener("blur", function () { left("blur"); });
  window.addEventListener("focus", function () { back("focus"); });

  var form = root.querySelector("[data-exam-submit-form]");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var unanswered = Object.keys(items).filter(function (k) { return items[k].response === null || items[k].response === undefined; }).length;
      var unsent = pending().length;
      var message = text.textConfirm;
      if (unanswered > 0) message = text.textConfirmUnanswered.replace("{0}", unanswered) + "\n" + message;
      if (unsent > 0) message = text.textPending.replace("{0}", unsent) + "\n" + message;
      if (!window.confirm(message)) return;
      Promise.all(pending().map(send)).then(function () {
        return fetch("/api/attempts/" + attemptId + "/submit", { method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" } });
      }).then(function (r) {
        if (!r.ok) throw new Error("submit " + r.status);
        closed = true;
        location.href = root.dataset.resultUrl;
      }).catch(function () { failed(); });
    });
  }
})();
