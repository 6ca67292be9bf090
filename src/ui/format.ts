// Dates and spans for display.
import type { Translate } from './i18n.js';

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

const UNITS: [number, string][] = [
  [365 * 24 * 3600_000, 'spanYears'],
  [24 * 3600_000, 'spanDays'],
  [3600_000, 'spanHours'],
  [60_000, 'spanMinutes'],
];

/** "3 days", "5 minutes": how long something has been known. */
export function formatSpan(ms: number, t: Translate): string {
  for (const [size, name] of UNITS) if (ms >= size) return t(name, [String(Math.floor(ms / size))]);
  return t('spanMoments');
}
