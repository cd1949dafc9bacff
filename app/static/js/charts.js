/* Charts: draw each chart from the JSON beside it with plotly.js, late and one at a time,
   so that a phone stays responsive. plotly.js is fetched only when a chart comes near the
   screen (its URL is this script's data-plotly, loaded with the same CSP nonce); each chart
   is drawn when it comes near the screen, the next one only when the browser is idle.
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
  var idle = window.requestIdleCallback
    ? function (next) { window.requestIdleCallback(next, { timeout: 400 }); }
    : function (next) { window.setTimeout(next, 30); };

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
      if (details && !figure.closest(".report")) details.open = false;
    });
  }

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
    drawNext();
  }

  function enqueueAll() { plots.forEach(enqueue); }

  // A printed page has every chart: the report is for printing, and so is any page printed.
  window.addEventListener("beforeprint", enqueueAll);
  if (!("IntersectionObserver" in window) || document.querySelector(".report")) {
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
})();
