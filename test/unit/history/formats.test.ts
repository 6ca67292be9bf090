// PEM and CSV, and telling a pin list from a history. Pin formats: test/unit/pins.
import { execFileSync } from 'node:child_process';
import { looksLikePinList } from '../../../src/core/pin-import/index.js';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRows } from '../../../src/core/history/csv.js';
import { chainToPem } from '../../../src/core/history/pem.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';

const A = 'krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=';
const B = 'fOt0FyJfSmq25EtPP+UreZ3njFWabUOruOf2sLdr4tI=';

describe('PEM', () => {
  it('writes PEM at 64 columns', () => {
    const der = Buffer.alloc(100, 7).toString('base64');
    expect(chainToPem([der])).toBe(`-----BEGIN CERTIFICATE-----\n${der.slice(0, 64)}\n${der.slice(64, 128)}\n${der.slice(128)}\n-----END CERTIFICATE-----\n`);
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and makes formulas inert', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    for (const bad of ['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(bad)).toBe(`"'${bad.replace(/"/g, '""')}"`);
  });

  it('keeps every key byte for byte, as a real CSV parser reads it, while free text stays inert', () => {
    // One base64 digest in 64 starts with "+"; a made-up "-" start shows no other exact column is prefixed either.
    const plus = `+${'a'.repeat(42)}=`;
    const minus = `-${'b'.repeat(42)}=`;
    const key = {
      spkiSha256: plus, issuerSpkiSha256: minus, status: 'first-use' as const, firstSeen: 0, lastSeen: 1000, timesSeen: 2,
      cert: { subject: '+CN=evil', issuer: '=cmd|/c calc', spkiSha256: plus, fingerprintSha256: '-AA', serialNumber: '01', notBefore: 0, notAfter: 86_400_000 },
      chainSpki: [plus, minus], chainSubjects: ['CN=x'], builtInRoot: true, ctStatus: 'x', tlsVersion: 'TLSv1.3',
    };
    const record: TrustRecord = { host: 'x.test', domain: 'x.test', firstSeen: 0, lastSeen: 1000, timesSeen: 2, keys: [key] };
    const parsed = JSON.parse(execFileSync('python3', ['-c', 'import csv,json,sys; print(json.dumps(list(csv.DictReader(sys.stdin))))'], { input: csvRows([record]), encoding: 'utf8' }));
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ spkiSha256: plus, issuerSpkiSha256: minus, fingerprintSha256: '-AA', subject: "'+CN=evil", issuer: "'=cmd|/c calc" });
  });

  it('writes one row per host and key', () => {
    const key = {
      spkiSha256: A, issuerSpkiSha256: B, status: 'first-use' as const, firstSeen: 0, lastSeen: 1000, timesSeen: 2,
      cert: { subject: 'CN=x,O=Evil "Corp"', issuer: '=cmd|/c calc', spkiSha256: A, fingerprintSha256: 'AA', serialNumber: '01', notBefore: 0, notAfter: 86_400_000 },
      chainSpki: [A, B], chainSubjects: ['CN=x'], builtInRoot: true, ctStatus: 'x', tlsVersion: 'TLSv1.3',
    };
    const record: TrustRecord = { host: 'x.test', domain: 'x.test', firstSeen: 0, lastSeen: 1000, timesSeen: 2, keys: [key, { ...key, status: 'pending' }] };
    const rows = csvRows([record]).split('\r\n');
    expect(rows[0]).toBe('host,spkiSha256,issuerSpkiSha256,status,firstSeen,lastSeen,timesSeen,subject,issuer,fingerprintSha256,notBefore,notAfter,builtInRoot');
    expect(rows[1]).toBe(`x.test,${A},${B},first-use,1970-01-01T00:00:00.000Z,1970-01-01T00:00:01.000Z,2,"CN=x,O=Evil ""Corp""","'=cmd|/c calc",AA,1970-01-01T00:00:00.000Z,1970-01-02T00:00:00.000Z,true`);
    expect(rows).toHaveLength(4);
  });
});

describe('telling a pin list from a history', () => {
  // A hostile file of a megabyte of empty lines took minutes with the old test; it must not hang
  // the import worker. The generous timeout is a "does not hang" check, not a speed target.
  it('reads a megabyte of empty lines, and still knows pin lines from JSON', () => {
    expect(looksLikePinList(`${'\n'.repeat(1_000_000)}x`)).toBe(false);
    expect(looksLikePinList(`${'\r\n'.repeat(500_000)}example.com sha256/AAAA`)).toBe(true);
    expect(looksLikePinList('  example.com\tsha256/AAAA')).toBe(true);
    expect(looksLikePinList('{"format":"firstseen-trust-history"}')).toBe(false);
  }, 20_000);
});
