/* The progression chart: one line per competency and source, on a time axis, from the JSON the
 * server computed (uplift/coaching/selectors/progression.py). */
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("progression-canvas");
  if (!canvas || typeof window.Chart === "undefined") return;
  var spec = JSON.parse(document.getElementById(canvas.dataset.progression).textContent);
  var DAY = 86400000;
  function toTime(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }
  function label(ms) { return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "2-digit", timeZone: "UTC" }); }
  var datasets = spec.series.map(function (s) {
    return {
      label: s.label, borderColor: s.color, backgroundColor: s.color, showLine: true, tension: 0,
      borderWidth: s.source === "roleplay" ? 2.5 : 1.5, borderDash: s.source === "roleplay" ? [] : [6, 4],
      pointRadius: s.source === "roleplay" ? 4 : 3, pointStyle: s.source === "roleplay" ? "circle" : "rectRot",
      data: s.points.map(function (p) { return { x: toTime(p.x), y: p.y, note: p.note }; }),
    };
  });
  var times = [].concat.apply([], datasets.map(function (d) { return d.data.map(function (p) { return p.x; }); }));
  var min = Math.min.apply(null, times), max = Math.max.apply(null, times);
  var pad = Math.max((max - min) * 0.05, 3 * DAY);
  new window.Chart(canvas, {
    type: "scatter",
    data: { datasets: datasets },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: {
        legend: { display: true, position: "bottom", labels: { usePointStyle: true } },
        tooltip: { callbacks: { label: function (item) {
          return item.dataset.label + ": " + item.raw.y.toFixed(2) + " on " + label(item.raw.x) + " (" + item.raw.note + ")";
        } } },
      },
      scales: {
        x: { type: "linear", min: min - pad, max: max + pad, grid: { color: "#e1e6ef" },
             ticks: { maxTicksLimit: 7, callback: function (v) { return label(v); } } },
        y: { min: 1, max: 5, grid: { color: "#e1e6ef" }, ticks: { stepSize: 1 },
             title: { display: true, text: "Rubric level" } },
      },
    },
  });
  canvas.dataset.drawn = "true";
});
