// A site's history in a few lines, for rule tests: keys by label, certificates of a chosen life,
// each sighting judged and applied as the add-on does (judge, then apply), the record kept.
import { createHash } from 'node:crypto';
import { applyObservation, decideKey } from '../../../src/core/apply.js';
import type { CertificateSummary } from '../../../src/core/certificate.js';
import { registrableDomain } from '../../../src/core/domain.js';
import { judgeObservation } from '../../../src/core/judge.js';
import type { Observation } from '../../../src/core/observation.js';
import type { KeyDecision, KeyStatus, TrustRecord } from '../../../src/core/trust-record.js';
import type { JudgeContext, Verdict } from '../../../src/core/verdict.js';

export const DAY = 86_400_000;
export const HOST = 'bank.example:443';

/** A stand-in SPKI digest for a label: the shape Firefox reports, distinct per label. */
export const spkiOf = (label: string) => createHash('sha256').update(label).digest('base64');

export interface SightingOptions {
  /** The leaf's verified SCT time (its proven issuance). */
  issued?: string;
  notBefore?: string;
  notAfter?: string;
  /** Labels of the issuing CA and the root; a root not built in with builtIn false. */
  issuer?: string;
  root?: string;
  builtIn?: boolean;
  /** The DNS names the leaf is valid for. */
  sans?: string[];
  /** SecurityInfo's hpkp: the chain passed Firefox's built-in pins for the host. */
  firefoxPinned?: boolean;
  host?: string;
}

const time = (iso: string) => Date.parse(iso.includes('T') ? iso : `${iso}T08:00:00Z`);

function cert(label: string, subject: string, issuer: string, notBefore: number, notAfter: number): CertificateSummary {
  return { subject: `CN=${subject}`, issuer: `CN=${issuer}, O=Example CA`, spkiSha256: spkiOf(label), fingerprintSha256: spkiOf(`${label}@${notBefore}`), serialNumber: label, notBefore, notAfter };
}

export function observation(label: string, at: string, o: SightingOptions = {}): Observation {
  const issuer = o.issuer ?? 'int-1';
  const root = o.root ?? 'root-1';
  // A certificate's life starts at its issuance unless said otherwise.
  const notBefore = time(o.notBefore ?? o.issued ?? '2026-01-01T00:00:00Z');
  const notAfter = o.notAfter ? time(o.notAfter) : notBefore + 90 * DAY;
  const leaf = cert(label, o.host ?? HOST, issuer, notBefore, notAfter);
  const chain = [leaf, cert(issuer, issuer, root, 0, 4e12), cert(root, root, root, 0, 4e12)];
  return {
    host: o.host ?? HOST, at: time(at), requestType: 'main_frame', leaf, chain, builtInRoot: o.builtIn ?? true,
    ctStatus: 'valid', tlsVersion: 'TLSv1.3', hsts: false,
    ...(o.issued ? { issuedAt: time(o.issued) } : {}), ...(o.sans ? { sans: o.sans } : {}), ...(o.firefoxPinned ? { firefoxPinned: true } : {}),
  };
}

export class Site {
  record: TrustRecord | undefined;
  /** The names of each key's certificate, as the trust service reads them from its stored DER. */
  private readonly names = new Map<string, string[]>();
  context: JudgeContext = { namesOf: (k) => this.names.get(k.spkiSha256) ?? null };

  constructor(private readonly defaults: SightingOptions = {}) {}

  /** What each label's certificate was first seen with: later sightings show the same one. */
  private readonly certificates = new Map<string, SightingOptions>();

  /** Judges a sighting of the key `label` and applies it, as the trust service does; `shown`: a tab shows it. */
  see(label: string, at: string, o: SightingOptions = {}, shown = true): Verdict {
    const options = { ...this.defaults, ...this.certificates.get(label), ...o };
    this.certificates.set(label, options);
    const obs = observation(label, at, options);
    if (options.sans && !this.names.has(spkiOf(label))) this.names.set(spkiOf(label), options.sans);
    const verdict = judgeObservation(this.record, obs, this.context);
    this.record = applyObservation(this.record, obs, verdict, registrableDomain, shown).record;
    return verdict;
  }

  decide(label: string, decision: KeyDecision, at: string): void {
    const key = this.record!.keys.find((k) => k.spkiSha256 === spkiOf(label))!;
    this.record = decideKey(this.record!, key, decision, time(at)).record;
  }

  status(label: string): KeyStatus | undefined {
    return this.record?.keys.find((k) => k.spkiSha256 === spkiOf(label))?.status;
  }
}
