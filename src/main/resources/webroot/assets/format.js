import { locale } from './i18n.js';

const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });

/** An integer with thousands separators: 12,345. */
export function num(n) {
  return integer.format(n);
}

/** A share (0..1, 4 decimals from the API) as a percentage with 2 decimals: 23.45%. */
export function percent(share) {
  return (share * 100).toFixed(2) + '%';
}

/** A relative error (0.02) as a short percentage: 2%. */
export function errorPercent(e) {
  return (Math.round(e * 1000) / 10) + '%';
}

/** An instant as YYYY-MM-DD HH:mm:ss in the given time zone. */
export function instantIn(iso, timeZone) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return '—';
  }
  const parts = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(d)) {
    parts[p.type] = p.value;
  }
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone) {
  return instantIn(new Date().toISOString(), timeZone).slice(0, 10);
}

/** A bucket label of the trend for the x axis: "14:00" for an hour, "03-08" for a day. */
export function bucketLabel(label, hourly) {
  return hourly ? label.slice(11, 16) : label.slice(5, 10);
}

/** A change in percent from the API (12.5 = +12.5%) with its sign, one decimal; "—" where there is none (base 0). */
export function signedPercent(p) {
  if (p === null || p === undefined) {
    return '—';
  }
  return (p > 0 ? '+' : p < 0 ? '−' : '') + Math.abs(p).toFixed(1) + '%';
}
