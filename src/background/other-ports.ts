// What a verdict or a decision on one port of a DNS name does to the records of the name's other
// ports. Every port of a name is one principal (Firefox's cookies ignore the port, RFC 6265:
// core/host-port.ts) and each is judged against the others (core/name-view.ts), but a record is
// written only in its own host's queue: a doubt or a decision reaches another port's record here.
import { decideKey, doubtOnAnotherPort, reachedBy } from '../core/apply.js';
import type { TrustEvent } from '../core/trust-event.js';
import type { KeyDecision, KeyStatus, KnownKey, TrustRecord } from '../core/trust-record.js';
import type { Verdict } from '../core/verdict.js';
import { logOnce } from '../platform/log.js';
import type { HostQueue } from './host-queue.js';
import type { KeepAwake } from './keep-awake.js';
import type { RecordKeeper } from './record-keeper.js';
import type { RepeatSightings } from './repeat-sightings.js';

export interface OtherPortsDeps {
  records: RecordKeeper;
  queue: HostQueue;
  repeats: RepeatSightings;
  now: () => number;
  /** Keeps the event page awake while a doubt is still on its way to another port's record. */
  awake?: KeepAwake;
}

/**
 * A verdict on `host` that doubts keys another port of the name learned without asking: the name's
 * renewal, judged against a view holding a port's key that claimed the same place (an eighth
 * review: the doubt fell on the name's own record, which never held his key, and his key stayed a
 * match on the port for its whole life). Queued now, in each such port's queue, so that port's
 * next sighting comes after it; not awaited, since this runs in `host`'s queue. Passed on whether
 * or not a tab showed the verdict: the port keeps the alarm unshown until a tab meets its key
 * there, so nothing is spent (a ninth review: a verdict first met with no tab passed nothing on,
 * and the tab that showed it later carried no doubts).
 */
export function doubtOnOtherPorts(deps: OtherPortsDeps, host: string, verdict: Verdict, incognito: boolean): void {
  if (!verdict.doubts?.length) return;
  // The name's ports were just read for the view, through the cache: in memory now.
  for (const other of deps.records.heldNamesakes(host, incognito)) {
    if (!other.keys.some((k) => k.status === 'first-use' && verdict.doubts!.some((d) => d.spkiSha256 === k.spkiSha256))) continue;
    const job = deps.queue.run(other.host, async () => {
      const current = await deps.records.get(other.host, incognito);
      const made = current && doubtOnAnotherPort(current, verdict);
      if (!made) return;
      deps.repeats.forget(other.host);
      deps.records.keep(made, incognito);
    }).catch((error: unknown) => logOnce('could not doubt a key on another port', error));
    deps.awake?.hold(job);
  }
}

/**
 * A decision on a key on `host` reaches the name's other ports that hold it: the newest decision on
 * a key holds, whichever port it was made on, as the name's cookies do (an eighth review: a key
 * accepted on a port, then refused on the name once the user knew better, stayed accepted on the
 * port). A refusal or an acceptance reaches every certificate of the key there, a pin excepted (a
 * ninth and a tenth review: his certificate doubted the site's renewal on every port, and accepting
 * it on the name left the ports waiting or on probation, blocked under strict mode). An undo
 * reaches the certificates that say what it undoes (`was`), as the decision it undoes reached
 * them: they wait for the user again (a tenth review: undoing a mistaken acceptance left his key
 * accepted on the port). Saved records only. A port that cannot be read keeps its record, and the
 * decision on `host` stands (logged, never thrown).
 */
export async function decideOnOtherPorts(deps: OtherPortsDeps, host: string, spkiSha256: string, decision: KeyDecision, was: KeyStatus): Promise<void> {
  const reaches = (k: KnownKey) => k.spkiSha256 === spkiSha256 && reachedBy(k.status, decision, was);
  const others = await deps.records.namesakes(host, false).catch((error: unknown) => {
    logOnce('could not read the other ports of a name to carry a decision', error);
    return [];
  });
  const done = await Promise.allSettled(others.filter((r) => r.keys.some(reaches)).map((other) =>
    deps.queue.run(other.host, async () => {
      const record = await deps.records.get(other.host, false);
      if (record) keepDecided(deps, record, reaches, decision, false);
    })));
  for (const d of done) if (d.status === 'rejected') logOnce('could not carry a decision to another port', d.reason);
}

/**
 * The same decision carried to the private session's own records of the name's other ports, where
 * it was made in a private window or in a normal one (a thirteenth review: a key the user accepted
 * on a port in a private window stayed a match there after the user refused it on the name). `was`
 * is what the decided record said before.
 */
export async function decideOnPrivatePorts(deps: OtherPortsDeps, host: string, spkiSha256: string, decision: KeyDecision, was: KeyStatus): Promise<void> {
  const reaches = (k: KnownKey) => k.spkiSha256 === spkiSha256 && reachedBy(k.status, decision, was);
  await Promise.all(deps.records.privateNamesakes(host).filter((r) => r.keys.some(reaches)).map((other) =>
    deps.queue.run(other.host, async () => {
      const record = deps.records.privateRecord(other.host);
      if (record) keepDecided(deps, record, reaches, decision, true);
    })));
}

/** Decides the certificates `reaches` picks in a port's record, and keeps it where it lives. */
function keepDecided(deps: OtherPortsDeps, before: TrustRecord, reaches: (k: KnownKey) => boolean, decision: KeyDecision, incognito: boolean): void {
  let record = before;
  const events: TrustEvent[] = [];
  for (const k of before.keys.filter(reaches)) {
    const made = decideKey(record, k, decision, deps.now());
    record = made.record;
    events.push(...made.events);
  }
  deps.repeats.forget(before.host);
  deps.records.keep({ record, events, durable: true }, incognito);
}
