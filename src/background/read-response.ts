// Reading one held response: the leaf first. A certificate the host is already trusted with needs
// nothing more (its chain is the one it was seen with), and most responses are that. Anything else
// is read again whole, chain and DER: the DER gives the leaf's true issuance time (SCTs) and the
// PEM export. The DER reader is loaded on demand: a wake never parses it.
import type { CtLog } from '../core/ct-logs/ct-log.js';
import { chainDerOf, readObservation, type ReadResult, type RequestFacts } from '../core/observation.js';
import type { SecurityInfoReader } from '../platform/tls-observer.js';
import type { TrustService } from './trust-service.js';

export async function readResponse(
  facts: RequestFacts & { incognito: boolean },
  reader: SecurityInfoReader,
  service: Pick<TrustService, 'knownCertificate'>,
  now: () => number,
  onLeaf?: () => void,
  logs?: readonly CtLog[],
): Promise<ReadResult> {
  const quick = readObservation(facts, await reader.leaf(), now());
  onLeaf?.();
  if (quick.kind !== 'observation') return quick;
  const known = await service.knownCertificate(quick.observation, facts.incognito);
  if (known) return { kind: 'observation', observation: known };
  const info = await reader.chain();
  const full = readObservation(facts, info, now());
  const der = full.kind === 'observation' ? chainDerOf(info) : null;
  if (full.kind !== 'observation' || !der || der.length !== full.observation.chain.length) return full;
  const { withChainDer } = await import('../core/chain-der.js');
  return { kind: 'observation', observation: await withChainDer(full.observation, der, logs) };
}
