// CT logs of the tests' own: a key pair made here, so tests can sign embedded SCTs as a real log
// would (RFC 6962 §3.2) and hand FirstSeen a log list that knows the key. Signed with node:crypto
// (OpenSSL), independently of the WebCrypto code that verifies them.
import { createHash, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import type { CtLog } from '../../src/core/ct-logs/ct-log.js';

export interface TestCtLog {
  log: CtLog;
  privateKey: KeyObject;
}

/** A test log with a fresh key (ECDSA P-256 unless `rsa`), trusted from `from` until `until`. */
export function makeTestCtLog(options: { name?: string; from?: number; until?: number; rsa?: boolean } = {}): TestCtLog {
  const { publicKey, privateKey } = options.rsa
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    log: {
      name: options.name ?? 'FirstSeen test log',
      id: createHash('sha256').update(spki).digest('base64'),
      key: spki.toString('base64'),
      ...(options.from !== undefined ? { from: new Date(options.from).toISOString() } : {}),
      ...(options.until !== undefined ? { until: new Date(options.until).toISOString() } : {}),
    },
    privateKey,
  };
}

/** The log every test leaf's SCTs are signed by unless a test says otherwise: trusted 2000 to 2100. */
export const TEST_CT_LOG = makeTestCtLog({ from: Date.parse('2000-01-01T00:00:00Z'), until: Date.parse('2100-01-01T00:00:00Z') });
/** The log list to hand FirstSeen in tests, instead of the shipped snapshot. */
export const TEST_CT_LOGS: readonly CtLog[] = [TEST_CT_LOG.log];

/** SHA-256 of a certificate's SubjectPublicKeyInfo: the issuer_key_hash of its leaves' SCTs. */
export function issuerKeyHash(issuer: X509Certificate): Buffer {
  return createHash('sha256').update(issuer.publicKey.export({ type: 'spki', format: 'der' })).digest();
}

export interface SctFields {
  timestamp: number;
  issuerKeyHash: Uint8Array;
  /** The precertificate's TBSCertificate: the leaf's, without the SCT list extension. */
  tbs: Uint8Array;
  extensions?: Uint8Array;
  /** Another log id than the signer's: a forger claiming a listed log. */
  logId?: string;
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

/** A v1 SCT over a precert_entry, TLS-encoded, its signature made with the log's private key. */
export function signedSct(signer: TestCtLog, f: SctFields): Buffer {
  const extensions = Buffer.from(f.extensions ?? []);
  const tbsLength = Buffer.from([f.tbs.length >> 16, (f.tbs.length >> 8) & 0xff, f.tbs.length & 0xff]);
  const signed = Buffer.concat([Buffer.from([0, 0]), u64(f.timestamp), u16(1), f.issuerKeyHash, tbsLength, f.tbs, u16(extensions.length), extensions]);
  const rsa = signer.privateKey.asymmetricKeyType === 'rsa';
  const signature = sign('sha256', signed, rsa ? signer.privateKey : { key: signer.privateKey, dsaEncoding: 'der' });
  return Buffer.concat([Buffer.from([0]), Buffer.from(f.logId ?? signer.log.id, 'base64'), u64(f.timestamp), u16(extensions.length), extensions,
    Buffer.from([4, rsa ? 1 : 3]), u16(signature.length), signature]);
}

/** A TLS-encoded SignedCertificateTimestampList of the given encoded SCTs. */
export function sctListOf(scts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = Buffer.concat(scts.flatMap((s) => [u16(s.length), Buffer.from(s)]));
  return new Uint8Array(Buffer.concat([u16(body.length), body]));
}
