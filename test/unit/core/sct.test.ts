// The leaf's true issuance time, from DER made with a real X.509 library. openssl reads the same
// DER independently, so our SCT encoder and our parser cannot agree on a wrong format.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import { earliestSctTime, readSctTimestamps } from '../../../src/core/sct.js';
import { withChainDer } from '../../../src/core/chain-der.js';
import { makeLeafDer, makeLeafKeys, sctList } from '../../support/synthetic-leaf.js';
import { observationOf, CAPTURED_AT } from './fixtures.js';

const NOW = Date.parse('2026-03-01T00:00:00Z');
const keys = await makeLeafKeys();
const leaf = (extra: { sctTimes?: number[]; sctExtension?: Uint8Array<ArrayBuffer> }) => makeLeafDer({
  subject: 'CN=www.example.com', issuer: "C=US, O=Let's Encrypt, CN=R11", serial: '01',
  notBefore: new Date('2025-12-01T00:00:00Z'), notAfter: new Date('2026-03-01T00:00:00Z'), ...extra,
}, keys);
const wrapped = (list: Uint8Array<ArrayBuffer>) => new Uint8Array(new asn1js.OctetString({ valueHex: list }).toBER());

describe('earliest SCT time', () => {
  it('is the earliest log time, not the notBefore the CA chose', async () => {
    const der = await leaf({ sctTimes: [Date.parse('2026-02-10T10:00:00Z'), Date.parse('2026-02-10T09:59:58Z')] });
    expect(earliestSctTime(der, NOW)).toBe(Date.parse('2026-02-10T09:59:58Z'));
  });

  it('agrees with openssl on which time each SCT carries', async () => {
    const at = Date.parse('2026-02-10T09:59:58.123Z');
    const der = await leaf({ sctTimes: [at] });
    const file = join(mkdtempSync(join(tmpdir(), 'firstseen-sct-')), 'leaf.der');
    writeFileSync(file, der);
    const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toContain('Timestamp : Feb 10 09:59:58.123 2026 GMT');
    expect(earliestSctTime(der, NOW)).toBe(at);
  });

  it('is absent for a leaf without SCTs', async () => {
    expect(earliestSctTime(await leaf({}), NOW)).toBeUndefined();
  });

  it('believes no log time in the future, and skips SCT versions it does not know', async () => {
    const future = await leaf({ sctTimes: [NOW + 10 * 24 * 3600_000] });
    expect(earliestSctTime(future, NOW)).toBeUndefined();
    expect(readSctTimestamps(sctList([NOW], 1))).toEqual([]);
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
    await expect(leaf({ sctExtension: wrapped(lying) }).then((d) => earliestSctTime(d, NOW))).rejects.toThrow();
    await expect(leaf({ sctExtension: new Uint8Array([0x02, 0x01, 0x05]) }).then((d) => earliestSctTime(d, NOW))).rejects.toThrow(/OCTET STRING/);
    expect(() => earliestSctTime(new Uint8Array([0x30, 0x80, 0x01]), NOW)).toThrow();
  });

  it('reaches the observation, and a broken extension only means "no proven age"', async () => {
    const obs = observationOf('first-visit-intermediate', CAPTURED_AT);
    const good = Buffer.from(await leaf({ sctTimes: [NOW - 1000] })).toString('base64');
    expect(withChainDer(obs, [good]).issuedAt).toBe(NOW - 1000);
    const bad = Buffer.from(await leaf({ sctExtension: wrapped(new Uint8Array([0, 9, 1]) as Uint8Array<ArrayBuffer>) })).toString('base64');
    const read = withChainDer(obs, [bad]);
    expect(read.issuedAt).toBeUndefined();
    expect(read.chainDer).toEqual([bad]);
  });
});
