// What the attacker can present for the victim host, given the CA the site uses now: each class of
// certificate he could get, with the preparation it needs (a planted sibling key, his own host
// shown the certificate a week before), built from the corpus's real CA certificates.
import { createHash } from 'node:crypto';
import type { RealLeaf } from '../scenarios/real-world-format.js';
import type { AttackLeaf } from './adversary-mint.js';
import { FORGERIES, type Forgery } from './forged-sct.js';
import { DAY, HOUR, MINUTE } from './timing.js';

export const ATTACKER_CLASSES = [
  'same-issuer', // a fresh leaf from the site's own intermediate
  'sibling-ca', // another intermediate or root of the same operator
  'stockpiled', // issued (by SCT) before the host was first seen
  'forged-sct', // fresh, with an SCT no listed log signed, dated before the first visit
  'other-ca', // another CA family
  'interception', // a chain to a root not built into Firefox
  'sibling-plant', // the key shown first on r4nd.<victim's domain>
  'coalescing', // a certificate naming the victim and a host of the attacker's, shown there a week before (HTTP/2 shared connection)
] as const;
export type AttackerClass = (typeof ATTACKER_CLASSES)[number];

export interface Move {
  cls: AttackerClass;
  variant: string;
  /**
   * The names his certificate carries: by default every name of the site's certificate (he controls
   * the domain's DNS, or the CA issues at will); 'one': only the victim host (he hijacked the
   * validation of that one name), tried where the site's certificate names more.
   */
  names?: 'one';
}

export const moveName = (m: Move) => `${m.cls}/${m.variant}${m.names === 'one' ? '+one-name' : ''}`;

/** Classes whose certificate comes from the site's own CA family (or carries its names): where names decide. */
const NAMED: ReadonlySet<AttackerClass> = new Set(['same-issuer', 'sibling-ca', 'stockpiled', 'forged-sct', 'sibling-plant', 'coalescing']);

/** The attacker's own site: a host of his, named in the certificate beside the victim. */
export const ATTACKER_HOST = 'www.attacker-cdn.example';

/** Same operator, another CA certificate (labels of certs/): a sibling intermediate first, then another root's. */
const SAME_OPERATOR: Record<string, string[][]> = {
  'le-r11': [['le-r12', 'isrg-root-x1'], ['le-e5', 'isrg-root-x2']],
  'le-r12': [['le-r11', 'isrg-root-x1'], ['le-e6', 'isrg-root-x2']],
  'le-e5': [['le-e6', 'isrg-root-x2'], ['le-r11', 'isrg-root-x1']],
  'le-e6': [['le-e5', 'isrg-root-x2'], ['le-r12', 'isrg-root-x1']],
  'le-e5-by-x1': [['le-r11', 'isrg-root-x1'], ['le-e6', 'isrg-root-x2']],
  'gts-root-r1': [['gts-root-r4']],
  'gts-root-r4': [['gts-root-r1']],
};

/** Another CA family than the site's: chains by the root the site's chain ends in. */
function otherCa(chain: readonly string[]): string[] {
  const root = chain[chain.length - 1]!;
  return root === 'digicert-global-root-g2' ? ['globalsign-root-ca'] : ['digicert-global-root-g2'];
}

const INTERCEPTION_ROOTS = ['corporate-proxy-root', 'superfish-root'];

/** What the attacker knows of the victim at the point he strikes. */
export interface Target {
  host: string;
  /** Registrable domain of the host (siblings live under it). */
  domain: string;
  /** When FirstSeen first saw the host (for point 0, the attacker's own first visit). */
  firstSeen: number;
  /** The chain (labels) the site serves its current leaf with. */
  chain: string[];
  /** The current leaf's lifetime: what the site's CA issues. */
  lifetimeMs: number;
  /** The DNS names of the site's current certificate, if it has a subjectAltName. */
  names?: string[];
}

/** Whether the site's certificate names more than the victim host (else one name is all names). */
const namesMore = (t: Target) => t.names !== undefined && t.names.some((n) => n !== t.host.replace(/:\d+$/, ''));

export function movesFor(target: Target, classes: readonly AttackerClass[] = ATTACKER_CLASSES): Move[] {
  const moves: Move[] = [];
  const issuer = target.chain[0]!;
  for (const cls of classes) {
    switch (cls) {
      case 'sibling-ca':
        for (const c of SAME_OPERATOR[issuer] ?? []) moves.push({ cls, variant: c[0]! });
        break;
      case 'other-ca':
        for (const c of otherCa(target.chain)) moves.push({ cls, variant: c });
        break;
      case 'interception':
        for (const r of INTERCEPTION_ROOTS) moves.push({ cls, variant: r });
        break;
      case 'forged-sct':
        for (const f of FORGERIES) moves.push({ cls, variant: f });
        break;
      case 'sibling-plant':
        moves.push({ cls, variant: 'once' }, { cls, variant: 'week' });
        break;
      case 'coalescing':
        // His own domain's host, or one of the victim's domain he answers for (r4nd.<domain>).
        moves.push({ cls, variant: 'own-domain' }, { cls, variant: 'sibling-host' }, { cls, variant: 'sibling-host-other-ca' });
        break;
      default:
        moves.push({ cls, variant: 'own-issuer' });
    }
  }
  if (!namesMore(target)) return moves;
  return moves.flatMap((m) => (NAMED.has(m.cls) ? [m, { ...m, names: 'one' as const }] : [m]));
}

