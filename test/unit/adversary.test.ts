// The adversary search (test/adversary, npm run adversary), reduced to a few representative
// histories and durations, in process: no silent attack path, every attacker class tried; and
// proof that it can fail (a judge wrapper that downgrades every warning to a notice gives silent
// paths), and that its shortcut (each certificate's whole read made once) changes no verdict.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/core/verdict.js';
import { ATTACKER_CLASSES } from '../adversary/attackers.js';
import { groupRows } from '../adversary/report.js';
import { searchAdversary, type SearchOptions, type SearchResult } from '../adversary/search.js';
import { silentInWatch, type Sighting } from '../adversary/play-path.js';
import { DAY, HOUR } from '../adversary/timing.js';

/** Sites with one key in service: an LE renewal (sibling intermediates), GTS roots, a forced early re-key. */
const REDUCED: SearchOptions = {
  histories: ['benign-le-renewal-sibling-intermediate', 'benign-gts-root-r1-to-r4', 'benign-forced-early-renewal'],
  durations: [HOUR, DAY, 8 * DAY],
};

/**
 * A site serving two keys at once (ECDSA and RSA). The real site shows both (PointState.fleet): a
 * key from its own CA family at renewal time is taken to renew a due key still free, and that key
 * coming back catches him.
 */
const SEVERAL_KEYS: SearchOptions = { histories: ['benign-ecdsa-rsa-dual-certificates'], durations: [HOUR, DAY, 8 * DAY] };

const weakened = (v: Verdict): Verdict => (v.severity === 'warning' ? { ...v, severity: 'notice' } : v);

/** The silent paths as report rows: what a failure shows. */
const rows = (r: SearchResult) => groupRows(r.silent).map((g) => `${g.cls} | ${g.timing} | ${g.history} after ${g.points.join(',')} | ${g.rule} | ${g.fate}`);

describe('adversary search', () => {
  it('finds no silent attack path on a site with one key in service, with every attacker class tried', async () => {
    const r = await searchAdversary(REDUCED);
    for (const cls of ATTACKER_CLASSES) expect(r.movesByClass[cls], cls).toBeGreaterThan(0);
    expect(rows(r).slice(0, 40), `${r.silent.length} silent paths`).toEqual([]);
    expect(r.silent.length).toBe(0);
  }, 600_000);

  it('on a site serving an ECDSA and an RSA certificate, finds no silent attack path', async () => {
    const r = await searchAdversary(SEVERAL_KEYS);
    expect(r.attackerMoves).toBeGreaterThan(1000);
    expect(rows(r).slice(0, 40), `${r.silent.length} silent paths`).toEqual([]);
  }, 600_000);

  // Three front ends, each key on its own yearly schedule: before the takenOver rule (change-rules.ts),
  // 22 paths here, each an impostor who outlasted the key he claimed to renew, then the site's real renewal
  // of it taken for one more front end.
  it('on a CDN of three keys renewed on their own schedules, finds no silent attack path, however long he serves', async () => {
    const r = await searchAdversary({ histories: ['benign-cdn-three-keys-staggered'], durations: [DAY, 30 * DAY], modes: ['watch'] });
    expect(r.attackerMoves).toBeGreaterThan(1000);
    expect(rows(r).slice(0, 40), `${r.silent.length} silent paths`).toEqual([]);
  }, 600_000);

  it('counts a path silent once every key of the real site was shown before the catch, not one of them', () => {
    const t0 = Date.parse('2026-06-01T00:00:00Z');
    const at = (h: number) => t0 + h * HOUR;
    const seen = (h: number, role: Sighting['role'], member?: number): Sighting => ({ at: at(h), host: 'h', role, kind: 'multi-key', severity: 'none', reasons: [], ...(member !== undefined ? { member } : {}) });
    const caught: Sighting = { ...seen(5, 'return', 1), kind: 'old-key-returned', severity: 'warning' };
    // The site's other key came back first: the one his certificate claimed to renew catches him.
    expect(silentInWatch([seen(0, 'attacker'), seen(4, 'return', 0), caught], caught, t0, 2)).toBe(false);
    // Both keys were shown (past the rollout hour) before the catch: silent.
    expect(silentInWatch([seen(0, 'attacker'), seen(3, 'real', 1), seen(4, 'return', 0), caught], caught, t0, 2)).toBe(true);
    // Within the rollout hour a real key says nothing yet; a step of the site's history counts whole.
    expect(silentInWatch([seen(0, 'attacker'), seen(0.5, 'real', 1), seen(4, 'return', 0), caught], caught, t0, 2)).toBe(false);
    expect(silentInWatch([seen(0, 'attacker'), seen(4, 'history'), caught], caught, t0, 2)).toBe(true);
    // On a site with one key, any real sighting before the catch; never caught is silent.
    expect(silentInWatch([seen(0, 'attacker'), seen(4, 'return', 0), caught], caught, t0, 1)).toBe(true);
    expect(silentInWatch([seen(0, 'attacker')], undefined, t0, 2)).toBe(true);
  });

  it('on a host serving several keys whose certificates name more than the host, an attacker holding only the host\'s name has no silent path', async () => {
    const r = await searchAdversary({ histories: ['benign-google-style-weekly-rotation'], classes: ['same-issuer', 'stockpiled', 'sibling-plant'], durations: [HOUR, DAY, 8 * DAY] });
    const oneName = (o: SearchResult['silent'][number]) => o.spec.move.names === 'one';
    expect(r.silent.filter(oneName).map((o) => `${o.spec.move.cls} ${o.letThrough?.reasons.join(',')}`)).toEqual([]);
    // He was tried (as many moves as the attacker holding every name)...
    expect(r.oneNameMoves).toBeGreaterThan(0);
    expect(r.oneNameMoves * 2).toBe(r.attackerMoves);
    // ...who still passes on this fleet: the door that stays open (DESIGN.md, "Doors still open").
    expect(r.silent.some((o) => !oneName(o))).toBe(true);
  }, 600_000);

  it('finds silent paths when every warning is downgraded to a notice', async () => {
    const options: SearchOptions = { histories: ['benign-le-renewal-sibling-intermediate'], durations: [HOUR, DAY], modes: ['watch'] };
    const honest = await searchAdversary(options);
    const weak = await searchAdversary({ ...options, weaken: weakened });
    expect(weak.attackerMoves).toBe(honest.attackerMoves);
    expect(weak.silent.length).toBeGreaterThan(honest.silent.length);
    // A DigiNotar-style certificate from another CA mid-validity is caught by a warning alone.
    expect(weak.silent.some((o) => o.spec.move.cls === 'other-ca')).toBe(true);
  }, 600_000);

  it('gives the same outcomes with each whole read made once as with every read in full', async () => {
    const options: SearchOptions = {
      histories: ['benign-ecdsa-rsa-dual-certificates'], classes: ['same-issuer', 'stockpiled', 'forged-sct', 'sibling-plant', 'coalescing'],
      durations: [HOUR, DAY],
    };
    const quick = await searchAdversary(options);
    const exact = await searchAdversary({ ...options, exactReads: true });
    expect(quick.responses).toBe(exact.responses);
    expect(quick.attackerMoves).toBe(exact.attackerMoves);
    const outcomes = (r: SearchResult) => [...r.silent, ...r.window, ...r.underSeverity].map((o) => JSON.stringify(o));
    expect(outcomes(quick)).toEqual(outcomes(exact));
  }, 600_000);
});
