// Dates and spans for display: local time in the browser's language, with the UTC time kept for a
// hover title (certificates are dated in UTC). Plurals come from Intl, never from "$N$ days"
// messages, so "1 minute" reads right in every language Firefox speaks.
import type { Translate } from './i18n.js';

const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const monthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });

/** Local date and time, as the user reads the clock. */
export function formatDate(ms: number): string {
  return local.format(ms);
}

/** The same moment in UTC, for a title on hover. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

const dayOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** The local date alone, for narrow columns. */
export function formatDay(ms: number): string {
  return dayOnly.format(ms);
}

/** "Aug 2027". */
export function formatMonth(ms: number): string {
  return monthYear.format(ms);
}

const UNITS: [number, Intl.NumberFormatOptions['unit']][] = [
  [365 * 24 * 3600_000, 'year'],
  [24 * 3600_000, 'day'],
  [3600_000, 'hour'],
  [60_000, 'minute'],
];

/** "3 days", "1 minute": how long something has been known. Under a minute: "moments". */
export function formatSpan(ms: number, t: Translate): string {
  for (const [size, unit] of UNITS) {
    if (ms >= size) return new Intl.NumberFormat(undefined, { style: 'unit', unit, unitDisplay: 'long' }).format(Math.floor(ms / size));
  }
  return t('spanMoments');
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "today", "yesterday", "3 days ago", "in 2 days": a day count relative to now. */
export function formatDaysAgo(ms: number, now: number): string {
  const days = Math.round((startOfDay(ms) - startOfDay(now)) / 86_400_000);
  return relative.format(days, 'day');
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
