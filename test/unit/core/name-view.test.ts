// What a change on one port of a name is judged against (core/name-view.ts): the port's own record
// laid over the name's other ports, so a port's stale record cannot make the name's current key
// look lapsed, and a decision on one port is not undone by what another learned without asking.
import { describe, expect, it } from 'vitest';
import { nameView, stricterVerdict } from '../../../src/core/name-view.js';
import type { Verdict } from '../../../src/core/verdict.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';
import { Site, spkiOf } from './site-builder.js';

/** A record of `host` built by sightings, as the judge and apply make it. */
function recordOf(host: string, sightings: [label: string, at: string][], o: { issuer?: string } = {}): Site {
  const site = new Site({ host, sans: ['bank.example'], ...o });
  for (const [label, at] of sightings) site.see(label, at);
  return site;
}
const key = (r: TrustRecord | undefined, label: string) => r?.keys.find((k) => k.spkiSha256 === spkiOf(label));

describe('nameView', () => {
  it('is the own record as it is where no other port has keys', () => {
    const own = recordOf('bank.example:8443', [['A', '2026-01-02']]).record!;
    expect(nameView('bank.example:8443', own, [], 'bank.example')).toBe(own);
    expect(nameView('bank.example:8443', undefined, [], 'bank.example')).toBeUndefined();
  });

  it('sees a key as late as any port saw it, and keeps the port\'s own first sighting and probation', () => {
    const own = recordOf('bank.example:8443', [['A', '2026-01-05']]).record!;
    const bare = recordOf('bank.example', [['A', '2026-01-02'], ['A', '2026-02-09']]).record!;
    const view = nameView('bank.example:8443', own, [bare], 'bank.example')!;
    expect(view.host).toBe('bank.example:8443');
    expect(key(view, 'A')?.lastSeen).toBe(key(bare, 'A')!.lastSeen);
    expect(key(view, 'A')?.lastSeen).toBeGreaterThan(key(own, 'A')!.lastSeen);
    expect(key(view, 'A')?.firstSeen).toBe(key(own, 'A')!.firstSeen);
    expect(view.lastSeen).toBe(bare.lastSeen);
    // And the other way round: the name's later sighting is not pulled back by the port's earlier one.
    expect(key(nameView('bank.example', bare, [own], 'bank.example'), 'A')?.lastSeen).toBe(key(bare, 'A')!.lastSeen);
  });

  it('brings in the keys only other ports know, with what was decided there', () => {
    const own = recordOf('bank.example:8443', [['A', '2026-01-05']]).record!;
    const bareSite = recordOf('bank.example', [['A', '2026-01-02'], ['X', '2026-02-01']], { issuer: 'int-1' });
    bareSite.decide('X', 'rejected', '2026-02-01');
    const view = nameView('bank.example:8443', own, [bareSite.record!], 'bank.example')!;
    expect(key(view, 'X')?.status).toBe('rejected');
    // The inputs are not changed.
    expect(own.keys).toHaveLength(1);
  });

  it('lets a refusal or an open question on another port win over a key learned without asking here, never over a decision', () => {
    const own = recordOf('bank.example:8443', [['X', '2026-01-05']]).record!;
    expect(key(own, 'X')?.status).toBe('first-use');
    const bare = recordOf('bank.example', [['A', '2026-01-02'], ['X', '2026-02-01']]);
    bare.decide('X', 'rejected', '2026-02-01');
    expect(key(nameView('bank.example:8443', own, [bare.record!], 'bank.example'), 'X')?.status).toBe('rejected');
    const pendingThere = recordOf('bank.example', [['A', '2026-01-02'], ['X', '2026-02-01']]).record!;
    expect(key(pendingThere, 'X')?.status).toBe('pending');
    expect(key(nameView('bank.example:8443', own, [pendingThere], 'bank.example'), 'X')?.status).toBe('pending');
    const decided = recordOf('bank.example:8443', [['A', '2026-01-02'], ['X', '2026-02-01']]);
    decided.decide('X', 'accepted', '2026-02-01');
    expect(key(nameView('bank.example:8443', decided.record, [bare.record!], 'bank.example'), 'X')?.status).toBe('accepted');
  });

  it('starts a port with no record from the default port\'s, else the port seen last, and carries a hold', () => {
    const bare = recordOf('bank.example', [['A', '2026-01-02']]).record!;
    const late = { ...recordOf('bank.example:7000', [['B', '2026-01-20']]).record!, heldUntilDecided: 1_768_953_600_000 };
    const early = recordOf('bank.example:7001', [['C', '2026-01-10']]).record!;
    const fromBare = nameView('bank.example:9000', undefined, [early, late, bare], 'bank.example')!;
    expect(fromBare.firstSeen).toBe(bare.firstSeen);
    expect(fromBare.keys.map((k) => k.spkiSha256).sort()).toEqual([spkiOf('A'), spkiOf('B'), spkiOf('C')].sort());
    expect(fromBare.heldUntilDecided).toBe(1_768_953_600_000);
    const fromLatest = nameView('bank.example:9000', undefined, [early, late], 'bank.example')!;
    // Based on the port seen last, but known since the name's first sighting on any port: a port
    // first met today does not reopen a known name's parallel-key days (a seventh review).
    expect(fromLatest.keys.find((k) => k.spkiSha256 === spkiOf('B'))?.firstSeen).toBe(late.keys[0]!.firstSeen);
    expect(fromLatest.firstSeen).toBe(early.firstSeen);
    expect(nameView('bank.example:9000', late, [early], 'bank.example')!.firstSeen).toBe(early.firstSeen);
    expect(fromLatest.host).toBe('bank.example:9000');
  });
});

describe('stricterVerdict', () => {
  const v = (severity: Verdict['severity'], learn?: Verdict['learn']): Verdict => ({ kind: 'key-change', severity, host: 'bank.example:8443', at: 0, reasons: [], ...(learn ? { learn } : {}) });
  it('keeps the louder verdict, whichever record gave it', () => {
    expect(stricterVerdict(v('notice', 'provisional'), v('warning'), false).severity).toBe('warning');
    expect(stricterVerdict(v('warning'), v('notice', 'provisional'), false).severity).toBe('warning');
  });
  it('at equal loudness keeps the one that learns nothing, else the port\'s own', () => {
    expect(stricterVerdict(v('notice', 'provisional'), v('notice'), false).learn).toBeUndefined();
    const own = v('notice', 'provisional');
    expect(stricterVerdict(own, v('notice', 'trusted'), false)).toBe(own);
  });
  it('takes no trust from the view: a key it trusts is judged as the port\'s own record says, unless the view is louder', () => {
    const firstUse = { ...v('none', 'trusted'), kind: 'first-use' as const };
    expect(stricterVerdict(firstUse, { ...v('none'), kind: 'match' }, true)).toBe(firstUse);
    expect(stricterVerdict(firstUse, v('warning'), true).severity).toBe('warning');
  });
});
