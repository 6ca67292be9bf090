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

/** An LE renewal (sibling intermediates), parallel ECDSA and RSA keys in the first days, GTS roots. */
const REDUCED: SearchOptions = {
  histories: ['benign-le-renewal-sibling-intermediate', 'benign-ecdsa-rsa-dual-certificates', 'benign-gts-root-r1-to-r4'],
  durations: [HOUR, DAY, 8 * DAY],
};

const weakened = (v: Verdict): Verdict => (v.severity === 'warning' ? { ...v, severity: 'notice' } : v);

/** The silent paths as report rows: what a failure shows. */
const rows = (r: SearchResult) => groupRows(r.silent).map((g) => `${g.cls} | ${g.timing} | ${g.history} after ${g.points.join(',')} | ${g.rule} | ${g.fate}`);

describe('adversary search', () => {
  it('finds no silent attack path, with every attacker class tried', async () => {
    const r = await searchAdversary(REDUCED);
    for (const cls of ATTACKER_CLASSES) expect(r.movesByClass[cls], cls).toBeGreaterThan(0);
    expect(rows(r).slice(0, 40), `${r.silent.length} silent paths`).toEqual([]);
    expect(r.silent.length).toBe(0);
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
