// Does each pin file mean, in its client, what FirstSeen means? For every host of a test set (plain
// hosts, a port, *. and **. patterns, an IDN, a host pinned apart from its **. domain, hosts two
// labels deep) and every kind of chain (the pinned key as leaf, as intermediate, as root, or absent),
// the chains the client accepts with the exported file are compared with the chains FirstSeen
// accepts with the same pins. Every difference must be stated in the file's review (a refusal or a
// caveat on a pattern that covers the host). A table per format is printed.
//
// The clients, as their own code decides (the file is read back with FirstSeen's importers, which
// follow the same sources):
// - OkHttp 4.3+ CertificatePinner.findMatchingPins: every pattern that matches (host, "*." one
//   label, "**." any depth, zero included); a chain passes if any of its keys is any matching pin.
// - Android (AOSP XmlConfigSource / NetworkSecurityConfig): the most specific domain-config only (an
//   exact domain, else the longest includeSubdomains domain); any key of the chain.
// - TrustKit (parse_configuration.m / TSKPinningValidator): the most specific domain entry only.
// - HPKP (RFC 7469 §2.7): the host's own entry, else a superdomain's with includeSubDomains.
// - curl --pinnedpubkey: the URL's host only, and only the server's own (leaf) key.
// FirstSeen: every pattern that matches the host (pins add up); any key of the chain.
import { describe, expect, it } from 'vitest';
import { PIN_FORMATS, type PinExport, type PinFormat } from '../../../src/core/pin-export/export-types.js';
import { PIN_WRITERS } from '../../../src/core/pin-export/index.js';
import { planPins, type PinPlan } from '../../../src/core/pin-export/plan.js';
import { matchesHost, parseHostPattern } from '../../../src/core/host-pattern.js';
import { parsePinList } from '../../../src/core/pin-import/index.js';
import type { Pin } from '../../../src/core/pin.js';
import { fixtureInput, LEAF, NOW, pin, spki, underRealSuffix } from './pin-fixtures.js';

/** The fixture, plus a host pinned to its own leaf apart from its **. domain's pins. */
function input(format: PinFormat) {
  const base = fixtureInput();
  const withSpecific = { ...base, pins: [...base.pins, pin('api.bank.example', LEAF), pin('api.bank.example', spki('P'))] };
  return format === 'trustkit' ? underRealSuffix(withSpecific) : withSpecific;
}

/** The hosts asked about: each pattern's own names, one and two labels below, and the plain hosts. */
function hostsOf(plan: PinPlan): string[] {
  const out = new Set<string>();
  for (const g of plan.groups) {
    const port = g.port ? `:${g.port}` : '';
    if (g.scope === 'exact') out.add(g.pattern);
    else {
      if (g.scope === 'any-depth') out.add(`${g.name}${port}`);
      out.add(`one.${g.name}${port}`);
      out.add(`two.deep.${g.name}${port}`);
    }
  }
  return [...out].sort();
}

type Chain = { name: string; keys: string[] };
const UNKNOWN = [spki('u'), spki('v'), spki('w')];

/**
 * For each pinned key, a chain holding it where such a key can be: a server key as the leaf, a CA's
 * key above it (only a key's owner can put it elsewhere); a key seen in no served chain at every
 * place. And a chain holding none of them.
 */
function chainsOf(plan: PinPlan): Chain[] {
  const places = new Map<string, Set<string>>();
  for (const p of plan.groups.flatMap((g) => g.pins)) {
    const at = places.get(p.spkiSha256) ?? new Set<string>();
    for (const place of p.position === 'leaf' || p.position === 'earlier-leaf' ? ['leaf'] : p.position === 'intermediate' ? ['int'] : p.position === 'root' ? ['root'] : ['leaf', 'int', 'root']) at.add(place);
    places.set(p.spkiSha256, at);
  }
  const chain = (k: string, place: string): Chain => ({
    name: `${k[0]}-${place}`,
    keys: place === 'leaf' ? [k, UNKNOWN[1]!, UNKNOWN[2]!] : place === 'int' ? [UNKNOWN[0]!, k, UNKNOWN[2]!] : [UNKNOWN[0]!, UNKNOWN[1]!, k],
  });
  return [{ name: 'none', keys: UNKNOWN }, ...[...places].sort().flatMap(([k, at]) => [...at].map((place) => chain(k, place)))];
}

const specificity = (pattern: string): number => {
  const p = parseHostPattern(pattern);
  if (typeof p === 'string' || p.kind === 'ip') return -1;
  return (p.kind === 'exact' ? 1000 : 0) + p.name.length;
};
const nameOf = (host: string) => host.replace(/:\d+$/, '');

