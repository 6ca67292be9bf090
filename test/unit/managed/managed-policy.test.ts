// The organisation's policy: read and refused as a whole, its precedence over the user's, its
// required pins, the inspection root it declares, and the administrator's export.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { managedFragmentOf, policiesJsonOf } from '../../../src/core/admin-export.js';
import { blockReason } from '../../../src/core/enforcement.js';
import { readManagedPolicy } from '../../../src/core/managed-policy.js';
import { inspectionRootFor, removedEntries, type ManagedPolicy } from '../../../src/core/managed-rules.js';
import { EMPTY_POLICY, enforcementFor, isEnforced, isIgnored, modeOf, type Policy } from '../../../src/core/policy.js';
import type { Verdict } from '../../../src/core/verdict.js';
import { HOST, Site, spkiOf } from '../core/site-builder.js';

const ID = 'firstseen@firstseen.example';
const example = JSON.parse(readFileSync(new URL('../../../docs/policies.example.json', import.meta.url), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('../../../extension/managed-schema.json', import.meta.url), 'utf8'));
const PIN_A = spkiOf('pin-a');
const PIN_B = spkiOf('pin-b');

function applied(value: unknown): ManagedPolicy {
  const state = readManagedPolicy(value);
  if (state.status !== 'applied') throw new Error(`not applied: ${JSON.stringify(state)}`);
  return state.policy;
}

const withManaged = (managed: unknown, own: Partial<Policy> = {}): Policy => ({ ...EMPTY_POLICY, ...own, managed: applied(managed) });

describe('reading the policy', () => {
  it('takes the documented example whole, and the schema is valid JSON Schema 2020-12 that accepts it', () => {
    const value = example.policies['3rdparty'].Extensions[ID];
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    const policy = applied(value);
    expect(policy.pins).toHaveLength(3);
    expect(policy.pins[0]).toMatchObject({ pattern: '**.corp.example', managed: true, expiresAt: Date.parse('2028-01-01T00:00:00Z') });
    expect(policy.inspectionRoots).toEqual([{ name: 'Example Corp web gateway', spkiSha256: 'i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=', domains: null }]);
    expect(policy.locked).toEqual({ checkEveryResponse: true, stopOnCritical: true, notifications: true, importDisabled: false });
  });

  it('is no policy when Firefox has none or an empty one', () => {
    expect(readManagedPolicy(undefined)).toEqual({ status: 'none' });
    expect(readManagedPolicy({})).toEqual({ status: 'none' });
  });

  it.each([
    ['a digest that is not SHA-256 base64', { pins: [{ pattern: 'a.example', sha256: ['abc'] }] }, '/pins/0/sha256/0'],
    ['an unknown field', { pinz: [] }, 'pinz'],
    ['an unknown mode', { modes: { 'a.example': 'block' } }, '/modes'],
    ['a host pattern that is no host', { modes: { 'a b.example': 'strict' } }, 'is not a host pattern'],
    ['a wildcard in the middle', { pins: [{ pattern: 'a.*.example', sha256: [PIN_A] }] }, '/pins/0/pattern'],
    ['an impossible date', { pins: [{ pattern: 'a.example', sha256: [PIN_A], expires: '2027-13-45' }] }, '/pins/0/expires'],
    ['an inspection root with no name', { inspectionRoots: [{ sha256: PIN_A }] }, 'name'],
    ['an array instead of an object', [1, 2], '/'],
    ['a day that does not exist', { pins: [{ pattern: 'a.example', sha256: [PIN_A], expires: '2028-02-30' }] }, '/pins/0/expires'],
    ['two spellings of one pattern', { modes: { 'BANK.example': 'ignore', 'bank.example': 'strict' } }, 'are the same pattern'],
  ])('refuses %s whole, saying where', (_what, value, where) => {
    const state = readManagedPolicy(value);
    expect(state.status).toBe('refused');
    expect(state.status === 'refused' && state.reason).toContain(where);
  });

  it('refuses a policy with one bad entry among good ones: nothing of it is applied', () => {
    const state = readManagedPolicy({ modes: { 'good.example': 'strict' }, pins: [{ pattern: 'good.example', sha256: [PIN_A] }, { pattern: 'x', sha256: ['bad'] }] });
    expect(state.status).toBe('refused');
  });
});

