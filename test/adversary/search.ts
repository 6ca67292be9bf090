// The search: for each benign history of the real-world corpus, at every point from the first visit
// on, every certificate the attacker could get, served every time or interleaved, for 1 hour to 30
// days, from each moment he could wait for; and, at each point, the same attacker against the host
// pinned, in strict mode, and after the user rejected his key. The victim's history is played once
// (its store is each point's state); each attack path runs on that state and its writes are dropped.
import { registrableDomain } from '../../src/core/domain.js';
import { severityRank } from '../../src/core/severity.js';
import type { TrustRecord } from '../../src/core/trust-record.js';
import type { Verdict } from '../../src/core/verdict.js';
import { openTrustStore, type TrustStore } from '../../src/store/trust-store.js';
import { loadRealWorld, type RealDecisionStep, type RealResponseStep, type RealScenario } from '../scenarios/real-world-format.js';
import { AdversaryMint } from './adversary-mint.js';
import { ATTACKER_CLASSES, movesFor, type AttackerClass, type Target } from './attackers.js';
import { pointReads } from './overlay-store.js';
import { judged, playEnforced, playRejected, playWatch, see, serviceOver, type Clock, type PathOutcome, type PointState } from './play-path.js';
import { DAY, DURATIONS, MINUTE, MODES, SERVES, STARTS, startTimes, type Mode, type Serve, type Start } from './timing.js';

export interface SearchOptions {
  /** Benign histories by name (file name without .json); all by default. */
  histories?: readonly string[];
  classes?: readonly AttackerClass[];
  serves?: readonly Serve[];
  durations?: readonly number[];
  starts?: readonly Start[];
  modes?: readonly Mode[];
  /** Also strike before the host's very first visit (the first-use window, reported apart). Default true. */
  firstVisit?: boolean;
  /** A judge wrapper: what the search sees of every verdict (a deliberately weakened rule). */
  weaken?: (v: Verdict) => Verdict;
  /** Make every whole read in full instead of once per certificate (slow: for checking the shortcut). */
  exactReads?: boolean;
}

export interface BenignStep {
  history: string;
  step: number;
  got: string;
  warned: boolean;
}

export interface SearchResult {
  histories: number;
  attackerMoves: number;
  movesByClass: Record<AttackerClass, number>;
  /** Of them, moves whose certificate names only the victim host (Move.names 'one'). */
  oneNameMoves: number;
  /** Silent paths, outside the first-use window. */
  silent: PathOutcome[];
  /** Silent paths inside the documented first-use window (not counted as silent). */
  window: PathOutcome[];
  /** Caught, but below critical where critical is promised (interception, a rejected key). */
  underSeverity: PathOutcome[];
  benignChanges: number;
  benignWarnings: number;
  benign: BenignStep[];
  /** Responses judged, attack paths and histories together. */
  responses: number;
}

/** The benign histories of the corpus, by name. */
export function benignHistories(names?: readonly string[]): [string, RealScenario][] {
  return loadRealWorld().filter(([name, s]) => s.class === 'benign' && (!names || names.includes(name)));
}

/** Results of searches over disjoint sets of histories, as one (in the corpus's order of histories). */
export function mergeResults(parts: readonly SearchResult[]): SearchResult {
  const order = new Map(benignHistories().map(([name], i) => [name, i]));
  const byHistory = <T extends { spec: { history: string } } | { history: string }>(list: T[]) =>
    list.map((x, i) => ({ x, i, h: order.get('spec' in x ? x.spec.history : x.history) ?? 0 })).sort((a, b) => a.h - b.h || a.i - b.i).map((e) => e.x);
  const merged: SearchResult = {
    histories: 0, attackerMoves: 0, oneNameMoves: 0, silent: [], window: [], underSeverity: [], benignChanges: 0, benignWarnings: 0, benign: [], responses: 0,
    movesByClass: Object.fromEntries(ATTACKER_CLASSES.map((c) => [c, 0])) as Record<AttackerClass, number>,
  };
  for (const p of parts) {
    merged.histories += p.histories;
    merged.attackerMoves += p.attackerMoves;
    merged.oneNameMoves += p.oneNameMoves;
    merged.benignChanges += p.benignChanges;
    merged.benignWarnings += p.benignWarnings;
    merged.responses += p.responses;
    for (const c of ATTACKER_CLASSES) merged.movesByClass[c] += p.movesByClass[c];
    merged.silent.push(...p.silent);
    merged.window.push(...p.window);
    merged.underSeverity.push(...p.underSeverity);
    merged.benign.push(...p.benign);
  }
  merged.silent = byHistory(merged.silent);
  merged.window = byHistory(merged.window);
  merged.underSeverity = byHistory(merged.underSeverity);
  merged.benign = byHistory(merged.benign);
  return merged;
}

let stores = 0;

/**
 * The leaves the real site serves at the history's step `index`: `current`, then each other leaf
 * the history shows on the host at or before that step and not replaced by then: shown again at or
 * after it, or with no leaf new to the history shown between its last showing and the step (the
 * history may end while a site still serves both its ECDSA and its RSA certificate; a CDN's key
 * not shown for weeks is still served until its renewal appears). Each with the chain it was last
 * shown with.
 */
