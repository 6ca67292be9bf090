// The corpus's LeafMint, extended by composition for the attacker's certificates: leaves added at
// run time (keys shared by label, so one attacker key serves many certificates), leaves with
// forged SCTs (made here, with the shared synthetic-leaf maker), and each
// SecurityInfo made once: the search asks for the same certificate thousands of times.
import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { certPem, LeafMint, type RealLeaf, type RealScenario } from '../scenarios/real-world-format.js';
import { makeLeafDer, makeLeafKeys, type LeafKeys, type LeafSpec } from '../support/synthetic-leaf.js';
import { forgedSctExtension, type Forgery } from './forged-sct.js';

export interface AttackLeaf extends RealLeaf {
  /** Forged SCTs (no listed log signed them) at these times, embedded instead of the corpus's own. */
  forgedSct?: { kind: Forgery; times: number[] };
}

type Extras = Pick<AttackLeaf, 'forgedSct'>;

export class AdversaryMint extends LeafMint {
  private readonly leaves: Record<string, RealLeaf>;
  private readonly extras = new Map<string, Extras>();
  private readonly extraDer = new Map<string, Promise<Buffer>>();
  private readonly extraKeys = new Map<string, Promise<LeafKeys>>();
  private readonly infos = new Map<string, Promise<Record<string, unknown>>>();

  constructor(scenario: RealScenario) {
    const leaves = { ...scenario.leaves };
    super({ ...scenario, leaves });
    this.leaves = leaves;
  }

  /** The leaf's spec, from the history or added by `add`. */
  leaf(label: string): RealLeaf {
    const leaf = this.leaves[label];
    if (!leaf) throw new Error(`unknown leaf ${label}`);
    return leaf;
  }

  /** Adds a leaf under `label` (kept as first added: labels name their whole spec) and returns the label. */
  add(label: string, leaf: AttackLeaf): string {
    if (this.leaves[label]) return label;
    const { forgedSct, ...plain } = leaf;
    this.leaves[label] = plain;
    if (forgedSct) this.extras.set(label, { forgedSct });
    return label;
  }

  override der(label: string): Promise<Buffer> {
    const extras = this.extras.get(label);
    if (!extras) return super.der(label);
    let der = this.extraDer.get(label);
    if (!der) {
      const leaf = this.leaf(label);
      const keyLabel = leaf.key ?? label;
      let keys = this.extraKeys.get(keyLabel);
      if (!keys) this.extraKeys.set(keyLabel, keys = makeLeafKeys());
      const spec: LeafSpec = {
        subject: leaf.subject ?? 'CN=leaf.invalid',
        // The real intermediate: its exact encoded name, and its key for the SCTs' issuer_key_hash.
        issuer: new x509.X509Certificate(certPem(leaf.chain[0]!)),
        notBefore: new Date(leaf.notBefore),
        notAfter: new Date(leaf.notAfter),
        serial: createHash('sha256').update(label).digest('hex').slice(0, 16),
        ...(leaf.sans ? { sans: leaf.sans } : {}),
      };
      const forged = extras.forgedSct;
      der = keys.then(async (k) => makeLeafDer(forged
        ? { ...spec, sctExtension: await forgedSctExtension(forged.kind, forged.times, spec, k) }
        : { ...spec, sctTimes: (leaf.sct ?? [leaf.notBefore]).map((t) => Date.parse(t)) }, k)).then((d) => Buffer.from(d));
      this.extraDer.set(label, der);
    }
    return der;
  }

  /** Firefox's SecurityInfo for this leaf on this host, made once. */
  info(label: string, host: string, via?: string[]): Promise<Record<string, unknown>> {
    const key = `${label}|${host}|${via?.join(',') ?? ''}`;
    let info = this.infos.get(key);
    if (!info) this.infos.set(key, info = this.securityInfo(label, host, via));
    return info;
  }
}
