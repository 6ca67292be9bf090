// The names of a known key, read from the DER kept with it, and the "carried over" test the
// routine rules ask (change-rules.ts): exact names, wildcards, unknown and hostile input.
import { describe, expect, it } from 'vitest';
import { namesOfKey } from '../../../src/core/key-names.js';
import { namesCovered } from '../../../src/core/names-covered.js';
import type { KnownKey } from '../../../src/core/trust-record.js';
import { makeLeafDer, makeLeafKeys } from '../../support/synthetic-leaf.js';

const base64 = (der: Uint8Array) => Buffer.from(der).toString('base64');
const keyWith = (chainDer?: string[]) => ({ spkiSha256: 'k', ...(chainDer ? { chainDer } : {}) }) as unknown as KnownKey;

async function leaf(sans?: string[]): Promise<string> {
  const der = await makeLeafDer({
    subject: 'CN=bank.example', issuer: 'CN=Test Issuing CA', notBefore: new Date('2026-01-01'), notAfter: new Date('2026-04-01'),
    serial: '01', ...(sans ? { sans } : {}),
  }, await makeLeafKeys());
  return base64(der);
}

describe('namesOfKey', () => {
  it('reads the dNSNames of the key\'s certificate, lower-cased', async () => {
    expect(namesOfKey(keyWith([await leaf(['Bank.Example', '*.bank.example'])]))).toEqual(['bank.example', '*.bank.example']);
  });

  it('is [] for a certificate without the extension, null without DER or for DER it cannot read', async () => {
    expect(namesOfKey(keyWith([await leaf()]))).toEqual([]);
    expect(namesOfKey(keyWith())).toBeNull();
    expect(namesOfKey(keyWith(['not base64!']))).toBeNull();
    expect(namesOfKey(keyWith([base64(new Uint8Array([0x30, 0x82, 0xff, 0xff, 0x01]))]))).toBeNull();
  });
});

describe('namesCovered', () => {
  it('every old name exactly, or under a wildcard of the new certificate', () => {
    expect(namesCovered(['bank.example', 'www.bank.example', 'api.bank.example'], ['www.bank.example', 'bank.example'])).toBe(true);
    expect(namesCovered(['*.bank.example', 'bank.example'], ['www.bank.example', 'bank.example', '*.bank.example'])).toBe(true);
  });

  it('not when a name is missing, a wildcard would have to cover its apex or a deeper name, or the new certificate names nothing', () => {
    expect(namesCovered(['www.bank.example'], ['www.bank.example', 'bank.example'])).toBe(false);
    expect(namesCovered(['*.bank.example'], ['bank.example'])).toBe(false);
    expect(namesCovered(['*.bank.example'], ['a.b.bank.example'])).toBe(false);
    expect(namesCovered(['www.bank.example'], ['*.bank.example'])).toBe(false);
    expect(namesCovered(undefined, ['bank.example'])).toBe(false);
  });

  it('asks nothing where the old names are unknown or none', () => {
    expect(namesCovered(undefined, null)).toBe(true);
    expect(namesCovered(['x.example'], [])).toBe(true);
  });
});
