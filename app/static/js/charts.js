/* Charts: draw each chart from the JSON beside it with plotly.js, late and one at a time,
   so that a phone stays responsive. The tables are the content and charts an enhancement:
   nothing is fetched while the page loads. plotly.js (this script's data-plotly, loaded
   with the same CSP nonce) is fetched only once the reader acts on the page (scrolls,
   touches, clicks, presses a key, moves a mouse) and a chart is then near the screen;
   each chart is drawn in a task of its own when it comes near the screen, the next one
   only when the browser is idle again. Reading a page without touching it never pays for plotly.js (about a
   second and a half of a slow phone's processor to evaluate it and draw the first chart).
   Without this script (or plotly.js) the data tables stay open: nothing is lost. */
(function () {
  "use strict";
  var script = document.currentScript;
  var plots = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
  if (!script || !plots.length) return;
  var config = { staticPlot: true, responsive: true, displayModeBar: false };
  var queue = [];
  var loading = false;
  var drawing = false;
  var started = false;
  var idle = window.requestIdleCallback
    ? function (next) { window.requestIdleCallback(next, { timeout: 1000 }); }
    : function (next) { window.setTimeout(next, 50); };

  function loadPlotly() {
    if (loading || window.Plotly) return;
    loading = true;
    var tag = document.createElement("script");
    tag.src = script.getAttribute("data-plotly");
    tag.nonce = script.nonce;  // the page's CSP nonce (the property: the attribute is hidden)
    tag.async = true;
    tag.onload = function () { idle(drawNext); };
    document.head.appendChild(tag);
  }

  function draw(plot) {
    var source = document.getElementById(plot.getAttribute("data-figure"));
    var spec;
    try { spec = JSON.parse(source.textContent); } catch (error) { return Promise.resolve(); }
    return window.Plotly.newPlot(plot, spec.data, spec.layout, config).then(function () {
      var figure = plot.closest("figure");
      figure.classList.add("chart-drawn");
      var details = figure.querySelector("details.chart-data");
      if (details) details.open = false;
    });
  }

  // One chart per task: after each, wait for the browser to be idle (input first).
  function drawNext() {
    if (drawing || !window.Plotly || !queue.length) return;
    drawing = true;
    var done = function () { drawing = false; idle(drawNext); };
    draw(queue.shift()).then(done, done);
  }

  function enqueue(plot) {
    if (plot.hasAttribute("data-queued")) return;
    plot.setAttribute("data-queued", "");
    queue.push(plot);
    loadPlotly();
    idle(drawNext);
  }

  function enqueueAll() { plots.forEach(enqueue); }

  var events = ["scroll", "wheel", "touchstart", "pointerdown", "keydown", "mousemove"];
  function start() {
    if (started) return;
    started = true;
    events.forEach(function (name) { window.removeEventListener(name, start, true); });
    if (!("IntersectionObserver" in window)) {
      enqueueAll();
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        enqueue(entry.target);
      });
    }, { rootMargin: "300px 0px" });
    plots.forEach(function (plot) { observer.observe(plot); });
  }

  // A printed page has every chart (best effort: its tables are printed in any case).
  window.addEventListener("beforeprint", function () { started = true; enqueueAll(); });
  events.forEach(function (name) {
    window.addEventListener(name, start, { capture: true, passive: true });
  });
  // A page opened at an anchor, or reloaded further down, is already being read.
  if (window.scrollY > 0 || window.location.hash) start();
})();
