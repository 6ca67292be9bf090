// The plan every pin format is written from: which pins a pattern gets, where each sits in the
// chain the site serves, and which patterns would strand an app at the site's next key change.
import { describe, expect, it } from 'vitest';
import { planPins } from '../../../src/core/pin-export/plan.js';
import { fixtureInput, INTERMEDIATE, key, LEAF, NOW, pin, record, ROOT, SPARE } from './pin-fixtures.js';

const group = (pattern: string, input = fixtureInput()) => planPins(input).groups.find((g) => g.pattern === pattern);

describe('pin plan', () => {
  it('exports a host by its pins when it has any, else by its trusted keys (never a rejected one)', () => {
    expect(group('shop.example')!.pins.map((p) => [p.position, p.source])).toEqual([['leaf', 'key'], ['earlier-leaf', 'key']]);
    expect(group('**.bank.example')!.pins.map((p) => [p.spkiSha256, p.position, p.name])).toEqual([[INTERMEDIATE, 'intermediate', 'R11'], [SPARE, 'outside', null]]);
    // Hosts the **.bank.example pins cover get no group of their own.
    expect(group('bank.example')).toBeUndefined();
    expect(group('api.bank.example')).toBeUndefined();
  });

  it('leaves expired pins out, and lists them', () => {
    const plan = planPins(fixtureInput());
    expect(plan.expired).toEqual([{ pattern: 'old.example', spkiSha256: expect.any(String), expiresAt: NOW - 5 * 86_400_000 }]);
    expect(plan.groups.map((g) => g.pattern)).not.toContain('old.example');
  });

  it('names the risk: one pin, only the site\'s own keys, only its served chain; a spare key outside it is a real backup', () => {
    expect(group('single.example')!.risk).toBe('single-pin');
    expect(group('shop.example')!.risk).toBe('leaf-only');
    expect(group('**.bank.example')!.risk).toBeNull();
    const chainOnly = { ...fixtureInput(), pins: [pin('**.bank.example', LEAF), pin('**.bank.example', ROOT)] };
    expect(group('**.bank.example', chainOnly)!.risk).toBe('chain-only');
  });

  it('offers the issuing certificate as the backup, and adds it only when asked, expiring with the pins it backs', () => {
    expect(group('single.example')!.backupOffer).toEqual({ spkiSha256: INTERMEDIATE, name: 'R11' });
    const input = { ...fixtureInput(), addBackupFor: new Set(['single.example']) };
    const added = group('single.example', input)!;
    expect(added.pins.map((p) => [p.spkiSha256, p.source])).toEqual([[LEAF, 'key'], [INTERMEDIATE, 'backup']]);
    expect(added.backupOffer).toBeNull();
    // Leaf and issuer: safe through renewals, not through a CA change, and it says which.
    expect(added.risk).toBe('chain-only');
    const dated = { ...fixtureInput(), hosts: [record('d.example', [key(LEAF)])], pins: [pin('d.example', LEAF, NOW + 1000)], addBackupFor: new Set(['d.example']) };
    expect(group('d.example', dated)!.pins.map((p) => p.expiresAt)).toEqual([NOW + 1000, NOW + 1000]);
  });

  it('keeps to the selection: named hosts and the pins that reach them', () => {
    const input = { ...fixtureInput(), selection: ['api.bank.example'] };
    input.hosts = input.hosts.filter((h) => h.host === 'api.bank.example');
    expect(planPins(input).groups.map((g) => g.pattern)).toEqual(['**.bank.example']);
  });

  it('reports the earliest expiry of a group, and whether its pins differ', () => {
    const g = group('**.bank.example')!;
    expect(g.expiresAt).toBe(NOW + 200 * 86_400_000);
    expect(g.mixedExpiry).toBe(true);
    expect(group('shop.example')!.expiresAt).toBeNull();
  });
});