/** What a client accepts for `host` and `chain` with the pins read back from its file (null: the host is not pinned there). */
function clientAccepts(format: PinFormat, pins: readonly Pin[], host: string, chain: Chain): boolean | null {
  const anyKey = (set: readonly Pin[]) => set.some((p) => chain.keys.includes(p.spkiSha256));
  switch (format) {
    case 'okhttp-kotlin':
    case 'okhttp-java': {
      // No port in OkHttp's patterns: a pattern applies on every port.
      const matching = pins.filter((p) => matchesHost(p.pattern, nameOf(host)));
      return matching.length === 0 ? null : anyKey(matching);
    }
    case 'android':
    case 'trustkit':
    case 'hpkp': {
      const matching = pins.filter((p) => matchesHost(p.pattern, nameOf(host)));
      if (matching.length === 0) return null;
      const best = Math.max(...matching.map((p) => specificity(p.pattern)));
      return anyKey(matching.filter((p) => specificity(p.pattern) === best));
    }
    case 'curl': {
      const matching = pins.filter((p) => p.pattern === host);
      return matching.length === 0 ? null : matching.some((p) => p.spkiSha256 === chain.keys[0]);
    }
  }
}

/** What FirstSeen accepts with the plan's pins: every matching pattern's, any key of the chain. */
function firstSeenAccepts(plan: PinPlan, host: string, chain: Chain): boolean | null {
  const matching = plan.groups.filter((g) => matchesHost(g.pattern, host));
  if (matching.length === 0) return null;
  return matching.some((g) => g.pins.some((p) => chain.keys.includes(p.spkiSha256)));
}

/** A difference is stated when the review refuses or qualifies a pattern that covers the host. */
function stated(file: PinExport, plan: PinPlan, host: string): string | null {
  const covering = new Set(plan.groups.filter((g) => matchesHost(g.pattern, host)).map((g) => g.pattern));
  const refusal = file.refused.find((r) => covering.has(r.pattern));
  if (refusal) return `refused: ${refusal.reason}`;
  const caveat = file.caveats.find((c) => covering.has(c.pattern));
  return caveat ? `caveat: ${caveat.kind}` : null;
}

const word = (v: boolean | null) => (v === null ? 'any' : v ? 'yes' : 'no');

describe('what each pin file means in its client', () => {
  it.each(PIN_FORMATS)('%s: every chain it accepts or refuses differently from FirstSeen is stated in the review', (format) => {
    const plan = planPins(input(format));
    const file = PIN_WRITERS[format](plan, { now: NOW });
    const read = parsePinList(file.text, NOW);
    const pins = read.ok ? read.pins : [];
    const rows: string[] = [];
    const unstated: string[] = [];
    for (const host of hostsOf(plan)) {
      for (const chain of chainsOf(plan)) {
        const ours = firstSeenAccepts(plan, host, chain);
        const theirs = clientAccepts(format, pins, host, chain);
        // "Not pinned" there accepts every chain: the same as FirstSeen only where FirstSeen accepts this one.
        const same = (theirs ?? true) === (ours ?? true);
        if (same) continue;
        const why = stated(file, plan, host);
        rows.push(`${host.padEnd(30)} ${chain.name.padEnd(8)} FirstSeen ${word(ours).padEnd(3)} ${format} ${word(theirs).padEnd(3)} ${why ?? 'NOT STATED'}`);
        if (!why) unstated.push(`${host} ${chain.name}`);
      }
    }
    console.info(`${format}: ${rows.length} chains differ from FirstSeen, each stated in the review\n${rows.join('\n')}`);
    expect(unstated).toEqual([]);
  });

  it('the comparison can fail: a file that drops a pattern silently is caught', () => {
    const plan = planPins(input('okhttp-kotlin'));
    const file = PIN_WRITERS['okhttp-kotlin'](plan, { now: NOW });
    const silent = { ...file, text: file.text.replace(/^\s*\.add\("\*\.news\.example".*$/m, '') };
    const read = parsePinList(silent.text, NOW);
    const pins = read.ok ? read.pins : [];
    const chain = chainsOf(plan).find((c) => c.name === 'none')!;
    expect(firstSeenAccepts(plan, 'one.news.example', chain)).toBe(false);
    expect(clientAccepts('okhttp-kotlin', pins, 'one.news.example', chain)).toBeNull();
    expect(stated(silent, plan, 'one.news.example')).toBeNull();
  });
});
