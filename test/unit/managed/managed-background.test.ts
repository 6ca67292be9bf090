// The organisation's policy through the background as main.ts wires it: the pages cannot weaken it,
// export and import keep it apart from the user's, locked options hold, an inspected response
// changes no record, and what a changed policy no longer sets goes in the history.
import { describe, expect, it } from 'vitest';
import { noteManagedChanges } from '../../../src/background/managed-history.js';
import type { ManagedState } from '../../../src/core/managed-rules.js';
import type { Policy } from '../../../src/core/policy.js';
import type { TrustEvent } from '../../../src/core/trust-event.js';
import type { HostDetail } from '../../../src/protocol.js';
import { MemorySessionArea } from '../background/fakes.js';
import { wireBackground } from '../background/wiring.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { exportText } from '../history/history-helpers.js';

const obs = observationOf('first-visit-intermediate', CAPTURED_AT);
const INTERMEDIATE = obs.chain[1]!.spkiSha256;
const ROOT = obs.chain[obs.chain.length - 1]!.spkiSha256;
const OTHER = 'r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=';
const POLICY = {
  modes: { '**.corp.example': 'strict', 'wiki.corp.example': 'watch' },
  pins: [{ pattern: 'app.corp.example', sha256: [OTHER] }],
  locked: { stopOnCritical: true, importDisabled: true },
};
let n = 0;
const wire = (managed: unknown = POLICY) => wireBackground(`managed-${++n}`, () => CAPTURED_AT, new MemorySessionArea(), undefined, managed);

describe('the pages cannot weaken the organisation\'s rules', () => {
  it('a managed mode can be made strict, nothing else; the detail says it is managed', async () => {
    const bg = await wire();
    await expect(bg.ask({ type: 'set-mode', host: 'wiki.corp.example', mode: 'ignore' })).rejects.toThrow(/organisation set wiki\.corp\.example to watch/);
    await expect(bg.ask({ type: 'set-mode', host: 'app.corp.example', mode: 'watch' })).rejects.toThrow(/organisation/);
    await bg.ask({ type: 'set-mode', host: 'wiki.corp.example', mode: 'strict' });
    const detail = await bg.ask<HostDetail>({ type: 'host-detail', host: 'wiki.corp.example' });
    expect(detail).toMatchObject({ mode: 'strict', modeManaged: true });
    // Giving back the user's own strict returns the organisation's mode.
    await bg.ask({ type: 'set-mode', host: 'wiki.corp.example', mode: 'watch' });
    expect(await bg.ask<HostDetail>({ type: 'host-detail', host: 'wiki.corp.example' })).toMatchObject({ mode: 'watch', modeManaged: true });
    expect(await bg.ask<HostDetail>({ type: 'host-detail', host: 'elsewhere.example' })).toMatchObject({ modeManaged: false });
  });

  it('a managed pin is shown, marked, and cannot be removed', async () => {
    const bg = await wire();
    const detail = await bg.ask<HostDetail>({ type: 'host-detail', host: 'app.corp.example' });
    expect(detail.activePins).toEqual([expect.objectContaining({ pattern: 'app.corp.example', spkiSha256: OTHER, managed: true })]);
    await expect(bg.ask({ type: 'remove-pin', pattern: 'app.corp.example', spkiSha256: OTHER })).rejects.toThrow(/set by your organisation/);
    expect((await bg.ask<HostDetail>({ type: 'host-detail', host: 'app.corp.example' })).activePins).toHaveLength(1);
  });

  it('a locked option cannot be changed, and what the user chose comes back without the policy', async () => {
    const bg = await wire();
    await expect(bg.ask({ type: 'set-options', options: { stopOnCritical: false } })).rejects.toThrow(/set by your organisation/);
    expect(await bg.options.get()).toMatchObject({ stopOnCritical: true });
    await bg.ask({ type: 'set-options', options: { checkEveryResponse: true } });
    expect(await bg.options.get()).toMatchObject({ checkEveryResponse: true, stopOnCritical: true });
  });

  it('an import is refused where the organisation disabled it', async () => {
    const bg = await wire();
    await expect(bg.ask({ type: 'import-begin' })).rejects.toThrow(/disabled by your organisation/);
    const free = await wire({ locked: { importDisabled: false } });
    await expect(free.ask({ type: 'import-begin' })).resolves.toMatchObject({ token: expect.any(String) });
  });

  it('a refused policy applies nothing, and says why', async () => {
    const bg = await wire({ modes: { 'app.corp.example': 'strict' }, pins: [{ pattern: 'x', sha256: ['short'] }] });
    const state = await bg.ask<ManagedState>({ type: 'managed-status' });
    expect(state).toMatchObject({ status: 'refused', reason: expect.stringContaining('/pins/0/sha256/0') });
    expect(await bg.ask<HostDetail>({ type: 'host-detail', host: 'app.corp.example' })).toMatchObject({ mode: 'watch', modeManaged: false });
  });
});

