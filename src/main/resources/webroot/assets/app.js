// The Scenery dashboard: one page, its state in the URL (app, view, range, from, to, metric, dim,
// lang), figures from the service's own JSON API.
import { t, lang, applyTexts } from './i18n.js';
import { getJson, storedToken, storeToken, ApiError } from './api.js';
import { num, percent, errorPercent, instantIn, todayIn } from './format.js';
import { drawTrend, setLineShown, fitWidth, COLORS } from './chart.js';

const RANGES = ['today', 'yesterday', '7d', '30d', 'custom'];
const METRICS = ['opens', 'visitors', 'newVisitors'];
const DIMENSIONS = ['source', 'medium', 'campaign', 'content', 'term'];
const VIEWS = ['scenes', 'sources'];
const LIMIT = 10;

const $ = id => document.getElementById(id);
const page = {
  apps: [],
  hidden: new Set(), // indexes of the lines hidden by a click on their row
  request: 0,
  lastKey: '',
};

/** The view state, read from the URL (unknown values fall back to the defaults). */
function readState() {
  const q = new URLSearchParams(location.search);
  const pick = (name, allowed, fallback) => (allowed.includes(q.get(name)) ? q.get(name) : fallback);
  return {
    app: q.get('app') || '',
    view: pick('view', VIEWS, 'scenes'),
    range: pick('range', RANGES, '7d'),
    from: q.get('from') || '',
    to: q.get('to') || '',
    metric: pick('metric', METRICS, 'opens'),
    dim: pick('dim', DIMENSIONS, 'source'),
  };
}

let state = readState();

/** Writes the state into the URL (a new history entry unless replace). */
function writeState(replace = false) {
  const q = new URLSearchParams();
  q.set('app', state.app);
  q.set('view', state.view);
  q.set('range', state.range);
  if (state.range === 'custom') {
    q.set('from', state.from);
    q.set('to', state.to);
  }
  q.set('metric', state.metric);
  if (state.view === 'sources') {
    q.set('dim', state.dim);
  }
  if (lang === 'en') {
    q.set('lang', 'en');
  }
  const url = location.pathname + '?' + q.toString();
  if (url !== location.pathname + location.search) {
    history[replace ? 'replaceState' : 'pushState'](null, '', url);
  }
}

function appById(id) {
  return page.apps.find(a => a.id === id);
}

function setBusy(name) {
  document.body.dataset.state = name;
}

// ---- error banner and token field ----

function showError(error) {
  const banner = $('banner');
  const needsToken = error instanceof ApiError && (error.status === 401 || error.status === 403);
  $('banner-text').textContent = error instanceof ApiError
    ? t('errorPrefix', { status: error.status }) + error.message + (needsToken ? ' ' + t('tokenNeeded') : '')
    : t('networkError', { message: error.message });
  $('token-form').hidden = !needsToken;
  $('token-clear').hidden = !needsToken || !storedToken();
  banner.dataset.status = error instanceof ApiError ? String(error.status) : '0';
  banner.hidden = false;
  if (needsToken) {
    $('token-input').value = '';
    $('token-input').focus();
  }
}

function hideError() {
  $('banner').hidden = true;
  $('banner').dataset.status = '';
}

// ---- controls ----

function renderControls() {
  for (const b of document.querySelectorAll('[data-view]')) {
    b.setAttribute('aria-selected', String(b.dataset.view === state.view));
  }
  for (const b of document.querySelectorAll('[data-range]')) {
    b.setAttribute('aria-pressed', String(b.dataset.range === state.range));
  }
  for (const b of document.querySelectorAll('[data-metric]')) {
    b.setAttribute('aria-selected', String(b.dataset.metric === state.metric));
  }
  $('custom').hidden = state.range !== 'custom';
  if (state.range === 'custom') {
    $('from').value = state.from;
    $('to').value = state.to;
  }
  const app = appById(state.app);
  if (app && app.timeZone) {
    $('to').max = todayIn(app.timeZone);
    $('from').max = todayIn(app.timeZone);
  }
  $('dimension-picker').hidden = state.view !== 'sources';
  $('dimension').value = state.dim;
  $('app').value = state.app;
  const other = new URLSearchParams(location.search);
  if (lang === 'en') {
    other.delete('lang');
  } else {
    other.set('lang', 'en');
  }
  $('lang-switch').href = '?' + other.toString();
  $('lang-switch').textContent = t('otherLang');
}

