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
import { DAY, HOUR } from '../adversary/timing.js';

/** Sites with one key in service: an LE renewal (sibling intermediates), GTS roots, a forced early re-key. */
const REDUCED: SearchOptions = {
  histories: ['benign-le-renewal-sibling-intermediate', 'benign-gts-root-r1-to-r4', 'benign-forced-early-renewal'],
  durations: [HOUR, DAY, 8 * DAY],
};

/**
 * A site serving several keys at once (ECDSA and RSA): the open door of issue #23. A key from the
 * site's own CA family at renewal time is taken to renew one of them, and the other key coming back
 * cannot contradict it. Until that is closed, this holds the line: no more paths than measured, and
 * every one of them let through by a renewal, re-key or fleet rule, never by anything else.
 */
const SEVERAL_KEYS: SearchOptions = { histories: ['benign-ecdsa-rsa-dual-certificates'], durations: [HOUR, DAY, 8 * DAY] };
const SEVERAL_KEYS_SILENT_AT_MOST = 264;
const SEVERAL_KEYS_RULES = ['reasonOldCertificateNearEnd', 'reasonOldCertificateExpired', 'reasonOldKeyLapsed', 'reasonHostRotatesKeys'];

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

  it('on a site serving several keys at once, finds no door but the known one, and no more paths through it', async () => {
    const r = await searchAdversary(SEVERAL_KEYS);
    const other = r.silent.filter((o) => !SEVERAL_KEYS_RULES.some((rule) => o.letThrough?.reasons.includes(rule)));
    expect(other.map((o) => `${o.spec.move.cls} ${o.letThrough?.kind} ${o.letThrough?.reasons.join(',')}`)).toEqual([]);
    expect(r.silent.length).toBeLessThanOrEqual(SEVERAL_KEYS_SILENT_AT_MOST);
  }, 600_000);

  it('on a CDN serving several keys whose certificates name more than the host, an attacker holding only the host\'s name has no silent path', async () => {
    const r = await searchAdversary({ histories: ['benign-cdn-three-keys-staggered'], classes: ['same-issuer', 'stockpiled', 'sibling-plant'], durations: [HOUR, DAY, 8 * DAY] });
    const oneName = (o: SearchResult['silent'][number]) => o.spec.move.names === 'one';
    expect(r.silent.filter(oneName).map((o) => `${o.spec.move.cls} ${o.letThrough?.reasons.join(',')}`)).toEqual([]);
    // He was tried (as many moves as the attacker holding every name)...
    expect(r.oneNameMoves).toBeGreaterThan(0);
    expect(r.oneNameMoves * 2).toBe(r.attackerMoves);
    // ...who still passes: the door that stays open (DESIGN.md, "Doors still open").
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
