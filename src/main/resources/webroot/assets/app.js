// The Scenery dashboard: one page, its state in the URL (state.js), figures from the service's own
// JSON API: a top list (table.js) and its trend (chart.js) per view, optionally compared with the
// period before, CSV export of what is on screen (export.js).
import { t, lang, applyTexts } from './i18n.js';
import { getJson, storedToken, storeToken, ApiError } from './api.js';
import { num, errorPercent, instantIn, todayIn } from './format.js';
import { drawTrend, setLineShown, fitWidth } from './chart.js';
import { readState, writeState, apiParams, oneDay } from './state.js';
import { renderTable, markRow, rowLabel } from './table.js';
import { downloadCsv } from './export.js';

const LIMIT = 10;

const $ = id => document.getElementById(id);
const page = {
  apps: [],
  groups: new Map(), // group key -> {name, nameEn}, from /v1/scenes
  hidden: new Set(), // indexes of the lines hidden by a click on their row
  request: 0,
  lastKey: '',
};

let state = readState();

function appById(id) {
  return page.apps.find(a => a.id === id);
}

/** A scene group's name in the page's language (its key while the catalog is not loaded). */
function groupName(key) {
  const g = page.groups.get(key);
  return g ? (lang === 'en' ? g.nameEn : g.name) : key;
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
    const selected = b.dataset.view === state.view;
    b.setAttribute('aria-selected', String(selected));
    b.tabIndex = selected ? 0 : -1; // one tab stop for the tab list; arrow keys move within it
    if (selected) {
      $('panel').setAttribute('aria-labelledby', b.id);
    }
  }
  for (const b of document.querySelectorAll('[data-range]')) {
    b.setAttribute('aria-pressed', String(b.dataset.range === state.range));
  }
  for (const b of document.querySelectorAll('[data-metric]')) {
    b.setAttribute('aria-pressed', String(b.dataset.metric === state.metric));
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
  $('group-picker').hidden = state.view !== 'scenes';
  $('group').value = state.group;
  $('compare').value = state.compare;
  $('compare').querySelector('option[value="week"]').disabled = !oneDay(state);
  $('traffic').checked = state.test;
  $('app').value = state.app;
  const other = new URLSearchParams(location.search);
  if (lang === 'en') {
    other.delete('lang');
  } else {
    other.set('lang', 'en');
  }
  $('lang-switch').href = '?' + other.toString();
}

function renderGroupOptions() {
  const all = document.createElement('option');
  all.value = '';
  all.textContent = t('allGroups');
  $('group').replaceChildren(all, ...[...page.groups.keys()].map(key => {
    const o = document.createElement('option');
    o.value = key;
    o.textContent = groupName(key);
    return o;
  }));
  $('group').value = state.group;
}

/** Arrow keys, Home and End move between the view tabs and select the one they reach. */
function tabKeys(e) {
  const tabs = [...document.querySelectorAll('[data-view]')];
  const at = tabs.indexOf(document.activeElement);
  const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
  if (at < 0 || to === undefined) {
    return;
  }
  e.preventDefault();
  const tab = tabs[(to + tabs.length) % tabs.length];
  tab.focus();
  tab.click();
}