describe('precedence over the user', () => {
  it('a managed strict host stays strict whatever the user set, and his ignore rules do not reach it', () => {
    const policy = withManaged({ modes: { '**.corp.example': 'strict' } }, { modes: { 'app.corp.example': 'ignore' }, ignoreRules: ['**.corp.example'] });
    expect(modeOf(policy, 'app.corp.example')).toBe('strict');
    expect(isIgnored(policy, 'app.corp.example')).toBe(false);
    expect(isEnforced(policy, 'app.corp.example', 0)).toBe(true);
    // Outside the organisation's patterns, the user's rules are his.
    expect(isIgnored(policy, 'other.example')).toBe(false);
    expect(isIgnored({ ...policy, ignoreRules: ['other.example'] }, 'other.example')).toBe(true);
  });

  it('a user may make a managed host stricter, never less strict', () => {
    const policy = withManaged({ modes: { 'wiki.corp.example': 'watch', 'tmp.corp.example': 'ignore' } }, { modes: { 'wiki.corp.example': 'strict', 'tmp.corp.example': 'strict' } });
    expect(modeOf(policy, 'wiki.corp.example')).toBe('strict');
    expect(modeOf(policy, 'tmp.corp.example')).toBe('strict');
    const watched = withManaged({ modes: { 'wiki.corp.example': 'watch' } }, { modes: { 'wiki.corp.example': 'ignore' } });
    expect(modeOf(watched, 'wiki.corp.example')).toBe('watch');
    expect(isIgnored(watched, 'wiki.corp.example')).toBe(false);
  });

  it('the most specific pattern of the policy wins', () => {
    const policy = withManaged({ modes: { '**.corp.example': 'strict', 'wiki.corp.example': 'watch', '**.lab.corp.example': 'ignore', '*.corp.example': 'watch' } });
    expect(modeOf(policy, 'corp.example')).toBe('strict');
    expect(modeOf(policy, 'wiki.corp.example')).toBe('watch');
    expect(modeOf(policy, 'mail.corp.example')).toBe('watch'); // one label more: *. is more specific than **.
    expect(modeOf(policy, 'a.b.corp.example')).toBe('strict');
    expect(modeOf(policy, 'x.lab.corp.example')).toBe('ignore');
    expect(modeOf(policy, 'elsewhere.example')).toBe('watch');
  });
});

describe('the organisation\'s pins', () => {
  const verdict = (kind: Verdict['kind']): Verdict => ({ kind, severity: 'none', host: 'app.corp.example', at: 0, reasons: [] });
  const policy = withManaged({ pins: [{ pattern: '**.corp.example', sha256: [PIN_A] }] }, { pins: [{ pattern: 'app.corp.example', spkiSha256: PIN_B, addedAt: 0, expiresAt: null }] });
  const rules = enforcementFor(policy, 'app.corp.example', 0);

  it('are required: a key the user trusts does not pass without one of them, nor does the user\'s own pin', () => {
    expect(blockReason(rules, verdict('match'), ['leaf', 'int', 'root'])).toBe('managed-pin');
    expect(blockReason(rules, verdict('first-use'), ['leaf', PIN_B])).toBe('managed-pin');
    expect(blockReason(rules, verdict('inspected'), ['leaf', 'proxy-root'])).toBe('managed-pin');
  });

  it('the user\'s own pins still apply to a chain an inspection proxy re-signed', () => {
    const own = withManaged({ inspectionRoots: [{ name: 'Gw', sha256: PIN_A }] }, { pins: [{ pattern: 'app.corp.example', spkiSha256: PIN_B, addedAt: 0, expiresAt: null }] });
    expect(blockReason(enforcementFor(own, 'app.corp.example', 0), verdict('inspected'), ['leaf', PIN_A])).toBe('pin-mismatch');
    expect(blockReason({ strict: true, activePins: [], expiredPins: [] }, verdict('inspected'), ['leaf', PIN_A])).toBeNull();
  });

  it('let a chain holding one through, as HPKP does, and a host without them is the user\'s', () => {
    expect(blockReason(rules, verdict('key-change'), ['leaf', PIN_A, 'root'])).toBeNull();
    expect(rules.activePins.map((p) => p.spkiSha256).sort()).toEqual([PIN_A, PIN_B].sort());
    const elsewhere = enforcementFor(policy, 'other.example', 0);
    expect(elsewhere.managedPins).toBeUndefined();
    expect(blockReason(elsewhere, verdict('key-change'), ['leaf'])).toBeNull();
  });

  it('stop applying once expired', () => {
    const expiring = withManaged({ pins: [{ pattern: 'app.corp.example', sha256: [PIN_A], expires: '2027-01-01' }] });
    expect(enforcementFor(expiring, 'app.corp.example', Date.parse('2026-12-31T23:00:00Z')).managedPins).toHaveLength(1);
    const after = enforcementFor(expiring, 'app.corp.example', Date.parse('2027-01-01T00:00:01Z'));
    expect(after.managedPins).toBeUndefined();
    expect(blockReason(after, verdict('match'), ['leaf'])).toBeNull();
  });
});

