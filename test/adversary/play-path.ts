// Attack paths: from the state the victim's history left at a point, the attacker's preparation,
// his connections, the real key's return and the rest of the history, each response read and judged
// through the add-on's own path (readResponse -> TrustService.observe). Each path runs a trust
// service of its own over an overlay of the point's store (overlay-store.ts): a cheap reset, and a
// fork at each attack duration, so the longer attacks continue from the shorter ones' state.
import { InterceptionWatch } from '../../src/background/interception-watch.js';
import { PolicyService } from '../../src/background/policy-service.js';
import { readResponse } from '../../src/background/read-response.js';
import { TrustService } from '../../src/background/trust-service.js';
import { readObservation, type Observation, type ReadResult } from '../../src/core/observation.js';
import type { Pin } from '../../src/core/pin.js';
import { severityRank, type Severity } from '../../src/core/severity.js';
import type { TrustRecord } from '../../src/core/trust-record.js';
import { ROLLOUT_GRACE_MS } from '../../src/core/timing.js';
import type { Verdict } from '../../src/core/verdict.js';
import type { TrustStore } from '../../src/store/trust-store.js';
import type { RealResponseStep } from '../scenarios/real-world-format.js';
import { TEST_CT_LOGS } from '../support/test-ct-log.js';
import { MemorySessionArea } from '../unit/background/fakes.js';
import type { AdversaryMint } from './adversary-mint.js';
import { attackCert, type AttackCert, type Move, type Target } from './attackers.js';
import { deepFreeze, OverlayStore } from './overlay-store.js';
import { attackVisits, DAY, HOUR, INTERLEAVE_GAP, MINUTE, RETURN_AFTER, type Mode, type Serve, type Start } from './timing.js';

export interface Clock {
  now: number;
}

export function serviceOver(store: TrustStore, clock: Clock, session = new MemorySessionArea()): TrustService {
  return new TrustService({ store: async () => store, now: () => clock.now, interception: new InterceptionWatch(session), policy: new PolicyService(async () => store) });
}

/**
 * Whole reads made so far (readResponse's second read: chain, DER, SCTs verified), by mint and
 * certificate on a host. That read is a pure function of the SecurityInfo and the time, whose only
 * use of the time is the observation's `at` (and ignoring SCTs over a day in the future, which no
 * certificate here has): so after the first, a whole read of the same certificate is that
 * observation at the new time. Paths read the same certificates thousands of times; this is most
 * of the search's cost. `exact` reads each in full (adversary.test.ts checks both agree).
 */
const wholeReads = new WeakMap<AdversaryMint, Map<string, Observation>>();

/** Responses judged (for the report), and of them the whole reads made in full. */
export const judged = { responses: 0, wholeReads: 0 };

/** One response with this leaf on this host at `at`, read and judged as the add-on does (the tests' CT log list). */
export async function see(service: TrustService, clock: Clock, mint: AdversaryMint, label: string, host: string, at: number, via?: string[], exact = false): Promise<Verdict | null> {
  clock.now = at;
  judged.responses++;
  const info = await mint.info(label, host, via);
  const certificates = info.certificates as Record<string, unknown>[];
  const facts = { url: `https://${host}/`, type: 'main_frame', fromCache: false, incognito: false };
  let whole = false;
  const reader = {
    leaf: async () => ({ ...info, certificates: certificates.slice(0, 1).map(({ rawDER: _, ...c }) => c) }),
    chain: async () => {
      whole = true;
      return info;
    },
  };
  const key = `${label}|${host}|${via?.join(',') ?? ''}`;
  let reads = wholeReads.get(mint);
  if (!reads) wholeReads.set(mint, reads = new Map());
  const kept = exact ? undefined : reads.get(key);
  let result: ReadResult;
  if (kept) {
    // readResponse's own steps, the whole read taken from the first time.
    const quick = readObservation(facts, await reader.leaf(), at);
    const known = quick.kind === 'observation' ? await service.knownCertificate(quick.observation, false) : undefined;
    result = { kind: 'observation', observation: known ?? { ...kept, at } };
  } else {
    result = await readResponse(facts, reader, service, () => clock.now, undefined, TEST_CT_LOGS);
    if (whole) judged.wholeReads++;
    // Frozen: shared by every later read, nothing may change it (a change would throw).
    if (whole && result.kind === 'observation' && result.observation.chainDer) reads.set(key, deepFreeze(structuredClone(result.observation)));
  }
  return service.observe(result, { incognito: false });
}