function bindControls() {
  $('app').addEventListener('change', () => {
    state.app = $('app').value;
    changed();
  });
  for (const b of document.querySelectorAll('[data-view]')) {
    b.addEventListener('click', () => {
      state.view = b.dataset.view;
      changed();
    });
  }
  for (const b of document.querySelectorAll('[data-range]')) {
    b.addEventListener('click', () => {
      if (b.dataset.range === 'custom') {
        // start from the range on screen; the query runs on "apply"
        const shown = page.lastRange;
        state.from = state.from || (shown ? shown.from : '');
        state.to = state.to || (shown ? shown.to : '');
        state.range = 'custom';
        renderControls();
        $('from').focus();
        return;
      }
      state.range = b.dataset.range;
      state.from = '';
      state.to = '';
      changed();
    });
  }
  $('custom').addEventListener('submit', e => {
    e.preventDefault();
    state.range = 'custom';
    state.from = $('from').value;
    state.to = $('to').value;
    changed();
  });
  for (const b of document.querySelectorAll('[data-metric]')) {
    b.addEventListener('click', () => {
      state.metric = b.dataset.metric;
      changed();
    });
  }
  $('dimension').addEventListener('change', () => {
    state.dim = $('dimension').value;
    changed();
  });
  $('banner-close').addEventListener('click', hideError);
  $('token-clear').addEventListener('click', () => {
    storeToken('');
    hideError();
    load(true);
  });
  $('token-form').addEventListener('submit', async e => {
    e.preventDefault();
    storeToken($('token-input').value.trim());
    hideError();
    await loadApps(); // the list shows the private apps a token opens
    load(true);
  });
  window.addEventListener('popstate', () => {
    state = readState();
    if (!appById(state.app) && page.apps.length) {
      state.app = page.apps[0].id;
    }
    renderControls();
    load();
  });
  window.addEventListener('resize', () => fitWidth($('chart')));
}

function changed() {
  writeState();
  renderControls();
  load();
}

// ---- figures ----

function queryParams() {
  const p = { range: state.range, metric: state.metric, limit: LIMIT };
  if (state.range === 'custom') {
    p.from = state.from;
    p.to = state.to;
  }
  if (state.view === 'sources') {
    p.dimension = state.dim;
  }
  return p;
}

async function load(force = false) {
  if (!state.app) {
    return;
  }
  const params = queryParams();
  const base = `/v1/apps/${encodeURIComponent(state.app)}/${state.view}`;
  const key = base + JSON.stringify(params);
  if (key !== page.lastKey) {
    page.hidden.clear();
  }
  const request = ++page.request;
  setBusy('loading');
  try {
    const [top, trend] = await Promise.all([getJson(base, params), getJson(base + '/trend', params)]);
    if (request !== page.request) {
      return; // a newer request is on its way
    }
    page.lastKey = key;
    hideError();
    render(top, trend);
    setBusy(top.items.length ? 'ready' : 'empty');
  } catch (error) {
    if (request !== page.request) {
      return;
    }
    showError(error);
    setBusy('error');
  } finally {
    if (request === page.request) {
      document.body.dataset.seq = String(Number(document.body.dataset.seq || 0) + 1);
    }
  }
  if (force) {
    renderControls();
  }
}

function render(top, trend) {
  page.lastRange = top.range;
  renderMeta(top);
  const metricName = t(top.metric);
  $('panel-title').textContent = state.view === 'scenes'
    ? t('scenesTitle', { metric: metricName })
    : t('sourcesTitle', { dim: 'utm_' + top.dimension, metric: metricName });
  const empty = top.items.length === 0;
  $('empty').hidden = !empty;
  $('content').hidden = empty;
  if (empty) {
    const chart = $('chart');
    if (chart._uplot) {
      chart._uplot.destroy();
      chart._uplot = null;
    }
    return;
  }
  renderTable(top);
  renderChart(top, trend);
}

function renderMeta(answer) {
  const r = answer.range;
  const app = appById(answer.app);
  const parts = [];
  parts.push(r.from === r.to ? t('rangeDay', { day: r.from }) : t('rangeLine', { from: r.from, to: r.to }));
  parts.push(t('timeZone') + ' ' + r.timeZone);
  parts.push(r.granularity === 'hour' ? t('granularityHour') : t('granularityDay'));
  parts.push(t('freshAsOf') + ' ' + instantIn(answer.freshAsOf, r.timeZone));
  const meta = $('meta');
  meta.textContent = '';
  const range = document.createElement('span');
  range.id = 'meta-range';
  range.dataset.from = r.from;
  range.dataset.to = r.to;
  range.dataset.timeZone = r.timeZone;
  range.dataset.granularity = r.granularity;
  range.textContent = parts.join(' · ');
  meta.append(range);
  const estimated = !answer.total.visitorsExact || answer.items.some(i => !i.visitorsExact);
  if (estimated) {
    const note = document.createElement('span');
    note.id = 'meta-estimate';
    note.className = 'estimate';
    note.textContent = t('estimated', {
      exact: num(answer.visitorsError.exactUpTo),
      error: errorPercent(answer.visitorsError.maxRelativeError),
    });
    meta.append(note);
  }
  if (app && document.title.indexOf(app.name) < 0) {
    document.title = 'Scenery · ' + app.name + ' · ' + t('title');
  }
}

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
  const value = cell('span', num(figures.visitors), 'value');
  td.append(value);
  if (!figures.visitorsExact) {
    td.classList.add('estimated');
    td.title = t('estimatedMark', { error: errorPercent(error.maxRelativeError) });
    td.append(cell('span', '±' + errorPercent(error.maxRelativeError), 'bound'));
  }
  return td;
}

