// A file's hosts as FirstSeen's own shapes, field by field: whatever else a file carries (a field a
// newer version added, or one made up) is dropped, never stored. validate.ts has already checked
// the fields kept here.
import type { CertificateSummary } from '../certificate.js';
import type { KnownKey, TrustRecord } from '../trust-record.js';
import type { TrustEvent } from '../trust-event.js';
import type { ExportedEvent, ExportedHost } from './format.js';

function cert(c: CertificateSummary): CertificateSummary {
  return {
    subject: c.subject, issuer: c.issuer, spkiSha256: c.spkiSha256, fingerprintSha256: c.fingerprintSha256,
    serialNumber: c.serialNumber, notBefore: c.notBefore, notAfter: c.notAfter,
  };
}

function key(k: KnownKey): KnownKey {
  return {
    spkiSha256: k.spkiSha256, issuerSpkiSha256: k.issuerSpkiSha256, status: k.status,
    firstSeen: k.firstSeen, lastSeen: k.lastSeen, timesSeen: k.timesSeen, cert: cert(k.cert),
    chainSpki: [...k.chainSpki], chainSubjects: [...k.chainSubjects], builtInRoot: k.builtInRoot,
    ctStatus: k.ctStatus, tlsVersion: k.tlsVersion,
    ...(k.chainDer ? { chainDer: [...k.chainDer] } : {}),
    ...(k.issuedAt !== undefined ? { issuedAt: k.issuedAt } : {}),
    ...(k.provisional ? { provisional: { replaces: [...k.provisional.replaces] } } : {}),
    ...(k.unshownAlarm ? { unshownAlarm: { kind: k.unshownAlarm.kind, severity: k.unshownAlarm.severity, reasons: [...k.unshownAlarm.reasons] } } : {}),
  };
}

export function knownRecord(h: ExportedHost): TrustRecord {
  return {
    host: h.host, domain: h.domain, firstSeen: h.firstSeen, lastSeen: h.lastSeen, timesSeen: h.timesSeen,
    keys: h.keys.map(key),
    ...(h.hsts !== undefined ? { hsts: h.hsts } : {}),
    ...(h.override ? { override: { category: h.override.category, firstSeen: h.override.firstSeen, lastSeen: h.override.lastSeen, timesSeen: h.override.timesSeen } } : {}),
    ...(h.lastChange ? { lastChange: { at: h.lastChange.at, kind: h.lastChange.kind, severity: h.lastChange.severity } } : {}),
  };
}

export function knownEvent(e: ExportedEvent, host: string): TrustEvent {
  return {
    host, at: e.at, kind: e.kind, severity: e.severity,
    ...(e.key ? { key: { spkiSha256: e.key.spkiSha256, issuerSpkiSha256: e.key.issuerSpkiSha256 } } : {}),
    ...(e.previous ? { previous: { spkiSha256: e.previous.spkiSha256, issuerSpkiSha256: e.previous.issuerSpkiSha256 } } : {}),
    ...(e.category !== undefined ? { category: e.category } : {}),
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  };
}