/** Who served a response: the attacker's preparation on another host, the attacker, the real site. */
export type Role = 'prep' | 'attacker' | 'real' | 'return' | 'history';

export interface Sighting {
  at: number;
  host: string;
  role: Role;
  /** For the real site's own keys (real, return): which key of its fleet (PointState.fleet) it showed. */
  member?: number;
  kind: string;
  severity: Severity | 'skip';
  reasons: string[];
  blocked?: string;
}

export interface PathSpec {
  history: string;
  /** The victim's step after which he strikes (1-based); 0: before the host's first visit. */
  point: number;
  move: Move;
  serve: Serve;
  durationMs: number;
  start: Start;
  t0: number;
  mode: Mode;
}

export interface PathOutcome {
  spec: PathSpec;
  silent: boolean;
  /**
   * Caught, but below the severity the product promises: critical for a chain to a root not built
   * in (where built-in roots were seen) and for a key the user rejected.
   */
  underSeverity?: boolean;
  /** The documented first-use window: at the first visit, or a genuine early SCT in the first 3 days. */
  window: boolean;
  /** The first verdict of warning or worse (or a blocked response) on the victim host. */
  caught?: Sighting;
  /** His first response that got through below warning. */
  letThrough?: Sighting;
  sightings: Sighting[];
}

/** What the search knows at a point of a history. */
export interface PointState {
  history: string;
  point: number;
  mint: AdversaryMint;
  /** The point's store (as the history left it): paths read it, never write it. */
  store: TrustStore;
  target: Target;
  /** The leaf the site serves now, and the chain it is served with. */
  current: { label: string; via?: string[] };
  /**
   * Every leaf the real site serves at this point, `current` first: the leaves the history shows at
   * or before it and not replaced by then (search.ts, fleetAt: a CDN's front ends, an ECDSA and an
   * RSA certificate).
   * The real site shows them all, not its latest alone: the key his certificate claims to renew is
   * one of them, and its coming back is what catches him.
   */
  fleet: { label: string; via?: string[] }[];
  /** The history's later response steps. */
  rest: RealResponseStep[];
  /** A judge wrapper: what the search sees of each verdict (to prove it can fail). */
  weaken?: (v: Verdict) => Verdict;
  /** Every whole read made in full (see wholeReads). */
  exact?: boolean;
}

interface Event {
  at: number;
  host: string;
  role: Role;
  label: string;
  via?: string[];
  member?: number;
}

/** After the attack: the real key's return, then at most this many of the history's next steps. */
const NEXT_STEPS = 2;

export const isAlarm = (v: Verdict | null) => Boolean(v && (v.blocked || severityRank(v.severity) >= severityRank('warning')));
const alarmed = (s: Sighting) => Boolean(s.blocked) || (s.severity !== 'skip' && severityRank(s.severity) >= severityRank('warning'));
const iso = (t: number) => new Date(t).toISOString();

/** The real site's leaf at `at` for one key of its fleet: that leaf while valid, else the renewal its CA would have issued by then. */
function realLeafAt(state: PointState, at: number, member = 0): { label: string; via?: string[]; member: number } {
  const leaf = state.fleet[member]!;
  const spec = state.mint.leaf(leaf.label);
  const notBefore = Date.parse(spec.notBefore);
  const notAfter = Date.parse(spec.notAfter);
  if (at < notAfter) return { ...leaf, member };
  const life = notAfter - notBefore;
  let renewed = notAfter - life / 3;
  while (renewed + life <= at) renewed += (2 * life) / 3;
  const chain = leaf.via ?? spec.chain;
  const label = `real-renewal:${leaf.label}@${iso(renewed)}/${chain.join('+')}`;
  // A renewal carries the site's names over.
  state.mint.add(label, { key: label, chain, notBefore: iso(renewed), notAfter: iso(renewed + life), ...(spec.sans ? { sans: spec.sans } : {}) });
  return { label, member };
}