describe('export and import keep the organisation\'s entries apart', () => {
  it('the history export holds the user\'s policy only, and an import cannot override the organisation', async () => {
    const bg = await wire();
    await bg.ask({ type: 'set-mode', host: 'bank.example', mode: 'strict' });
    const doc = JSON.parse(await exportText(bg.history));
    expect(doc.policy.modes).toEqual({ 'bank.example': 'strict' });
    expect(doc.policy.pins).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain(OTHER);
    expect(doc.policy.managed).toBeUndefined();
    // What is stored is the user's only: a later wake without the policy finds none of it.
    const stored = await bg.store.getPolicy();
    expect(stored.managed).toBeUndefined();
    expect(stored.modes).toEqual({ 'bank.example': 'strict' });
  });

  it('the administrator\'s export is the user\'s pins and modes, never the organisation\'s', async () => {
    const bg = await wire();
    await bg.ask({ type: 'add-pin', pattern: 'bank.example', pin: `sha256/${INTERMEDIATE}`, expiresAt: null });
    const { json } = await bg.ask<{ json: string }>({ type: 'admin-policy-export' });
    const fragment = JSON.parse(json).policies['3rdparty'].Extensions['me@test'];
    expect(fragment).toEqual({ pins: [{ pattern: 'bank.example', sha256: [INTERMEDIATE] }] });
  });
});

describe('judging under the policy', () => {
  it('a managed pin stops a host\'s known key, and an inspected response changes no record', async () => {
    const bg = await wire({ pins: [{ pattern: 'pinned.test', sha256: [OTHER] }], inspectionRoots: [{ name: 'Gateway', sha256: ROOT }] });
    const pinned = await bg.service.observe({ kind: 'observation', observation: { ...obs, host: 'pinned.test' } }, { incognito: false });
    expect(pinned).toMatchObject({ blocked: 'managed-pin' });
    // The fixture's root is not built into Firefox: declared as the organisation's proxy root, it is named.
    const first = await bg.service.observe({ kind: 'observation', observation: { ...obs, host: 'inspected.test' } }, { incognito: false });
    expect(first).toMatchObject({ kind: 'inspected', severity: 'none', inspectedBy: 'Gateway' });
    expect(first?.blocked).toBeUndefined();
    expect(await bg.service.record('inspected.test')).toBeUndefined();
    const policy = await bg.ask<Policy>({ type: 'get-policy' });
    expect(policy.managed?.inspectionRoots[0]?.name).toBe('Gateway');
  });
});

describe('a changed policy is said in the history', () => {
  it('once per change: what the old policy set and the new one does not', async () => {
    const area = new MemorySessionArea();
    const events: TrustEvent[] = [];
    const note = (e: TrustEvent[]) => events.push(...e);
    const applied = (modes: Record<string, string>): ManagedState => ({ status: 'applied', policy: { pins: [], modes: modes as never, inspectionRoots: [], locked: {} } });
    await noteManagedChanges(applied({ 'a.example': 'strict', 'b.example': 'ignore' }), area, note, 1);
    expect(events).toEqual([]);
    await noteManagedChanges(applied({ 'a.example': 'strict' }), area, note, 2);
    expect(events).toEqual([{ host: 'b.example', at: 2, kind: 'managed-removed', severity: 'none', detail: 'mode ignore' }]);
    await noteManagedChanges(applied({ 'a.example': 'strict' }), area, note, 3);
    expect(events).toHaveLength(1);
    // A refused policy keeps the last applied one as the reference; no policy at all removes it.
    await noteManagedChanges({ status: 'refused', reason: 'x' }, area, note, 4);
    expect(events).toHaveLength(1);
    await noteManagedChanges({ status: 'none' }, area, note, 5);
    expect(events.at(-1)).toMatchObject({ host: 'a.example', kind: 'managed-removed', detail: 'mode strict', at: 5 });
    await noteManagedChanges({ status: 'none' }, area, note, 6);
    expect(events).toHaveLength(2);
  });
});

