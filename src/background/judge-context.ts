// What the judge knows beyond a host's own record (verdict.ts, JudgeContext): roots several hosts
// flipped to (suspected interception), keys trusted on sibling hosts, the known keys' names, and
// the known TLS inspection roots. Gathered only where a verdict can need them.
import { inspectorsFor, type InspectorLookup } from '../core/inspection-roots.js';
import type { RecognisedRoot } from '../core/options.js';
import type { Policy } from '../core/policy.js';
import { siblingKeysOf } from '../core/sibling-keys.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { JudgeContext, SiblingKey } from '../core/verdict.js';
import type { TrustStore } from '../store/trust-store.js';
import type { InterceptionWatch } from './interception-watch.js';
import type { RecordKeeper } from './record-keeper.js';

export class JudgeContexts {
  constructor(
    private readonly store: () => Promise<TrustStore>,
    private readonly records: RecordKeeper,
    private readonly interception: InterceptionWatch,
    private readonly recognisedRoots: () => Promise<readonly RecognisedRoot[]>,
  ) {}

  /** Siblings' keys (`domain` given) for an unknown key; the known keys' names for one read with its DER. */
  async contextFor(domain: string | null, host: string, incognito: boolean, names: boolean): Promise<JudgeContext> {
    const context: JudgeContext = { interceptionRoots: await this.interception.suspectedRoots() };
    if (domain) context.siblingKeys = await this.siblingKeys(domain, host, incognito);
    if (names) context.namesOf = (await import('../core/key-names.js')).namesOfKey;
    return context;
  }

  /** The inspection root that may re-sign `host`: the organisation's first, then one the user recognised. */
  async inspectionRoots(policy: Policy | undefined, host: string): Promise<InspectorLookup> {
    return inspectorsFor(policy?.managed, await this.recognisedRoots().catch(() => []), host);
  }

  private async siblingKeys(domain: string, host: string, incognito: boolean): Promise<Map<string, SiblingKey[]>> {
    const records = new Map<string, TrustRecord>();
    try {
      for (const r of await (await this.store()).recordsOfDomain(domain)) records.set(r.host, r);
    } catch {
      // Siblings only soften a verdict: without them the judgement is stricter, never wrong.
    }
    for (const r of this.records.held(incognito)) if (r && r.domain === domain) records.set(r.host, r);
    records.delete(host);
    return siblingKeysOf(records.values());
  }
}
