// Every pin format against its golden file, and what each must refuse or say rather than change
// in silence. The golden files are reviewed by hand: what they hold ends up in other people's
// apps. Regenerate with UPDATE_GOLDEN=1 after a deliberate change, and read the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PIN_FORMATS, type PinFormat } from '../../../src/core/pin-export/export-types.js';
import { PIN_WRITERS } from '../../../src/core/pin-export/index.js';
import { planPins } from '../../../src/core/pin-export/plan.js';
import { fixtureInput, INTERMEDIATE, LEAF, LEAF2, NOW, pin, record, key, SPARE, spki, underRealSuffix } from './pin-fixtures.js';

/** The fixture each format's golden file is written from: TrustKit's under a public suffix it knows. */
const goldenInput = (f: PinFormat) => (f === 'trustkit' ? underRealSuffix(fixtureInput()) : fixtureInput());
const golden = (f: PinFormat) => new URL(`./golden/${PIN_WRITERS[f](planPins(goldenInput(f)), { now: NOW }).fileName}`, import.meta.url).pathname;
const write = (f: PinFormat, input = goldenInput(f)) => PIN_WRITERS[f](planPins(input), { now: NOW });

describe('pin writers', () => {
  it.each(PIN_FORMATS)('%s matches its golden file', (format) => {
    const out = write(format);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden(format), out.text);
    expect(existsSync(golden(format)), 'golden file missing: run with UPDATE_GOLDEN=1 and review it').toBe(true);
    expect(out.text).toBe(readFileSync(golden(format), 'utf8'));
  });

  it('leaves expired pins out of every format, and says so in the file', () => {
    for (const format of PIN_FORMATS) {
      const out = write(format);
      expect(out.text, format).not.toMatch(/OOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO=(?!: expired)/);
      expect(out.text, format).toContain('Left out old.example');
    }
  });

  it('never writes a pattern its client cannot express, and names each one it left out', () => {
    const refused = (f: PinFormat) => Object.fromEntries(write(f).refused.map((r) => [r.pattern, r.reason]));
    expect(refused('okhttp-kotlin')).toEqual({ 'pay.example.test:8443': 'port' });
    expect(refused('okhttp-java')).toEqual({ 'pay.example.test:8443': 'port' });
    expect(refused('android')).toEqual({ 'pay.example.test:8443': 'port', '*.news.example': 'one-label-wildcard' });
    expect(refused('curl')).toEqual({ '*.news.example': 'wildcard', '**.bank.example': 'wildcard' });
    expect(refused('trustkit')).toEqual({ 'pay.example.test:8443': 'port', '*.news.example.com': 'one-label-wildcard', 'single.example.com': 'too-few-pins' });
    // single.example has one pin: no header may lack a backup (§4.3).
    expect(refused('hpkp')).toEqual({ 'pay.example.test:8443': 'port', '*.news.example': 'one-label-wildcard', 'single.example': 'too-few-pins' });
    for (const f of PIN_FORMATS) for (const r of write(f).refused) expect(write(f).text, `${f} ${r.pattern}`).toContain(`Left out ${r.pattern}:`);
  });

  it('carries expiry where the format has it, and the earliest one when a host has one date for several pins', () => {
    expect(write('android').text).toContain('<pin-set expiration="2027-06-15">');
    expect(write('trustkit').text).toMatch(/<key>TSKExpirationDate<\/key>\s*<string>2027-06-15<\/string>/);
    expect(write('android').caveats).toContainEqual({ pattern: '**.bank.example', kind: 'earliest-expiry' });
    // No expiry in the format: the date is in the file, next to the pins, and in the account.
    expect(write('okhttp-kotlin').text).toMatch(/\*\*\.bank\.example: .*expires 2027-06-15 \(OkHttp has no expiry/);
    expect(write('okhttp-kotlin').caveats).toContainEqual({ pattern: '**.bank.example', kind: 'expiry-not-expressible' });
  });

  it('cuts HPKP max-age to end when the pins expire', () => {
    const input = fixtureInput();
    input.pins = [pin('**.bank.example', INTERMEDIATE, NOW + 10 * 86_400_000), pin('**.bank.example', SPARE, NOW + 10 * 86_400_000)];
    const out = write('hpkp', input);
    expect(out.text).toContain('max-age=864000; includeSubDomains');
    expect(out.caveats).toContainEqual({ pattern: '**.bank.example', kind: 'max-age-capped' });
  });

  it('writes one HPKP header per host, never one merged header', () => {
    const headers = write('hpkp').text.split('\n').filter((l) => l.startsWith('Public-Key-Pins:'));
    expect(headers).toHaveLength(write('hpkp').written.length);
    expect(headers.length).toBeGreaterThan(1);
  });

  it('warns in curl\'s file when no pin is a server key, since curl checks the leaf only', () => {
    const input = { ...fixtureInput(), hosts: [record('ca-pinned.example', [key(LEAF)])], pins: [pin('ca-pinned.example', INTERMEDIATE), pin('ca-pinned.example', SPARE)] };
    const only = { ...input, pins: [pin('ca-pinned.example', INTERMEDIATE)] };
    const leafToo = { ...input, pins: [pin('ca-pinned.example', LEAF), pin('ca-pinned.example', SPARE)] };
    expect(write('curl', leafToo).caveats).toEqual([]);
    expect(write('curl', only).caveats).toEqual([{ pattern: 'ca-pinned.example', kind: 'leaf-only' }]);
    expect(write('curl', only).text).toContain('none of these pins is a server key');
    // A CA pin beside a server key: written (harmless), and named as ignored by curl.
    expect(write('curl', input).caveats).toEqual([{ pattern: 'ca-pinned.example', kind: 'ca-pins-ignored' }]);
    expect(write('curl', input).text).toContain(`it ignores sha256//${INTERMEDIATE} (intermediate: R11)`);
  });

  it('TrustKit: no name under a suffix it does not know, no includeSubdomains on a public suffix (each stops the app at launch)', () => {
    const names = (pins: ReturnType<typeof pin>[]) => write('trustkit', { ...fixtureInput(), hosts: [], pins });
    const two = (pattern: string) => [pin(pattern, LEAF), pin(pattern, SPARE)];
    const out = names([...two('nas.home.lan'), ...two('localhost'), ...two('192.0.2.7'), ...two('svc.internal'), ...two('**.github.io'), ...two('**.appspot.com'),
      ...two('alice.github.io'), ...two('**.bank.co.uk')]);
    expect(Object.fromEntries(out.refused.map((r) => [r.pattern, r.reason]))).toEqual({
      'nas.home.lan': 'unknown-suffix', 'localhost': 'unknown-suffix', '192.0.2.7': 'unknown-suffix', 'svc.internal': 'unknown-suffix',
      '**.github.io': 'subdomains-of-suffix', '**.appspot.com': 'subdomains-of-suffix',
    });
    expect(out.written.sort()).toEqual(['**.bank.co.uk', 'alice.github.io']);
    // The plain fixture's names are all under ".example": none may reach TrustKit.
    expect(write('trustkit', fixtureInput()).written).toEqual([]);
  });

  it('Android and TrustKit: the expiry date never outlives the pins, in any device time zone', () => {
    const at = Date.parse('2027-06-15T06:00:00Z');
    const input = { ...fixtureInput(), hosts: [], pins: [pin('bank.example.com', LEAF, at), pin('bank.example.com', SPARE, at)] };
    // Read as local midnight: in UTC−12, 2027-06-15 starts at 12:00 UTC, after the pins expired.
    expect(write('android', input).text).toContain('expiration="2027-06-14"');
    expect(write('trustkit', input).text).toMatch(/<key>TSKExpirationDate<\/key>\s*<string>2027-06-14<\/string>/);
    for (let offset = -12; offset <= 14; offset++) expect(Date.parse('2027-06-14T00:00:00Z') - offset * 3_600_000, `UTC${offset}`).toBeLessThanOrEqual(at);
    // At noon UTC or later, the day itself is safe everywhere.
    expect(write('android', { ...input, pins: input.pins.map((p) => ({ ...p, expiresAt: Date.parse('2027-06-15T12:00:00Z') })) }).text).toContain('expiration="2027-06-15"');
  });

  it('Android and TrustKit: a host\'s own entry also holds the pins of the wider patterns over it (they read only the most specific entry)', () => {
    // FirstSeen accepts for api.bank.example.com its leaf, or the intermediate pinned for **.bank.example.com.
    const input = { ...fixtureInput(), hosts: [], pins: [pin('api.bank.example.com', LEAF), pin('api.bank.example.com', LEAF2),
      pin('**.bank.example.com', INTERMEDIATE), pin('**.bank.example.com', SPARE), pin('*.example.com', spki('W')), pin('*.example.com', SPARE)] };
    const android = write('android', input);
    const entry = /<domain includeSubdomains="false">api\.bank\.example\.com<\/domain>[\s\S]*?<\/pin-set>/.exec(android.text)![0];
    expect([...entry.matchAll(/<pin digest="SHA-256">([^<]+)<\/pin>/g)].map((m) => m[1]).sort()).toEqual([LEAF, LEAF2, INTERMEDIATE, SPARE].sort());
    expect(android.caveats).toContainEqual({ pattern: 'api.bank.example.com', kind: 'inherits-wider-pins' });
    // *.example.com covers bank.example.com (one label), not api.bank.example.com; it is refused here itself.
    const bank = /<domain includeSubdomains="true">bank\.example\.com<\/domain>[\s\S]*?<\/pin-set>/.exec(android.text)![0];
    expect(bank).toContain(spki('W'));
    expect(entry).not.toContain(spki('W'));
    const trustkit = write('trustkit', input);
    expect(trustkit.text).toMatch(new RegExp(`<key>api\\.bank\\.example\\.com</key>[\\s\\S]*?${INTERMEDIATE.replace(/[+/=]/g, '\\$&')}`));
  });

  it('OkHttp: a "**." pattern says it needs OkHttp 4.3.0 (older versions pin nothing with it), and only then', () => {
    for (const f of ['okhttp-kotlin', 'okhttp-java'] as const) {
      expect(write(f).caveats).toContainEqual({ pattern: '**.bank.example', kind: 'needs-okhttp-4-3' });
      expect(write(f).text).toContain('Needs OkHttp 4.3.0 or later');
      const exactOnly = write(f, { ...fixtureInput(), hosts: [], pins: [pin('a.example.com', LEAF), pin('a.example.com', SPARE)] });
      expect(exactOnly.caveats.filter((c) => c.kind === 'needs-okhttp-4-3')).toEqual([]);
      expect(exactOnly.text).not.toContain('4.3.0');
    }
  });

  it('HPKP: a backup in every header, a pin in the served chain, no address, and a host never seen said so', () => {
    const hpkp = (hosts: ReturnType<typeof record>[], pins: ReturnType<typeof pin>[]) => write('hpkp', { ...fixtureInput(), hosts, pins });
    const refusedOf = (o: ReturnType<typeof hpkp>) => Object.fromEntries(o.refused.map((r) => [r.pattern, r.reason]));
    // Never seen, one pin: no backup is possible.
    expect(refusedOf(hpkp([], [pin('new.example', SPARE)]))).toEqual({ 'new.example': 'too-few-pins' });
    // Seen, both pins outside the chain it serves: the header would fail on its own connection.
    expect(refusedOf(hpkp([record('seen.example', [key(LEAF)])], [pin('seen.example', SPARE), pin('seen.example', spki('T'))]))).toEqual({ 'seen.example': 'no-pin-in-chain' });
    // An address.
    expect(refusedOf(hpkp([record('192.0.2.7', [key(LEAF)])], [pin('192.0.2.7', LEAF), pin('192.0.2.7', SPARE)]))).toEqual({ '192.0.2.7': 'ip-literal' });
    // Never seen, two pins: written, with the check the user must make.
    const unseen = hpkp([], [pin('new.example', SPARE), pin('new.example', spki('T'))]);
    expect(unseen.refused).toEqual([]);
    expect(unseen.caveats).toEqual([{ pattern: 'new.example', kind: 'served-chain-unknown' }]);
    expect(unseen.text).toMatch(/# FirstSeen never saw this host: check that one of these pins is in the chain it serves.*\nPublic-Key-Pins: /);
  });

  it('writes Android names in ASCII, never in Unicode', () => {
    const input = { ...fixtureInput(), hosts: [], pins: [pin('bücher.example', LEAF), pin('bücher.example', SPARE)] };
    expect(write('android', input).text).toContain('<domain includeSubdomains="false">xn--bcher-kva.example</domain>');
    expect(write('okhttp-kotlin', input).text).toContain('.add("xn--bcher-kva.example"');
  });
});
