// report.html's charts: reads the JSON block #report-data (written by
// sim/report/html_report.cpp) and draws each chart with uPlot, inlined before
// this script. Fault windows are shaded and labelled, limits are dashed
// lines. Every chart marks itself data-rendered="true" with its point count
// once drawn, and errors are listed in #js-errors, so that a headless browser
// can check the page from its DOM (tools/check_report.py).
(function () {
  'use strict';
  var errors = window.lambdasimErrors || [];
  var plots = [];

  function showErrors() {
    var box = document.getElementById('js-errors');
    if (!box) return;
    box.setAttribute('data-count', String(errors.length));
    if (errors.length > 0) {
      box.hidden = false;
      box.textContent = 'Errors while drawing this page:\n' + errors.join('\n');
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fmtTime(s) {
    if (s === null || s === undefined || !isFinite(s)) return '-';
    var t = Math.round(s);
    var h = Math.floor(t / 3600);
    var m = Math.floor((t % 3600) / 60);
    var sec = t % 60;
    var mm = h > 0 && m < 10 ? '0' + m : String(m);
    return (h > 0 ? h + ':' + mm : mm) + ':' + (sec < 10 ? '0' : '') + sec;
  }

  function fmtValue(v) {
    if (v === null || v === undefined || !isFinite(v)) return '-';
    if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
    return String(Math.round(v * 1000) / 1000);
  }

  // The y range: the data, and each limit that is not far above it (a limit
  // 30 times the data would flatten the lines; it is listed as off the scale).
  function yRange(spec) {
    var max = 0;
    spec.series.forEach(function (s) {
      s.values.forEach(function (v) {
        if (v !== null && v > max) max = v;
      });
    });
    var shown = [];
    var off = [];
    (spec.limits || []).forEach(function (l) {
      if (l.value <= Math.max(max, 1) * 3) {
        shown.push(l);
        if (l.value > max) max = l.value;
      } else {
        off.push(l);
      }
    });
    return {max: max > 0 ? max * 1.08 : 1, shown: shown, off: off};
  }

  function drawBands(spec) {
    return function (u) {
      var ctx = u.ctx;
      var top = u.bbox.top;
      var height = u.bbox.height;
      var xMax = u.scales.x.max;
      ctx.save();
      ctx.font = Math.round(11 * devicePixelRatio) + 'px sans-serif';
      (spec.bands || []).forEach(function (b, i) {
        var end = b.end === null ? xMax : Math.min(b.end, xMax);
        var x0 = u.valToPos(Math.max(b.start, u.scales.x.min), 'x', true);
        var x1 = u.valToPos(end, 'x', true);
        if (!(x1 > x0)) return;
        ctx.fillStyle = 'rgba(214, 39, 40, 0.10)';
        ctx.fillRect(x0, top, x1 - x0, height);
        ctx.fillStyle = 'rgba(150, 20, 20, 0.95)';
        ctx.fillText(b.label, x0 + 4 * devicePixelRatio, top + (14 + 13 * (i % 3)) * devicePixelRatio);
      });
      ctx.restore();
    };
  }

  function drawLimits(shown) {
    return function (u) {
      var ctx = u.ctx;
      ctx.save();
      ctx.font = Math.round(11 * devicePixelRatio) + 'px sans-serif';
      ctx.setLineDash([8 * devicePixelRatio, 5 * devicePixelRatio]);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      shown.forEach(function (l) {
        var y = u.valToPos(l.value, 'y', true);
        ctx.strokeStyle = '#333';
        ctx.beginPath();
        ctx.moveTo(u.bbox.left, y);
        ctx.lineTo(u.bbox.left + u.bbox.width, y);
        ctx.stroke();
        ctx.fillStyle = '#333';
        var w = ctx.measureText(l.label).width;
        ctx.fillText(l.label, u.bbox.left + u.bbox.width - w - 4 * devicePixelRatio,
                     y - 4 * devicePixelRatio);
      });
      ctx.restore();
    };
  }

  function buildChart(container, spec) {
    var box = el('div', 'chart');
    box.id = spec.id;
    box.appendChild(el('h3', '', spec.title));
    if (spec.note) box.appendChild(el('p', 'note', spec.note));
    container.appendChild(box);
    if (spec.missing) {
      box.setAttribute('data-missing', 'true');
      box.appendChild(el('p', 'missing-note', 'No chart: ' + spec.missing + '.'));
      return;
    }
    var points = 0;
    spec.series.forEach(function (s) {
      s.values.forEach(function (v) {
        if (v !== null) points += 1;
      });
    });
    var range = yRange(spec);
    var plot = el('div', 'plot');
    box.appendChild(plot);
    if (range.shown.length > 0 || range.off.length > 0) {
      var limits = el('p', 'limits-note');
      var parts = range.shown.map(function (l) { return 'dashed: ' + l.label; });
      range.off.forEach(function (l) { parts.push('off the scale: ' + l.label); });
      limits.textContent = 'Limits: ' + parts.join('; ') + '.';
      box.appendChild(limits);
    }
    var width = Math.max(360, Math.min(1100, (container.clientWidth || 960) - 8));
    var opts = {
      width: width,
      height: 300,
      scales: {
        x: {time: false},
        y: {range: function () { return [0, range.max]; }}
      },
      axes: [
        {label: 'simulated time', values: function (u, vals) { return vals.map(fmtTime); }},
        {label: spec.unit, size: 70, values: function (u, vals) { return vals.map(fmtValue); }}
      ],
      series: [{label: 'time', value: function (u, v) { return fmtTime(v); }}].concat(
        spec.series.map(function (s) {
          return {
            label: s.label,
            stroke: s.color,
            width: 1.5,
            dash: s.dashed ? [6, 4] : undefined,
            points: {show: false},
            value: function (u, v) { return fmtValue(v); }
          };
        })),
      hooks: {
        drawClear: [drawBands(spec)],
        draw: [drawLimits(range.shown), function () {
          box.setAttribute('data-rendered', 'true');
          box.setAttribute('data-points', String(points));
        }]
      }
    };
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    plots.push(new uPlot(opts, data, plot));
  }

  function buildAll(container, charts) {
    charts.forEach(function (spec) {
      try {
        buildChart(container, spec);
      } catch (e) {
        errors.push(spec.id + ': ' + (e && e.stack ? e.stack : String(e)));
      }
    });
  }

  try {
    var data = JSON.parse(document.getElementById('report-data').textContent);
    var overlay = document.querySelector('[data-charts="overlay"]');
    if (overlay) buildAll(overlay, data.overlay);
    var detail = document.querySelector('[data-charts="detail"]');
    var select = document.getElementById('variant-select');
    var showDetail = function (index) {
      plots = plots.filter(function (p) {
        if (detail.contains(p.root)) {
          p.destroy();
          return false;
        }
        return true;
      });
      detail.textContent = '';
      buildAll(detail, data.detail[index].charts);
    };
    if (detail && data.detail.length > 0) showDetail(0);
    if (select) {
      select.addEventListener('change', function () {
        showDetail(Number(select.value));
        showErrors();
      });
    }
  } catch (e) {
    errors.push('report: ' + (e && e.stack ? e.stack : String(e)));
  }
  showErrors();
  window.addEventListener('error', showErrors);
  document.body.setAttribute('data-report-ready', 'true');
})();
