// The skill workbench: one widget per task kind, each able to read its answer (a JSON value, or null when nothing is
// given) and to show a saved one. exam.js saves every change through the answer API with revisions and keeps unsent
// answers on this device, exactly as for theory questions; a widget says it changed by a "change" event on its task.
(function () {
  "use strict";

  function changed(el) { el.dispatchEvent(new Event("change", { bubbles: false })); }
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function empty(obj) { return Object.keys(obj).length === 0; }

  var widgets = {
    TextClassification: function (el) {
      var selects = all(el, "[data-label-for]");
      return {
        read: function () {
          var answer = {};
          selects.forEach(function (s) { if (s.value) answer[s.dataset.labelFor] = s.value; });
          return empty(answer) ? null : answer;
        },
        show: function (r) { selects.forEach(function (s) { s.value = (r && r[s.dataset.labelFor]) || ""; }); }
      };
    },

    Transcription: function (el) {
      var boxes = all(el, "[data-transcript-for]");
      return {
        read: function () {
          var answer = {};
          boxes.forEach(function (t) { if (t.value.trim()) answer[t.dataset.transcriptFor] = t.value.trim(); });
          return empty(answer) ? null : answer;
        },
        show: function (r) { boxes.forEach(function (t) { t.value = (r && r[t.dataset.transcriptFor]) || ""; }); }
      };
    },

    // The written answer and the files attached to it: a file is uploaded first (POST …/files returns its id), then the
    // answer naming it is saved like any other change.
    Rubric: function (el) {
      var text = el.querySelector("[data-written]");
      var box = el.querySelector("[data-answer-files]");
      var files = [];
      function copy(f) { return { id: f.id, name: f.name }; }
      function render() {
        if (!box) return;
        var list = box.querySelector("[data-file-list]");
        list.textContent = "";
        files.forEach(function (f, i) {
          var li = document.createElement("li");
          var link = document.createElement("a");
          link.href = box.dataset.uploadUrl + "/" + f.id;
          link.textContent = f.name;
          link.setAttribute("download", f.name);
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "button small secondary";
          remove.textContent = box.dataset.removeLabel;
          remove.setAttribute("data-remove-file", f.id);
          remove.addEventListener("click", function () { files.splice(i, 1); render(); changed(el); });
          li.appendChild(link);
          li.appendChild(document.createTextNode(" "));
          li.appendChild(remove);
          list.appendChild(li);
        });
      }
      if (box) {
        var input = box.querySelector("[data-answer-file]");
        var error = box.querySelector("[data-file-error]");
        input.addEventListener("change", function (event) {
          // The upload comes first; the task reports its change once the file is stored.
          event.stopPropagation();
          var file = input.files && input.files[0];
          if (!file) return;
          error.textContent = "";
          box.setAttribute("data-state", "uploading");
          var body = new FormData();
          body.append("file", file);
          fetch(box.dataset.uploadUrl, { method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" }, body: body })
            .then(function (r) {
              return r.json().catch(function () { return {}; }).then(function (b) { return { ok: r.ok, body: b }; });
            })
            .then(function (res) {
              input.value = "";
              box.removeAttribute("data-state");
              if (!res.ok) { error.textContent = res.body.detail || res.body.title || box.dataset.offline; return; }
              files.push({ id: res.body.id, name: res.body.name });
              render();
              changed(el);
            })
            .catch(function () { box.removeAttribute("data-state"); error.textContent = box.dataset.offline; });
        });
      }
      return {
        read: function () {
          if (!text.value.trim() && !files.length) return null;
          var answer = { text: text.value };
          if (files.length) answer.files = files.map(copy);
          return answer;
        },
        show: function (r) { text.value = (r && r.text) || ""; files = r && Array.isArray(r.files) ? r.files.map(copy) : []; render(); }
      };
    },

    ModelEvaluation: function (el) {
      var metrics = all(el, "[data-metric]");
      var cells = all(el, "[data-cell]");
      return {
        read: function () {
          var answer = {}, any = false;
          metrics.forEach(function (m) {
            var v = m.value === "" ? null : Number(m.value);
            answer[m.dataset.metric] = v;
            any = any || v !== null;
          });
          var size = Math.round(Math.sqrt(cells.length)), matrix = [], filled = false;
          for (var r = 0; r < size; r++) {
            matrix.push([]);
            for (var c = 0; c < size; c++) {
              var input = el.querySelector("[data-cell='" + r + "," + c + "']");
              if (input.value !== "") filled = true;
              matrix[r].push(input.value === "" ? 0 : Math.max(0, Math.round(Number(input.value))));
            }
          }
          answer.confusionMatrix = filled ? matrix : null;
          return any || filled ? answer : null;
        },
        show: function (r) {
          metrics.forEach(function (m) { var v = r && r[m.dataset.metric]; m.value = v === null || v === undefined ? "" : v; });
          cells.forEach(function (input) {
            var rc = input.dataset.cell.split(",");
            var m = r && r.confusionMatrix;
            input.value = m && m[rc[0]] && m[rc[0]][rc[1]] !== undefined ? m[rc[0]][rc[1]] : "";
          });
        }
      };
    },

    DataCleaning: function (el) {
      var input = el.querySelector("[data-cleaned-file]");
      var name = el.querySelector("[data-cleaned-name]");
      var current = null;
      input.addEventListener("change", function (event) {
        // The file is read first; the task reports its change once the text is in hand.
        event.stopPropagation();
        var file = input.files && input.files[0];
        if (!file) return;
        var reader = new FileReader();
        reader.onload = function () {
          var text = String(reader.result).replace(/^\uFEFF/, "");
          current = { fileName: file.name, csv: text };
          describe();
          changed(el);
        };
        reader.readAsText(file, "utf-8");
      });
      function describe() {
        if (!current) { name.textContent = ""; return; }
        var rows = current.csv.split(/\r?\n/).filter(function (l) { return l.trim(); }).length - 1;
        name.textContent = current.fileName + " · " + Math.max(0, rows) + " " + (name.dataset.rows || "rows");
      }
      return {
        read: function () { return current; },
        show: function (r) { current = r || null; describe(); }
      };
    },

    EntitySpans: function (el) {
      var holder = el.querySelector("[data-entity-text]");
      var chars = Array.from(holder.dataset.entityText);
      var list = el.querySelector("[data-entity-list]");
      var type = el.querySelector("[data-entity-type]");
      var startInput = el.querySelector("[data-entity-start]");
      var endInput = el.querySelector("[data-entity-end]");
      var spans = [];
      holder.textContent = "";
      chars.forEach(function (ch, i) {
        var s = document.createElement("span");
        s.textContent = ch;
        s.dataset.index = i;
        holder.appendChild(s);
      });
      function indexOf(node) {
        while (node && node !== holder) {
          if (node.dataset && node.dataset.index !== undefined) return Number(node.dataset.index);
          node = node.parentNode;
        }
        return -1;
      }
      holder.addEventListener("mouseup", function () {
        var sel = window.getSelection();
        if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
        var range = sel.getRangeAt(0);
        var a = indexOf(range.startContainer), b = indexOf(range.endContainer);
        if (a < 0 || b < 0) return;
        if (range.endOffset === 0 && b > a) b -= 1;
        startInput.value = Math.min(a, b) + 1;
        endInput.value = Math.max(a, b) + 1;
      });
      el.querySelector("[data-entity-add]").addEventListener("click", function () {
        var start = Number(startInput.value) - 1, end = Number(endInput.value);
        if (!(start >= 0 && end > start && end <= chars.length)) return;
        spans.push({ start: start, end: end, type: type.value });
        spans.sort(function (x, y) { return x.start - y.start || x.end - y.end; });
        startInput.value = endInput.value = "";
        if (window.getSelection()) window.getSelection().removeAllRanges();
        paint();
        changed(el);
      });
      function paint() {
        all(holder, "span").forEach(function (s) { s.className = ""; s.removeAttribute("title"); });
        list.textContent = "";
        spans.forEach(function (sp, k) {
          for (var i = sp.start; i < sp.end; i++) {
            var s = holder.children[i];
            s.className = "entity";
            s.title = sp.type;
          }
          var li = document.createElement("li");
          li.textContent = "「" + chars.slice(sp.start, sp.end).join("") + "」 " + sp.type + " (" + (sp.start + 1) + "–" + sp.end + ") ";
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "button secondary small";
          remove.textContent = "×";
          remove.setAttribute("aria-label", "remove");
          remove.addEventListener("click", function () { spans.splice(k, 1); paint(); changed(el); });
          li.appendChild(remove);
          list.appendChild(li);
        });
      }
      return {
        read: function () { return spans.length ? spans.slice() : null; },
        show: function (r) { spans = Array.isArray(r) ? r.slice() : []; paint(); }
      };
    },

    BoundingBoxes: function (el) {
      var labelSelect = el.querySelector("[data-box-label]");
      var boxes = [];
      var stages = {};
      all(el, "[data-box-image]").forEach(function (canvas) {
        var id = canvas.dataset.boxImage;
        var image = new Image();
        var stage = { canvas: canvas, image: image, selected: -1, drag: null };
        stages[id] = stage;
        image.onload = function () { paint(id); };
        image.src = canvas.dataset.src;
        function point(event) {
          var rect = canvas.getBoundingClientRect();
          return {
            x: Math.max(0, Math.min(canvas.width, (event.clientX - rect.left) * canvas.width / rect.width)),
            y: Math.max(0, Math.min(canvas.height, (event.clientY - rect.top) * canvas.height / rect.height))
          };
        }
        canvas.addEventListener("mousedown", function (event) {
          if (el.querySelector("fieldset").disabled) return;
          var p = point(event);
          var hit = mine(id).filter(function (b) { return p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height; }).pop();
          stage.selected = hit ? boxes.indexOf(hit) : -1;
          stage.drag = hit ? null : { x: p.x, y: p.y, to: p };
          canvas.focus();
          paint(id);
        });
        canvas.addEventListener("mousemove", function (event) {
          if (!stage.drag) return;
          stage.drag.to = point(event);
          paint(id);
        });
        window.addEventListener("mouseup", function (event) {
          if (!stage.drag) return;
          var d = stage.drag, q = point(event);
          stage.drag = null;
          var box = {
            image: id, x: round(Math.min(d.x, q.x)), y: round(Math.min(d.y, q.y)),
            width: round(Math.abs(q.x - d.x)), height: round(Math.abs(q.y - d.y)), label: labelSelect.value
          };
          if (box.width >= 3 && box.height >= 3) { boxes.push(box); stage.selected = boxes.length - 1; changed(el); }
          paint(id);
        });
        canvas.addEventListener("keydown", function (event) {
          var b = boxes[stage.selected];
          if (!b || b.image !== id) return;
          var step = event.altKey ? 1 : 5, dx = 0, dy = 0;
          if (event.key === "ArrowLeft") dx = -step; else if (event.key === "ArrowRight") dx = step;
          else if (event.key === "ArrowUp") dy = -step; else if (event.key === "ArrowDown") dy = step;
          else if (event.key === "Delete" || event.key === "Backspace") {
            boxes.splice(stage.selected, 1); stage.selected = -1; event.preventDefault(); paint(id); changed(el); return;
          } else return;
          event.preventDefault();
          if (event.shiftKey) {
            b.width = clamp(b.width + dx, 3, canvas.width - b.x);
            b.height = clamp(b.height + dy, 3, canvas.height - b.y);
          } else {
            b.x = clamp(b.x + dx, 0, canvas.width - b.width);
            b.y = clamp(b.y + dy, 0, canvas.height - b.height);
          }
          paint(id);
          changed(el);
        });
      });
      all(el, "[data-box-add]").forEach(function (button) {
        button.addEventListener("click", function () {
          var id = button.dataset.boxAdd, stage = stages[id];
          boxes.push({ image: id, x: stage.canvas.width / 2 - 40, y: stage.canvas.height / 2 - 30, width: 80, height: 60, label: labelSelect.value });
          stage.selected = boxes.length - 1;
          stage.canvas.focus();
          paint(id);
          changed(el);
        });
      });
      function round(v) { return Math.round(v * 10) / 10; }
      function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
      function mine(id) { return boxes.filter(function (b) { return b.image === id; }); }
      var colours = { "车辆": "#e11d48", "行人": "#16a34a", "交通标志": "#7c3aed" };
      function paint(id) {
        var stage = stages[id], ctx = stage.canvas.getContext("2d");
        ctx.clearRect(0, 0, stage.canvas.width, stage.canvas.height);
        if (stage.image.complete && stage.image.naturalWidth) ctx.drawImage(stage.image, 0, 0, stage.canvas.width, stage.canvas.height);
        boxes.forEach(function (b, i) {
          if (b.image !== id) return;
          ctx.lineWidth = i === stage.selected ? 3 : 2;
          ctx.strokeStyle = colours[b.label] || "#111827";
          ctx.setLineDash(i === stage.selected ? [6, 3] : []);
          ctx.strokeRect(b.x, b.y, b.width, b.height);
          ctx.setLineDash([]);
          ctx.fillStyle = ctx.strokeStyle;
          ctx.font = "14px sans-serif";
          ctx.fillText(b.label, b.x + 2, Math.max(14, b.y - 4));
        });
        if (stage.drag) {
          ctx.strokeStyle = "#111827";
          ctx.setLineDash([4, 4]);
          ctx.strokeRect(Math.min(stage.drag.x, stage.drag.to.x), Math.min(stage.drag.y, stage.drag.to.y),
            Math.abs(stage.drag.to.x - stage.drag.x), Math.abs(stage.drag.to.y - stage.drag.y));
          ctx.setLineDash([]);
        }
        var count = el.querySelector("[data-box-count='" + id + "']");
        if (count) count.textContent = mine(id).length;
      }
      return {
        read: function () { return boxes.length ? boxes.map(function (b) { return Object.assign({}, b); }) : null; },
        show: function (r) { boxes = Array.isArray(r) ? r.map(function (b) { return Object.assign({}, b); }) : []; Object.keys(stages).forEach(paint); }
      };
    }
  };

  all(document, "[data-task]").forEach(function (el) {
    var make = widgets[el.dataset.type];
    if (make) el.examWidget = make(el);
  });
})();
