// An observation with its chain's DER, for a key the host never showed: kept for PEM export, and
// read for the leaf's true issuance time (sct-verify.ts) and names (san.ts). Loaded on demand: a
// wake never parses DER, nor loads the CT log list.
import { bytesOf } from './base64.js';
import type { CtLog } from './ct-logs/ct-log.js';
import { KNOWN_LOGS } from './ct-logs/known-logs.js';
import type { Observation } from './observation.js';
import { dnsNamesOf } from './san.js';
import { earliestVerifiedSctTime } from './sct-verify.js';

/** What one reader returns, or undefined if the leaf's field cannot be read: no rule then uses it. */
function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * The observation with its DER, the leaf's verified issuance time and its DNS names. `logs` are
 * the CT logs whose SCTs count: the shipped snapshot; a test passes its own.
 */
export async function withChainDer(obs: Observation, der: string[], logs: readonly CtLog[] = KNOWN_LOGS): Promise<Observation> {
  const leaf = bytesOf(der[0]!);
  // The issuer's key is in what the log signed: without the issuer's DER no SCT verifies.
  const issuer = der[1] === undefined ? undefined : tryRead(() => bytesOf(der[1]!));
  // A leaf whose SCTs cannot be read or verified has no proven age; one whose names cannot be read
  // shares no connection with another host, as far as FirstSeen can tell.
  const issuedAt = await earliestVerifiedSctTime(leaf, issuer, obs.at, logs).catch(() => undefined);
  const sans = tryRead(() => dnsNamesOf(leaf));
  return { ...obs, chainDer: der, ...(issuedAt !== undefined ? { issuedAt } : {}), ...(sans && sans.length > 0 ? { sans } : {}) };
}
