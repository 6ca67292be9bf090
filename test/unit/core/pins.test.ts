import { describe, expect, it } from 'vitest';
import { blockReason } from '../../../src/core/enforcement.js';
import { isIpLiteral, matchesHost, parseHostPattern } from '../../../src/core/host-pattern.js';
import { lacksBackupPin, parsePinDigest, type Pin } from '../../../src/core/pin.js';
import { enforcementFor, isEnforced, isIgnored, type Policy } from '../../../src/core/policy.js';
import type { Verdict } from '../../../src/core/verdict.js';

const B64 = 'krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=';
const HEX = Buffer.from(B64, 'base64').toString('hex');

describe('parsePinDigest', () => {
  it.each([
    [`sha256/${B64}`],
    [`pin-sha256="${B64}"`],
    [`pin-sha256="${B64}";`],
    [B64],
    [B64.replace(/=$/, '')],
    [HEX],
    [HEX.toUpperCase().match(/../g)!.join(':')],
    [`  sha256/${B64}  `],
  ])('accepts %s', (input) => {
    expect(parsePinDigest(input)).toEqual({ spkiSha256: B64 });
  });

  it.each([
    ['', 'the pin is empty'],
    [`sha1/${B64}`, 'SHA-1 pins are not supported: use a SHA-256 pin'],
    ['pin-sha1="abc"', 'SHA-1 pins are not supported: use a SHA-256 pin'],
    ['sha256/abc!def', 'not base64: only A-Z, a-z, 0-9, + and / are allowed, with = at the end'],
    ['sha256/AAAA', 'a SHA-256 digest is 32 bytes; this base64 is 3 bytes'],
    [HEX.slice(0, 40) + ':', 'a SHA-256 digest is 32 bytes; this hex is 20 bytes'],
    ['ab:cd:zz', 'hex pins may contain only 0-9, a-f and colons'],
    [`${B64.replace('=', '')}AAAA`, 'a SHA-256 digest is 32 bytes; this base64 is 35 bytes'],
  ])('rejects %j with a reason', (input, error) => {
    expect(parsePinDigest(input)).toEqual({ error });
  });
});

describe('host patterns (OkHttp)', () => {
  it('matches a host exactly, on any port unless one is given', () => {
    expect(matchesHost('example.com', 'example.com')).toBe(true);
    expect(matchesHost('example.com', 'www.example.com')).toBe(false);
    expect(matchesHost('example.com', 'example.com:8443')).toBe(true);
    expect(matchesHost('example.com:8443', 'example.com')).toBe(false);
    expect(matchesHost('example.com:8443', 'example.com:8443')).toBe(true);
    expect(matchesHost('Example.COM', 'example.com')).toBe(true);
    expect(matchesHost('bücher.example', 'xn--bcher-kva.example')).toBe(true);
  });
  it('*. matches exactly one more label', () => {
    expect(matchesHost('*.example.com', 'www.example.com')).toBe(true);
    expect(matchesHost('*.example.com', 'example.com')).toBe(false);
    expect(matchesHost('*.example.com', 'a.b.example.com')).toBe(false);
    expect(matchesHost('*.example.com', 'wwwexample.com')).toBe(false);
  });
  it('**. matches any depth, zero included', () => {
    expect(matchesHost('**.example.com', 'example.com')).toBe(true);
    expect(matchesHost('**.example.com', 'www.example.com')).toBe(true);
    expect(matchesHost('**.example.com', 'a.b.example.com')).toBe(true);
    expect(matchesHost('**.example.com', 'badexample.com')).toBe(false);
  });
  it('<ip> matches IP literals only', () => {
    expect(isIpLiteral('192.0.2.7')).toBe(true);
    expect(isIpLiteral('[::1]:8443')).toBe(true);
    expect(isIpLiteral('1example.com')).toBe(false);
    expect(matchesHost('<ip>', '10.0.0.1:8080')).toBe(true);
  });
  it('says what is wrong with a bad pattern, and a bad pattern matches nothing', () => {
    expect(parseHostPattern('')).toBe('the pattern is empty');
    expect(parseHostPattern('a.*.example.com')).toBe('a wildcard may only be the first label: *.example.com or **.example.com');
    expect(parseHostPattern('exa mple.com')).toBe('"exa mple.com" is not a host name');
    expect(parseHostPattern('example.com:99999')).toBe('port 99999 is out of range');
    expect(matchesHost('a.*.example.com', 'a.b.example.com')).toBe(false);
  });
});

