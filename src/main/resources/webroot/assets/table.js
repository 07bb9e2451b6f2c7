// The top list of an answer as a table: one row per item (a button in its first cell shows or hides
// its trend line), the totals in the foot, and with a comparison the metric then, its change in
// percent (green up, red down) and the change of rank.
import { t } from './i18n.js';
import { num, percent, errorPercent, signedPercent } from './format.js';
import { COLORS } from './chart.js';
import { METRICS } from './state.js';

function cell(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined) {
    el.textContent = text;
  }
  if (className) {
    el.className = className;
  }
  return el;
}

/** A visitors cell: the figure, marked ≈ ±x% when it is an estimate. */
function visitorsCell(tag, figures, error) {
  const td = cell(tag, undefined, 'num visitors');
  td.append(cell('span', num(figures.visitors), 'value'));
  if (!figures.visitorsExact) {
    td.classList.add('estimated');
    td.title = t('estimatedMark', { error: errorPercent(error.maxRelativeError) });
    td.append(cell('span', '±' + errorPercent(error.maxRelativeError), 'bound'));
  }
  return td;
}

/** The change in percent of a figure: "+12.5%", "−3.0%", or "—" where the base was 0. */
function deltaCell(tag, value) {
  const td = cell(tag, signedPercent(value), 'num delta');
  td.classList.add(value === null || value === undefined ? 'none' : value > 0 ? 'up' : value < 0 ? 'down' : 'flat');
  return td;
}

function rankChangeCell(item) {
  if (item.newInTop) {
    return cell('td', t('newInTop'), 'rank-change new');
  }
  const c = item.rankChange;
  return cell('td', c > 0 ? '▲' + c : c < 0 ? '▼' + (-c) : '–', 'rank-change ' + (c > 0 ? 'up' : c < 0 ? 'down' : 'flat'));
}

/** The label of a row: what its line is called in the chart too. */
export function rowLabel(view, item, groupName) {
  if (view === 'scenes') {
    return `${item.code} ${item.name}`;
  }
  return view === 'groups' ? groupName(item.group) : item.value;
}

/**
 * Renders answer into the table. view: scenes, groups or sources; hidden: the indexes of hidden
 * lines; groupName(key): a group's name in the page's language; onToggle(i): a row's line is toggled.
 */
export function renderTable(table, answer, { view, hidden, groupName, onToggle }) {
  const compare = Boolean(answer.compare);
  table.dataset.metric = answer.metric;
  table.dataset.compare = compare ? answer.compare.name : '';
  const keys = view === 'scenes'
    ? [['rank', 'rank'], ['sceneCode', 'code'], ['sceneName', 'name'], ['sceneGroup', 'group']]
    : view === 'groups' ? [['rank', 'rank'], ['groupName', 'group']] : [['rank', 'rank'], [null, 'value']];
  const head = document.createElement('tr');
  for (const [key, cls] of keys) {
    const label = key ? t(key) : answer.dimension.startsWith('source_') ? answer.dimension.replace(/_/g, ' / ')
      : 'utm_' + answer.dimension;
    head.append(cell('th', label, cls));
  }
  for (const m of METRICS) {
    head.append(cell('th', t(m), 'num ' + m + (m === answer.metric ? ' current' : '')));
  }
  head.append(cell('th', t('share'), 'share'));
  if (compare) {
    head.append(cell('th', t('previous', { metric: t(answer.metric) }), 'num previous'));
    head.append(cell('th', t('delta'), 'num delta'));
    head.append(cell('th', t('rankChange'), 'rank-change'));
  }
  for (const th of head.cells) {
    th.scope = 'col';
  }
  table.tHead.replaceChildren(head);

  const rows = answer.items.map((item, i) => {
    const tr = document.createElement('tr');
    tr.dataset.index = String(i);
    tr.dataset.key = view === 'scenes' ? String(item.code) : view === 'groups' ? item.group : item.value;
    tr.classList.toggle('off', hidden.has(i));
    const rank = cell('td', undefined, 'rank');
    const toggle = cell('button', undefined, 'line-toggle');
    toggle.type = 'button';
    toggle.setAttribute('aria-pressed', String(!hidden.has(i)));
    toggle.setAttribute('aria-label', t('toggleLine', { name: rowLabel(view, item, groupName) }));
    const swatch = cell('span', undefined, 'swatch');
    swatch.style.background = COLORS[i % COLORS.length];
    toggle.append(swatch, document.createTextNode(String(i + 1)));
    rank.append(toggle);
    tr.append(rank);
    if (view === 'scenes') {
      const name = cell('td', item.name, 'name');
      if (item.trialBuild) {
        name.append(cell('span', t('trialBuild'), 'badge'));
      }
      tr.append(cell('td', String(item.code), 'code'), name, cell('td', groupName(item.group), 'group'));
    } else if (view === 'groups') {
      tr.append(cell('td', groupName(item.group), 'group'));
    } else {
      tr.append(cell('td', item.value, 'value'));
    }
    tr.append(cell('td', num(item.opens), 'num opens'));
    tr.append(visitorsCell('td', item, answer.visitorsError));
    tr.append(cell('td', num(item.newVisitors), 'num newVisitors'));
    const share = cell('td', undefined, 'share');
    const bar = cell('span', undefined, 'bar');
    bar.style.width = Math.min(100, item.share * 100).toFixed(2) + '%';
    bar.style.background = COLORS[i % COLORS.length];
    share.append(cell('span', undefined, 'track'), cell('span', percent(item.share), 'pct'));
    share.firstChild.append(bar);
    tr.append(share);
    if (compare) {
      tr.append(cell('td', num(item.previous[answer.metric]), 'num previous'));
      tr.append(deltaCell('td', item.changePercent[answer.metric]));
      tr.append(rankChangeCell(item));
    }
    tr.addEventListener('click', () => onToggle(i));
    toggle.addEventListener('click', e => {
      e.stopPropagation(); // the row's own click would toggle it back
      onToggle(i);
    });
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);

  const total = document.createElement('tr');
  total.append(cell('td', t('total'), 'label'));
  total.firstChild.colSpan = keys.length;
  total.append(cell('td', num(answer.total.opens), 'num opens'));
  total.append(visitorsCell('td', answer.total, answer.visitorsError));
  total.append(cell('td', num(answer.total.newVisitors), 'num newVisitors'));
  total.append(cell('td', '', 'share'));
  if (compare) {
    total.append(cell('td', num(answer.compare.total[answer.metric]), 'num previous'));
    total.append(deltaCell('td', answer.compare.changePercent[answer.metric]));
    total.append(cell('td', '', 'rank-change'));
  }
  table.tFoot.replaceChildren(total);
}

/** Marks row i as showing its line or not. */
export function markRow(table, i, shown) {
  const row = table.tBodies[0].rows[i];
  if (row) {
    row.classList.toggle('off', !shown);
    row.querySelector('.line-toggle').setAttribute('aria-pressed', String(shown));
  }
}