function renderTable(answer) {
  const scenes = state.view === 'scenes';
  const table = $('top');
  table.dataset.metric = answer.metric;
  const head = document.createElement('tr');
  const columns = scenes
    ? [['rank', 'rank'], ['sceneCode', 'code'], ['sceneName', 'name'], ['sceneGroup', 'group']]
    : [['rank', 'rank'], [null, 'value']];
  for (const [key, cls] of columns) {
    head.append(cell('th', key ? t(key) : 'utm_' + answer.dimension, cls));
  }
  for (const m of METRICS) {
    head.append(cell('th', t(m), 'num ' + m + (m === answer.metric ? ' current' : '')));
  }
  head.append(cell('th', t('share'), 'share'));
  table.tHead.replaceChildren(head);

  const rows = answer.items.map((item, i) => {
    const tr = document.createElement('tr');
    tr.dataset.index = String(i);
    tr.dataset.key = scenes ? String(item.code) : item.value;
    tr.tabIndex = 0;
    tr.setAttribute('aria-pressed', String(!page.hidden.has(i)));
    if (page.hidden.has(i)) {
      tr.classList.add('off');
    }
    const rank = cell('td', undefined, 'rank');
    const swatch = cell('span', undefined, 'swatch');
    swatch.style.background = COLORS[i % COLORS.length];
    rank.append(swatch, document.createTextNode(String(i + 1)));
    tr.append(rank);
    if (scenes) {
      tr.append(cell('td', String(item.code), 'code'), cell('td', item.name, 'name'), cell('td', item.group, 'group'));
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
    tr.addEventListener('click', () => toggleLine(i));
    tr.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        toggleLine(i);
      }
    });
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);

  const total = document.createElement('tr');
  total.append(cell('td', t('total'), 'label'));
  total.firstChild.colSpan = scenes ? 4 : 2;
  total.append(cell('td', num(answer.total.opens), 'num opens'));
  total.append(visitorsCell('td', answer.total, answer.visitorsError));
  total.append(cell('td', num(answer.total.newVisitors), 'num newVisitors'));
  total.append(cell('td', '', 'share'));
  table.tFoot.replaceChildren(total);
}

function renderChart(top, trend) {
  const scenes = state.view === 'scenes';
  const lines = trend.series.map(s => ({
    label: scenes ? `${s.code} ${s.name}` : s.value,
    values: s[trend.metric],
  }));
  const el = $('chart');
  el.dataset.points = String(trend.buckets.length);
  el.dataset.granularity = trend.range.granularity;
  drawTrend(el, {
    buckets: trend.buckets,
    hourly: trend.range.granularity === 'hour',
    lines,
    hidden: page.hidden,
    onToggle: (i, shown) => markRow(i, shown),
    xLabel: trend.range.granularity === 'hour' ? t('hour') : t('day'),
  });
}

function markRow(i, shown) {
  if (shown) {
    page.hidden.delete(i);
  } else {
    page.hidden.add(i);
  }
  const row = $('top').tBodies[0].rows[i];
  if (row) {
    row.classList.toggle('off', !shown);
    row.setAttribute('aria-pressed', String(shown));
  }
}

function toggleLine(i) {
  const shown = page.hidden.has(i);
  markRow(i, shown);
  setLineShown($('chart'), i, shown);
}

// ---- start ----

// The apps the stored token (if any) may read. /v1/apps lists only those, so an app named in the
// URL that is not listed stays selected (by id) and its first query asks for its token.
async function loadApps() {
  page.apps = (await getJson('/v1/apps')).apps;
  const wanted = new URLSearchParams(location.search).get('app');
  if (wanted && !appById(wanted)) {
    page.apps.push({ id: wanted, name: wanted, timeZone: null, public: false });
  }
  $('app').replaceChildren(...page.apps.map(a => {
    const o = document.createElement('option');
    o.value = a.id;
    o.textContent = a.name.includes(a.id) ? a.name : `${a.name} (${a.id})`;
    return o;
  }));
  $('app').value = state.app;
}

async function start() {
  applyTexts();
  bindControls();
  renderControls();
  setBusy('loading');
  try {
    await loadApps();
  } catch (error) {
    showError(error);
    setBusy('error');
    return;
  }
  if (!page.apps.length) {
    showError(new Error(t('noApps')));
    setBusy('error');
    return;
  }
  if (!appById(state.app)) {
    state.app = page.apps[0].id;
  }
  writeState(true);
  renderControls();
  await load();
}

if (storedToken()) {
  document.body.dataset.token = 'stored';
}
start();
