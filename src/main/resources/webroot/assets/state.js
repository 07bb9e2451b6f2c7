// The view state of the page, kept in the URL (app, view, range, from, to, metric, dim, group,
// compare, traffic, lang): a reload or a shared link shows the same view. The defaults are here only.
import { lang } from './i18n.js';

export const VIEWS = ['scenes', 'groups', 'sources'];
export const RANGES = ['today', 'yesterday', '7d', '30d', 'custom'];
export const METRICS = ['opens', 'visitors', 'newVisitors'];
export const DIMENSIONS = ['source', 'medium', 'campaign', 'content', 'term', 'source_medium', 'source_medium_campaign'];
export const COMPARES = ['', 'previous', 'week'];
const DEFAULTS = { view: 'scenes', range: '7d', metric: 'opens', dim: 'source', compare: '' };

/** Whether a range is one day (shown per hour), which is what compare=week goes with. */
export function oneDay(state) {
  return state.range === 'today' || state.range === 'yesterday'
    || (state.range === 'custom' && state.from !== '' && state.from === state.to);
}

/** The view state read from the URL; unknown values fall back to the defaults. */
export function readState() {
  const q = new URLSearchParams(location.search);
  const pick = (name, allowed) => (allowed.includes(q.get(name)) ? q.get(name) : DEFAULTS[name]);
  return {
    app: q.get('app') || '',
    view: pick('view', VIEWS),
    range: pick('range', RANGES),
    from: q.get('from') || '',
    to: q.get('to') || '',
    metric: pick('metric', METRICS),
    dim: pick('dim', DIMENSIONS),
    group: q.get('group') || '',
    compare: pick('compare', COMPARES),
    test: q.get('traffic') === 'test',
  };
}

/** Writes the state into the URL (a new history entry unless replace). */
export function writeState(state, replace = false) {
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
  if (state.view === 'scenes' && state.group) {
    q.set('group', state.group);
  }
  if (state.compare) {
    q.set('compare', state.compare);
  }
  if (state.test) {
    q.set('traffic', 'test');
  }
  if (lang === 'en') {
    q.set('lang', 'en');
  }
  const url = location.pathname + '?' + q.toString();
  if (url !== location.pathname + location.search) {
    history[replace ? 'replaceState' : 'pushState'](null, '', url);
  }
}

/** The query parameters of the API for a state (the same for the list, its trend and the CSV export). */
export function apiParams(state, limit) {
  const p = { range: state.range, metric: state.metric, limit };
  if (state.range === 'custom') {
    p.from = state.from;
    p.to = state.to;
  }
  if (state.view === 'sources') {
    p.dimension = state.dim;
  }
  if (state.view === 'scenes' && state.group) {
    p.group = state.group;
  }
  if (state.compare && (state.compare !== 'week' || oneDay(state))) {
    p.compare = state.compare;
  }
  if (state.test) {
    p.traffic = 'test';
  }
  return p;
}
