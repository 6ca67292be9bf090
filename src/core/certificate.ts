// The parts of a certificate FirstSeen keeps and shows. Strings here come from the network:
// they are data to display as text, never markup.

export interface CertificateSummary {
  subject: string;
  issuer: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, standard padded base64 (the HPKP pin-sha256 form). */
  spkiSha256: string;
  /** SHA-256 of the whole certificate, colon-separated hex as Firefox gives it. */
  fingerprintSha256: string;
  serialNumber: string;
  /** Validity bounds, epoch milliseconds. */
  notBefore: number;
  notAfter: number;
}

const SPKI_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
const MAX_FIELD = 64 * 1024;

export function isSpkiSha256(value: unknown): value is string {
  return typeof value === 'string' && SPKI_BASE64.test(value);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new TypeError(`${field} is not a string`);
  // A hostile or broken certificate must not make one record huge; keep the start, say it was cut.
  return value.length > MAX_FIELD ? `${value.slice(0, MAX_FIELD)}…` : value;
}

function time(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${field} is not a time`);
  return value;
}

/** Reads one entry of SecurityInfo.certificates. Throws a TypeError naming the bad field. */
export function readCertificate(raw: unknown, where: string): CertificateSummary {
  if (typeof raw !== 'object' || raw === null) throw new TypeError(`${where} is not an object`);
  const c = raw as Record<string, unknown>;
  const spki = (c.subjectPublicKeyInfoDigest as Record<string, unknown> | undefined)?.sha256;
  if (!isSpkiSha256(spki)) throw new TypeError(`${where}.subjectPublicKeyInfoDigest.sha256 is not a base64 SHA-256 digest`);
  const validity = (c.validity ?? {}) as Record<string, unknown>;
  const fingerprint = (c.fingerprint ?? {}) as Record<string, unknown>;
  return {
    subject: text(c.subject, `${where}.subject`),
    issuer: text(c.issuer, `${where}.issuer`),
    spkiSha256: spki,
    fingerprintSha256: text(fingerprint.sha256, `${where}.fingerprint.sha256`),
    serialNumber: text(c.serialNumber, `${where}.serialNumber`),
    notBefore: time(validity.start, `${where}.validity.start`),
    notAfter: time(validity.end, `${where}.validity.end`),
  };
}
