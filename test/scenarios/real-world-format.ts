// The real-certificate corpus (test/scenarios/real-world/*.json): chains of real CA certificates
// (certs/, sources in SOURCES.md) with synthetic leaves under the real issuers' exact names, in real
// DER with embedded SCTs signed by the tests' CT log (TEST_CT_LOGS: the runner hands that list to
// FirstSeen), turned into the SecurityInfo Firefox would hand the listener.
import { createHash, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { makeLeafDer, makeLeafKeys, type LeafKeys } from '../support/synthetic-leaf.js';

export const REAL_WORLD = new URL('./real-world/', import.meta.url).pathname;
const CERTS = join(REAL_WORLD, 'certs');

/** Roots of certs/ that ship with Firefox today (copied from Debian's ca-certificates, Mozilla's list). */
const BUILT_IN_TODAY = new Set(['isrg-root-x1', 'isrg-root-x2', 'gts-root-r1', 'gts-root-r4', 'digicert-global-root-g2', 'globalsign-root-ca']);

export interface RealLeaf {
  /** Key label: leaves with one label share one key pair (a renewal that keeps the key). */
  key?: string;
  subject?: string;
  /** Labels of certs/*.pem above the leaf, up to the root. */
  chain: string[];
  notBefore: string;
  notAfter: string;
  /** DNS names of its subjectAltName (a renewal carries them over); none by default. */
  sans?: string[];
  /** Log times of embedded SCTs; [] for none. Default: the notBefore. */
  sct?: string[];
  /** For a historical root no longer shipped: was it built into Firefox at the time? */
  builtIn?: boolean;
}

export interface RealExpectation {
  /** Nothing to judge: no verdict at all. */
  skip?: boolean;
  kind?: string;
  severity?: string;
  /** The least severity accepted (for rate-style checks). */
  atLeast?: string;
  atMost?: string;
  reasons?: string[];
}

export interface RealResponseStep {
  at: string;
  host: string;
  leaf?: string;
  /** Firefox's overridableErrorCategory: the user clicked through a certificate error. */
  override?: string;
  fromCache?: boolean;
  /** The same leaf over another chain (a cross-signed path): labels of certs/*.pem above it. */
  via?: string[];
  /** A change event (a key the host never showed): counted in the benign rate. */
  change?: boolean;
  /** The attacker's response: the scenario is detected if one of these gets a warning or worse. */
  attack?: boolean;
  expect: RealExpectation;
  note?: string;
}

export interface RealDecisionStep {
  at: string;
  host: string;
  decide: 'accepted' | 'rejected';
  leaf: string;
}

export interface RealScenario {
  description: string;
  class: 'benign' | 'attack';
  leaves: Record<string, RealLeaf>;
  steps: (RealResponseStep | RealDecisionStep)[];
}

export function loadRealWorld(dir = REAL_WORLD): [string, RealScenario][] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as RealScenario]);
}

export function certPem(label: string): string {
  return readFileSync(join(CERTS, `${label}.pem`), 'utf8');
}

/** NSS's form of a name: most specific first, comma-separated, commas in values escaped. */
function nssName(x509Name: string): string {
  return x509Name.split('\n').reverse().map((rdn) => {
    const eq = rdn.indexOf('=');
    return `${rdn.slice(0, eq)}=${rdn.slice(eq + 1).replaceAll(',', '\\,')}`;
  }).join(',');
}

const colonHex = (hex: string) => hex.toUpperCase().match(/../g)!.join(':');

export function spkiSha256(cert: X509Certificate): string {
  return createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
}

function certificateInfo(cert: X509Certificate, builtInRoot: boolean, der: Buffer) {
  return {
    subject: nssName(cert.subject),
    issuer: nssName(cert.issuer),
    validity: { start: Date.parse(cert.validFrom), end: Date.parse(cert.validTo) },
    fingerprint: { sha1: cert.fingerprint, sha256: cert.fingerprint256 },
    serialNumber: colonHex(cert.serialNumber.length % 2 ? `0${cert.serialNumber}` : cert.serialNumber),
    isBuiltInRoot: builtInRoot,
    subjectPublicKeyInfoDigest: { sha256: spkiSha256(cert) },
    rawDER: [...der],
  };
}

/** Makes each leaf of a scenario once (keys shared by label), as DER. */
export class LeafMint {
  private readonly keys = new Map<string, Promise<LeafKeys>>();
  private readonly made = new Map<string, Promise<Buffer>>();

  constructor(private readonly scenario: RealScenario) {}

  der(label: string): Promise<Buffer> {
    let der = this.made.get(label);
    if (!der) {
      const leaf = this.scenario.leaves[label];
      if (!leaf) throw new Error(`unknown leaf ${label}`);
      const keyLabel = leaf.key ?? label;
      let keys = this.keys.get(keyLabel);
      if (!keys) this.keys.set(keyLabel, keys = makeLeafKeys());
      // The real intermediate: its exact name, as encoded in its own certificate, and its key,
      // whose hash is in what each SCT signs (as over a real precertificate).
      const issuer = new x509.X509Certificate(certPem(leaf.chain[0]!));
      der = keys.then((k) => makeLeafDer({
        subject: leaf.subject ?? 'CN=leaf.invalid',
        issuer,
        notBefore: new Date(leaf.notBefore),
        notAfter: new Date(leaf.notAfter),
        serial: createHash('sha256').update(label).digest('hex').slice(0, 16),
        sctTimes: (leaf.sct ?? [leaf.notBefore]).map((t) => Date.parse(t)),
        ...(leaf.sans ? { sans: leaf.sans } : {}),
      }, k)).then((d) => Buffer.from(d));
      this.made.set(label, der);
    }
    return der;
  }

  /** Firefox's SecurityInfo for a response with this leaf, read with the chain and rawDER. */
  async securityInfo(label: string, host: string, via?: string[]): Promise<Record<string, unknown>> {
    const spec = this.scenario.leaves[label]!;
    const leaf = via ? { ...spec, chain: via } : spec;
    const leafDer = await this.der(label);
    const subject = leaf.subject ?? `CN=${host.replace(/:\d+$/, '')}`;
    const chain = [{ cert: new X509Certificate(leafDer), der: leafDer }, ...leaf.chain.map((c) => {
      const pem = certPem(c);
      const cert = new X509Certificate(pem);
      return { cert, der: cert.raw };
    })];
    const rootLabel = leaf.chain[leaf.chain.length - 1]!;
    const builtIn = leaf.builtIn ?? BUILT_IN_TODAY.has(rootLabel);
    const certificates = chain.map((c, i) => certificateInfo(c.cert, i === chain.length - 1 && builtIn, c.der));
    certificates[0]!.subject = subject;
    return {
      state: 'secure',
      protocolVersion: 'TLSv1.3',
      certificateTransparencyStatus: builtIn ? 'ct_policy_compliant' : 'not_applicable',
      hsts: false,
      certificates,
    };
  }
}
