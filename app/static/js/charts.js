/* Dashboards: draw each chart from the JSON beside it with plotly.js.
   Without this script (or plotly.js) the data tables stay open: nothing is lost. */
(function () {
  "use strict";
  if (!window.Plotly) return;
  var config = { staticPlot: true, responsive: true, displayModeBar: false };
  document.querySelectorAll("[data-figure]").forEach(function (plot) {
    var source = document.getElementById(plot.getAttribute("data-figure"));
    var spec;
    try { spec = JSON.parse(source.textContent); } catch (error) { return; }
    window.Plotly.newPlot(plot, spec.data, spec.layout, config).then(function () {
      var figure = plot.closest("figure");
      figure.classList.add("chart-drawn");
      var details = figure.querySelector("details.chart-data");
      if (details && !figure.closest(".report")) details.open = false;
    });
  });
})();
