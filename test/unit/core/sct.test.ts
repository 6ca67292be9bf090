// The leaf's true issuance time: the earliest embedded SCT that a listed log verifiably signed.
// Leaves are real DER made with a real X.509 library, their SCTs signed with node:crypto by test
// logs (test/support/test-ct-log.ts), verified by FirstSeen with WebCrypto. Each refusal has its
// accepted twin, so a test cannot pass for a reason other than the one it names.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';
import { readSctTimestamps, sctListTimes } from '../../../src/core/sct.js';
import { earliestVerifiedSctTime } from '../../../src/core/sct-verify.js';
import { withChainDer } from '../../../src/core/chain-der.js';
import type { CtLog } from '../../../src/core/ct-logs/ct-log.js';
import { makeLeafDer, makeLeafKeys, precertTbs, sctIssuerKeyHash, sctList, type LeafSpec } from '../../support/synthetic-leaf.js';
import { makeTestCtLog, sctListOf, signedSct, TEST_CT_LOG, TEST_CT_LOGS, type SctFields, type TestCtLog } from '../../support/test-ct-log.js';
import { observationOf, CAPTURED_AT } from './fixtures.js';

const NOW = Date.parse('2026-03-01T00:00:00Z');
const DAY = 24 * 3600_000;
const cert = (label: string) => new x509.X509Certificate(readFileSync(new URL(`../../scenarios/real-world/certs/${label}.pem`, import.meta.url), 'utf8'));
const R11 = cert('le-r11');
const R11_DER = new Uint8Array(R11.rawData);
const keys = await makeLeafKeys();
const spec = (extra: Partial<LeafSpec> = {}): LeafSpec => ({
  subject: 'CN=www.example.com', issuer: R11, serial: '01', sans: ['www.example.com'],
  notBefore: new Date('2025-12-01T00:00:00Z'), notAfter: new Date('2026-03-01T00:00:00Z'), ...extra,
});
const leaf = (extra: Partial<LeafSpec> = {}) => makeLeafDer(spec(extra), keys);
const wrapped = (list: Uint8Array<ArrayBuffer>) => new Uint8Array(new asn1js.OctetString({ valueHex: list }).toBER());
const earliest = (der: Uint8Array, logs: readonly CtLog[] = TEST_CT_LOGS, issuer: { der?: Uint8Array } = { der: R11_DER }) =>
  earliestVerifiedSctTime(der, issuer.der, NOW, logs);

/** An SCT over this file's leaf (serial 01), signed by `log`; `over` signs something else instead. */
async function sct(log: TestCtLog, timestamp: number, over: Partial<SctFields> & { serial?: string } = {}): Promise<Buffer> {
  const tbs = await precertTbs(spec({ serial: over.serial ?? '01' }), keys);
  return signedSct(log, { timestamp, issuerKeyHash: sctIssuerKeyHash(spec()), tbs, ...over });
}
/** This file's leaf, carrying exactly these SCTs. */
const leafWith = async (...scts: Buffer[]) => leaf({ sctExtension: wrapped(sctListOf(scts)) });

