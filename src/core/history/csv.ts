// The keys as CSV: one row per host and key, quoted per RFC 4180, and made inert for spreadsheets:
// a free-text cell (a certificate's subject or issuer, written by whoever made the certificate)
// starting with = + - @ (or a tab or carriage return) is prefixed with ' so it is never a formula.
// Keys, fingerprints, times and flags are never prefixed: a script reading the file must get each
// key byte for byte, and base64 starts with "+" once in 64.
import type { TrustRecord } from '../trust-record.js';

export const CSV_COLUMNS = ['host', 'spkiSha256', 'issuerSpkiSha256', 'status', 'firstSeen', 'lastSeen', 'timesSeen', 'subject', 'issuer',
  'fingerprintSha256', 'notBefore', 'notAfter', 'builtInRoot'] as const;

/** A cell quoted as RFC 4180 needs; `freeText` also makes a formula-looking start inert. */
export function csvCell(value: string, freeText = true): string {
  const inert = freeText && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) || inert !== value ? `"${inert.replace(/"/g, '""')}"` : inert;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function csvRows(records: readonly TrustRecord[], withHeader = true): string {
  const rows: string[] = withHeader ? [CSV_COLUMNS.join(',')] : [];
  for (const r of records) {
    for (const k of r.keys) {
      const exact = [r.host, k.spkiSha256, k.issuerSpkiSha256, k.status, iso(k.firstSeen), iso(k.lastSeen), String(k.timesSeen)].map((v) => csvCell(v, false));
      const text = [k.cert.subject, k.cert.issuer].map((v) => csvCell(v, true));
      const tail = [k.cert.fingerprintSha256, iso(k.cert.notBefore), iso(k.cert.notAfter), String(k.builtInRoot)].map((v) => csvCell(v, false));
      rows.push([...exact, ...text, ...tail].join(','));
    }
  }
  return rows.map((r) => `${r}\r\n`).join('');
}
