// The stored policy is checked field by field on read: one bad pin or rule is dropped and reported,
// the rest still enforces. A policy that is not an object at all is an error, never "no policy".
import { isSpkiSha256 } from '../core/certificate.js';
import { parseHostPattern } from '../core/host-pattern.js';
import type { Pin } from '../core/pin.js';
import { EMPTY_POLICY, type Policy } from '../core/policy.js';

export function checkStoredPolicy(value: unknown): { policy: Policy; problems: string[] } {
  if (value === undefined) return { policy: structuredClone(EMPTY_POLICY), problems: [] };
  if (typeof value !== 'object' || value === null) throw new TypeError('stored policy is not an object');
  const raw = value as Partial<Record<keyof Policy, unknown>>;
  const problems: string[] = [];
  const modes: Policy['modes'] = {};
  for (const [host, mode] of Object.entries((raw.modes ?? {}) as Record<string, unknown>)) {
    if (mode === 'strict' || mode === 'ignore') modes[host] = mode;
    else problems.push(`modes.${host}: unknown mode`);
  }
  const ignoreRules = (Array.isArray(raw.ignoreRules) ? raw.ignoreRules : []).filter((r, i): r is string => {
    const ok = typeof r === 'string' && typeof parseHostPattern(r) !== 'string';
    if (!ok) problems.push(`ignoreRules[${i}]: not a host pattern`);
    return ok;
  });
  const pins = (Array.isArray(raw.pins) ? raw.pins : []).filter((p, i): p is Pin => {
    const pin = p as Partial<Pin> | null;
    const ok = typeof pin?.pattern === 'string' && typeof parseHostPattern(pin.pattern) !== 'string' &&
      isSpkiSha256(pin.spkiSha256) && typeof pin.addedAt === 'number' &&
      (pin.expiresAt === null || typeof pin.expiresAt === 'number');
    if (!ok) problems.push(`pins[${i}]: not a valid pin`);
    return ok;
  });
  return { policy: { modes, ignoreRules, pins }, problems };
}
