// Walking the whole store with a retention rule (core/retention.ts): what each record loses, and
// for a real prune what each record was, for its undo. The caller (TrustService) keeps its cache
// and the management page's directory in step with what this wrote.
import { pruneRecord, type PruneRule } from '../core/retention.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { TrustStore } from '../store/trust-store.js';

export interface PruneSummary {
  keys: number;
  /** Hosts that lost keys, including those forgotten. */
  hosts: number;
  /** Hosts left without a key, forgotten with their history. */
  gone: string[];
  /** Every host that loses keys, in host order. */
  affected: string[];
  /** Their records as they were before a real prune (not a dry run), for its undo. */
  before: TrustRecord[];
}

export async function pruneStore(store: TrustStore, rule: PruneRule, at: number, dryRun: boolean): Promise<PruneSummary & { changed: TrustRecord[] }> {
  let keys = 0;
  const affected: string[] = [];
  const before: TrustRecord[] = [];
  const { changed, removed } = await store.rewriteAll((record) => {
    const outcome = pruneRecord(record, rule, at);
    keys += outcome?.removed.length ?? 0;
    if (outcome) {
      affected.push(record.host);
      if (!dryRun) before.push(record);
    }
    return outcome;
  }, 500, dryRun);
  return { keys, hosts: changed.length + removed.length, gone: removed, affected, before, changed };
}
