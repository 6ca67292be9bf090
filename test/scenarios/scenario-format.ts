// The scenario corpus format (test/fixtures/scenarios/*.json): sequences of responses over time,
// each with the verdict it must get. Certificates are described by labels; a label's SPKI is the
// SHA-256 of the label, so scenarios stay readable and still look like Firefox's data.
import { createHash } from 'node:crypto';
import { readObservation, type ReadResult } from '../../src/core/observation.js';
import { captured, type FixtureName } from '../unit/core/fixtures.js';

export interface AuthoritySpec {
  subject: string;
  /** Label of the authority that signed this one; absent for a root. */
  issuer?: string;
  /** For a root: does it ship with Firefox? */
  builtIn?: boolean;
}

export interface LeafSpec {
  /** Label of the leaf's key: the same label is the same key. */
  key: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  subject?: string;
  /** A different serial: a re-issued certificate for the same key. */
  serial?: string;
  /**
   * The earliest SCT time. Described leaves have no DER, so this stands for what chain-der.ts reads
   * from one (the real-certificate corpus goes through that path); absent: no SCT.
   */
  sct?: string;
}

export interface Expectation {
  kind: string;
  severity?: string;
  /** Reasons the verdict must include (i18n message names). */
  reasons?: string[];
}

export interface ResponseStep {
  at: string;
  host: string;
  leaf?: LeafSpec;
  /** A SecurityInfo captured from a real Firefox, instead of a described chain. */
  fixture?: FixtureName;
  /** For a captured fixture: pretend its root ships with Firefox (public CAs can't be made locally). */
  rootBuiltIn?: boolean;
  tls?: string;
  ct?: string;
  hsts?: boolean;
  override?: string;
  fromCache?: boolean;
  incognito?: boolean;
  expect: Expectation | 'skip';
  note?: string;
}

export interface DecisionStep {
  at: string;
  host: string;
  decide: 'accepted' | 'rejected';
  /** Label of the leaf key, and of its issuer. */
  key: string;
  issuer: string;
}

export type Step = ResponseStep | DecisionStep;

export interface Scenario {
  description: string;
  authorities: Record<string, AuthoritySpec>;
  steps: Step[];
}

export function spkiOf(label: string): string {
  return createHash('sha256').update(`spki:${label}`).digest('base64');
}

function colonHex(text: string): string {
  return createHash('sha256').update(text).digest('hex').toUpperCase().match(/../g)!.join(':');
}

const FAR_PAST = Date.parse('2015-01-01T00:00:00Z');
const FAR_FUTURE = Date.parse('2045-01-01T00:00:00Z');

function certificate(subject: string, issuer: string, keyLabel: string, notBefore: number, notAfter: number, serial: string, root = false) {
  return {
    subject,
    issuer,
    validity: { start: notBefore, end: notAfter },
    fingerprint: { sha1: colonHex(`sha1:${keyLabel}:${serial}:${notBefore}`).slice(0, 59), sha256: colonHex(`${keyLabel}:${serial}:${notBefore}`) },
    serialNumber: colonHex(serial).slice(0, 47),
    isBuiltInRoot: root,
    subjectPublicKeyInfoDigest: { sha256: spkiOf(keyLabel) },
  };
}

/** Firefox's SecurityInfo for a described chain: leaf first, root last. */
export function securityInfoFor(scenario: Scenario, step: ResponseStep): Record<string, unknown> {
  if (step.fixture) {
    const info = structuredClone(captured(step.fixture).securityInfo);
    const last = info.certificates[info.certificates.length - 1];
    if (last && step.rootBuiltIn !== undefined) last.isBuiltInRoot = step.rootBuiltIn;
    return info;
  }
  const leaf = step.leaf!;
  const chain = [];
  const issuerOf = (label: string) => {
    const a = scenario.authorities[label];
    if (!a) throw new Error(`unknown authority ${label}`);
    return a;
  };
  chain.push(certificate(leaf.subject ?? `CN=${step.host.replace(/:\d+$/, '')}`, issuerOf(leaf.issuer).subject, leaf.key,
    Date.parse(leaf.notBefore), Date.parse(leaf.notAfter), leaf.serial ?? `${leaf.key}-${leaf.notBefore}`));
  let label: string | undefined = leaf.issuer;
  while (label) {
    const a = issuerOf(label);
    const parent: AuthoritySpec = a.issuer ? issuerOf(a.issuer) : a;
    chain.push(certificate(a.subject, parent.subject, label, FAR_PAST, FAR_FUTURE, label, !a.issuer && a.builtIn === true));
    label = a.issuer;
  }
  return {
    state: 'secure',
    protocolVersion: step.tls ?? 'TLSv1.3',
    certificateTransparencyStatus: step.ct ?? 'ct_policy_compliant',
    hsts: step.hsts ?? false,
    ...(step.override ? { overridableErrorCategory: step.override, isUntrusted: true } : {}),
    certificates: step.override ? [] : chain,
  };
}

export function readStep(scenario: Scenario, step: ResponseStep): ReadResult {
  const at = Date.parse(step.at);
  const url = step.fixture ? captured(step.fixture).details.url.replace('site.test:8443', step.host) : `https://${step.host}/`;
  const result = readObservation({ url, type: 'main_frame', fromCache: step.fromCache ?? false }, securityInfoFor(scenario, step), at);
  if (result.kind !== 'observation' || !step.leaf?.sct) return result;
  return { kind: 'observation', observation: { ...result.observation, issuedAt: Date.parse(step.leaf.sct) } };
}
