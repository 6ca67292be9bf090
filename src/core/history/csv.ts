// The keys as CSV: one row per host and key, quoted per RFC 4180, and made inert for spreadsheets:
// a cell starting with = + - @ (or a tab or carriage return) is prefixed with ' so it is never a formula.
import type { TrustRecord } from '../trust-record.js';

export const CSV_COLUMNS = ['host', 'spkiSha256', 'issuerSpkiSha256', 'status', 'firstSeen', 'lastSeen', 'timesSeen', 'subject', 'issuer',
  'fingerprintSha256', 'notBefore', 'notAfter', 'builtInRoot'] as const;

export function csvCell(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) || inert !== value ? `"${inert.replace(/"/g, '""')}"` : inert;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function csvRows(records: readonly TrustRecord[], withHeader = true): string {
  const rows: string[] = withHeader ? [CSV_COLUMNS.join(',')] : [];
  for (const r of records) {
    for (const k of r.keys) {
      rows.push([r.host, k.spkiSha256, k.issuerSpkiSha256, k.status, iso(k.firstSeen), iso(k.lastSeen), String(k.timesSeen),
        k.cert.subject, k.cert.issuer, k.cert.fingerprintSha256, iso(k.cert.notBefore), iso(k.cert.notAfter), String(k.builtInRoot)]
        .map(csvCell).join(','));
    }
  }
  return rows.map((r) => `${r}\r\n`).join('');
}
