// The shipped CT log list (src/core/ct-logs/known-logs.ts), and real certificates whose embedded
// SCTs real logs signed, verified against it (test/fixtures/real-scts/SOURCES.md).
import { createHash, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_LOGS } from '../../../src/core/ct-logs/known-logs.js';
import { withChainDer } from '../../../src/core/chain-der.js';
import { sctListTimes, SCT_LIST_OID } from '../../../src/core/sct.js';
import { earliestVerifiedSctTime } from '../../../src/core/sct-verify.js';
import { extensionValue } from '../../../src/core/x509-extensions.js';
import { observationOf, CAPTURED_AT } from './fixtures.js';

const SRC = new URL('../../../src/', import.meta.url).pathname;
const real = (name: string) => new Uint8Array(new X509Certificate(readFileSync(new URL(`../../fixtures/real-scts/${name}.pem`, import.meta.url))).raw);
const AWS = real('aws-amazon-com');
const AMAZON_M04 = real('amazon-rsa-2048-m04');
const LE_ORG = real('letsencrypt-org');
const LE_E8 = real('le-e8');
const NOW = Date.parse('2026-05-01T00:00:00Z');
const logsNamed = (...names: string[]) => KNOWN_LOGS.filter((l) => names.some((n) => l.name.includes(n)));

describe('the shipped CT log list', () => {
  it('names each log by the SHA-256 of its key, a P-256 key WebCrypto imports, with dates in order', async () => {
    expect(KNOWN_LOGS.length).toBeGreaterThan(20);
    expect(new Set(KNOWN_LOGS.map((l) => l.id)).size).toBe(KNOWN_LOGS.length);
    for (const log of KNOWN_LOGS) {
      const key = Buffer.from(log.key, 'base64');
      expect(createHash('sha256').update(key).digest('base64'), log.name).toBe(log.id);
      await expect(crypto.subtle.importKey('spki', key, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify'])).resolves.toBeTruthy();
      for (const date of [log.from, log.until]) if (date !== undefined) expect(new Date(date).toISOString().replace('.000Z', 'Z'), log.name).toBe(date);
      if (log.from !== undefined && log.until !== undefined) expect(Date.parse(log.from), log.name).toBeLessThan(Date.parse(log.until));
    }
  });

  it('is imported by the on-demand DER reader alone, never on the event page\'s wake', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') || e.name.endsWith('.tsx') ? [join(dir, e.name)] : []));
    const importers = files(SRC).filter((f) => /^import [^;]*from '[./]*(ct-logs\/)?known-logs\.js'/m.test(readFileSync(f, 'utf8')));
    expect(importers.map((f) => f.slice(SRC.length))).toEqual(['core/chain-der.ts']);
  });
});

describe('real certificates, against the shipped list', () => {
  it('aws.amazon.com: three logs, each SCT verifies alone, and the earliest is the issuance time', async () => {
    const at = (logs = KNOWN_LOGS) => earliestVerifiedSctTime(AWS, AMAZON_M04, NOW, logs);
    expect(await at()).toBe(Date.parse('2025-11-06T23:29:40.542Z'));
    expect(await at(logsNamed('Wyvern2026h2'))).toBe(Date.parse('2025-11-06T23:29:40.542Z'));
    expect(await at(logsNamed('Xenon2026h2'))).toBe(Date.parse('2025-11-06T23:29:40.544Z'));
    expect(await at(logsNamed('Sphinx2026h2'))).toBe(Date.parse('2025-11-06T23:29:40.579Z'));
    // A log's dates apply to real SCTs too: Wyvern trusted only until a second before, Xenon's is next.
    const early = logsNamed('Wyvern2026h2').map((l) => ({ ...l, until: '2025-11-06T23:29:39Z' }));
    expect(await at([...early, ...logsNamed('Xenon2026h2', 'Sphinx2026h2')])).toBe(Date.parse('2025-11-06T23:29:40.544Z'));
  });

  it('aws.amazon.com: no evidence with another issuer, or with the certificate altered', async () => {
    expect(await earliestVerifiedSctTime(AWS, LE_E8, NOW, KNOWN_LOGS)).toBeUndefined();
    // One letter of the subject's name changed: still a well-formed certificate, not the one logged.
    const altered = AWS.slice();
    altered[Buffer.from(altered).indexOf('aws.amazon.com')]! ^= 0x01;
    expect(new X509Certificate(altered).subject).toBe('CN=`ws.amazon.com');
    expect(await earliestVerifiedSctTime(altered, AMAZON_M04, NOW, KNOWN_LOGS)).toBeUndefined();
  });

  it('letsencrypt.org: the SCT of a listed log counts, that of a log the snapshot lacks does not', async () => {
    expect(sctListTimes(extensionValue(LE_ORG, SCT_LIST_OID)!)).toEqual([Date.parse('2026-03-08T18:03:00.455Z'), Date.parse('2026-03-08T18:03:00.608Z')]);
    expect(await earliestVerifiedSctTime(LE_ORG, LE_E8, NOW, KNOWN_LOGS)).toBe(Date.parse('2026-03-08T18:03:00.455Z'));
    expect(await earliestVerifiedSctTime(LE_ORG, LE_E8, NOW, KNOWN_LOGS.filter((l) => !l.name.includes('Nimbus2026')))).toBeUndefined();
  });

  it('reaches the observation through the default list, with the chain\'s own issuer', async () => {
    const obs = { ...observationOf('first-visit-intermediate', CAPTURED_AT), at: NOW };
    const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');
    expect((await withChainDer(obs, [b64(AWS), b64(AMAZON_M04)])).issuedAt).toBe(Date.parse('2025-11-06T23:29:40.542Z'));
    expect((await withChainDer(obs, [b64(AWS)])).issuedAt).toBeUndefined();
  });
});
