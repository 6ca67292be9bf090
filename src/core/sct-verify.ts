// When a certificate really came to be: the earliest embedded SCT that a known log verifiably
// signed. A CA chooses notBefore and can backdate it; whoever can mint a certificate can also
// write an SCT with any date into it. Only a log's signature binds a time to this certificate, so a
// timestamp is evidence of age only when its log is in the list, its signature verifies with
// WebCrypto (crypto.subtle: Firefox and Node alike), and the log was trusted at that time.
// A CA colluding with a log, or a log's stolen key, defeats this: the list is all there is to trust.
import * as asn1js from 'asn1js';
import { bytesOf } from './base64.js';
import type { CtLog } from './ct-logs/ct-log.js';
import { readSctList, sctListOf, SCT_LIST_OID, type Sct } from './sct.js';
import { precertSignedData, precertTbs, subjectPublicKeyInfo } from './sct-signed-data.js';
import { extensionValue } from './x509-extensions.js';

/** SCTs stamped further than this ahead of the observer's clock are not believed. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;
// TLS HashAlgorithm and SignatureAlgorithm codes (RFC 5246 §7.4.1.4.1), as RFC 6962 §2.1.4 allows.
const SHA256 = 4;
const RSA = 1;
const ECDSA = 3;

/** Whether the log was trusted to sign at `time`: its SCTs from then on, before its end. */
export function trustedAt(log: CtLog, time: number): boolean {
  return (log.from === undefined || time >= Date.parse(log.from)) && (log.until === undefined || time < Date.parse(log.until));
}

// One import per log key and algorithm: a key that is not of the SCT's algorithm fails to import,
// and so verifies nothing.
const keys = new Map<string, Promise<CryptoKey | null>>();
function logKey(log: CtLog, signatureAlgorithm: number): Promise<CryptoKey | null> {
  const id = `${signatureAlgorithm}:${log.key}`;
  let key = keys.get(id);
  if (!key) {
    const algorithm = signatureAlgorithm === ECDSA ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    key = crypto.subtle.importKey('spki', bytesOf(log.key), algorithm, false, ['verify']).catch(() => null);
    keys.set(id, key);
  }
  return key;
}

/** A DER ECDSA-Sig-Value as the r || s (32 bytes each, P-256) that WebCrypto verifies. */
function rawEcdsa(der: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  const decoded = asn1js.fromBER(der);
  if (decoded.offset !== der.byteLength || !(decoded.result instanceof asn1js.Sequence)) return undefined;
  const ints = decoded.result.valueBlock.value;
  if (ints.length !== 2) return undefined;
  const raw = new Uint8Array(64);
  for (const [n, int] of ints.entries()) {
    if (!(int instanceof asn1js.Integer)) return undefined;
    let value = int.valueBlock.valueHexView;
    while (value.length > 0 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32) return undefined;
    raw.set(value, 32 * n + 32 - value.length);
  }
  return raw;
}

async function verifies(sct: Sct, log: CtLog, signed: Uint8Array<ArrayBuffer>): Promise<boolean> {
  if (sct.hash !== SHA256 || (sct.signatureAlgorithm !== ECDSA && sct.signatureAlgorithm !== RSA)) return false;
  const signature = sct.signatureAlgorithm === ECDSA ? rawEcdsa(sct.signature) : new Uint8Array(sct.signature);
  const key = await logKey(log, sct.signatureAlgorithm);
  if (!signature || !key) return false;
  const algorithm = sct.signatureAlgorithm === ECDSA ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  return crypto.subtle.verify(algorithm, key, signature, signed).catch(() => false);
}

/**
 * The earliest SCT time of a DER certificate that a log of `logs` verifiably signed while trusted,
 * or undefined when none did (no SCTs, SCTs delivered by TLS or OCSP instead, an unknown or
 * untrusted log, a bad signature, no issuer to compute the issuer_key_hash from). Times after
 * `now` + a day are ignored: a log does not stamp the future. A list whose lengths lie throws.
 */
export async function earliestVerifiedSctTime(leaf: Uint8Array, issuer: Uint8Array | undefined, now: number, logs: readonly CtLog[]): Promise<number | undefined> {
  const value = extensionValue(leaf, SCT_LIST_OID);
  if (!value) return undefined;
  const candidates = readSctList(sctListOf(value)).flatMap((sct) => {
    const log = logs.find((l) => l.id === sct.logId);
    return 'signature' in sct && log && sct.timestamp <= now + FUTURE_SLACK_MS && trustedAt(log, sct.timestamp) ? [{ sct, log }] : [];
  });
  if (candidates.length === 0 || !issuer) return undefined;
  const issuerKeyHash = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(subjectPublicKeyInfo(issuer))));
  const tbs = precertTbs(leaf);
  const times = await Promise.all(candidates.map(async ({ sct, log }) => (await verifies(sct, log, precertSignedData(sct, issuerKeyHash, tbs)) ? sct.timestamp : undefined)));
  const verified = times.filter((t) => t !== undefined);
  return verified.length > 0 ? Math.min(...verified) : undefined;
}
