// An observation with its chain's DER, for a key the host never showed: kept for PEM export, and
// read for the leaf's true issuance time (sct.ts). Loaded on demand: a wake never parses it.
import type { Observation } from './observation.js';
import { dnsNamesOf } from './san.js';
import { earliestSctTime } from './sct.js';

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** What one reader returns, or undefined if the leaf's field cannot be read: no rule then uses it. */
function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function withChainDer(obs: Observation, der: string[]): Observation {
  const leaf = bytesOf(der[0]!);
  // A leaf whose SCTs cannot be read has no proven age; one whose names cannot be read shares no
  // connection with another host, as far as FirstSeen can tell.
  const issuedAt = tryRead(() => earliestSctTime(leaf, obs.at));
  const sans = tryRead(() => dnsNamesOf(leaf));
  return { ...obs, chainDer: der, ...(issuedAt !== undefined ? { issuedAt } : {}), ...(sans && sans.length > 0 ? { sans } : {}) };
}
