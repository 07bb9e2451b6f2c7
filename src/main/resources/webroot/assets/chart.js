// The trend chart: uPlot (from the org.webjars.npm:uplot WebJar, served by the service itself).
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
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

/**
 * Draws (or redraws) the trend into el: x = bucket index, one line per top value.
 * lines: [{label, values: [..]}]; buckets: labels from the API; hourly: hour or day points.
 * onToggle(index, shown) is called when a line is shown or hidden from the chart's legend.
 */
export function drawTrend(el, { buckets, hourly, lines, hidden, onToggle, xLabel }) {
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
    ],
    hooks: {
      setSeries: [(u, idx, opts2) => {
        if (idx != null && idx > 0 && opts2 && 'show' in opts2 && onToggle) {
          onToggle(idx - 1, opts2.show);
        }
      }],
    },
  };
  const data = [xs, ...lines.map(line => line.values)];
  el._uplot = new uPlot(opts, data, el);
  return el._uplot;
}

/** Shows or hides line i (0-based) without calling back. */
export function setLineShown(el, i, shown) {
  const u = el._uplot;
  if (u && u.series[i + 1] && u.series[i + 1].show !== shown) {
    u.setSeries(i + 1, { show: shown }, false);
  }
}

/** Keeps the chart as wide as its box. */
export function fitWidth(el) {
  const u = el._uplot;
  if (u && el.clientWidth > 0) {
    u.setSize({ width: Math.max(320, el.clientWidth), height: 300 });
  }
}