/** Between the real site's keys when it comes back: the user's next visits, each to one front end. */
const ROUND_GAP = 10 * MINUTE;

/**
 * The real site back after an attack that ended at `end`: each key of its fleet once (the current
 * one first), then the history's next steps (later, if the attack ran past them).
 */
function afterAttack(state: PointState, end: number): Event[] {
  const events: Event[] = state.fleet.map((_, m) => {
    const at = end + RETURN_AFTER + m * ROUND_GAP;
    return { at, host: state.target.host, role: 'return' as const, ...realLeafAt(state, at, m) };
  });
  let prev = events[events.length - 1]!.at;
  let next = 0;
  for (const step of state.rest) {
    if (next >= NEXT_STEPS || !step.leaf) continue;
    const at = Math.max(Date.parse(step.at), prev + 10 * MINUTE);
    const leaf = state.mint.leaf(step.leaf);
    if (at < Date.parse(leaf.notBefore) || at >= Date.parse(leaf.notAfter)) continue;
    events.push({ at, host: step.host, role: 'history', label: step.leaf, ...(step.via ? { via: step.via } : {}) });
    prev = at;
    next++;
  }
  return events;
}

/** Against an enforced host: his first response, and a later one of the day (blocking has no timer). */
const ENFORCED_VISITS = [0, 6 * HOUR];

/** His connections (and the real key's in between, interleaved) at offsets in [from, to). */
function attackEvents(state: PointState, cert: AttackCert, t0: number, serve: Serve, from: number, to: number, offsets = attackVisits(to)): Event[] {
  const events: Event[] = [];
  for (const o of offsets.filter((v) => v >= from && v < to)) {
    events.push({ at: t0 + o, host: state.target.host, role: 'attacker', label: cert.label });
    // The real connections in between reach the site's front ends in turn.
    const member = Math.max(0, attackVisits(Infinity).indexOf(o)) % state.fleet.length;
    if (serve === 'interleaved') events.push({ at: t0 + o + INTERLEAVE_GAP, host: state.target.host, role: 'real', ...realLeafAt(state, t0 + o + INTERLEAVE_GAP, member) });
  }
  return events;
}

/** One line of play: a trust service over an overlay, and what it has seen. */
class Run {
  readonly sightings: Sighting[] = [];
  caught: Sighting | undefined;
  letThrough: Sighting | undefined;
  unblocked = false;
  /** The verdict on the last response played. */
  last: Verdict | null = null;
  /** Hosts this line has shown responses for: what a fork takes along. */
  readonly hosts = new Set<string>();
  private readonly clock: Clock = { now: 0 };
  readonly service: TrustService;

  constructor(private readonly state: PointState, private readonly overlay: OverlayStore, private readonly session = new MemorySessionArea()) {
    this.service = serviceOver(overlay.store(), this.clock, session);
  }

  /** A copy of this line at its current state, to go on differently. */
  async fork(): Promise<Run> {
    const current: TrustRecord[] = [];
    for (const host of this.hosts) {
      const record = await this.service.record(host);
      if (record) current.push(record);
    }
    const session = new MemorySessionArea();
    for (const [k, v] of this.session.data) session.data.set(k, structuredClone(v));
    const run = new Run(this.state, this.overlay.fork(current), session);
    for (const h of this.hosts) run.hosts.add(h);
    run.sightings.push(...this.sightings);
    run.caught = this.caught;
    run.letThrough = this.letThrough;
    run.unblocked = this.unblocked;
    return run;
  }

  async play(ev: Event): Promise<void> {
    this.hosts.add(ev.host);
    let verdict = await see(this.service, this.clock, this.state.mint, ev.label, ev.host, ev.at, ev.via, this.state.exact);
    if (verdict && this.state.weaken) verdict = this.state.weaken(verdict);
    this.last = verdict;
    const s: Sighting = {
      at: ev.at, host: ev.host, role: ev.role, ...(ev.member !== undefined ? { member: ev.member } : {}), kind: verdict?.kind ?? 'skip', severity: verdict?.severity ?? 'skip', reasons: verdict?.reasons ?? [],
      ...(verdict?.blocked ? { blocked: verdict.blocked } : {}),
    };
    this.sightings.push(s);
    if (ev.role === 'prep') return;
    const alarm = isAlarm(verdict);
    if (ev.role === 'attacker' && !alarm) this.letThrough ??= s;
    if (ev.role === 'attacker' && !verdict?.blocked) this.unblocked = true;
    if (alarm) this.caught ??= s;
  }

