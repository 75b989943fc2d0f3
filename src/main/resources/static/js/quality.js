// The quality page: charts drawn with Chart.js from the data in each canvas's data-values
// attribute (JSON written by the server), and tables sorted by a click on a column heading.
(function () {
  "use strict";

  var PALETTE = ["#3b6fd8", "#d8763b", "#3ba86b", "#b43bd8", "#d83b5e", "#3bb8c8", "#8a8a3b", "#6b6b6b"];

  function color(i, alpha) {
    var hex = PALETTE[i % PALETTE.length];
    var r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
    return "rgba(" + r + "," + g + "," + b + "," + (alpha === undefined ? 1 : alpha) + ")";
  }

  function base(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: true, position: "bottom" } }
    };
    return Object.assign(options, extra || {});
  }

  var charts = {
    // Each model's rating as a point and its 95 % interval as a floating bar.
    leaderboard: function (data, canvas) {
      return {
        type: "bar",
        data: {
          labels: data.models,
          datasets: [
            { type: "bar", label: canvas.dataset.labelInterval, data: data.intervals, backgroundColor: color(0, 0.25),
              borderColor: color(0), borderWidth: 1, barPercentage: 0.5 },
            { type: "line", label: canvas.dataset.labelRating, data: data.ratings, showLine: false, pointRadius: 5,
              pointBackgroundColor: color(1), borderColor: color(1) }
          ]
        },
        options: base({ indexAxis: "x", scales: { y: { beginAtZero: false } } })
      };
    },
    // Agreement with and without ties per day or week (lines, left axis, 0–100 %) and the
    // comparisons behind each period (bars, right axis); a period without comparisons is a gap.
    overTime: function (data, canvas) {
      var percent = function (values) {
        return values.map(function (v) { return v === null ? null : Math.round(v * 1000) / 10; });
      };
      return {
        type: "bar",
        data: {
          labels: data.starts,
          datasets: [
            { type: "line", label: canvas.dataset.labelWithTies, data: percent(data.withTies), yAxisID: "y",
              borderColor: color(0), backgroundColor: color(0), spanGaps: false, tension: 0, pointRadius: 3 },
            { type: "line", label: canvas.dataset.labelWithoutTies, data: percent(data.withoutTies), yAxisID: "y",
              borderColor: color(1), backgroundColor: color(1), spanGaps: false, tension: 0, pointRadius: 3,
              borderDash: [6, 3] },
            { type: "bar", label: canvas.dataset.labelComparisons, data: data.comparisons, yAxisID: "count",
              backgroundColor: color(7, 0.25), order: 2 }
          ]
        },
        options: base({
          scales: {
            x: { title: { display: true, text: canvas.dataset.labelPeriod } },
            y: { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } },
            count: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } }
          }
        })
      };
    },
    positions: function (data, canvas) {
      return {
        type: "bar",
        data: { labels: data.positions, datasets: [{ label: canvas.dataset.labelWinRate, data: data.winRates, backgroundColor: color(2, 0.6) }] },
        options: base({ scales: { y: { min: 0, max: 1 } }, plugins: { legend: { display: false } } })
      };
    },
    daily: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.days.map(function (d) { return d.slice(5); }),
          datasets: data.people.map(function (p, i) {
            return { label: p.label, data: p.data, backgroundColor: color(i, 0.75) };
          })
        },
        options: base({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } })
      };
    },
    times: function (data, canvas) {
      var upTo = canvas.dataset.labelUpTo, more = canvas.dataset.labelMore;
      // Whole minutes read as minutes (10 min, not 600 s), in the page's language.
      var duration = function (seconds) {
        return seconds >= 60 && seconds % 60 === 0
          ? seconds / 60 + "\u00a0" + canvas.dataset.labelMinutes
          : seconds + "\u00a0" + canvas.dataset.labelSeconds;
      };
      var labels = data.upTo.map(function (bound, i) {
        return bound === null ? more + " " + duration(data.upTo[i - 1]) : upTo + " " + duration(bound);
      });
      return {
        type: "bar",
        data: {
          labels: labels,
          datasets: [
            { label: canvas.dataset.labelRankings, data: data.rankings, backgroundColor: color(0, 0.7) },
            { label: canvas.dataset.labelDemonstrations, data: data.demonstrations, backgroundColor: color(1, 0.7) }
          ]
        },
        options: base({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
      };
    },
    ratings: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.values,
          datasets: data.dimensions.map(function (d, i) {
            return { label: d.label, data: d.data, backgroundColor: color(i + 2, 0.7) };
          })
        },
        options: base({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
      };
    }
  };

  function drawCharts() {
    if (!window.Chart) {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var make = charts[canvas.dataset.chart];
      if (!make) {
        return;
      }
      var chart = new window.Chart(canvas, make(JSON.parse(canvas.dataset.values), canvas));
      canvas.dataset.drawn = String(chart.data.datasets.length);
    });
  }

  // ---- Sortable tables: a click (or Enter) on a heading sorts by that column, again reverses ----
  function cellValue(row, index) {
    var text = row.cells[index] ? row.cells[index].textContent.trim() : "";
    var number = parseFloat(text.replace(/\s/g, "").replace(",", ".").replace("%", ""));
    return { text: text, number: /^[-\d\s.,%–]+$/.test(text) && !isNaN(number) ? number : null };
  }

  function sortBy(table, index, heading) {
    var body = table.tBodies[0];
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order;
      if (x.number !== null && y.number !== null) {
        order = x.number - y.number;
      } else if (x.number !== null || y.number !== null) {
        order = x.number === null ? 1 : -1; // empty and "—" last
      } else {
        order = x.text.localeCompare(y.text);
      }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    table.querySelectorAll("thead th").forEach(function (heading, index) {
      heading.tabIndex = 0;
      heading.classList.add("sortable");
      heading.addEventListener("click", function () { sortBy(table, index, heading); });
      heading.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, index, heading);
        }
      });
    });
  }

  function start() {
    drawCharts();
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
