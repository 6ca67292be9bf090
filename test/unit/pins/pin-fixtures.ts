// One pin export's worth of sites, built to hold every case a pin writer must get right: a port, a
// one-label and an any-depth wildcard, an IDN, an expiring and an expired pin, a host with a single
// pin, a host pinned to its served chain only, and a host with a real backup outside its chain.
import type { Pin } from '../../../src/core/pin.js';
import type { KnownKey, TrustRecord } from '../../../src/core/trust-record.js';
import type { PlanInput } from '../../../src/core/pin-export/plan.js';

// Distinct, valid base64 SHA-256 digests; a letter each, so the golden files read easily.
export const spki = (c: string) => `${c.repeat(43)}=`;
export const LEAF = spki('L');
export const LEAF2 = spki('M');
export const INTERMEDIATE = spki('I');
export const ROOT = spki('R');
export const SPARE = spki('S');
export const OTHER = spki('O');

export const NOW = Date.parse('2026-11-27T12:00:00Z');
const DAY = 86_400_000;

export function key(leaf: string, chain: string[] = [leaf, INTERMEDIATE, ROOT], status: KnownKey['status'] = 'first-use'): KnownKey {
  return {
    spkiSha256: leaf, issuerSpkiSha256: chain[1] ?? '', status, firstSeen: NOW - 90 * DAY, lastSeen: NOW - DAY, timesSeen: 10,
    cert: { subject: 'CN=site', issuer: 'CN=R11,O=Let\'s Encrypt,C=US', spkiSha256: leaf, fingerprintSha256: 'AA', serialNumber: '01', notBefore: NOW - 90 * DAY, notAfter: NOW + 90 * DAY },
    chainSpki: chain, chainSubjects: chain.map((_, i) => (i === 0 ? 'CN=site' : i === chain.length - 1 ? 'CN=ISRG Root X1,O=Internet Security Research Group,C=US' : 'CN=R11,O=Let\'s Encrypt,C=US')),
    builtInRoot: true, ctStatus: 'ct-compliant', tlsVersion: 'TLSv1.3',
  };
}

export function record(host: string, keys: KnownKey[]): TrustRecord {
  return { host, domain: host.split('.').slice(-2).join('.'), firstSeen: NOW - 90 * DAY, lastSeen: NOW - DAY, timesSeen: 10, keys };
}

export const pin = (pattern: string, spkiSha256: string, expiresAt: number | null = null): Pin => ({ pattern, spkiSha256, addedAt: NOW - 10 * DAY, expiresAt });

export function fixtureInput(): PlanInput {
  return {
    now: NOW,
    selection: [],
    hosts: [
      // No pin: exported by its trusted keys (the current and an earlier one); a rejected key is not.
      record('shop.example', [key(LEAF), key(LEAF2, [LEAF2, INTERMEDIATE, ROOT], 'accepted'), key(OTHER, [OTHER, spki('X'), spki('Y')], 'rejected')]),
      // No pin, one key: a single pin, with the intermediate offered as backup.
      record('single.example', [key(LEAF)]),
      // On a port.
      record('pay.example.test:8443', [key(LEAF), key(LEAF2)]),
      // An IDN host, in Firefox's ASCII form.
      record('xn--bcher-kva.example', [key(LEAF), key(LEAF2)]),
      // Covered by the pins below.
      record('api.bank.example', [key(LEAF)]),
      record('bank.example', [key(LEAF)]),
      record('www.news.example', [key(LEAF)]),
    ],
    pins: [
      // A real backup, outside the served chain, both expiring.
      pin('**.bank.example', INTERMEDIATE, NOW + 200 * DAY),
      pin('**.bank.example', SPARE, NOW + 400 * DAY),
      // One-label wildcard.
      pin('*.news.example', LEAF),
      pin('*.news.example', SPARE),
      // Expired: left out everywhere.
      pin('old.example', OTHER, NOW - 5 * DAY),
    ],
  };
}

/**
 * The fixture for TrustKit: every name under ".example" moved under ".example.com". TrustKit stops
 * an app at launch for a name under no public suffix it knows, and ".example" is none (trustkit.ts
 * refuses such names: the plain fixture checks that).
 */
export function underRealSuffix(input: PlanInput): PlanInput {
  const moved = (name: string) => name.replace(/\.example(?=$|:)/, '.example.com');
  return {
    ...input,
    selection: input.selection.map(moved),
    hosts: input.hosts.map((r) => ({ ...r, host: moved(r.host), domain: r.domain === null ? null : moved(r.domain) })),
    pins: input.pins.map((p) => ({ ...p, pattern: moved(p.pattern) })),
  };
}