/** A visit the attacker arranges before the attack, on another host. */
export interface Prep {
  host: string;
  at: number;
}

export interface AttackCert {
  label: string;
  leaf: AttackLeaf;
  prep: Prep[];
  /** The SCT time he presents, if it is genuine (a forged one is not). */
  genuineSct?: number;
}

const iso = (t: number) => new Date(t).toISOString();

/** The certificate, labelled by its whole spec (a label names one certificate in a history's mint). */
function cert(name: string, leaf: AttackLeaf, prep: Prep[], genuineSct?: number): AttackCert {
  const label = `${name}#${createHash('sha256').update(JSON.stringify(leaf)).digest('hex').slice(0, 12)}`;
  return { label, leaf, prep, ...(genuineSct !== undefined ? { genuineSct } : {}) };
}

/**
 * Certificates are issued on a 30-day grid (so one serves many strikes: minting is most of the
 * search's cost); a fresh one falls after the host's first visit (else it would be a stockpile).
 */
const GRID = 30 * DAY;

/** Fresh issuance for an attack at t0: within the month before, after the first visit. */
function freshNotBefore(t0: number, firstSeen: number): number {
  const bucket = Math.floor((t0 - HOUR) / GRID) * GRID;
  return Math.min(Math.max(bucket, firstSeen + MINUTE), t0 - MINUTE);
}

function leafOf(chain: readonly string[], notBefore: number, lifetimeMs: number, key: string, sct?: number[]): RealLeaf {
  return { key, chain: [...chain], notBefore: iso(notBefore), notAfter: iso(notBefore + lifetimeMs), ...(sct ? { sct: sct.map(iso) } : {}) };
}

/**
 * The certificate the attacker presents for a strike at t0, or null when he could not hold one
 * (a stockpiled certificate that has expired by then; no other CA of the same operator).
 */
export function attackCert(move: Move, target: Target, t0: number): AttackCert | null {
  const name = moveName(move);
  const key = `atk:${name}`;
  const fresh = freshNotBefore(t0, target.firstSeen);
  const life = target.lifetimeMs;
  const year = 365 * DAY;
  const victim = target.host.replace(/:\d+$/, '');
  // The names he could get: the site's, or only the victim's; none where the site's has none.
  const names = move.names === 'one' ? [victim] : target.names;
  const named = (leaf: AttackLeaf): AttackLeaf => (names ? { ...leaf, sans: names } : leaf);
  switch (move.cls) {
    case 'same-issuer':
      return cert(name, named(leafOf(target.chain, fresh, life, key)), [], fresh);
    case 'sibling-ca': {
      const chain = (SAME_OPERATOR[target.chain[0]!] ?? []).find((c) => c[0] === move.variant);
      return chain ? cert(name, named(leafOf(chain, fresh, life, key)), [], fresh) : null;
    }
    case 'stockpiled': {
      const issued = target.firstSeen - 2 * DAY;
      if (issued + life <= t0 + DAY) return null;
      return cert(name, named(leafOf(target.chain, issued, life, key)), [], issued);
    }
    case 'forged-sct':
      return cert(name, named({ ...leafOf(target.chain, fresh, life, key), forgedSct: { kind: move.variant as Forgery, times: [target.firstSeen - 2 * DAY] } }), []);
    case 'other-ca':
      return cert(name, leafOf([move.variant], fresh, year, key), [], fresh);
    case 'interception':
      return cert(name, leafOf([move.variant], fresh, year, key, []), []);
    case 'sibling-plant':
    case 'coalescing': {
      // Shown on the other host a week before (or once, the day before): issued before that.
      const nb = Math.floor((t0 - 9 * DAY) / GRID) * GRID;
      const plantHost = move.variant === 'own-domain' ? ATTACKER_HOST : `r4nd.${target.domain}`;
      const prep = move.variant === 'once' ? [{ host: plantHost, at: t0 - HOUR }] : [{ host: plantHost, at: t0 - 8 * DAY }, { host: plantHost, at: t0 - HOUR }];
      const otherFamily = move.variant === 'sibling-host-other-ca';
      const leaf: AttackLeaf = leafOf(otherFamily ? otherCa(target.chain) : target.chain, nb, otherFamily ? year : life, key);
      // Valid for the host he shows it on first too.
      if (move.cls === 'coalescing' || names) leaf.sans = [...(names ?? [victim]), plantHost];
      return cert(name, leaf, prep, nb);
    }
  }
}