describe('verified SCT time', () => {
  it('is the earliest verified log time, not the notBefore the CA chose', async () => {
    const der = await leaf({ sctTimes: [Date.parse('2026-02-10T10:00:00Z'), Date.parse('2026-02-10T09:59:58Z')] });
    expect(await earliest(der)).toBe(Date.parse('2026-02-10T09:59:58Z'));
    // The same SCTs from a log FirstSeen does not know are no evidence.
    expect(await earliest(der, [])).toBeUndefined();
  });

  it('is absent for a leaf without SCTs, and for one without its issuer (the signed data names its key)', async () => {
    expect(await earliest(await leaf())).toBeUndefined();
    const der = await leaf({ sctTimes: [NOW - DAY] });
    expect(await earliest(der, TEST_CT_LOGS, {})).toBeUndefined();
    expect(await earliest(der, TEST_CT_LOGS, { der: new Uint8Array(cert('le-r12').rawData) })).toBeUndefined();
    expect(await earliest(der, TEST_CT_LOGS, { der: R11_DER })).toBe(NOW - DAY);
  });

  it('refuses an SCT whose signature has one flipped byte', async () => {
    const good = await sct(TEST_CT_LOG, NOW - DAY);
    const bad = Buffer.from(good);
    bad[bad.length - 3]! ^= 0x01;
    expect(await earliest(await leafWith(bad))).toBeUndefined();
    expect(await earliest(await leafWith(good))).toBe(NOW - DAY);
  });

  it('refuses an SCT from a log not in the list', async () => {
    const other = makeTestCtLog({ name: 'unlisted' });
    const der = await leafWith(await sct(other, NOW - DAY));
    expect(await earliest(der)).toBeUndefined();
    expect(await earliest(der, [...TEST_CT_LOGS, other.log])).toBe(NOW - DAY);
  });

  it('refuses a timestamp outside the dates its log was trusted', async () => {
    const log = makeTestCtLog({ from: NOW - 10 * DAY, until: NOW - 5 * DAY });
    const at = async (t: number) => earliest(await leafWith(await sct(log, t)), [log.log]);
    expect(await at(NOW - 10 * DAY - 1)).toBeUndefined();
    expect(await at(NOW - 5 * DAY)).toBeUndefined();
    expect(await at(NOW - 10 * DAY)).toBe(NOW - 10 * DAY);
    expect(await at(NOW - 5 * DAY - 1)).toBe(NOW - 5 * DAY - 1);
  });

  it('refuses an SCT signed over another certificate', async () => {
    expect(await earliest(await leafWith(await sct(TEST_CT_LOG, NOW - DAY, { serial: '02' })))).toBeUndefined();
    expect(await earliest(await leafWith(await sct(TEST_CT_LOG, NOW - DAY, { serial: '01' })))).toBe(NOW - DAY);
  });

  it('believes no log time further than a day ahead of the clock', async () => {
    expect(await earliest(await leaf({ sctTimes: [NOW + 10 * DAY] }))).toBeUndefined();
    expect(await earliest(await leaf({ sctTimes: [NOW + DAY - 60_000] }))).toBe(NOW + DAY - 60_000);
  });

  it('takes the valid later SCT, not a forged earlier one that claims a listed log', async () => {
    const forger = makeTestCtLog({ name: 'forger' });
    const forged = await sct(forger, Date.parse('2025-01-01T00:00:00Z'), { logId: TEST_CT_LOG.log.id });
    const valid = await sct(TEST_CT_LOG, NOW - DAY);
    expect(await earliest(await leafWith(forged, valid))).toBe(NOW - DAY);
    expect(await earliest(await leafWith(valid, forged))).toBe(NOW - DAY);
    expect(await earliest(await leafWith(forged))).toBeUndefined();
  });

  it('verifies a log that signs with RSA, and signed extensions (a tiled log\'s leaf index)', async () => {
    const rsa = makeTestCtLog({ name: 'RSA log', rsa: true });
    expect(await earliest(await leaf({ sctTimes: [NOW - DAY], sctLog: rsa }), [rsa.log])).toBe(NOW - DAY);
    const index = new Uint8Array([0, 0, 5, 0, 11, 49, 191, 185]);
    expect(await earliest(await leafWith(await sct(TEST_CT_LOG, NOW - DAY, { extensions: index })))).toBe(NOW - DAY);
  });

  it('agrees with openssl on which time each SCT carries', async () => {
    const at = Date.parse('2026-02-10T09:59:58.123Z');
    const der = await leaf({ sctTimes: [at] });
    const file = join(mkdtempSync(join(tmpdir(), 'firstseen-sct-')), 'leaf.der');
    writeFileSync(file, der);
    const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toContain('Timestamp : Feb 10 09:59:58.123 2026 GMT');
    expect(text.replace(/[\s:]/g, '')).toContain(Buffer.from(TEST_CT_LOG.log.id, 'base64').toString('hex').toUpperCase());
    expect(await earliest(der)).toBe(at);
  });

  it('skips SCT versions it does not know, and shows unverified times only as what the certificate says', () => {
    expect(readSctTimestamps(sctList([NOW], 1))).toEqual([]);
    expect(sctListTimes(wrapped(sctList([NOW - DAY, NOW])))).toEqual([NOW - DAY, NOW]);
  });

  it('refuses a hostile list: lengths that lie, truncation, not an OCTET STRING', async () => {
    const list = sctList([NOW]);
    const lying = list.slice();
    lying[1] = lying[1]! + 5;
    expect(() => readSctTimestamps(lying)).toThrow(/length/);
    const entryTooLong = list.slice();
    entryTooLong[3] = 0xff;
    new DataView(entryTooLong.buffer).setUint16(0, entryTooLong.length - 2);
    expect(() => readSctTimestamps(entryTooLong)).toThrow(/runs past/);
    await expect(leaf({ sctExtension: wrapped(lying) }).then((d) => earliest(d))).rejects.toThrow();
    await expect(leaf({ sctExtension: new Uint8Array([0x02, 0x01, 0x05]) }).then((d) => earliest(d))).rejects.toThrow(/OCTET STRING/);
    await expect(earliest(new Uint8Array([0x30, 0x80, 0x01]))).rejects.toThrow();
  });
});

describe('the observation', () => {
  const obs = { ...observationOf('first-visit-intermediate', CAPTURED_AT), at: NOW };
  const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');

  it('gets the verified time with the issuer\'s DER, and none from the shipped list for a test log', async () => {
    const good = b64(await leaf({ sctTimes: [NOW - 1000] }));
    expect((await withChainDer(obs, [good, b64(R11_DER)], TEST_CT_LOGS)).issuedAt).toBe(NOW - 1000);
    expect((await withChainDer(obs, [good], TEST_CT_LOGS)).issuedAt).toBeUndefined();
    expect((await withChainDer(obs, [good, '!not base64!'], TEST_CT_LOGS)).issuedAt).toBeUndefined();
    expect((await withChainDer(obs, [good, b64(R11_DER)])).issuedAt).toBeUndefined();
  });

  it('treats a broken extension as "no proven age", and keeps the DER and the names', async () => {
    const bad = b64(await leaf({ sctExtension: wrapped(new Uint8Array([0, 9, 1]) as Uint8Array<ArrayBuffer>) }));
    const read = await withChainDer(obs, [bad, b64(R11_DER)], TEST_CT_LOGS);
    expect(read.issuedAt).toBeUndefined();
    expect(read.chainDer).toEqual([bad, b64(R11_DER)]);
    expect(read.sans).toEqual(['www.example.com']);
  });
});
