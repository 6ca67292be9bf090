// HTTP/2 coalescing: Firefox may serve a host over a connection opened for another whose
// certificate names both. A key the host was never trusted with, on a certificate valid for it,
// that another host named in it (same port) has trusted for over a week: a shared connection.
//
// Who else can show that signal: anyone with a certificate naming the victim and a host of his
// own, which he has shown there for a week; within the victim's own domain, a key he planted on
// r4nd.victim.example by having the browser fetch it twice a week apart. So the rule quiets only
// a host with no key yet (nothing learned for it: trust on first use could not have done better);
// for a host with keys of its own it is only said beside the change, which is judged as any new
// key. The other host must be of the same registrable domain, or the chain must have passed
// Firefox's own pins for this host. And the rule is asked only after the judge: a rejected key, an
// interception root or a pending key is judged as such, whatever else the certificate names.
import { refOf } from './judge.js';
import { nameCovers } from './names-covered.js';
import type { Observation } from './observation.js';
import { isProvisional, PROBATION_MS } from './timing.js';
import { isTrusted, latestTrustedKey, type TrustRecord } from './trust-record.js';
import type { Verdict } from './verdict.js';

/** How many other hosts named in a certificate are looked up. */
const MAX_CANDIDATES = 16;

/** The host keys of the other hosts the certificate names, or [] if it does not cover this host. */
export function coalescingCandidates(obs: Observation): string[] {
  const name = obs.host.replace(/:\d+$/, '');
  const port = obs.host.slice(name.length);
  if (!obs.sans?.some((n) => nameCovers(n, name))) return [];
  return [...new Set(obs.sans.filter((n) => !n.startsWith('*.') && n !== name))].slice(0, MAX_CANDIDATES).map((n) => `${n}${port}`);
}

/**
 * The verdict if `other` (a host the certificate names) has trusted this key for over a week, and
 * is of this host's registrable domain `domain` (or Firefox's own pins vouch for the chain).
 */
export function sharedConnectionVerdict(record: TrustRecord | undefined, obs: Observation, other: TrustRecord | undefined, domain: string | null): Verdict | null {
  const sameOwner = (domain !== null && other?.domain === domain) || (obs.firefoxPinned === true && obs.builtInRoot);
  if (!sameOwner) return null;
  const key = other?.keys.find((k) => isTrusted(k) && k.spkiSha256 === obs.leaf.spkiSha256 && !isProvisional(k) && k.lastSeen - k.firstSeen >= PROBATION_MS);
  if (!key) return null;
  return {
    kind: 'shared-connection', severity: record?.keys.some(isTrusted) ? 'notice' : 'none', host: obs.host, at: obs.at,
    reasons: ['reasonSharedConnection'], observed: refOf(key), previous: refOf(latestTrustedKey(record)),
  };
}