const pin = (pattern: string, spki: string, expiresAt: number | null = null): Pin => ({ pattern, spkiSha256: spki, addedAt: 0, expiresAt });
const LEAF = `${'L'.repeat(43)}=`;
const INTER = `${'I'.repeat(43)}=`;
const ROOT = `${'R'.repeat(43)}=`;
const OTHER = `${'O'.repeat(43)}=`;
const verdict = (kind: Verdict['kind'], severity: Verdict['severity'] = 'warning'): Verdict => ({ kind, severity, host: 'a.test', at: 0, reasons: [] });

describe('policy and enforcement', () => {
  const policy: Policy = {
    modes: { 'strict.test': 'strict', 'quiet.test': 'ignore' },
    ignoreRules: ['*.internal', 'localhost', '<ip>'],
    pins: [pin('**.pinned.test', INTER), pin('old.test', ROOT, 1_000)],
  };

  it('ignores hosts by mode and by rule', () => {
    expect(['quiet.test', 'db.internal', 'localhost:8080', '127.0.0.1'].map((h) => isIgnored(policy, h))).toEqual([true, true, true, true]);
    expect(isIgnored(policy, 'a.b.internal')).toBe(false);
    expect(isIgnored(policy, 'strict.test')).toBe(false);
  });

  it('enforces strict mode and active pins, and reports expired pins without enforcing them', () => {
    expect(enforcementFor(policy, 'strict.test', 0)).toMatchObject({ strict: true, activePins: [] });
    expect(enforcementFor(policy, 'api.pinned.test', 0)).toMatchObject({ strict: true, activePins: [pin('**.pinned.test', INTER)] });
    expect(enforcementFor(policy, 'old.test', 500).strict).toBe(true);
    expect(enforcementFor(policy, 'old.test', 2_000)).toMatchObject({ strict: false, activePins: [], expiredPins: [pin('old.test', ROOT, 1_000)] });
    expect(enforcementFor(policy, 'watch.test', 0).strict).toBe(false);
    // The request path's quick check agrees with the full one.
    for (const [host, at] of [['strict.test', 0], ['api.pinned.test', 0], ['old.test', 500], ['old.test', 2_000], ['watch.test', 0]] as const) {
      expect(isEnforced(policy, host, at)).toBe(enforcementFor(policy, host, at).strict);
    }
  });

  it('lets a chain through when any of its certificates has a pinned key, as in HPKP', () => {
    const e = enforcementFor(policy, 'api.pinned.test', 0);
    expect(blockReason(e, verdict('key-change'), [LEAF, INTER, ROOT])).toBeNull();
    expect(blockReason(e, verdict('issuer-change'), [OTHER, ROOT])).toBe('pin-mismatch');
    expect(blockReason(e, verdict('first-use', 'none'), [OTHER, ROOT])).toBe('pin-mismatch');
  });

  it('blocks a strict host on any key it is not trusted to use, and fails closed', () => {
    const e = enforcementFor(policy, 'strict.test', 0);
    expect(blockReason(e, verdict('match', 'none'), [LEAF])).toBeNull();
    expect(blockReason(e, verdict('multi-key', 'none'), [LEAF])).toBeNull();
    expect(blockReason(e, verdict('first-use', 'none'), [LEAF])).toBeNull();
    expect(blockReason(e, verdict('key-change', 'notice'), [LEAF])).toBe('key-mismatch');
    expect(blockReason(e, verdict('certificate-override'), null)).toBe('certificate-error');
    expect(blockReason(e, verdict('unchecked', 'notice'), null)).toBe('unverifiable');
    expect(blockReason(enforcementFor(policy, 'watch.test', 0), verdict('key-change'), [LEAF])).toBeNull();
  });

  it('warns when no pin is a backup outside the current chain', () => {
    expect(lacksBackupPin([pin('a.test', LEAF)], [LEAF, INTER])).toBe(true);
    expect(lacksBackupPin([pin('a.test', LEAF), pin('a.test', OTHER)], [LEAF, INTER])).toBe(false);
    expect(lacksBackupPin([], [LEAF])).toBe(false);
  });
});
