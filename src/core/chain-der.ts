// An observation with its chain's DER, for a key the host never showed: kept for PEM export, and
// read for the leaf's true issuance time (sct.ts). Loaded on demand: a wake never parses it.
import type { Observation } from './observation.js';
import { earliestSctTime } from './sct.js';

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function withChainDer(obs: Observation, der: string[]): Observation {
  let issuedAt: number | undefined;
  try {
    issuedAt = earliestSctTime(bytesOf(der[0]!), obs.at);
  } catch {
    // A leaf whose SCTs cannot be read has no proven age: no rule that needs one applies.
    issuedAt = undefined;
  }
  return { ...obs, chainDer: der, ...(issuedAt !== undefined ? { issuedAt } : {}) };
}
