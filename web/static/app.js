// ccroom's one script: on the request form, it asks /api/v1/availability
// whether the chosen time is free as the applicant types, and lets a tap on
// a suggested time fill the form. Every page works without it.
(function () {
  "use strict";
  var form = document.getElementById("request");
  var box = document.getElementById("availability");
  if (!form || !box || !window.fetch) return;

  var els = form.elements;
  var timer = 0, asked = "";

  function val(name) {
    var el = els.namedItem(name);
    return el && el.value ? el.value.trim() : "";
  }

  // The equipment ticked, as the API reads it: "computer:2,internet:1".
  function equipment() {
    var out = [];
    form.querySelectorAll("input[name=equipment]:checked").forEach(function (c) {
      var n = els.namedItem("count-" + c.value);
      out.push(c.value + ":" + (n && n.value ? n.value : "1"));
    });
    return out.join(",");
  }

  // The query of the availability question, or "" while the time is incomplete.
  function query() {
    var date = val("date"), start = val("start"), end = val("end");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}/.test(start) || !/^\d{2}:\d{2}/.test(end)) return "";
    var off = form.dataset.offset || "+07:00";
    var q = new URLSearchParams({
      room: val("room"),
      start: date + "T" + start.slice(0, 5) + ":00" + off,
      end: date + "T" + end.slice(0, 5) + ":00" + off,
      lang: form.dataset.lang || "id"
    });
    if (val("participants")) q.set("participants", val("participants"));
    var eq = equipment();
    if (eq) q.set("equipment", eq);
    var weekly = form.querySelector("input[name=repeat][value=weekly]");
    if (weekly && weekly.checked && /^\d{4}-\d{2}-\d{2}$/.test(val("until"))) {
      q.set("recurrence", "FREQ=WEEKLY;UNTIL=" + val("until").replace(/-/g, ""));
    }
    return q.toString();
  }

  // "Kamis, 03-12-2026 09:00–11:00" from two RFC 3339 times in the office zone.
  function span(s, e) {
    var days = (box.dataset.weekdays || "").split(",");
    var y = +s.slice(0, 4), m = +s.slice(5, 7), d = +s.slice(8, 10);
    var wd = days[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] || "";
    var date = form.dataset.lang === "en"
      ? d + " " + "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ")[m - 1] + " " + y
      : s.slice(8, 10) + "-" + s.slice(5, 7) + "-" + y;
    return wd + ", " + date + " " + s.slice(11, 16) + "–" + e.slice(11, 16);
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function show(nodes, cls) {
    box.className = "availability " + (cls || "");
    box.replaceChildren.apply(box, nodes);
  }

  // fill puts a suggested slot into the time fields and asks again.
  function fill(start, end) {
    els.namedItem("date").value = start.slice(0, 10);
    els.namedItem("start").value = start.slice(11, 16);
    els.namedItem("end").value = end.slice(11, 16);
    check();
  }

  function answer(a) {
    if (a.available) {
      show([el("p", "", box.dataset.ok)], "ok");
      return;
    }
    var nodes = [el("p", "", box.dataset.busy)], list = el("ul");
    (a.violations || []).forEach(function (v) { list.appendChild(el("li", "", v.message)); });
    (a.conflicts || []).forEach(function (c) { list.appendChild(el("li", "", c.title + ": " + span(c.start, c.end))); });
    if (list.children.length) nodes.push(list);
    var slots = a.suggestions || [];
    if (slots.length) {
      nodes.push(el("p", "", box.dataset.suggest));
      var ul = el("ul", "slots");
      slots.forEach(function (s) {
        var b = el("button", "secondary slot", span(s.start, s.end));
        b.type = "button";
        b.addEventListener("click", function () { fill(s.start, s.end); });
        var li = el("li");
        li.appendChild(b);
        ul.appendChild(li);
      });
      nodes.push(ul);
    }
    show(nodes, "busy");
  }

  // stale clears what a refusal said about the time sent before: its
  // report, its message at the time fields and its line in the summary.
  function stale() {
    var report = document.getElementById("report"), err = document.getElementById("err-when");
    if (report) report.hidden = true;
    if (!err) return;
    err.remove();
    ["date", "start", "end"].forEach(function (n) {
      var f = els.namedItem(n), ids = (f.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== "err-when";
      });
      f.setAttribute("aria-describedby", ids.join(" "));
      if (!document.getElementById("err-" + n)) f.removeAttribute("aria-invalid");
    });
    var line = document.querySelector("#summary a[href='#f-date']");
    if (line) line.parentNode.remove();
    var summary = document.getElementById("summary");
    if (summary && !summary.querySelector("li")) summary.remove();
  }

  function check() {
    var q = query();
    if (!q || q === asked) return;
    if (asked || !document.getElementById("summary")) stale();
    asked = q;
    show([el("p", "", box.dataset.checking)], "");
    fetch("/api/v1/availability?" + q, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (a) {
        if (q !== asked) return; // a later question is on its way
        if (a.error) { show([], ""); return; } // a value the form words when sent
        answer(a);
      })
      .catch(function () { if (q === asked) show([el("p", "", box.dataset.failed)], ""); });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  }

  form.addEventListener("change", check);
  form.addEventListener("input", later);

  // The refusal's suggestion buttons fill the form here, without a round trip.
  form.querySelectorAll("button[name=slot]").forEach(function (b) {
    b.addEventListener("click", function (ev) {
      var parts = b.value.split("/");
      if (parts.length !== 2) return;
      ev.preventDefault();
      fill(parts[0], parts[1]);
      els.namedItem("date").focus();
    });
  });

  // A refused form's time is the one the refusal is about: no need to ask.
  if (document.getElementById("summary")) asked = query();
  else check();
})();
