// The trust service's question to core/shared-connection.ts: after the judge, may this key be
// another host's, reached over a shared HTTP/2 connection? Asked only for a plain new key: a
// rejected key, an interception root, a pending key or a doubt is never explained away.
import { coalescingCandidates, sharedConnectionVerdict } from '../core/shared-connection.js';
import type { Observation } from '../core/observation.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { Verdict } from '../core/verdict.js';

/** Verdicts on a key new to the host that a shared connection may explain. */
const SHAREABLE = new Set<Verdict['kind']>(['first-use', 'key-change', 'issuer-change']);

/**
 * The shared-connection verdict for `judged`, or null. `recordOf` reads another host's record
 * (the certificate's other names, same port); `domain` is this host's registrable domain.
 */
export async function sharedConnectionFor(
  judged: Verdict, record: TrustRecord | undefined, obs: Observation, domain: string | null,
  recordOf: (host: string) => Promise<TrustRecord | undefined>,
): Promise<Verdict | null> {
  if (!SHAREABLE.has(judged.kind) || judged.doubts || (judged.kind === 'first-use' && judged.severity !== 'none') || !obs.sans) return null;
  for (const other of coalescingCandidates(obs)) {
    const verdict = sharedConnectionVerdict(record, obs, await recordOf(other).catch(() => undefined), domain);
    if (verdict) return verdict;
  }
  return null;
}
