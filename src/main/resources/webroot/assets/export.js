// CSV export of the table on screen: the same route and parameters with format=csv and the page's
// language, fetched with the stored read token (a plain link could not send it), saved as a file.
import { lang } from './i18n.js';
import { storedToken, ApiError } from './api.js';

/** The URL of the CSV of a route's answer for these parameters. */
export function csvUrl(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      query.set(k, v);
    }
  }
  query.set('format', 'csv');
  query.set('lang', lang);
  return path + '?' + query;
}

/** Downloads the CSV; button.dataset.url and .exported say what was fetched (and how it went). */
export async function downloadCsv(path, params, button) {
  const url = csvUrl(path, params);
  button.dataset.url = url;
  button.dataset.exported = 'pending';
  const headers = { Accept: 'text/csv' };
  const token = storedToken();
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  const response = await fetch(url, { headers });
  if (!response.ok) {
    button.dataset.exported = 'failed';
    let message = response.statusText;
    try {
      message = (await response.json()).error || message;
    } catch (e) {
      // not JSON: keep the status text
    }
    throw new ApiError(response.status, message);
  }
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="([^"]+)"/.exec(disposition);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = match ? match[1] : 'scenery.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  button.dataset.exported = String(blob.size);
}