// Found by an independent attacker review of this feature (each failed before its fix).
describe('an attacker review of the organisation\'s rules', () => {
  const PINNED = { pins: [{ pattern: 'bank.example', sha256: [OTHER] }] };
  const see = (bg: Awaited<ReturnType<typeof wire>>, host = 'bank.example') =>
    bg.service.observe({ kind: 'observation', observation: { ...obs, host } }, { incognito: false });

  it('the user\'s ignore mode, ignore rules or an imported rule never switch a managed pin off', async () => {
    const bg = await wire(PINNED);
    await expect(bg.ask({ type: 'set-mode', host: 'bank.example', mode: 'ignore' })).rejects.toThrow(/cannot be ignored/);
    await bg.ask({ type: 'set-ignore-rules', rules: ['**.example'] });
    expect(await see(bg)).toMatchObject({ blocked: 'managed-pin' });
    const file = await wire({});
    await file.ask({ type: 'set-ignore-rules', rules: ['**.example'] });
    const doc = JSON.parse(await exportText(file.history));
    const { token } = await bg.ask<{ token: string }>({ type: 'import-begin' });
    await bg.ask({ type: 'import-stage', token, hostsJson: '[]', policy: { ...doc.policy, modes: { 'bank.example': 'ignore' } } });
    await bg.ask({ type: 'import-apply', token, resolutions: {} });
    expect(await see(bg)).toMatchObject({ blocked: 'managed-pin' });
  });

  it('a key brought by an import is checked against the chain presented, not the chain its file claims', async () => {
    const attacker = await wire({});
    await see(attacker);
    const doc = JSON.parse(await exportText(attacker.history));
    const key = doc.hosts[0].keys[0];
    key.chainSpki = [key.spkiSha256, OTHER];
    key.issuerSpkiSha256 = OTHER;
    key.builtInRoot = true;
    delete key.chainDer;
    const bg = await wire(PINNED);
    await bg.policy.get();
    const { token } = await bg.ask<{ token: string }>({ type: 'import-begin' });
    await bg.ask({ type: 'import-stage', token, hostsJson: JSON.stringify(doc.hosts), policy: null });
    await bg.ask({ type: 'import-apply', token, resolutions: {} });
    // The leaf read alone would stand the file's chain in for the one presented: refused for a pinned host.
    const leafOnly = { ...obs, host: 'bank.example', chain: [obs.leaf] };
    expect(await bg.service.knownCertificate(leafOnly, false)).toBeUndefined();
  });

  it('a store that will not open loses none of the organisation\'s rules', async () => {
    const broken = () => Promise.reject(Object.assign(new Error('cannot open'), { name: 'InvalidStateError' }));
    const bg = await wireBackground(`managed-broken-${++n}`, () => CAPTURED_AT, new MemorySessionArea(), broken, { ...PINNED, locked: { stopOnCritical: true } });
    expect(await see(bg)).toMatchObject({ blocked: 'managed-pin' });
    expect(await see(bg)).toMatchObject({ blocked: 'managed-pin' });
    expect(await bg.ask<ManagedState>({ type: 'managed-status' })).toMatchObject({ status: 'applied' });
    await expect(bg.ask({ type: 'set-options', options: { stopOnCritical: false } })).rejects.toThrow(/set by your organisation/);
  });

  it('an imported pin cannot pass for the organisation\'s', async () => {
    const bg = await wire({});
    const { token } = await bg.ask<{ token: string }>({ type: 'import-begin' });
    await bg.ask({ type: 'import-stage', token, hostsJson: '[]', policy: { modes: {}, ignoreRules: [], pins: [{ pattern: 'bank.example', spkiSha256: OTHER, addedAt: 1, expiresAt: null, managed: true }] } });
    await bg.ask({ type: 'import-apply', token, resolutions: {} });
    expect((await bg.store.getPolicy()).pins).toEqual([{ pattern: 'bank.example', spkiSha256: OTHER, addedAt: 1, expiresAt: null }]);
    const detail = await bg.ask<HostDetail>({ type: 'host-detail', host: 'bank.example' });
    expect(detail.activePins[0]?.managed).toBeUndefined();
  });
});


describe('a storage.managed that does not answer', () => {
  it('holds nothing past a short wait, and the policy applies the moment it comes', async () => {
    const { PolicyService } = await import('../../../src/background/policy-service.js');
    const { openTrustStore } = await import('../../../src/store/trust-store.js');
    const store = await openTrustStore(`managed-late-${++n}`);
    let answer!: (v: unknown) => void;
    const policy = new PolicyService(async () => store, { read: () => new Promise((r) => (answer = r)) }, 50);
    const started = Date.now();
    expect((await policy.get()).managed).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
    answer({ modes: { 'late.example': 'strict' } });
    await new Promise((r) => setTimeout(r, 50));
    expect(policy.peek()?.managed?.modes).toEqual({ 'late.example': 'strict' });
  });
});