  /** Plays events in order until one is an alarm (nothing later changes the outcome). */
  async playUntilCaught(events: readonly Event[]): Promise<void> {
    for (const ev of events) {
      if (this.caught) return;
      await this.play(ev);
    }
  }
}

/**
 * Interception, on a host seen with a built-in root: his first response must be critical (later
 * ones of the same key are the same change, shown as unresolved: one change, one alarm).
 */
function interceptionUnderSeverity(spec: PathSpec, run: Run): boolean {
  const first = run.sightings.find((s) => s.role === 'attacker');
  return spec.move.cls === 'interception' && spec.point > 0 && first !== undefined && first.severity !== 'critical';
}

function outcome(state: PointState, spec: PathSpec, cert: AttackCert, run: Run, silent: boolean): PathOutcome {
  const underSeverity = !silent && interceptionUnderSeverity(spec, run);
  const parallelWindow = silent && run.letThrough?.reasons.includes('reasonParallelKey') === true &&
    cert.genuineSct !== undefined && cert.genuineSct < state.target.firstSeen;
  return {
    spec, silent, window: state.point === 0 || parallelWindow, ...(underSeverity ? { underSeverity } : {}),
    ...(run.caught ? { caught: run.caught } : {}), ...(run.letThrough ? { letThrough: run.letThrough } : {}), sightings: [...run.sightings],
  };
}

/**
 * Silent, in watch mode: never caught, or caught only after the real site showed itself again past
 * the rollout hour: every key of its fleet (each key the site serves), or a step of its history.
 * The promise is "a warning at the latest when the real key next appears": an attacker who holds
 * every connection of the user's for days is caught when the user next reaches the real site,
 * which trust on first use cannot better; one who lets the real site through meanwhile must be
 * caught by then. On a site with several keys, the real key is each of them: one of its other
 * keys coming back says nothing of the one his certificate claims to renew, which trust on first
 * use cannot better either; that key coming back must catch him.
 */
export function silentInWatch(sightings: readonly Sighting[], caught: Sighting | undefined, t0: number, fleetSize: number): boolean {
  if (!caught) return true;
  const shown = new Set<number>();
  for (const s of sightings) {
    if (s.at >= caught.at) break;
    if (s.at <= t0 + ROLLOUT_GRACE_MS) continue;
    if (s.role === 'history') return true;
    if ((s.role === 'real' || s.role === 'return') && s.member !== undefined) shown.add(s.member);
    if (shown.size >= fleetSize) return true;
  }
  return false;
}

const silentRun = (state: PointState, run: Run, t0: number) => silentInWatch(run.sightings, run.caught, t0, state.fleet.length);

/**
 * One move in the default mode, from one start, served one way, for each duration: one line of
 * play, forked at each duration's end into the real key's return. Null: he could hold no such
 * certificate then.
 */
export async function playWatch(state: PointState, move: Move, start: Start, t0: number, serve: Serve, durations: readonly number[]): Promise<PathOutcome[] | null> {
  const cert = attackCert(move, state.target, t0);
  if (!cert) return null;
  state.mint.add(cert.label, cert.leaf);
  const main = new Run(state, OverlayStore.over(state.store));
  await main.playUntilCaught([...cert.prep].sort((a, b) => a.at - b.at).map((p) => ({ ...p, role: 'prep' as const, label: cert.label })));
  const outcomes: PathOutcome[] = [];
  let played = 0;
  for (const durationMs of [...durations].sort((a, b) => a - b)) {
    const spec: PathSpec = { history: state.history, point: state.point, move, serve, durationMs, start, t0, mode: 'watch' };
    await main.playUntilCaught(attackEvents(state, cert, t0, serve, played, durationMs));
    played = durationMs;
    if (main.caught) {
      // Caught while he was still serving: the same for this duration and every longer one.
      outcomes.push(outcome(state, spec, cert, main, silentRun(state, main, t0)));
      continue;
    }
    const branch = await main.fork();
    await branch.playUntilCaught(afterAttack(state, t0 + durationMs));
    outcomes.push(outcome(state, spec, cert, branch, silentRun(state, branch, t0)));
  }
  return outcomes;
}

