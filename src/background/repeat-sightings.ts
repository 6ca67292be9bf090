// A page reads the same certificate of a host again and again: every script, fetch and sampled
// image over its connections. Judging each again gives the same quiet verdict, and costs the event
// page the time in which it should be answering Firefox's other reads (each response waits for
// that). So the last quiet verdict on a host is remembered, with the connection facts it rested
// on, and a repeat is answered from it, for at most REPEAT_MS and only while the host's record has
// not changed since: a decision, a forget, an import or any new key changes the record's version.
// Anything else about the response (another certificate, TLS version, CT or HSTS status) goes
// the full way. The record's last-seen time and count are kept up in place, and the record is handed
// on for its batched write like any other sighting: counted only in memory, a suspension of the
// event page lost it (the journal in storage.session never heard of it).
import { portlessHost } from '../core/host-port.js';
import type { Observation } from '../core/observation.js';
import { findKey, type KnownKey, type TrustRecord } from '../core/trust-record.js';
import type { Verdict } from '../core/verdict.js';

/** How long a quiet verdict may answer for a repeat: timing rules (a lapse, probation) move slowly. */
export const REPEAT_MS = 60_000;

const QUIET_KINDS = new Set<Verdict['kind']>(['match', 'multi-key']);

interface Entry {
  verdict: Verdict;
  record: TrustRecord;
  /** The key it was a sighting of, in `record`. */
  key: KnownKey;
  version: number;
  /** The connection facts the verdict rested on. */
  facts: string;
}

const factsOf = (obs: Observation) => `${obs.leaf.fingerprintSha256}|${obs.tlsVersion}|${obs.ctStatus}|${obs.hsts}`;

export class RepeatSightings {
  private readonly last = new Map<string, Entry>();

  /** `sighted` gets the record each repeat kept up, to write it (write-batcher.ts). */
  constructor(private readonly sighted: (record: TrustRecord) => void = () => undefined) {}

  /**
   * After a full judgement: remembers it if it was quiet and nothing was stopped. What is kept is
   * the verdict a repeat gets: the key just seen is now the one seen last, so a match, even after
   * a sighting of another of the host's keys.
   */
  remember(obs: Observation, verdict: Verdict, record: TrustRecord, version: number): void {
    const key = verdict.observed && findKey(record, verdict.observed);
    if (key && QUIET_KINDS.has(verdict.kind) && verdict.severity === 'none' && !verdict.blocked) {
      this.last.set(obs.host, { verdict: { ...verdict, kind: 'match', reasons: ['reasonKnownKey'] }, record, key, version, facts: factsOf(obs) });
    } else this.last.delete(obs.host);
  }

  /** The verdict for a repeat of the last quiet sighting, or null to judge it in full. */
  repeat(obs: Observation, version: number): Verdict | null {
    const e = this.last.get(obs.host);
    if (!e || e.version !== version || obs.at - e.verdict.at > REPEAT_MS || obs.at < e.verdict.at || e.facts !== factsOf(obs)) return null;
    // Kept up in place: the key's last sighting is what its lapse and its probation are timed by.
    for (const seen of [e.record, e.key]) {
      seen.lastSeen = Math.max(seen.lastSeen, obs.at);
      seen.timesSeen += 1;
    }
    this.sighted(e.record);
    return { ...e.verdict, at: obs.at };
  }

  forget(host: string): void {
    this.last.delete(host);
  }

  /**
   * Forgets the repeats of every port of the host's DNS name: a decision, a hold or an import on
   * one port changes what the others are judged against (core/name-view.ts), not their records.
   */
  forgetName(host: string): void {
    const name = portlessHost(host) ?? host;
    for (const h of [...this.last.keys()]) if (h === name || portlessHost(h) === name) this.last.delete(h);
  }
}
