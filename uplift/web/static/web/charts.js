/* Uplift charts: draws each <canvas data-chart="ID"> from the JSON in <script id="ID">, which the
 * server computed (uplift/presenters/dashboards.py). The page's tables carry the same numbers, so
 * the charts are an aid, never the only way to read them. Kinds: ranks, scatter, forest, lines,
 * bars. Redraws whatever htmx swaps in. */
(function () {
  "use strict";

  var COLORS = {
    star: "#c47f00",
    core: "#2b59c3",
    tail: "#8a94a6",
    me: "#12a594",
    team: "#1d2433",
    clear: "#2b59c3",
    unclear: "#9aa6bd",
    grid: "#e1e6ef",
  };
  var BAND_LABELS = { star: "Stars", core: "Core", tail: "Tail" };
  var SYMBOLS = { USD: "$", EUR: "€", GBP: "£", JPY: "¥", AUD: "A$", CAD: "C$" };

  function format(value, unit, currency) {
    if (value === null || value === undefined || !isFinite(value)) return "—";
    switch (unit) {
      case "fraction":
        return (value * 100).toFixed(1) + "%";
      case "change":
        return (value >= 0 ? "+" : "") + Math.round(value * 100) + "%";
      case "points":
        return (value >= 0 ? "+" : "") + (value * 100).toFixed(1) + " pts";
      case "signed-currency":
        return (value >= 0 ? "+" : "") + format(value, "currency", currency);
      case "currency": {
        var size = Math.abs(value);
        var sign = value < 0 ? "-" : "";
        var prefix = SYMBOLS[currency] || (currency ? currency + " " : "");
        var steps = [[1e9, "B"], [1e6, "M"], [1e3, "k"]];
        for (var i = 0; i < steps.length; i++) {
          if (size >= steps[i][0]) {
            var scaled = size / steps[i][0];
            return sign + prefix + scaled.toFixed(scaled < 100 ? 1 : 0) + steps[i][1];
          }
        }
        return sign + prefix + size.toFixed(0);
      }
      case "days":
        return Math.round(value) + " d";
      case "index":
        return value.toFixed(2);
      case "rank":
      case "count":
        return String(Math.round(value));
      default:
        return Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
    }
  }

  /* Horizontal interval whiskers for points that carry xMin/xMax. */
  var intervals = {
    id: "upliftIntervals",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var x = chart.scales.x;
      chart.data.datasets.forEach(function (dataset, di) {
        var meta = chart.getDatasetMeta(di);
        if (meta.hidden) return;
        dataset.data.forEach(function (point, i) {
          if (point.xMin === null || point.xMin === undefined) return;
          var element = meta.data[i];
          if (!element) return;
          var y = element.y;
          var left = x.getPixelForValue(Math.max(point.xMin, x.min));
          var right = x.getPixelForValue(Math.min(point.xMax, x.max));
          ctx.save();
          ctx.strokeStyle = dataset.borderColor || "#555";
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.moveTo(left, y);
          ctx.lineTo(right, y);
          /* A cap where the interval ends; an arrow where it runs off the axis. */
          [[left, point.xMin < x.min, -1], [right, point.xMax > x.max, 1]].forEach(function (end) {
            if (end[1]) {
              ctx.moveTo(end[0] - 6 * end[2], y - 4);
              ctx.lineTo(end[0], y);
              ctx.lineTo(end[0] - 6 * end[2], y + 4);
            } else {
              ctx.moveTo(end[0], y - 4);
              ctx.lineTo(end[0], y + 4);
            }
          });
          ctx.stroke();
          ctx.restore();
        });
      });
    },
  };

  /* Vertical reference lines across the x axis: options.lines = [{value, label, color}]. */
  var references = {
    id: "upliftReferences",
    afterDatasetsDraw: function (chart, args, options) {
      var lines = (options && options.lines) || [];
      var ctx = chart.ctx;
      var area = chart.chartArea;
      var x = chart.scales.x;
      lines.forEach(function (line, i) {
        if (line.value === null || line.value === undefined) return;
        var px = x.getPixelForValue(line.value);
        if (px < area.left - 1 || px > area.right + 1) return;
        ctx.save();
        ctx.strokeStyle = line.color || "#1d2433";
        ctx.lineWidth = 1.5;
        ctx.setLineDash(line.dash || [5, 4]);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        if (line.label) {
          ctx.setLineDash([]);
          ctx.fillStyle = line.color || "#1d2433";
          ctx.font = "600 11px system-ui, sans-serif";
          var width = ctx.measureText(line.label).width;
          var tx = Math.min(Math.max(px + 4, area.left), area.right - width);
          ctx.fillText(line.label, tx, area.top - 6 - 13 * i);
        }
        ctx.restore();
      });
    },
  };

  /* The value at the end of each bar, so that small charts read without hovering. */
  var barValues = {
    id: "upliftBarValues",
    afterDatasetsDraw: function (chart, args, options) {
      var ctx = chart.ctx;
      var meta = chart.getDatasetMeta(0);
      var values = chart.data.datasets[0].data;
      ctx.save();
      ctx.font = "600 11px system-ui, sans-serif";
      ctx.fillStyle = "#1d2433";
      ctx.textBaseline = "middle";
      meta.data.forEach(function (bar, i) {
        var text = format(values[i], options.unit, options.currency);
        var width = ctx.measureText(text).width;
        var inside = bar.x + 4 + width > chart.chartArea.right;
        ctx.fillStyle = inside ? "#ffffff" : "#1d2433";
        ctx.fillText(text, inside ? bar.x - width - 4 : bar.x + 4, bar.y);
      });
      ctx.restore();
    },
  };

  function baseOptions() {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false }, tooltip: { intersect: true } },
    };
  }

  /* On a phone-width chart a long category label breaks over lines instead of being cut off at
     the canvas' left edge. */
  var NARROW = 576;
  var LINE = 26;
  var ROW_LABEL_PX = 13;

  function wrapped(text, width, most) {
    var limit = most || LINE;
    if (width >= NARROW || text.length <= limit) return text;
    var lines = [];
    var line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > limit) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines;
  }

  function categoryAxis(labels) {
    return {
      type: "linear",
      reverse: true,
      min: -0.5,
      max: labels.length - 0.5,
      grid: { display: false },
      afterBuildTicks: function (axis) {
        axis.ticks = labels.map(function (_, i) { return { value: i }; });
      },
      ticks: {
        autoSkip: false,
        callback: function (value) {
          if (labels[value] === undefined) return "";
          // With more rows than fit a readable label each (a large team), every k-th is named
          // and the rest are left to the tooltip and the table, instead of names written over
          // each other.
          var every = Math.ceil(ROW_LABEL_PX / Math.max(1, (this.chart.height - 90) / labels.length));
          if (value % every !== 0) return "";
          return wrapped(labels[value], this.chart.width);
        },
      },
    };
  }

  function ranks(spec) {
    var labels = spec.points.map(function (p) { return p.label; });
    var datasets = ["star", "core", "tail"].map(function (band) {
      return {
        label: BAND_LABELS[band],
        backgroundColor: COLORS[band],
        borderColor: COLORS[band],
        pointRadius: 5,
        data: spec.points
          .map(function (p, i) {
            return { x: p.rank, y: i, xMin: p.low, xMax: p.high, label: p.label, p_star: p.p_star };
          })
          .filter(function (_, i) { return spec.points[i].band === band; }),
      };
    });
    var options = baseOptions();
    options.layout = { padding: { top: 30 } };
    options.scales = {
      x: { min: 0.5, max: spec.n + 0.5, title: { display: true, text: "Rank (1 = best), with its 90% interval" },
           grid: { color: COLORS.grid },
           afterBuildTicks: function (axis) {
             // Fewer ticks on a phone, and the last rank replaces a tick too close to it.
             var step = spec.n > 40 ? (axis.chart.width < NARROW ? 20 : 10) : 5;
             var ticks = [{ value: 1 }];
             for (var r = step; r <= spec.n; r += step) ticks.push({ value: r });
             var last = ticks[ticks.length - 1];
             if (last.value !== spec.n) {
               if (last.value > 1 && spec.n - last.value < step / 2) last.value = spec.n;
               else ticks.push({ value: spec.n });
             }
             axis.ticks = ticks;
           } },
      y: categoryAxis(labels),
    };
    options.plugins.upliftReferences = {
      lines: [
        { value: spec.cuts[0], label: "stars | core", color: COLORS.star },
        { value: spec.cuts[1], label: "core | tail", color: COLORS.tail },
      ],
    };
    options.plugins.tooltip.callbacks = {
      label: function (item) {
        var p = item.raw;
        return p.label + ": rank " + p.x + " (90% interval " + p.xMin + "–" + p.xMax + "), P(star) " +
          Math.round(p.p_star * 100) + "%";
      },
    };
    return { type: "scatter", data: { datasets: datasets }, options: options, plugins: [intervals, references] };
  }

  function scatter(spec) {
    var datasets = ["star", "core", "tail"].map(function (band) {
      return {
        label: BAND_LABELS[band],
        backgroundColor: COLORS[band],
        borderColor: COLORS[band],
        pointRadius: 5,
        data: spec.points
          .filter(function (p) { return p.band === band && p.x !== null && p.y !== null; })
          .map(function (p) { return { x: p.x, y: p.y, label: p.label }; }),
      };
    });
    var options = baseOptions();
    options.plugins.legend = { display: true, position: "bottom" };
    options.scales = {
      x: { title: { display: true, text: spec.x.label }, grid: { color: COLORS.grid },
           ticks: { callback: function (v) { return format(v, spec.x.unit, spec.currency); } } },
      y: { title: { display: true, text: spec.y.label }, grid: { color: COLORS.grid },
           ticks: { callback: function (v) { return format(v, spec.y.unit, spec.currency); } } },
    };
    options.plugins.tooltip.callbacks = {
      label: function (item) {
        var p = item.raw;
        return p.label + ": " + format(p.x, spec.x.unit, spec.currency) + " raw, index " + format(p.y, "index");
      },
    };
    return { type: "scatter", data: { datasets: datasets }, options: options };
  }

  /* The axis reaches the intervals, rounded out to 25 points, but never past `limit`
   * (a gap is at least -100%; intervals beyond +300% end in an arrow). */
  function forestBound(rows, key, pick, start, limit) {
    var bound = rows.reduce(function (acc, r) {
      return r[key] === null ? acc : pick(acc, r[key], r.estimate);
    }, start);
    var rounded = (pick === Math.min ? Math.floor : Math.ceil)(bound * 4) / 4;
    return pick === Math.min ? Math.max(rounded, limit) : Math.min(rounded, limit);
  }

  function forest(spec, width) {
    var labels = spec.rows.map(function (r) { return r.label; });
    var datasets = [true, false].map(function (clear) {
      var color = clear ? COLORS.clear : COLORS.unclear;
      return {
        label: clear ? "Clear difference (interval excludes 0)" : "No clear difference (interval includes 0)",
        backgroundColor: color,
        borderColor: color,
        pointRadius: 5,
        data: spec.rows
          .map(function (r, i) {
            return { x: r.estimate, y: i, xMin: r.low, xMax: r.high, label: r.label, clear: r.clear };
          })
          .filter(function (p) { return p.clear === clear; }),
      };
    });
    var options = baseOptions();
    options.plugins.legend = { display: true, position: "bottom" };
    var bounds = spec.bounds || [forestBound(spec.rows, "low", Math.min, -0.5, -1),
                                 forestBound(spec.rows, "high", Math.max, 0.5, 3)];
    options.scales = {
      x: { min: bounds[0], max: bounds[1], grid: { color: COLORS.grid },
           title: { display: true, text: wrapped(spec.axis || "Stars vs core (star average / core average − 1), 95% interval", width, 40) },
           ticks: { maxRotation: 0, autoSkipPadding: 10, callback: function (v) { return format(v, spec.unit || "change", spec.currency); } } },
      y: categoryAxis(labels),
    };
    options.plugins.upliftReferences = { lines: [{ value: 0, color: "#1d2433", dash: [] }] };
    options.plugins.tooltip.callbacks = {
      label: function (item) {
        var p = item.raw;
        var unit = spec.unit || "change";
        return p.label + ": " + format(p.x, unit, spec.currency) + " (95% interval " +
          format(p.xMin, unit, spec.currency) + " to " + format(p.xMax, unit, spec.currency) + ")";
      },
    };
    return { type: "scatter", data: { datasets: datasets }, options: options, plugins: [intervals, references] };
  }

  function lines(spec) {
    var datasets = spec.series.map(function (s) {
      var color = s.color || COLORS[s.key] || COLORS.core;
      return {
        label: s.label,
        data: s.values,
        borderColor: color,
        backgroundColor: color,
        borderWidth: s.width || (s.key === "me" ? 3 : 2),
        borderDash: s.dash || (s.key === "core" ? [6, 4] : []),
        pointRadius: 3,
        spanGaps: false,
        tension: 0,
      };
    });
    var options = baseOptions();
    options.interaction = { mode: "index", intersect: false };
    options.plugins.legend = { display: true, position: "bottom", labels: { usePointStyle: true, pointStyle: "line" } };
    options.plugins.tooltip = {
      callbacks: {
        label: function (item) { return item.dataset.label + ": " + format(item.raw, spec.unit, spec.currency); },
      },
    };
    options.scales = {
      x: { grid: { display: false } },
      y: { beginAtZero: spec.zero !== false, grid: { color: COLORS.grid },
           ticks: { callback: function (v) { return format(v, spec.unit, spec.currency); } } },
    };
    if (spec.x_title) options.scales.x.title = { display: true, text: spec.x_title };
    if (spec.y_title) options.scales.y.title = { display: true, text: spec.y_title };
    if (spec.max !== undefined) options.scales.y.max = spec.max; /* a fixed scale, e.g. rubric levels 0-5 */
    return { type: "line", data: { labels: spec.labels, datasets: datasets }, options: options };
  }

  function bars(spec) {
    var rows = spec.rows;
    var options = baseOptions();
    options.indexAxis = "y";
    options.layout = { padding: { top: spec.references.length ? 14 * spec.references.length + 8 : 0, right: 8 } };
    options.scales = {
      x: { beginAtZero: true, grace: "15%", grid: { color: COLORS.grid },
           ticks: { maxTicksLimit: 5, callback: function (v) { return format(v, spec.unit, spec.currency); } } },
      y: { grid: { display: false }, ticks: { autoSkip: false } },
    };
    options.plugins.upliftReferences = {
      lines: spec.references.map(function (r) {
        return { value: r.value, label: r.label + " " + format(r.value, spec.unit, spec.currency),
                 color: r.key === "star" ? COLORS.star : COLORS.team };
      }),
    };
    options.plugins.upliftBarValues = { unit: spec.unit, currency: spec.currency };
    options.plugins.tooltip.callbacks = {
      label: function (item) { return format(item.raw, spec.unit, spec.currency); },
    };
    return {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.label; }),
        datasets: [{
          label: spec.title,
          data: rows.map(function (r) { return r.value; }),
          backgroundColor: rows.map(function (r) { return COLORS[r.band] || COLORS.unclear; }),
          borderRadius: 3,
          maxBarThickness: 22,
        }],
      },
      options: options,
      plugins: [references, barValues],
    };
  }

  var BUILDERS = { ranks: ranks, scatter: scatter, forest: forest, lines: lines, bars: bars };

  function draw(root) {
    if (typeof window.Chart === "undefined") return;
    Object.values(window.Chart.instances).forEach(function (chart) {
      if (!chart.canvas.isConnected) chart.destroy();
    });
    (root || document).querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (window.Chart.getChart(canvas)) return;
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      var build = BUILDERS[spec.kind];
      if (!build) return;
      new window.Chart(canvas, build(spec, canvas.parentElement.clientWidth));
      canvas.dataset.drawn = "true";
    });
  }

  window.upliftCharts = { draw: draw, format: format };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