/**
 * One move against a host the user pinned (its current key or its issuer) or put in strict mode,
 * served on every connection for a day (his first response and one later that day): each of his
 * responses must be blocked. Where he holds a certificate from the pinned issuer itself, the pin
 * lets it pass by its own terms: there the product must still warn within the day, as without one.
 */
export async function playEnforced(state: PointState, move: Move, t0: number, mode: 'pinned-leaf' | 'pinned-intermediate' | 'strict'): Promise<PathOutcome | null> {
  const cert = attackCert(move, state.target, t0);
  if (!cert) return null;
  state.mint.add(cert.label, cert.leaf);
  const spec: PathSpec = { history: state.history, point: state.point, move, serve: 'every', durationMs: DAY, start: 'now', t0, mode };
  const { target, mint } = state;
  const currentChain = state.current.via ?? mint.leaf(state.current.label).chain;
  const pinCovered = mode === 'pinned-intermediate' && cert.leaf.chain.includes(currentChain[0]!);
  const run = new Run(state, OverlayStore.over(state.store));
  const info = await mint.info(state.current.label, target.host, state.current.via);
  const certs = info.certificates as { subjectPublicKeyInfoDigest: { sha256: string } }[];
  const pin = (spki: string): Pin => ({ pattern: target.host, spkiSha256: spki, addedAt: t0 - HOUR, expiresAt: null });
  await run.service.policy.update((p) => mode === 'strict' ? { ...p, modes: { ...p.modes, [target.host]: 'strict' } }
    : { ...p, pins: [...p.pins, pin(certs[mode === 'pinned-leaf' ? 0 : 1]!.subjectPublicKeyInfoDigest.sha256)] });
  for (const p of [...cert.prep].sort((a, b) => a.at - b.at)) await run.play({ ...p, role: 'prep', label: cert.label });
  for (const ev of attackEvents(state, cert, t0, 'every', 0, DAY, ENFORCED_VISITS)) await run.play(ev);
  // Passed by the pin's own terms: judged as in watch mode, so the real site comes back after him.
  if (pinCovered) await run.playUntilCaught(afterAttack(state, t0 + DAY));
  return outcome(state, spec, cert, run, pinCovered ? silentRun(state, run, t0) : run.unblocked);
}

/**
 * The user distrusts his key (from the popup: after a warning, or a notice that learned it), and he
 * serves it again an hour later and later that day: each must be critical.
 * Null where there was no key to reject (not recorded: an interception root's key, a shared
 * connection's) or no certificate.
 */
export async function playRejected(state: PointState, move: Move, t0: number): Promise<PathOutcome | null> {
  const cert = attackCert(move, state.target, t0);
  if (!cert) return null;
  state.mint.add(cert.label, cert.leaf);
  const spec: PathSpec = { history: state.history, point: state.point, move, serve: 'every', durationMs: DAY, start: 'now', t0, mode: 'after-reject' };
  const run = new Run(state, OverlayStore.over(state.store));
  for (const p of [...cert.prep].sort((a, b) => a.at - b.at)) await run.play({ ...p, role: 'prep', label: cert.label });
  await run.play({ at: t0, host: state.target.host, role: 'attacker', label: cert.label });
  const key = run.last?.observed;
  if (!key || !(await run.service.decide(state.target.host, key, 'rejected').then(() => true, () => false))) return null;
  const rejectedAt = run.sightings.length;
  for (const ev of attackEvents(state, cert, t0 + HOUR, 'every', 0, DAY, ENFORCED_VISITS)) await run.play(ev);
  const after = run.sightings.slice(rejectedAt);
  const passed = after.find((x) => !alarmed(x));
  const caught = after.find(alarmed);
  return {
    spec, silent: passed !== undefined, window: false,
    ...(passed === undefined && after.some((x) => x.severity !== 'critical') ? { underSeverity: true } : {}),
    ...(caught ? { caught } : {}), ...(passed ? { letThrough: passed } : {}), sightings: [...run.sightings],
  };
}