function fleetAt(responses: readonly RealResponseStep[], index: number, host: string, current: { label: string; via?: string[] }): { label: string; via?: string[] }[] {
  const onHost = responses.map((r, i) => ({ r, i })).filter(({ r }) => r.host === host && r.leaf);
  const firstShown = (leaf: string) => onHost.find((o) => o.r.leaf === leaf)!.i;
  const fleet = [current];
  for (const { r, i } of [...onHost].reverse()) {
    if (i > index || fleet.some((f) => f.label === r.leaf)) continue;
    const shownAgain = onHost.some((o) => o.i >= index && o.r.leaf === r.leaf);
    const replaced = onHost.some((o) => o.i > i && o.i <= index && firstShown(o.r.leaf!) > i);
    if (shownAgain || !replaced) fleet.push({ label: r.leaf!, ...(r.via ? { via: r.via } : {}) });
  }
  return fleet;
}

export async function searchAdversary(options: SearchOptions = {}): Promise<SearchResult> {
  const result = mergeResults([]);
  const before = judged.responses;
  for (const [name, scenario] of benignHistories(options.histories)) {
    await searchHistory(name, scenario, options, result);
    result.histories++;
  }
  result.responses = judged.responses - before;
  return result;
}

function collect(result: SearchResult, o: PathOutcome): void {
  result.attackerMoves++;
  result.movesByClass[o.spec.move.cls]++;
  if (o.spec.move.names === 'one') result.oneNameMoves++;
  if (o.silent) (o.window ? result.window : result.silent).push(o);
  if (o.underSeverity) result.underSeverity.push(o);
}

async function searchHistory(name: string, scenario: RealScenario, options: SearchOptions, result: SearchResult): Promise<void> {
  const store = await openTrustStore(`adversary-${++stores}-${name}`);
  try {
    const clock: Clock = { now: 0 };
    const history = serviceOver(store, clock);
    const mint = new AdversaryMint(scenario);
    const responses = scenario.steps.filter((s): s is RealResponseStep => !('decide' in s));
    const host = responses[0]!.host;
    const domain = registrableDomain(host) ?? host;
    const stateAt = (point: number, firstSeen: number, step: RealResponseStep, reads: TrustStore): PointState => {
      const index = responses.indexOf(step);
      const leaf = mint.leaf(step.leaf!);
      const target: Target = {
        host, domain, firstSeen, chain: step.via ?? leaf.chain, lifetimeMs: Date.parse(leaf.notAfter) - Date.parse(leaf.notBefore),
        ...(leaf.sans ? { names: leaf.sans } : {}),
      };
      const current = { label: step.leaf!, ...(step.via ? { via: step.via } : {}) };
      return {
        history: name, point, mint, store: reads, target, current, fleet: fleetAt(responses, index, host, current),
        rest: responses.slice(point === 0 ? index : index + 1),
        ...(options.weaken ? { weaken: options.weaken } : {}),
        ...(options.exactReads ? { exact: true } : {}),
      };
    };

    const first = responses.find((r) => r.host === host && r.leaf)!;
    if (options.firstVisit !== false) {
      const t0 = Date.parse(first.at) - 5 * MINUTE;
      await strike(stateAt(0, t0, first, pointReads(store)), [{ start: 'first-visit', at: t0 }], options, result, (options.durations ?? DURATIONS).filter((d) => d <= DAY), false);
    }

    for (const [i, step] of scenario.steps.entries()) {
      // Numbered as npm run scenarios numbers steps.
      const point = i + 1;
      clock.now = Date.parse(step.at);
      if ('decide' in step) {
        const d = step as RealDecisionStep;
        const info = await mint.info(d.leaf, d.host);
        const certs = info.certificates as { subjectPublicKeyInfoDigest: { sha256: string } }[];
        await history.decide(d.host, { spkiSha256: certs[0]!.subjectPublicKeyInfoDigest.sha256, issuerSpkiSha256: certs[1]?.subjectPublicKeyInfoDigest.sha256 ?? '' }, d.decide);
        continue;
      }
      if (!step.leaf) continue;
      let verdict = await see(history, clock, mint, step.leaf, step.host, Date.parse(step.at), step.via, true);
      if (verdict && options.weaken) verdict = options.weaken(verdict);
      if (step.change) {
        const warned = verdict !== null && severityRank(verdict.severity) >= severityRank('warning');
        result.benignChanges++;
        if (warned) result.benignWarnings++;
        result.benign.push({ history: name, step: point, got: verdict ? `${verdict.kind}/${verdict.severity} [${verdict.reasons.join(',')}]` : 'skip', warned });
      }
      await history.writes.flushAll();
      if (step.host !== host) continue;
      const record = await history.record(host);
      if (!record) continue;
      await strike(stateAt(point, record.firstSeen, step, pointReads(store)), startTimes(record, Date.parse(step.at), options.starts ?? STARTS), options, result,
        options.durations ?? DURATIONS, true, record);
    }
    await history.writes.flushAll();
  } finally {
    store.close();
  }
}

/** Every move of the attacker at one point: each start, serving and duration; then the enforced modes. */
async function strike(state: PointState, starts: { start: Start; at: number }[], options: SearchOptions, result: SearchResult,
  durations: readonly number[], enforced: boolean, record?: TrustRecord): Promise<void> {
  for (const move of movesFor(state.target, options.classes)) {
    for (const { start, at: t0 } of starts) {
      for (const serve of options.serves ?? SERVES) {
        for (const o of (await playWatch(state, move, start, t0, serve, durations)) ?? []) collect(result, o);
      }
    }
    const now = starts.find((s) => s.start === 'now');
    if (!enforced || !record || !now) continue;
    for (const mode of options.modes ?? MODES) {
      if (mode === 'watch') continue;
      const o = mode === 'after-reject' ? await playRejected(state, move, now.at) : await playEnforced(state, move, now.at, mode);
      if (o) collect(result, o);
    }
  }
}
