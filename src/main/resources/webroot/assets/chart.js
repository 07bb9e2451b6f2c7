// The trend chart: uPlot (from the org.webjars.npm:uplot WebJar, served by the service itself;
// "uplot" is mapped to it by the page's import map).
import uPlot from 'uplot';
import { num, bucketLabel } from './format.js';

/** Whole-number tick steps of the y axis (1, 2, 5, 10, 20, 25, 50, …). */
const INTEGER_STEPS = [];
for (let m = 1; m <= 1e9; m *= 10) {
  INTEGER_STEPS.push(m, 2 * m, 2.5 * m, 5 * m);
}
INTEGER_STEPS.splice(2, 1); // no 2.5

/** Ten distinguishable colours, one per rank. */
export const COLORS = ['#2f6fde', '#19a974', '#f08c00', '#d6336c', '#7048e8',
  '#0c8599', '#e8590c', '#5c940d', '#a61e4d', '#495057'];

/** The dash of a line of the period compared with. */
export const PREVIOUS_DASH = [6, 4];

/**
 * Draws (or redraws) the trend into el: x = bucket index, one line per top value.
 * lines: [{label, values: [..]}]; buckets: labels from the API; hourly: hour or day points.
 * previous: null, or [{label, values}] of the period compared with, drawn dashed in the colour of
 * its line (series n + 1 + i for line i of n; point b of both is bucket b of its period).
 * onToggle(index, shown) is called when a line is shown or hidden from the chart's legend.
 */
export function drawTrend(el, { buckets, hourly, lines, previous, hidden, onToggle, xLabel }) {
  if (el._uplot) {
    el._uplot.destroy();
    el._uplot = null;
  }
  el.textContent = '';
  const xs = buckets.map((b, i) => i);
  const width = Math.max(320, el.clientWidth || 800);
  const opts = {
    width,
    height: 300,
    scales: {
      x: { time: false },
      // counts: from 0, never below 1 at the top, whole-number ticks
      y: { range: (u, min, max) => uPlot.rangeNum(0, Math.max(1, max || 0), 0.1, true) },
    },
    cursor: { drag: { x: false, y: false } },
    legend: { show: true, live: true },
    axes: [
      {
        values: (u, splits) => splits.map(i => (Number.isInteger(i) && buckets[i] ? bucketLabel(buckets[i], hourly) : '')),
        incrs: [1, 2, 3, 4, 6, 7, 12, 14, 24, 30, 60, 90, 180],
        stroke: '#555',
        grid: { stroke: '#eee' },
      },
      {
        values: (u, splits) => splits.map(v => num(v)),
        incrs: INTEGER_STEPS,
        size: 60,
        stroke: '#555',
        grid: { stroke: '#eee' },
      },
    ],
    series: [
      { label: xLabel, value: (u, i) => (i == null || !buckets[i] ? '—' : buckets[i].replace('T', ' ')) },
      ...lines.map((line, i) => ({
        label: line.label,
        stroke: COLORS[i % COLORS.length],
        width: 2,
        points: { show: buckets.length <= 31, size: 5 },
        show: !hidden.has(i),
        value: (u, v) => (v == null ? '—' : num(v)),
      })),
      ...(previous || []).map((line, i) => ({
        label: line.label,
        stroke: COLORS[i % COLORS.length],
        width: 1.5,
        dash: PREVIOUS_DASH,
        points: { show: false },
        show: !hidden.has(i),
        value: (u, v) => (v == null ? '—' : num(v)),
      })),
    ],
    hooks: {
      setSeries: [(u, idx, opts2) => {
        if (idx != null && idx > 0 && opts2 && 'show' in opts2 && onToggle) {
          const i = (idx - 1) % lines.length; // a dashed line toggles its line, and the other way round
          onToggle(i, opts2.show);
        }
      }],
    },
  };
  const data = [xs, ...lines.map(line => line.values), ...(previous || []).map(line => line.values)];
  el._uplot = new uPlot(opts, data, el);
  if (previous) {
    // one legend entry per row: a dashed line goes with its row's (the page says what dashes are)
    const entries = el.querySelectorAll('.u-legend .u-series');
    for (let k = 1 + lines.length; k < entries.length; k++) {
      entries[k].hidden = true;
    }
  }
  el._lines = lines.length;
  el._previous = Boolean(previous);
  return el._uplot;
}

/** Shows or hides line i (0-based), and its line of the period compared with, without calling back. */
export function setLineShown(el, i, shown) {
  const u = el._uplot;
  if (!u) {
    return;
  }
  const n = el._lines || 0;
  for (const idx of [i + 1, i + 1 + n]) {
    if (u.series[idx] && idx < u.series.length && (idx === i + 1 || el._previous) && u.series[idx].show !== shown) {
      u.setSeries(idx, { show: shown }, false);
    }
  }
}

/** Keeps the chart as wide as its box. */
export function fitWidth(el) {
  const u = el._uplot;
  if (u && el.clientWidth > 0) {
    u.setSize({ width: Math.max(320, el.clientWidth), height: 300 });
  }
}
