// Golden tests: these outputs end up in other tools' configuration.
import { execFileSync } from 'node:child_process';
import { looksLikePinList } from '../../../src/core/history/pin-import.js';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRows } from '../../../src/core/history/csv.js';
import { chainToPem } from '../../../src/core/history/pem.js';
import { androidPinSet, hashHostName, hpkpHeader, knownHostsLines, okHttpPinner } from '../../../src/core/history/pin-formats.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';

const A = 'krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=';
const B = 'fOt0FyJfSmq25EtPP+UreZ3njFWabUOruOf2sLdr4tI=';
const SALT = new Uint8Array(Array.from({ length: 20 }, (_, i) => i + 1));

describe('pin formats', () => {
  it('writes an HPKP header', () => {
    expect(hpkpHeader([A, B, A], 5184000)).toBe(`pin-sha256="${A}"; pin-sha256="${B}"; max-age=5184000`);
    expect(hpkpHeader([A], 60, true)).toBe(`pin-sha256="${A}"; max-age=60; includeSubDomains`);
  });

  it('writes OkHttp CertificatePinner lines', () => {
    expect(okHttpPinner([{ pattern: 'example.com', spkiSha256: A }, { pattern: '**.example.com', spkiSha256: B }])).toBe(
      'CertificatePinner.Builder()\n' +
      `    .add("example.com", "sha256/${A}")\n` +
      `    .add("**.example.com", "sha256/${B}")\n` +
      '    .build()\n');
  });

  it('writes an Android network_security_config pin-set, with an optional expiration', () => {
    expect(androidPinSet([{ pattern: '**.example.com', spkiSha256: A }, { pattern: 'example.com', spkiSha256: B }], '2027-01-01')).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      '<network-security-config>\n' +
      '  <domain-config>\n' +
      '    <domain includeSubdomains="true">example.com</domain>\n' +
      '    <pin-set expiration="2027-01-01">\n' +
      `      <pin digest="SHA-256">${A}</pin>\n` +
      `      <pin digest="SHA-256">${B}</pin>\n` +
      '    </pin-set>\n' +
      '  </domain-config>\n' +
      '</network-security-config>\n');
    expect(androidPinSet([{ pattern: 'a<b>.test', spkiSha256: A }])).toContain('<domain includeSubdomains="false">a&lt;b&gt;.test</domain>');
  });

  it('writes known_hosts lines, plain and hashed as OpenSSH HashKnownHosts does', async () => {
    const entries = [{ pattern: 'example.com', spkiSha256: A }, { pattern: 'site.test:8443', spkiSha256: B }];
    expect(await knownHostsLines(entries)).toBe(`example.com sha256/${A}\n[site.test]:8443 sha256/${B}\n`);
    const hashed = await knownHostsLines(entries, { hashHosts: true, salt: () => SALT });
    const reference = (host: string) => `|1|${Buffer.from(SALT).toString('base64')}|${createHmac('sha1', SALT).update(host).digest('base64')}`;
    expect(hashed).toBe(`${reference('example.com')} sha256/${A}\n${reference('[site.test]:8443')} sha256/${B}\n`);
    expect(await hashHostName('example.com', SALT)).toBe('|1|AQIDBAUGBwgJCgsMDQ4PEBESExQ=|qvtG0DaqrsqPDhV2Ni+wmYohchA=');
  });

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