function bindControls() {
  const on = (id, event, f) => $(id).addEventListener(event, f);
  on('app', 'change', () => {
    state.app = $('app').value;
    changed();
  });
  for (const b of document.querySelectorAll('[data-view]')) {
    b.addEventListener('click', () => {
      if (state.view !== b.dataset.view) {
        state.view = b.dataset.view;
        changed();
      }
    });
  }
  document.querySelector('[role="tablist"]').addEventListener('keydown', tabKeys);
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
  on('custom', 'submit', e => {
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
  for (const [id, key] of [['dimension', 'dim'], ['group', 'group'], ['compare', 'compare']]) {
    on(id, 'change', () => {
      state[key] = $(id).value;
      changed();
    });
  }
  on('traffic', 'change', () => {
    state.test = $('traffic').checked;
    changed();
  });
  on('export', 'click', () => downloadCsv(`/v1/apps/${encodeURIComponent(state.app)}/${state.view}`,
    apiParams(state, LIMIT), $('export')).catch(showError));
  on('banner-close', 'click', hideError);
  on('token-clear', 'click', () => {
    storeToken('');
    hideError();
    load(true);
  });
  on('token-form', 'submit', async e => {
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
  if (state.compare === 'week' && !oneDay(state)) {
    state.compare = 'previous'; // a week earlier goes with one day; a longer range keeps a comparison
  }
  writeState(state);
  renderControls();
  load();
}

// ---- figures ----

async function load(force = false) {
  if (!state.app) {
    return;
  }
  const params = apiParams(state, LIMIT);
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
  const metric = t(top.metric);
  const title = state.view === 'scenes'
    ? (top.group ? t('groupScenesTitle', { group: groupName(top.group), metric }) : t('scenesTitle', { metric }))
    : state.view === 'groups' ? t('groupsTitle', { metric })
      : t('sourcesTitle', { dim: top.dimension.startsWith('source_') ? top.dimension.replace(/_/g, ' / ') : 'utm_' + top.dimension, metric });
  $('panel-title').textContent = title + (top.traffic === 'test' ? t('testTitle') : '');
  const empty = top.items.length === 0;
  $('empty').hidden = !empty;
  $('content').hidden = empty;
  $('export').disabled = empty;
  if (empty) {
    const chart = $('chart');
    if (chart._uplot) {
      chart._uplot.destroy();
      chart._uplot = null;
    }
    return;
  }
  renderTable($('top'), top, { view: state.view, hidden: page.hidden, groupName, onToggle: toggleLine });
  renderChart(trend);
}

function span(id, text, className) {
  const el = document.createElement('span');
  el.id = id;
  el.textContent = text;
  if (className) {
    el.className = className;
  }
  return el;
}

function rangeText(r) {
  return r.from === r.to ? t('rangeDay', { day: r.from }) : t('rangeLine', { from: r.from, to: r.to });
}

function renderMeta(answer) {
  const r = answer.range;
  const parts = [rangeText(r), t('timeZone') + ' ' + r.timeZone, r.granularity === 'hour' ? t('granularityHour') : t('granularityDay'),
    t('freshAsOf') + ' ' + instantIn(answer.freshAsOf, r.timeZone)];
  const range = span('meta-range', parts.join(' · '));
  Object.assign(range.dataset, { from: r.from, to: r.to, timeZone: r.timeZone, granularity: r.granularity });
  const meta = $('meta');
  meta.replaceChildren(range);
  if (answer.compare) {
    const c = span('meta-compare', t('comparedWith', { range: rangeText(answer.compare.range) }));
    Object.assign(c.dataset, { from: answer.compare.range.from, to: answer.compare.range.to });
    meta.append(c);
  }
  const app = appById(answer.app);
  if (answer.traffic === 'test') {
    meta.append(span('meta-test', t('showingTest', { scenes: (app && app.testScenes ? app.testScenes : []).join(', ') }), 'test'));
  } else {
    const s = answer.setApart;
    const note = span('meta-test', t('setApart', { opens: num(s.opens), visitors: num(s.visitors) }), 'test');
    note.dataset.opens = String(s.opens);
    note.dataset.visitors = String(s.visitors);
    meta.append(note);
  }
  if (!answer.total.visitorsExact || answer.items.some(i => !i.visitorsExact)) {
    meta.append(span('meta-estimate', t('estimated', {
      exact: num(answer.visitorsError.exactUpTo),
      error: errorPercent(answer.visitorsError.maxRelativeError),
    }), 'estimate'));
  }
  if (app && document.title.indexOf(app.name) < 0) {
    document.title = 'Scenery · ' + app.name + ' · ' + t('title');
  }
}

function renderChart(trend) {
  const lines = trend.series.map(s => ({ label: rowLabel(state.view, s, groupName), values: s[trend.metric] }));
  const previous = trend.compare
    ? trend.series.map(s => ({ label: t('previousLine', { name: rowLabel(state.view, s, groupName) }), values: s.previous[trend.metric] }))
    : null;
  const el = $('chart');
  $('compare-hint').hidden = !trend.compare;
  if (trend.compare) {
    $('compare-hint').textContent = t('dashedHint', { range: rangeText(trend.compare.range) });
  }
  el.dataset.points = String(trend.buckets.length);
  el.dataset.granularity = trend.range.granularity;
  drawTrend(el, {
    buckets: trend.buckets,
    hourly: trend.range.granularity === 'hour',
    lines,
    previous,
    hidden: page.hidden,
    onToggle: (i, shown) => showLine(i, shown),
    xLabel: trend.range.granularity === 'hour' ? t('hour') : t('day'),
  });
}

function showLine(i, shown) {
  if (shown) {
    page.hidden.delete(i);
  } else {
    page.hidden.add(i);
  }
  markRow($('top'), i, shown);
  setLineShown($('chart'), i, shown);
}

function toggleLine(i) {
  showLine(i, page.hidden.has(i));
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

async function loadGroups() {
  const catalog = await getJson('/v1/scenes');
  page.groups = new Map(catalog.groups.map(g => [g.group, g]));
  renderGroupOptions();
}

async function start() {
  applyTexts();
  bindControls();
  renderControls();
  setBusy('loading');
  try {
    await Promise.all([loadApps(), loadGroups()]);
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
  writeState(state, true);
  renderControls();
  await load();
}

if (storedToken()) {
  document.body.dataset.token = 'stored';
}
start();
