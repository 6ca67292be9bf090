// A port of a known name (https://bank.example:8443/) is judged against that name's keys: it gets
// the name's cookies (RFC 6265 ignores ports), so an attacker who makes the browser fetch it with
// any certificate for the name must meet a change, not a first use (attacker review).
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { portlessHost } from '../../../src/core/host-port.js';
import { EMPTY_POLICY, modeOf } from '../../../src/core/policy.js';
import { observation, spkiOf, type SightingOptions } from '../core/site-builder.js';
import { wireBackground } from './wiring.js';
import { openTrustStore } from '../../../src/store/trust-store.js';

const SANS = ['bank.example'];
const ATTACKER: SightingOptions = { issued: '2026-01-29', issuer: 'other-int', root: 'other-root', sans: SANS };

async function background(name: string) {
  const clock = { now: 0 };
  const bg = await wireBackground(name, () => clock.now);
  const see = async (label: string, host: string, at: string, o: SightingOptions = { issued: '2026-01-01', sans: SANS }, incognito = false) => {
    const obs = observation(label, at, { ...o, host });
    clock.now = obs.at;
    return bg.service.observe({ kind: 'observation', observation: obs }, { incognito });
  };
  return { bg, see };
}

describe('a port of a known name (host-port.ts)', () => {
  it('names the portless host only for a host key with a port', () => {
    expect(portlessHost('bank.example:8443')).toBe('bank.example');
    expect(portlessHost('bank.example')).toBeNull();
    expect(portlessHost('[::1]:8443')).toBe('[::1]');
    expect(portlessHost('[::1]')).toBeNull();
  });

  it('takes the name\'s strict mode where it has no mode of its own, and never the name\'s ignore', () => {
    const policy = { ...EMPTY_POLICY, modes: { 'bank.example': 'strict' as const, 'quiet.example': 'ignore' as const, 'bank.example:9000': 'ignore' as const } };
    expect(modeOf(policy, 'bank.example:8443')).toBe('strict');
    expect(modeOf(policy, 'bank.example:9000')).toBe('ignore');
    expect(modeOf(policy, 'quiet.example:8443')).toBe('watch');
    expect(modeOf(policy, 'other.example:8443')).toBe('watch');
  });

  it('meets another key as a change: the name\'s warning, not a first use', async () => {
    const { see } = await background('other-port-1');
    for (const day of ['2026-01-02', '2026-01-10', '2026-01-20']) await see('A', 'bank.example', day);
    expect(await see('X', 'bank.example:8443', '2026-02-01', ATTACKER)).toMatchObject({ kind: 'issuer-change', severity: 'warning' });
    // The name's own key on that port is no change: a site serving one certificate on both.
    expect(await see('A', 'bank.example:8444', '2026-02-01')).toMatchObject({ severity: 'none' });
  });

  it('keeps a key the user blocked on the name blocked there too, and the name\'s strict mode', async () => {
    const { bg, see } = await background('other-port-2');
    for (const day of ['2026-01-02', '2026-01-20']) await see('A', 'bank.example', day);
    await see('X', 'bank.example', '2026-02-01T00:00:00Z', ATTACKER);
    await bg.service.decide('bank.example', { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('other-int') }, 'rejected');
    // Held for its verdict on the port's first visit, so the critical verdict can stop it: the leaf
    // read looks the name's record up, and the refused key there counts (even with critical stops off).
    const first = observation('X', '2026-02-01T00:30:00Z', { ...ATTACKER, host: 'bank.example:8443' });
    expect(await bg.service.knownCertificate(first, false)).toBeUndefined();
    expect(bg.service.mayBeCritical('bank.example:8443', false, true)).toBe(true);
    expect(bg.service.mayBeCritical('shop.example:8443', false, true)).toBe(true);
    await bg.service.knownCertificate(observation('S', '2026-02-01T00:30:00Z', { host: 'shop.example:8443' }), false);
    expect(bg.service.mayBeCritical('shop.example:8443', false, true)).toBe(false);
    // After a wake, with nothing read yet: the leaf read itself brings the name's record in.
    await bg.service.writes.flushAll();
    const woken = await wireBackground('other-port-2', () => first.at);
    await woken.service.knownCertificate(first, false);
    expect(woken.service.mayBeCritical('bank.example:8443', false, true)).toBe(true);
    expect(await see('X', 'bank.example:8443', '2026-02-01T01:00:00Z', ATTACKER)).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
    await bg.service.policy.update((p) => ({ ...p, modes: { ...p.modes, 'bank.example': 'strict' } }));
    expect(await see('Y', 'bank.example:9443', '2026-02-02', { ...ATTACKER, issuer: 'int-9', root: 'root-9' })).toMatchObject({ blocked: 'key-mismatch' });
  });

  it('learns a first use where the name is not known, and leaves the name\'s record as it was', async () => {
    const { bg, see } = await background('other-port-3');
    expect(await see('P', 'shop.example:8443', '2026-01-02')).toMatchObject({ kind: 'first-use' });
    await see('A', 'bank.example', '2026-01-02');
    await see('X', 'bank.example:8443', '2026-02-01', ATTACKER);
    const name = await bg.service.record('bank.example');
    expect(name?.host).toBe('bank.example');
    expect(name?.keys.map((k) => [k.spkiSha256, k.status])).toEqual([[spkiOf('A'), 'first-use']]);
    expect((await bg.service.record('bank.example:8443'))?.keys.map((k) => k.spkiSha256)).toEqual([spkiOf('A'), spkiOf('X')]);
  });

  // The same door the other way round (a second attacker review): a self-hosted service known only
  // on its own port (nas.example:5001) gets its cookies from the name on any port.
  it('judges the default port, and any other port, against a name known only on a port', async () => {
    const nas: SightingOptions = { issued: '2026-01-01', sans: ['nas.example'] };
    const attacker = { ...ATTACKER, sans: ['nas.example'] };
    const { see } = await background('other-port-4');
    for (const day of ['2026-01-02', '2026-01-10']) await see('N', 'nas.example:5001', day, nas);
    expect(await see('X', 'nas.example', '2026-02-01', attacker)).toMatchObject({ kind: 'issuer-change', severity: 'warning' });
    expect(await see('Y', 'nas.example:5002', '2026-02-01', { ...attacker, issuer: 'int-9', root: 'root-9' })).toMatchObject({ kind: 'issuer-change', severity: 'warning' });
    expect(await see('N', 'nas.example:5003', '2026-02-01', nas)).toMatchObject({ severity: 'none' });
  });

  it('prefers the default port\'s record, else the port seen last', async () => {
    const { see } = await background('other-port-5');
    await see('A', 'bank.example', '2026-01-02');
    await see('B', 'bank.example:8443', '2026-01-20');
    // The name's own key: none; the other port's key, though seen later, is a change here.
    expect(await see('A', 'bank.example:9000', '2026-02-01')).toMatchObject({ severity: 'none' });
    expect(await see('B', 'bank.example:9001', '2026-02-01')).not.toMatchObject({ severity: 'none' });
    // No default port: the port seen last is the one a new port starts from (here its renewal,
    // learned without asking, is known there and nowhere else).
    const ports = await background('other-port-6');
    await ports.see('C', 'svc.example:7000', '2026-01-02');
    await ports.see('C', 'svc.example:7001', '2026-01-20');
    expect(await ports.see('D', 'svc.example:7001', '2026-03-05', { issued: '2026-03-05', sans: SANS })).toMatchObject({ severity: 'notice', learn: 'provisional' });
    expect(await ports.see('D', 'svc.example:7002', '2026-03-10', { issued: '2026-03-05', sans: SANS })).toMatchObject({ kind: 'match', severity: 'none' });
    // A key the user accepted on another port is not copied: that decision was about that port,
    // and a copied decision outlives the one it came from. It warns here once.
    expect(await ports.see('E', 'svc.example:7001', '2026-03-11', ATTACKER)).toMatchObject({ severity: 'warning' });
    await ports.bg.service.decide('svc.example:7001', { spkiSha256: spkiOf('E'), issuerSpkiSha256: spkiOf('other-int') }, 'accepted');
    expect(await ports.see('E', 'svc.example:7003', '2026-03-12', ATTACKER)).toMatchObject({ severity: 'warning' });
  });
  // A third attacker review: a port's own record sees only that port's connections. One relayed
  // fetch of https://bank.example:8443/ leaves a record there that never learns of the name's later
  // sightings or renewal; judged alone, it let his same-CA key through as a routine notice.
  describe('a port whose own record is weeks behind the name\'s', () => {
    const real = (issued: string): SightingOptions => ({ issued, sans: SANS });

    it('does not call the name\'s current key lapsed: a same-CA key mid-life warns there as on the name', async () => {
      const { bg, see } = await background('stale-port-1');
      for (const day of ['2026-01-02', '2026-01-03']) await see('A', 'bank.example', day);
      await see('A', 'bank.example:8443', '2026-01-05');
      for (const day of ['2026-01-10', '2026-01-20', '2026-01-30', '2026-02-05', '2026-02-09']) await see('A', 'bank.example', day);
      expect(await see('X', 'bank.example:8443', '2026-02-10', real('2026-02-10'))).toMatchObject({ kind: 'key-change', severity: 'warning' });
      expect(await see('X', 'bank.example:8443', '2026-02-11', real('2026-02-10'))).not.toMatchObject({ severity: 'none' });
      const port = await bg.service.record('bank.example:8443');
      expect(port?.keys.find((k) => k.spkiSha256 === spkiOf('X'))?.status).toBe('pending');
    });

    it('counts the renewal the site made on the name: a second claim on the port warns', async () => {
      const { bg, see } = await background('stale-port-2');
      for (const day of ['2026-01-02', '2026-01-20']) await see('A', 'bank.example', day);
      await see('A', 'bank.example:8443', '2026-02-15');
      for (const day of ['2026-02-20', '2026-02-28']) await see('A', 'bank.example', day);
      for (const day of ['2026-03-03', '2026-03-05', '2026-03-12', '2026-03-15']) await see('B', 'bank.example', day, real('2026-03-03'));
      expect(await see('X', 'bank.example:8443', '2026-03-16', real('2026-03-16'))).toMatchObject({ kind: 'key-change', severity: 'warning' });
      expect((await bg.service.record('bank.example:8443'))?.keys.find((k) => k.spkiSha256 === spkiOf('X'))?.status).toBe('pending');
      // The site's real renewal, served on the port too, is the port's routine renewal: learned, no warning.
      const other = await background('stale-port-3');
      for (const day of ['2026-01-02', '2026-01-20']) await other.see('A', 'bank.example', day);
      await other.see('A', 'bank.example:8443', '2026-02-15');
      for (const day of ['2026-03-03', '2026-03-05']) await other.see('B', 'bank.example', day, real('2026-03-03'));
      expect(await other.see('B', 'bank.example:8443', '2026-03-16', real('2026-03-03'))).toMatchObject({ kind: 'key-change', severity: 'notice' });
      expect((await other.bg.service.record('bank.example:8443'))?.keys.find((k) => k.spkiSha256 === spkiOf('B'))?.status).toBe('first-use');
    });

    it('lets the port\'s own decision stand, and asks the other ports nothing for a key the port trusts', async () => {
      const { bg, see } = await background('stale-port-4');
      await see('A', 'bank.example', '2026-01-02');
      await see('P', 'bank.example:5001', '2026-01-02', { ...ATTACKER, issued: '2026-01-01' });
      await bg.service.decide('bank.example:5001', { spkiSha256: spkiOf('P'), issuerSpkiSha256: spkiOf('other-int') }, 'accepted');
      // The admin port's own certificate, known there: quiet, whatever the name's record says.
      expect(await see('P', 'bank.example:5001', '2026-02-01', { ...ATTACKER, issued: '2026-01-01' })).toMatchObject({ severity: 'none' });
      // The name's key on the name: still the name's, the port's accepted key not carried back as a decision on it.
      expect((await bg.service.record('bank.example'))?.keys.map((k) => k.spkiSha256)).toEqual([spkiOf('A')]);
    });
  });
  // A review of the first version of the view, which judged by the view alone and wrote it back as
  // the port's record: another port's keys turned on the fleet and renewal rules for a key no port
  // had served beside them, and a decision on the name did not reach a port that had taken the view.
  describe('another port\'s keys only narrow', () => {
    const real = (issued: string, o: SightingOptions = {}): SightingOptions => ({ issued, sans: SANS, ...o });

    it('do not make the name a fleet: an admin port\'s accepted key beside the name\'s, then a same-CA key mid-life on the name warns', async () => {
      const { bg, see } = await background('narrow-1');
      for (const day of ['2026-01-02', '2026-01-05']) await see('A', 'bank.example', day);
      await see('B', 'bank.example:8443', '2026-01-06', real('2026-01-01'));
      await bg.service.decide('bank.example:8443', { spkiSha256: spkiOf('B'), issuerSpkiSha256: spkiOf('int-1') }, 'accepted');
      for (const day of ['2026-01-10', '2026-01-15']) {
        await see('A', 'bank.example', day);
        await see('B', 'bank.example:8443', day, real('2026-01-01'));
      }
      expect(await see('X', 'bank.example', '2026-01-20', real('2026-01-20'))).toMatchObject({ severity: 'warning' });
    });

    it('do not lend an admin port\'s accepted key, due for renewal, to the name as a renewal', async () => {
      const { bg, see } = await background('narrow-2');
      for (const day of ['2026-01-02', '2026-01-05']) await see('A', 'bank.example', day);
      const admin = real('2025-11-01');
      await see('B', 'bank.example:8443', '2026-01-06', admin);
      await bg.service.decide('bank.example:8443', { spkiSha256: spkiOf('B'), issuerSpkiSha256: spkiOf('int-1') }, 'accepted');
      expect(await see('X', 'bank.example', '2026-01-10', real('2026-01-10'))).toMatchObject({ severity: 'warning' });
    });

    it('are never written to the port: a key accepted on the name by mistake, then refused there, is no match on the port', async () => {
      const { bg, see } = await background('narrow-3');
      for (const day of ['2026-01-02', '2026-01-10']) {
        await see('A', 'bank.example', day);
        await see('A', 'bank.example:8443', day);
      }
      const x = { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('other-int') };
      await see('X', 'bank.example', '2026-01-20', ATTACKER);
      await bg.service.decide('bank.example', x, 'accepted');
      expect(await see('X', 'bank.example:8443', '2026-01-21', ATTACKER)).toMatchObject({ severity: 'warning' });
      await bg.service.decide('bank.example', x, 'rejected');
      expect(await see('X', 'bank.example:8443', '2026-01-22', ATTACKER)).toMatchObject({ severity: 'critical' });
      expect((await bg.service.record('bank.example:8443'))?.keys.map((k) => k.spkiSha256)).toEqual([spkiOf('A'), spkiOf('X')]);
    });

    it('hold a port only while the name\'s hold lasts', async () => {
      const { bg, see } = await background('narrow-4');
      for (const day of ['2026-01-02', '2026-01-10']) {
        await see('A', 'bank.example', day);
        await see('A', 'bank.example:8443', day);
      }
      const p = { spkiSha256: spkiOf('P'), issuerSpkiSha256: spkiOf('other-int') };
      await see('P', 'bank.example', '2026-01-20T10:00:00Z', ATTACKER);
      await bg.service.holdUntilDecided('bank.example');
      expect(await see('P', 'bank.example:8443', '2026-01-20T12:00:00Z', ATTACKER)).toMatchObject({ blocked: expect.any(String) });
      await bg.service.decide('bank.example', p, 'accepted');
      expect(await see('P', 'bank.example:8443', '2026-01-22', ATTACKER)).not.toHaveProperty('blocked');
      expect((await bg.service.record('bank.example:8443'))?.heldUntilDecided).toBeUndefined();
    });
  });
  // A fifth review: a new port started from a copy of the name's record, decisions and hold
  // included, and a copied decision outlived the one it came from.
  describe('a new port copies no decision', () => {
    it('a key accepted on the name by mistake, then refused there, is refused on a port first seen in between', async () => {
      const { bg, see } = await background('no-copy-1');
      for (const day of ['2026-01-02', '2026-01-10']) await see('A', 'bank.example', day);
      const x = { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('other-int') };
      await see('X', 'bank.example', '2026-01-20', ATTACKER);
      await bg.service.decide('bank.example', x, 'accepted');
      await see('A', 'bank.example:8443', '2026-01-21');
      await bg.service.decide('bank.example', x, 'rejected');
      expect(await see('X', 'bank.example:8443', '2026-01-23', ATTACKER)).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
      expect(await see('X', 'bank.example:8443', '2026-02-10', ATTACKER)).toMatchObject({ severity: 'critical' });
    });

    it('a hold on the name ends on a port first seen during it, with the decision on the name', async () => {
      const { bg, see } = await background('no-copy-2');
      for (const day of ['2026-01-02', '2026-01-10']) await see('A', 'bank.example', day);
      const b = { spkiSha256: spkiOf('B'), issuerSpkiSha256: spkiOf('other-int') };
      await see('B', 'bank.example', '2026-01-20T10:00:00Z', ATTACKER);
      await bg.service.holdUntilDecided('bank.example');
      await see('A', 'bank.example:8443', '2026-01-20T12:00:00Z');
      expect((await bg.service.record('bank.example:8443'))?.heldUntilDecided).toBeUndefined();
      await bg.service.decide('bank.example', b, 'accepted');
      expect(await see('B', 'bank.example:8443', '2026-01-21', ATTACKER)).not.toHaveProperty('blocked');
    });
  });
  // The fifth review, on the hold for a verdict: only the default port's record was asked, so a key
  // refused on a service's own port was critical, but never stopped, on another port or the name.
  // A sixth review: a key a port learned without asking (his same-CA key, at the name's renewal
  // time, on a port seen once) was judged by the port alone from then on, as any key the port trusts.
  describe('a key a port learned without asking is still judged against the name', () => {
    const real = (issued: string): SightingOptions => ({ issued, sans: SANS });
    const x = { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('int-1') };
    /** The name on A since January, a port seen once; his X learned on the port as A's renewal. */
    async function learnedOnPort(name: string) {
      const site = await background(name);
      for (const day of ['2026-01-02', '2026-01-20', '2026-02-20', '2026-03-01']) await site.see('A', 'bank.example', day);
      await site.see('A', 'bank.example:8443', '2026-02-15');
      expect(await site.see('X', 'bank.example:8443', '2026-03-03T10:00:00Z', real('2026-03-03'))).toMatchObject({ severity: 'notice', learn: 'provisional' });
      return site;
    }

    it('is doubted where the name kept serving the key it claimed to renew', async () => {
      const { bg, see } = await learnedOnPort('learned-1');
      for (const day of ['2026-03-04', '2026-03-06', '2026-03-10']) expect(await see('A', 'bank.example', day)).toMatchObject({ severity: 'none' });
      expect(await see('X', 'bank.example:8443', '2026-03-11', real('2026-03-03'))).toMatchObject({ kind: 'old-key-returned', severity: 'warning', reasons: ['reasonReplacedKeyStillServed'], previous: { spkiSha256: spkiOf('A') } });
      expect((await bg.service.record('bank.example:8443'))?.keys.find((k) => k.spkiSha256 === spkiOf('X'))?.status).toBe('pending');
      expect(await see('X', 'bank.example:8443', '2026-03-12', real('2026-03-03'))).not.toMatchObject({ severity: 'none' });
    });

    it('is not doubted where the name moved to it too: the site\'s own renewal on both', async () => {
      const { see } = await learnedOnPort('learned-2');
      for (const day of ['2026-03-03T10:30:00Z', '2026-03-06', '2026-03-10']) await see('X', 'bank.example', day, real('2026-03-03'));
      expect(await see('X', 'bank.example:8443', '2026-03-11', real('2026-03-03'))).toMatchObject({ kind: 'match', severity: 'none' });
    });

    it('is refused on the port once the user refuses it on the name, repeats of it on the port included', async () => {
      const { bg, see } = await learnedOnPort('learned-3');
      for (const at of ['2026-03-03T10:01:00Z', '2026-03-03T10:01:10Z']) expect(await see('X', 'bank.example:8443', at, real('2026-03-03'))).toMatchObject({ severity: 'none' });
      await see('X', 'bank.example', '2026-03-03T10:01:20Z', real('2026-03-03'));
      await bg.service.decide('bank.example', x, 'rejected');
      // Its certificate, known on the port, is read in full and held for the verdict, so it can be stopped.
      const again = observation('X', '2026-03-03T10:01:30Z', { ...real('2026-03-03'), host: 'bank.example:8443' });
      expect(await bg.service.knownCertificate(again, false)).toBeUndefined();
      expect(bg.service.mayBeCritical('bank.example:8443', false, true)).toBe(true);
      expect(await see('X', 'bank.example:8443', '2026-03-03T10:01:30Z', real('2026-03-03'))).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
      expect((await bg.service.events('bank.example:8443')).at(-1)).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
    });

    it('is held on the port while the name is held until the user decides', async () => {
      const { bg, see } = await learnedOnPort('learned-4');
      await see('X', 'bank.example', '2026-03-03T10:30:00Z', real('2026-03-03'));
      expect(await see('A', 'bank.example', '2026-03-04')).toMatchObject({ kind: 'old-key-returned', severity: 'warning' });
      await bg.service.holdUntilDecided('bank.example');
      expect(await see('X', 'bank.example:8443', '2026-03-04T01:00:00Z', real('2026-03-03'))).toMatchObject({ blocked: expect.any(String) });
    });

    it('is refused on the port at once, though its repeats there were answered before the name knew it', async () => {
      const { bg, see } = await background('learned-6');
      const at = (s: number) => `2026-03-03T10:00:${String(s).padStart(2, '0')}Z`;
      for (const s of [0, 10]) await see('X', 'shop.example:8443', at(s), ATTACKER);
      await see('X', 'shop.example', at(20), ATTACKER);
      await bg.service.decide('shop.example', { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('other-int') }, 'rejected');
      expect(await see('X', 'shop.example:8443', at(30), ATTACKER)).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
    });

    // A seventh review of the same rule.
    it('is doubted under a second issuer too: his key\'s certificate from another CA is no way round', async () => {
      const { bg, see } = await learnedOnPort('learned-7');
      const second = { ...real('2026-03-03'), issuer: 'other-int', root: 'other-root' };
      expect(await see('X', 'bank.example:8443', '2026-03-03T10:20:00Z', second)).toMatchObject({ kind: 'issuer-change', learn: 'provisional' });
      for (const day of ['2026-03-04', '2026-03-06', '2026-03-10']) await see('A', 'bank.example', day);
      expect(await see('X', 'bank.example:8443', '2026-03-11', second)).toMatchObject({ kind: 'old-key-returned', severity: 'warning', reasons: ['reasonReplacedKeyStillServed'] });
      expect((await bg.service.record('bank.example:8443'))?.keys.filter((k) => k.spkiSha256 === spkiOf('X')).map((k) => k.status)).toEqual(['pending', 'pending']);
    });

    it('is critical, not only doubted, once refused on the name under another issuer', async () => {
      const { bg, see } = await learnedOnPort('learned-8');
      const other = { ...real('2026-03-03'), issuer: 'int-9', root: 'root-9' };
      await see('X', 'bank.example', '2026-03-03T12:00:00Z', other);
      await bg.service.decide('bank.example', { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('int-9') }, 'rejected');
      await see('A', 'bank.example', '2026-03-04');
      expect(await see('X', 'bank.example:8443', '2026-03-05', real('2026-03-03'))).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
    });

    it('a port first met today does not reopen the parallel-key days of a name known for months', async () => {
      const { bg, see } = await background('learned-9');
      for (const day of ['2026-01-02', '2026-01-20']) await see('A', 'bank.example', day);
      // The name keeps only a key the user decided on (accepted, then its first-use keys pruned).
      await bg.service.decide('bank.example', { spkiSha256: spkiOf('A'), issuerSpkiSha256: spkiOf('int-1') }, 'accepted');
      expect((await bg.service.record('bank.example'))?.keys.map((k) => k.status)).toEqual(['accepted']);
      await see('A', 'bank.example:8443', '2026-02-11');
      expect(await see('Y', 'bank.example:8443', '2026-02-12', real('2026-01-15'))).toMatchObject({ severity: 'warning' });
    });

    // An eighth review of the same rule.
    it('is doubted on the port when the name\'s own renewal claims the place it took', async () => {
      const { bg, see } = await learnedOnPort('learned-10');
      expect(await see('B', 'bank.example', '2026-03-04', real('2026-03-03'))).toMatchObject({ severity: 'warning', reasons: expect.arrayContaining(['reasonSecondReplacement']) });
      expect(await see('X', 'bank.example:8443', '2026-03-05', real('2026-03-03'))).toMatchObject({ severity: 'warning', reasons: expect.arrayContaining(['reasonChangeNotShownBefore']) });
      expect((await bg.service.record('bank.example:8443'))?.keys.find((k) => k.spkiSha256 === spkiOf('X'))?.status).toBe('pending');
      expect(await see('X', 'bank.example:8443', '2026-03-06', real('2026-03-03'))).not.toMatchObject({ severity: 'none' });
    });

    it('is doubted when the name renews the key it claimed to replace under another intermediate', async () => {
      const { see } = await learnedOnPort('learned-11');
      const reused = { ...real('2026-03-03'), issuer: 'int-2' };
      expect(await see('A', 'bank.example', '2026-03-03T12:00:00Z', reused)).toMatchObject({ kind: 'issuer-change', severity: 'notice' });
      for (const day of ['2026-03-04', '2026-03-06']) await see('A', 'bank.example', day, reused);
      expect(await see('X', 'bank.example:8443', '2026-03-07', real('2026-03-03'))).toMatchObject({ kind: 'old-key-returned', reasons: ['reasonReplacedKeyStillServed'] });
    });

    it('is stopped by strict mode once doubted, a request with no tab included', async () => {
      const { bg, see } = await learnedOnPort('learned-12');
      for (const day of ['2026-03-04', '2026-03-06']) await see('A', 'bank.example', day);
      await bg.service.policy.update((p) => ({ ...p, modes: { ...p.modes, 'bank.example': 'strict' } }));
      for (const at of ['2026-03-07T10:00:00Z', '2026-03-07T11:00:00Z']) {
        const obs = observation('X', at, { ...real('2026-03-03'), host: 'bank.example:8443' });
        expect(await bg.service.observe({ kind: 'observation', observation: obs }, { incognito: false, tabless: true })).toMatchObject({ blocked: expect.any(String) });
      }
    });

    it('refused on the name after it was accepted on the port, is refused on the port: the newest decision holds', async () => {
      const { bg, see } = await background('learned-13');
      for (const day of ['2026-01-02', '2026-01-20']) await see('A', 'bank.example', day);
      const x = { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('other-int') };
      expect(await see('X', 'bank.example:8443', '2026-02-01', ATTACKER)).toMatchObject({ severity: 'warning' });
      await bg.service.decide('bank.example:8443', x, 'accepted');
      expect(await see('X', 'bank.example:8443', '2026-02-02', ATTACKER)).toMatchObject({ severity: 'none' });
      await see('X', 'bank.example', '2026-02-03', ATTACKER);
      await bg.service.decide('bank.example', x, 'rejected');
      expect(await bg.service.knownCertificate(observation('X', '2026-02-04', { ...ATTACKER, host: 'bank.example:8443' }), false)).toBeUndefined();
      expect(await see('X', 'bank.example:8443', '2026-02-04', ATTACKER)).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
      // Accepting it on the port again, later, holds there: the newest decision.
      await bg.service.decide('bank.example:8443', x, 'accepted');
      expect(await see('X', 'bank.example:8443', '2026-02-05', ATTACKER)).toMatchObject({ severity: 'none' });
    });

    // A ninth review.
    it('is doubted on the port when the name\'s renewal that doubts it is first met with no tab', async () => {
      const { bg, see } = await learnedOnPort('learned-14');
      const renewal = observation('B', '2026-03-04', { ...real('2026-03-03'), host: 'bank.example' });
      expect(await bg.service.observe({ kind: 'observation', observation: renewal }, { incognito: false, tabless: true })).toMatchObject({ severity: 'warning' });
      expect(await see('X', 'bank.example:8443', '2026-03-05', real('2026-03-03'))).toMatchObject({ severity: 'warning' });
    });

    it('a renewal his certificate doubted on every port is settled there by the user\'s decision on the name', async () => {
      const { bg, see } = await background('learned-15');
      const hosts = ['bank.example', 'bank.example:8443', 'bank.example:9443'];
      for (const day of ['2026-01-02', '2026-02-20', '2026-03-01']) for (const h of hosts) await see('A', h, day);
      for (const h of hosts) await see('B', h, '2026-03-03T08:00:00Z', real('2026-03-03'));
      for (const h of hosts) await see('B', h, '2026-03-03T18:00:00Z', real('2026-03-03'));
      expect(await see('X', 'bank.example', '2026-03-04', real('2026-03-04'))).toMatchObject({ severity: 'warning', reasons: expect.arrayContaining(['reasonSecondReplacement']) });
      await see('B', 'bank.example:8443', '2026-03-04T01:00:00Z', real('2026-03-03'));
      expect((await bg.service.record('bank.example:9443'))?.keys.find((k) => k.spkiSha256 === spkiOf('B'))?.status).toBe('pending');
      await bg.service.decide('bank.example', { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('int-1') }, 'rejected');
      await bg.service.decide('bank.example', { spkiSha256: spkiOf('B'), issuerSpkiSha256: spkiOf('int-1') }, 'accepted');
      await bg.service.policy.update((p) => ({ ...p, modes: { ...p.modes, 'bank.example': 'strict' } }));
      for (const h of ['bank.example:8443', 'bank.example:9443']) {
        expect(await see('B', h, '2026-03-05', real('2026-03-03'))).toMatchObject({ severity: 'none' });
        expect(await see('B', h, '2026-03-05T01:00:00Z', real('2026-03-03'))).not.toHaveProperty('blocked');
      }
    });

    // A tenth review: an undo, an acceptance after a refusal, and a private window's decision.
    describe('a decision carried to the other ports', () => {
      const xOther = { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('other-int') };
      const statusOn = async (bg: Awaited<ReturnType<typeof background>>['bg'], host: string, label: string) =>
        (await bg.service.record(host))?.keys.filter((k) => k.spkiSha256 === spkiOf(label)).map((k) => k.status);

      it('is taken back on them by an undo: a mistaken acceptance undone leaves his key waiting on the port', async () => {
        const { bg, see } = await background('carried-1');
        for (const day of ['2026-01-02', '2026-01-20']) await see('A', 'bank.example', day);
        await see('X', 'bank.example:8443', '2026-02-01', ATTACKER);
        await see('X', 'bank.example', '2026-02-01T01:00:00Z', ATTACKER);
        await bg.service.decide('bank.example', xOther, 'accepted');
        expect(await statusOn(bg, 'bank.example:8443', 'X')).toEqual(['accepted']);
        await bg.service.decide('bank.example', xOther, 'undecided');
        expect(await statusOn(bg, 'bank.example:8443', 'X')).toEqual(['pending']);
        expect(await see('X', 'bank.example:8443', '2026-02-03', ATTACKER)).not.toMatchObject({ severity: 'none' });
      });

      it('lets an acceptance after a refusal, or after its undo, reach them: the newest decision holds', async () => {
        const { bg, see } = await background('carried-2');
        for (const day of ['2026-01-02', '2026-01-20']) for (const h of ['bank.example', 'bank.example:8443']) await see('A', h, day);
        await see('X', 'bank.example:8443', '2026-02-01', ATTACKER);
        await see('X', 'bank.example', '2026-02-01T01:00:00Z', ATTACKER);
        await bg.service.decide('bank.example', xOther, 'rejected');
        expect(await statusOn(bg, 'bank.example:8443', 'X')).toEqual(['rejected']);
        await bg.service.decide('bank.example', xOther, 'undecided');
        expect(await statusOn(bg, 'bank.example:8443', 'X')).toEqual(['pending']);
        await bg.service.decide('bank.example', xOther, 'rejected');
        await bg.service.decide('bank.example', xOther, 'accepted');
        expect(await statusOn(bg, 'bank.example:8443', 'X')).toEqual(['accepted']);
        expect(await see('X', 'bank.example:8443', '2026-02-02', ATTACKER)).toMatchObject({ severity: 'none' });
      });

      it('ends the probation of the site\'s renewal on them when accepted on the name: his later claim doubts it nowhere', async () => {
        const { bg, see } = await background('carried-3');
        const hosts = ['bank.example', 'bank.example:8443', 'bank.example:9443'];
        for (const day of ['2026-01-02', '2026-02-20', '2026-03-01']) for (const h of hosts) await see('A', h, day);
        for (const h of hosts) await see('B', h, '2026-03-03T08:00:00Z', real('2026-03-03'));
        await bg.service.decide('bank.example', { spkiSha256: spkiOf('B'), issuerSpkiSha256: spkiOf('int-1') }, 'accepted');
        const his = observation('X', '2026-03-04', { ...real('2026-03-04'), host: 'bank.example:8443' });
        await bg.service.observe({ kind: 'observation', observation: his }, { incognito: false, tabless: true });
        await bg.service.policy.update((p) => ({ ...p, modes: { ...p.modes, 'bank.example': 'strict' } }));
        for (const h of ['bank.example:8443', 'bank.example:9443']) {
          expect(await see('B', h, '2026-03-05', real('2026-03-03'))).toMatchObject({ severity: 'none' });
          expect(await statusOn(bg, h, 'B')).toEqual(['accepted']);
        }
      });

      // An eleventh review.
      it('is taken back by an undo under every issuer the decision reached, on the host too', async () => {
        const { bg, see } = await background('carried-5');
        for (const day of ['2026-01-02', '2026-01-20']) await see('A', 'bank.example', day);
        const second = { ...ATTACKER, issuer: 'int-9', root: 'root-9' };
        await see('X', 'bank.example', '2026-02-01', ATTACKER);
        expect(await see('X', 'bank.example', '2026-02-01T01:00:00Z', second)).toMatchObject({ kind: 'unresolved' });
        await bg.service.decide('bank.example', xOther, 'accepted');
        expect(await statusOn(bg, 'bank.example', 'X')).toEqual(['accepted', 'accepted']);
        await bg.service.decide('bank.example', xOther, 'undecided');
        expect(await statusOn(bg, 'bank.example', 'X')).toEqual(['pending', 'pending']);
        expect(await see('X', 'bank.example', '2026-02-02', second)).not.toMatchObject({ severity: 'none' });
      });

      it('asks the other ports while the store cannot keep anything (judging goes on in memory)', async () => {
        const clock = { now: 0 };
        const bg = await wireBackground('carried-6', () => clock.now, undefined, () => Promise.reject(new Error('IndexedDB is unavailable')));
        const see = (label: string, host: string, at: string, o: SightingOptions = { issued: '2026-01-01', sans: SANS }) => {
          const obs = observation(label, at, { ...o, host });
          clock.now = obs.at;
          return bg.service.observe({ kind: 'observation', observation: obs }, { incognito: false });
        };
        for (const day of ['2026-01-02', '2026-01-20']) await see('A', 'bank.example', day);
        expect(await see('Y', 'bank.example:8443', '2026-02-01', ATTACKER)).toMatchObject({ severity: 'warning' });
      });

      // A twelfth review: his second claim makes the user refuse the site's renewal, then correct it.
      it('an acceptance after a refusal reaches the key\'s other intermediate on the host too', async () => {
        const { bg, see } = await background('carried-7');
        const hosts = ['bank.example', 'bank.example:8443'];
        const r10 = real('2026-03-03');
        const r11 = { ...r10, issuer: 'int-2' };
        for (const day of ['2026-01-02', '2026-02-20', '2026-03-01']) for (const h of hosts) await see('A', h, day);
        for (const h of hosts) {
          await see('B', h, '2026-03-03T08:00:00Z', r10);
          await see('B', h, '2026-03-03T09:00:00Z', r11);
        }
        expect(await see('X', 'bank.example', '2026-03-04', real('2026-03-04'))).toMatchObject({ severity: 'warning' });
        const b = { spkiSha256: spkiOf('B'), issuerSpkiSha256: spkiOf('int-1') };
        await bg.service.decide('bank.example', b, 'rejected');
        await bg.service.decide('bank.example', b, 'accepted');
        for (const h of hosts) expect(await see('B', h, '2026-03-05', r11)).toMatchObject({ severity: 'none' });
        // A port first met afterwards: a notice (the acceptance is not copied to it), never the refusal.
        expect(await see('B', 'bank.example:9443', '2026-03-05', r11)).toMatchObject({ severity: 'notice' });
      });

      // A thirteenth review.
      it('reaches the private session\'s own records of the other ports', async () => {
        const { bg, see } = await background('carried-8');
        for (const day of ['2026-01-02', '2026-01-20']) await see('A', 'bank.example', day);
        await see('X', 'bank.example:8443', '2026-02-01', ATTACKER, true);
        await bg.service.decide('bank.example:8443', xOther, 'accepted');
        expect(await see('X', 'bank.example:8443', '2026-02-01T01:00:00Z', ATTACKER, true)).toMatchObject({ severity: 'none' });
        await see('X', 'bank.example', '2026-02-01T02:00:00Z', ATTACKER, true);
        await bg.service.decide('bank.example', xOther, 'rejected');
        expect(await see('X', 'bank.example:8443', '2026-02-01T03:00:00Z', ATTACKER, true)).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
      });

      it('undoing an acceptance puts back the key\'s certificates it made trusted, on the host and the ports', async () => {
        const { bg, see } = await background('carried-9');
        for (const day of ['2026-01-02', '2026-01-20']) for (const h of ['bank.example', 'bank.example:8443']) await see('A', h, day);
        const second = { ...ATTACKER, issuer: 'int-9', root: 'root-9' };
        await see('X', 'bank.example', '2026-02-01', ATTACKER);
        await bg.service.decide('bank.example', xOther, 'accepted');
        expect(await see('X', 'bank.example', '2026-02-02', second)).toMatchObject({ kind: 'issuer-change', learn: 'trusted' });
        expect(await see('X', 'bank.example:9443', '2026-02-03', second)).toMatchObject({ severity: 'none' });
        await bg.service.decide('bank.example', xOther, 'undecided');
        expect(await statusOn(bg, 'bank.example', 'X')).toEqual(['pending', 'pending']);
        expect(await statusOn(bg, 'bank.example:9443', 'X')).toEqual(['pending']);
      });

      it('is not carried from a private window\'s own decision to the saved ports', async () => {
        const { bg, see } = await background('carried-4');
        for (const day of ['2026-01-02', '2026-01-20']) for (const h of ['bank.example', 'bank.example:8443']) await see('A', h, day);
        await see('X', 'bank.example:8443', '2026-02-01', ATTACKER);
        await see('X', 'bank.example', '2026-02-01T01:00:00Z', ATTACKER, true);
        await bg.service.decide('bank.example', xOther, 'accepted');
        expect(await statusOn(bg, 'bank.example:8443', 'X')).toEqual(['pending']);
      });
    });

    // A fourteenth review: the port known only to a private window, which no push reaches.
    it('learned on a port in a private window, is doubted there once the name shows its own renewal', async () => {
      const { see } = await background('learned-16');
      for (const day of ['2026-01-02', '2026-01-20', '2026-02-20', '2026-03-01']) await see('A', 'bank.example', day);
      await see('A', 'bank.example:8443', '2026-02-15', undefined, true);
      expect(await see('X', 'bank.example:8443', '2026-03-03T10:00:00Z', real('2026-03-03'), true)).toMatchObject({ learn: 'provisional' });
      expect(await see('B', 'bank.example', '2026-03-04', real('2026-03-03'))).toMatchObject({ severity: 'notice' });
      expect(await see('X', 'bank.example:8443', '2026-03-05', real('2026-03-03'), true)).toMatchObject({ severity: 'warning', reasons: ['reasonSecondReplacement'] });
      expect(await see('X', 'bank.example:8443', '2026-03-06', real('2026-03-03'), true)).not.toMatchObject({ severity: 'none' });
    });

    it('on the name, is refused once the user refuses it on a port', async () => {
      const { bg, see } = await learnedOnPort('learned-5');
      expect(await see('X', 'bank.example', '2026-03-03T10:30:00Z', real('2026-03-03'))).toMatchObject({ learn: 'provisional' });
      await bg.service.decide('bank.example:8443', x, 'rejected');
      expect(await see('X', 'bank.example', '2026-03-03T11:00:00Z', real('2026-03-03'))).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
    });
  });

  it('holds a first visit for its verdict where any port of the name refused a key', async () => {
    const nas: SightingOptions = { issued: '2026-01-01', sans: ['nas.example'] };
    const attacker = { ...ATTACKER, sans: ['nas.example'] };
    const { bg, see } = await background('hold-any-port');
    for (const day of ['2026-01-02', '2026-01-10']) await see('N', 'nas.example:5001', day, nas);
    await see('X', 'nas.example:5001', '2026-02-01', attacker);
    await bg.service.decide('nas.example:5001', { spkiSha256: spkiOf('X'), issuerSpkiSha256: spkiOf('other-int') }, 'rejected');
    for (const host of ['nas.example:5002', 'nas.example']) {
      const obs = observation('X', '2026-02-02', { ...attacker, host });
      expect(await bg.service.knownCertificate(obs, false)).toBeUndefined();
      expect(bg.service.mayBeCritical(host, false, true)).toBe(true);
    }
    expect(await see('X', 'nas.example:5002', '2026-02-02', attacker)).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
  });
  it('looks the name\'s ports up in the store once for a first visit\'s leaf read and its judging, and once for the event page\'s life', async () => {
    // Timers only (the store's fake runs on setImmediate): a look-up kept for a while would end here.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => { vi.useRealTimers(); });
    let lookups = 0;
    const open = () => openTrustStore('one-lookup').then((store) => {
      const recordsOfName = store.recordsOfName.bind(store);
      store.recordsOfName = (name: string) => { lookups += 1; return recordsOfName(name); };
      return store;
    });
    const clock = { now: 0 };
    const bg = await wireBackground('one-lookup', () => clock.now, undefined, open);
    const obs = observation('A', '2026-01-02', { issued: '2026-01-01', sans: SANS, host: 'bank.example:8443' });
    clock.now = obs.at;
    expect(await bg.service.knownCertificate(obs, false)).toBeUndefined();
    expect(await bg.service.observe({ kind: 'observation', observation: obs }, { incognito: false })).toMatchObject({ kind: 'first-use' });
    expect(lookups).toBe(1);
    // A port's key learned without asking is judged against the name's ports at every full
    // judgement: the look-up still serves, later in the event page's life, and for the name too.
    vi.advanceTimersByTime(5_000);
    for (const [host, at] of [['bank.example:8443', '2026-01-09'], ['bank.example', '2026-01-10'], ['bank.example:8443', '2026-01-20']] as const) {
      const later = observation('A', at, { issued: '2026-01-01', sans: SANS, host });
      clock.now = later.at;
      expect(await bg.service.observe({ kind: 'observation', observation: later }, { incognito: false })).toMatchObject({ severity: 'none' });
    }
    expect(lookups).toBe(1);
  });
});
