// SecurityInfo (untrusted, loosely shaped browser data) -> Observation (plain, validated data).
// This is the trust boundary between what Firefox hands the listener and everything FirstSeen decides.
import { readCertificate, type CertificateSummary } from './certificate.js';
import { hostKeyFromUrl } from './host-key.js';
import type { KnownKey } from './trust-record.js';

/** What one secure response showed about its host's certificate. */
export interface Observation {
  host: string;
  at: number;
  requestType: string;
  leaf: CertificateSummary;
  /** The chain Firefox built, leaf first, root last. */
  chain: CertificateSummary[];
  /** True when the chain ends in a root that ships with Firefox. */
  builtInRoot: boolean;
  ctStatus: string;
  tlsVersion: string;
  hsts: boolean;
  /** The chain's certificates in DER (base64), leaf first: fetched only for keys not seen before. */
  chainDer?: string[];
  /** The leaf's earliest Signed Certificate Timestamp (epoch ms), read from chainDer (sct.ts). */
  issuedAt?: number;
  /** The DNS names the leaf is valid for, read from chainDer (san.ts). */
  sans?: string[];
  /**
   * SecurityInfo's `hpkp`: Firefox has built-in static pins for this host, and a chain to a
   * built-in root has just passed them (shared/FIREFOX-FACTS.md). Only the CAs the site named to
   * Mozilla can issue such a chain.
   */
  firefoxPinned?: boolean;
}

/** The user clicked through a certificate error for this host: never a key to learn. */
export interface OverrideObservation {
  host: string;
  at: number;
  requestType: string;
  /** Firefox's overridableErrorCategory, e.g. "trust_error", "domain_mismatch". */
  category: string;
}

export type SkipReason = 'not-tls' | 'from-cache' | 'not-secure' | 'no-security-info';

export type ReadResult =
  | { kind: 'observation'; observation: Observation }
  | { kind: 'override'; override: OverrideObservation }
  | { kind: 'skip'; host: string | null; reason: SkipReason }
  | { kind: 'invalid'; host: string; reason: string };

export interface RequestFacts {
  url: string;
  type: string;
  fromCache: boolean;
}

// "weak" is still a verified chain (weak cipher); "insecure" and "broken" are not, and a plain
// http request through an HTTPS proxy reports the proxy's certificate with "insecure".
const TRUSTED_STATES = new Set(['secure', 'weak']);

export function readObservation(request: RequestFacts, info: unknown, now: number): ReadResult {
  const host = hostKeyFromUrl(request.url);
  if (host === null) return { kind: 'skip', host: null, reason: 'not-tls' };
  // A cached response carries the security info of the connection that once fetched it.
  if (request.fromCache) return { kind: 'skip', host, reason: 'from-cache' };
  if (typeof info !== 'object' || info === null) return { kind: 'skip', host, reason: 'no-security-info' };
  const si = info as Record<string, unknown>;
  if (typeof si.state !== 'string' || !TRUSTED_STATES.has(si.state)) return { kind: 'skip', host, reason: 'not-secure' };

  const category = si.overridableErrorCategory;
  if ((typeof category === 'string' && category !== '') || si.isUntrusted === true || si.isDomainMismatch === true ||
    si.isNotValidAtThisTime === true) {
    const named = typeof category === 'string' && category !== '' ? category : 'certificate_error';
    return { kind: 'override', override: { host, at: now, requestType: request.type, category: named } };
  }

  if (!Array.isArray(si.certificates) || si.certificates.length === 0) {
    return { kind: 'invalid', host, reason: 'secure response without certificates' };
  }
  let chain: CertificateSummary[];
  try {
    chain = si.certificates.map((c, i) => readCertificate(c, `certificates[${i}]`));
  } catch (e) {
    return { kind: 'invalid', host, reason: (e as Error).message };
  }
  const root = si.certificates[si.certificates.length - 1] as Record<string, unknown>;
  return {
    kind: 'observation',
    observation: {
      host,
      at: now,
      requestType: request.type,
      leaf: chain[0]!,
      chain,
      builtInRoot: root.isBuiltInRoot === true,
      ctStatus: typeof si.certificateTransparencyStatus === 'string' ? si.certificateTransparencyStatus : 'unknown',
      tlsVersion: typeof si.protocolVersion === 'string' ? si.protocolVersion : 'unknown',
      hsts: si.hsts === true,
      ...(si.hpkp === true && root.isBuiltInRoot === true ? { firefoxPinned: true } : {}),
    },
  };
}

/** The SPKI of the certificate that issued the leaf, or "" for a lone self-signed leaf. */
export function issuerSpkiOf(chain: readonly CertificateSummary[]): string {
  return chain[1]?.spkiSha256 ?? '';
}

/**
 * The DER of each certificate of a SecurityInfo read with rawDER, standard base64, leaf first;
 * null unless every certificate carries one.
 */
export function chainDerOf(info: unknown): string[] | null {
  const certificates = (info as { certificates?: unknown } | null | undefined)?.certificates;
  if (!Array.isArray(certificates) || certificates.length === 0) return null;
  const der: string[] = [];
  for (const c of certificates) {
    const bytes = (c as { rawDER?: unknown } | null)?.rawDER;
    if (!Array.isArray(bytes) || bytes.length === 0) return null;
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(Number(b) & 0xff);
    der.push(btoa(binary));
  }
  return der;
}

/**
 * A leaf-only read of a certificate the host is already trusted with (the same certificate, so the
 * same key and issuer: only the key's holder can present it): the rest of its chain is the one that
 * key was seen with. Fields FirstSeen never keeps for a CA certificate are left empty.
 */
export function withKnownChain(obs: Observation, key: KnownKey): Observation {
  const chain = [obs.leaf, ...key.chainSpki.slice(1).map((spkiSha256, i) => ({
    subject: key.chainSubjects[i + 1] ?? '',
    issuer: key.chainSubjects[i + 2] ?? key.chainSubjects[i + 1] ?? '',
    spkiSha256,
    fingerprintSha256: '',
    serialNumber: '',
    notBefore: 0,
    notAfter: 0,
  }))];
  return { ...obs, chain, builtInRoot: key.builtInRoot };
}