describe('the expected inspection root', () => {
  const PROXY = spkiOf('proxy-root');
  function site(managed: unknown): Site {
    const policy = applied(managed);
    const s = new Site();
    s.see('real', '2026-03-01'); // seen with a root built into Firefox
    s.context = { ...s.context, inspectionRoot: (root) => {
      const r = inspectionRootFor(policy, root, HOST);
      return r && { name: r.name, by: 'organisation' as const };
    } };
    return s;
  }

  it('names a host it re-signs as inspected by the organisation, quiet, and learns nothing', () => {
    const s = site({ inspectionRoots: [{ name: 'Corp gateway', sha256: PROXY }] });
    const before = structuredClone(s.record);
    const v = s.see('proxy-leaf', '2026-03-02', { root: 'proxy-root', issuer: 'proxy-int', builtIn: false });
    expect(v).toMatchObject({ kind: 'inspected', severity: 'none', inspectedBy: 'Corp gateway' });
    expect(blockReason({ strict: true, activePins: [], expiredPins: [] }, v, [])).toBeNull();
    // The trust service stores nothing for it; the judge's verdict carries no key to learn.
    expect(v.learn).toBeUndefined();
    expect(before?.keys.map((k) => k.spkiSha256)).toEqual([spkiOf('real')]);
  });

  it('still calls another root not built in an interception, and the proxy\'s root outside its domains too', () => {
    const s = site({ inspectionRoots: [{ name: 'Corp gateway', sha256: PROXY }] });
    expect(s.see('evil-leaf', '2026-03-02', { root: 'evil-root', issuer: 'evil-int', builtIn: false })).toMatchObject({ kind: 'interception', severity: 'critical' });
    const narrow = site({ inspectionRoots: [{ name: 'Corp gateway', sha256: PROXY, domains: ['**.corp.example'] }] });
    expect(narrow.see('proxy-leaf', '2026-03-02', { root: 'proxy-root', issuer: 'proxy-int', builtIn: false })).toMatchObject({ kind: 'interception', severity: 'critical' });
  });

  it('is never a built-in root: a public CA named as the proxy softens nothing', () => {
    const s = site({ inspectionRoots: [{ name: 'Corp gateway', sha256: spkiOf('root-1') }] });
    expect(s.see('new-key', '2026-03-02', { notBefore: '2026-03-02' }).kind).not.toBe('inspected');
  });
});

describe('a changed policy', () => {
  it('lists what the old one set and the new one does not', () => {
    const before = applied({ modes: { 'a.example': 'strict', 'b.example': 'watch' }, pins: [{ pattern: 'a.example', sha256: [PIN_A, PIN_B] }],
      inspectionRoots: [{ name: 'Gw', sha256: PIN_A }], locked: { importDisabled: true } });
    const after = applied({ modes: { 'a.example': 'strict', 'b.example': 'strict' }, pins: [{ pattern: 'a.example', sha256: [PIN_A] }] });
    expect(removedEntries(before, after)).toEqual([
      { pattern: 'b.example', detail: 'mode watch' },
      { pattern: 'a.example', detail: `pin ${PIN_B}` },
      { pattern: '*', detail: `inspection root ${PIN_A} (Gw)` },
      { pattern: '*', detail: 'locked option importDisabled' },
    ]);
    expect(removedEntries(before, null)).toHaveLength(6);
    expect(removedEntries(after, after)).toEqual([]);
  });
});

describe('the administrator\'s export', () => {
  it('is a policies.json this very schema accepts, with the user\'s pins and modes and never the organisation\'s', () => {
    const own: Policy = {
      modes: { 'bank.example': 'strict', 'intranet.example': 'ignore' },
      ignoreRules: ['**.internal'],
      pins: [
        { pattern: 'bank.example', spkiSha256: PIN_A, addedAt: 1, expiresAt: null },
        { pattern: 'bank.example', spkiSha256: PIN_B, addedAt: 2, expiresAt: null },
        { pattern: '**.shop.example', spkiSha256: PIN_A, addedAt: 3, expiresAt: Date.parse('2027-06-30T00:00:00Z') },
      ],
    };
    const policy = { ...own, managed: applied({ pins: [{ pattern: 'corp.example', sha256: [spkiOf('corp')] }] }) };
    const json = JSON.parse(policiesJsonOf({ ...policy, pins: [...policy.pins, ...policy.managed.pins] }, ID));
    const fragment = json.policies['3rdparty'].Extensions[ID];
    const back = applied(fragment);
    expect(back.modes).toEqual({ '**.internal': 'ignore', 'bank.example': 'strict', 'intranet.example': 'ignore' });
    expect(back.pins.map((p) => [p.pattern, p.spkiSha256, p.expiresAt])).toEqual([
      ['bank.example', PIN_A, null], ['bank.example', PIN_B, null], ['**.shop.example', PIN_A, Date.parse('2027-06-30T00:00:00Z')],
    ]);
    expect(JSON.stringify(fragment)).not.toContain(spkiOf('corp'));
    expect(managedFragmentOf(EMPTY_POLICY)).toEqual({});
  });
});
