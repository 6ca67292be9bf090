// Forged Signed Certificate Timestamps: SCTs whose time the attacker chose (early: before the victim
// first saw the host) and that no listed CT log signed. Three kinds: from a "log" of his own (its
// id the hash of his key, like a real log's), claiming the listed test log's id over the real
// precertificate but signed with his key, and stand-in bytes (no signature at all). A reader that
// checks SCTs against the known logs must find no proven issuance time in any of them.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import { sctListOf, signedSct, TEST_CT_LOG, makeTestCtLog } from '../support/test-ct-log.js';
import { precertTbs, sctIssuerKeyHash, sctList, type LeafKeys, type LeafSpec } from '../support/synthetic-leaf.js';

export const FORGERIES = ['unlisted-log', 'listed-log-id', 'stand-in'] as const;
export type Forgery = (typeof FORGERIES)[number];

/** The attacker's own "log": a key pair nobody lists. */
const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const FORGER_LOG_ID = createHash('sha256').update(forger.publicKey.export({ type: 'spki', format: 'der' })).digest();
/** The same, as a signer that writes the listed test log's id into its SCTs. */
const IMPOSTOR_LOG = makeTestCtLog({ name: 'forger' });

/** A TLS-encoded v1 SCT at `time` from the forger's unlisted log, signed by its key (over random bytes). */
function unlistedSct(time: number): Buffer {
  const signature = sign('sha256', randomBytes(64), forger.privateKey);
  const head = Buffer.alloc(1 + 32 + 8 + 2 + 4);
  FORGER_LOG_ID.copy(head, 1); // head[0] = 0: v1
  head.writeBigUInt64BE(BigInt(time), 33);
  head.writeUInt16BE(0, 41); // no extensions
  head[43] = 4; // sha256
  head[44] = 3; // ecdsa
  head.writeUInt16BE(signature.length, 45);
  return Buffer.concat([head, signature]);
}

/** The SCT list extension's value (an OCTET STRING around the TLS list) for a leaf of `spec`, forged as `kind`. */
export async function forgedSctExtension(kind: Forgery, times: readonly number[], spec: LeafSpec, keys: LeafKeys): Promise<Uint8Array<ArrayBuffer>> {
  let list: Uint8Array<ArrayBuffer>;
  if (kind === 'stand-in') list = sctList(times);
  else if (kind === 'unlisted-log') list = sctListOf(times.map(unlistedSct));
  else {
    const tbs = await precertTbs(spec, keys);
    const issuerKeyHash = sctIssuerKeyHash(spec);
    list = sctListOf(times.map((timestamp) => signedSct(IMPOSTOR_LOG, { timestamp, issuerKeyHash, tbs, logId: TEST_CT_LOG.log.id })));
  }
  return new Uint8Array(new asn1js.OctetString({ valueHex: list }).toBER());
}
