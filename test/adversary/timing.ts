// When the attacker strikes and for how long: the start points he can wait for (a timer of the
// product's rules), how he serves his key (every connection, or some), and the victim's visits.
import { isTrusted, type TrustRecord } from '../../src/core/trust-record.js';

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** every: on each of the victim's connections; interleaved: the real key on others in between. */
export type Serve = 'every' | 'interleaved';
export const SERVES: readonly Serve[] = ['every', 'interleaved'];

/** How long he serves his key. */
export const DURATIONS: readonly number[] = [HOUR, DAY, 3 * DAY, 8 * DAY, 30 * DAY];

/**
 * now: right after the victim's step; due: once a trusted key of the host enters the last third of
 * its life; after-learning: once the host's first 3 days are over; lapsed: once every trusted key
 * has lapsed (the victim away 31+ days); first-visit: before the host's very first visit.
 */
export type Start = 'now' | 'due' | 'after-learning' | 'lapsed' | 'first-visit';
export const STARTS: readonly Start[] = ['now', 'due', 'after-learning', 'lapsed'];

/**
 * watch: the default; pinned-leaf / pinned-intermediate: a policy pin on the current key or its
 * issuer; strict mode; after-reject: the user has rejected his key (his first response, judged).
 */
export type Mode = 'watch' | 'pinned-leaf' | 'pinned-intermediate' | 'strict' | 'after-reject';
export const MODES: readonly Mode[] = ['watch', 'pinned-leaf', 'pinned-intermediate', 'strict', 'after-reject'];

/** The victim's connections during an attack, as offsets from its start. */
const VISITS = [0, 10 * MINUTE, 6 * HOUR, 23 * HOUR, 2 * DAY, 7 * DAY + 2 * HOUR, 29 * DAY];
/** With interleaved serving, the real key is on a connection this long after each of his. */
export const INTERLEAVE_GAP = 20 * MINUTE;
/** After the attack, the real key comes back this long after its end (past the product's 1-hour rollout grace). */
export const RETURN_AFTER = 2 * HOUR;

export function attackVisits(durationMs: number): number[] {
  return VISITS.filter((o) => o < durationMs);
}

export function durationName(ms: number): string {
  return ms % DAY === 0 ? `${ms / DAY}d` : ms % HOUR === 0 ? `${ms / HOUR}h` : `${ms / MINUTE}min`;
}

/** The times each start stands for after the victim's step at `stepAt` (later ones the same as an earlier are left out). */
export function startTimes(record: TrustRecord, stepAt: number, starts: readonly Start[] = STARTS): { start: Start; at: number }[] {
  const trusted = record.keys.filter(isTrusted);
  const now = stepAt + 5 * MINUTE;
  const at: Record<Exclude<Start, 'first-visit'>, number> = {
    now,
    due: Math.min(...trusted.map((k) => k.cert.notAfter - (k.cert.notAfter - k.cert.notBefore) / 3)) + HOUR,
    'after-learning': record.firstSeen + 3 * DAY + HOUR,
    lapsed: Math.max(...trusted.map((k) => k.lastSeen + 30 * DAY + Math.min(30 * DAY, k.lastSeen - k.firstSeen))) + HOUR,
  };
  const out: { start: Start; at: number }[] = [];
  for (const start of starts) {
    if (start === 'first-visit') continue;
    const t = at[start];
    if (!Number.isFinite(t) || (start !== 'now' && t <= now) || out.some((o) => o.at === t)) continue;
    out.push({ start, at: t });
  }
  return out;
}
