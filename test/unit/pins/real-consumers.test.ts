// Each pin export fed to the client it names, or to the nearest independent reader there is
// offline: real curl against local HTTPS servers, javac and java against an OkHttp stand-in with
// OkHttp's own pattern checks, xmllint against a schema written from Android's documentation,
// Python's plistlib for TrustKit, and RFC 7469's grammar and backup rule for HPKP.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageError } from '../../../src/core/pin-export/export-types.js';
import { PIN_WRITERS } from '../../../src/core/pin-export/index.js';
import { planPins } from '../../../src/core/pin-export/plan.js';
import { makeAuthority, makeServerCert, spkiSha256, type Authority } from '../../e2e/support/certs.js';
import { startHttpsServer, type TestServer } from '../../e2e/support/https-server.js';
import { checkWithRealOkHttp3, lintAndroidConfig, readPlist, runJavaPins } from './consumers.js';
import { fixtureInput, key, NOW, record, underRealSuffix } from './pin-fixtures.js';

const here = new URL('.', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'firstseen-pins-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const plan = planPins(fixtureInput());
const exported = (format: keyof typeof PIN_WRITERS, p = plan) => PIN_WRITERS[format](p, { now: NOW });

describe('curl --pinnedpubkey, against real local servers', () => {
  let ca: Authority;
  let pinned: TestServer;
  let other: TestServer;
  let pinnedSpki: string;
  beforeAll(async () => {
    ca = makeAuthority(join(work, 'curl'), 'Pin Test Root');
    const mid = makeAuthority(join(work, 'curl'), 'Pin Test Intermediate', ca);
    const first = makeServerCert(join(work, 'curl'), ['localhost'], mid, [mid]);
    pinnedSpki = spkiSha256(first.certPem);
    pinned = await startHttpsServer(first);
    // Same name, same CA, another key: what an interception or an unannounced rotation serves.
    other = await startHttpsServer(makeServerCert(join(work, 'curl'), ['localhost'], mid, [mid]));
  });
  afterAll(async () => {
    await pinned?.close();
    await other?.close();
  });

  // Asynchronously: the servers run in this process, and a blocking spawn would starve them.
  const curl = (pins: string, port: number) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('curl', ['--silent', '--show-error', '--max-time', '20', '--cacert', ca.certPath,
      '--resolve', `localhost:${port}:127.0.0.1`, '--pinnedpubkey', pins, `https://localhost:${port}/`]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

  it('passes the server whose key was exported and refuses one with another key', async () => {
    const host = `localhost:${pinned.port}`;
    const input = { ...fixtureInput(), hosts: [record(host, [key(pinnedSpki)])], pins: [] };
    const file = exported('curl', planPins(input)).text;
    const line = file.split('\n').find((l) => l.startsWith('curl '))!;
    const [, pins, url] = /--pinnedpubkey '([^']+)' '([^']+)'/.exec(line)!;
    expect(url).toBe(`https://localhost:${pinned.port}/`);
    const ok = await curl(pins!, pinned.port);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('FirstSeen test page');
    const refused = await curl(pins!, other.port);
    // 90: CURLE_SSL_PINNEDPUBKEYNOTMATCH.
    expect(refused.status).toBe(90);
  });
});

describe('OkHttp', () => {
  const run = (source: string) => runJavaPins(work, source);

  it('compiles the Java export with javac, and OkHttp\'s Builder checks accept every pattern and pin', () => {
    const out = exported('okhttp-java');
    const result = run(out.text);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const expected = plan.groups.filter((g) => out.written.includes(g.pattern)).flatMap((g) => g.pins.map((p) => `${g.pattern} sha256/${p.spkiSha256}`));
    expect(lines.sort()).toEqual(expected.sort());
  }, 60_000);

  it('the stand-in refuses what OkHttp refuses: a port in the pattern (the old export\'s crash)', () => {
    const bad = exported('okhttp-java').text.replace('.add("shop.example"', '.add("pay.example.test:8443"');
    const result = run(bad);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('IllegalArgumentException: Invalid pattern: pay.example.test:8443');
  }, 60_000);

  it('declares the package the user chose, so the app imports the class from it; javac compiles and runs it', () => {
    const plan0 = plan;
    const java = PIN_WRITERS['okhttp-java'](plan0, { now: NOW, packageName: 'com.example.app.network' });
    expect(java.text).toMatch(/^package com\.example\.app\.network;$/m);
    const result = runJavaPins(work, java.text, 'FirstSeenPins', 'com.example.app.network');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').length).toBeGreaterThan(0);
    expect(PIN_WRITERS['okhttp-kotlin'](plan0, { now: NOW, packageName: 'com.example.app.network' }).text).toMatch(/^package com\.example\.app\.network$/m);
  }, 60_000);

  it('writes no package line from what is not a package name: it can never become code', () => {
    for (const bad of ['com.example.class', '1com.example', 'com.example;\nimport evil.*', 'com..example', 'com.example.$x', 'é.example']) {
      expect(packageError(bad), bad).not.toBeNull();
      const text = PIN_WRITERS['okhttp-java'](plan, { now: NOW, packageName: bad }).text;
      expect(text).not.toMatch(/^package /m);
    }
    expect(packageError('com.example_app.v2')).toBeNull();
  });

  describe('the real OkHttp 3.13 (Debian libokhttp-java)', () => {
    const bank = join(work, 'okhttp3');
    let pinnedCert: string;
    let otherCert: string;
    let pins: ReturnType<typeof planPins>;
    beforeAll(() => {
      const ca = makeAuthority(bank, 'OkHttp3 Test Root');
      const pinnedLeaf = makeServerCert(bank, ['bank.example', '*.bank.example'], ca);
      const otherLeaf = makeServerCert(bank, ['bank.example', '*.bank.example'], ca);
      pinnedCert = join(bank, 'pinned.pem');
      otherCert = join(bank, 'other.pem');
      writeFileSync(pinnedCert, pinnedLeaf.certPem);
      writeFileSync(otherCert, otherLeaf.certPem);
      pins = planPins({ now: NOW, selection: [], hosts: [], pins: [
        { pattern: '**.bank.example', spkiSha256: spkiSha256(pinnedLeaf.certPem), addedAt: 0, expiresAt: null },
        { pattern: '**.bank.example', spkiSha256: spkiSha256(ca.certPem), addedAt: 0, expiresAt: null },
      ] });
    });
    const checks = (): [string, string][] => [['bank.example', otherCert], ['api.bank.example', otherCert], ['api.bank.example', pinnedCert]];

    it('pins nothing with a "**." pattern, as the default file\'s header says (it needs 4.3)', () => {
      const file = PIN_WRITERS['okhttp-java'](pins, { now: NOW });
      expect(file.text).toContain('Needs OkHttp 4.3.0 or later');
      const result = checkWithRealOkHttp3(work, file.text, checks());
      expect(result.stderr).toBe('');
      expect(result.stdout.trim().split('\n')).toEqual(['bank.example pass', 'api.bank.example pass', 'api.bank.example pass']);
    }, 60_000);

    it('pins the domain and its hosts when the file is written for OkHttp before 4.3', () => {
      const file = PIN_WRITERS['okhttp-java'](pins, { now: NOW, okhttpBefore43: true });
      expect(file.caveats).toContainEqual({ pattern: '**.bank.example', kind: 'okhttp-3-two-levels' });
      const result = checkWithRealOkHttp3(work, file.text, checks());
      expect(result.stderr).toBe('');
      expect(result.stdout.trim().split('\n')).toEqual(['bank.example refused', 'api.bank.example refused', 'api.bank.example pass']);
    }, 60_000);
  });

  it('writes the same calls in Kotlin as in Java', () => {
    const calls = (text: string) => text.split('\n').filter((l) => l.trim().startsWith('.add(')).map((l) => l.trim());
    expect(calls(exported('okhttp-kotlin').text)).toEqual(calls(exported('okhttp-java').text));
    expect(exported('okhttp-kotlin').text).not.toMatch(/\bnew\b|;\s*$/m);
  });
});

describe('Android network_security_config', () => {
  const lint = (xml: string) => lintAndroidConfig(work, xml);

  it('validates against the documented structure, with ASCII names, SHA-256 digests and yyyy-MM-dd expiry', () => {
    const out = exported('android');
    expect(out.fileName).toBe('network_security_config.xml');
    const result = lint(out.text);
    expect(result.stderr).toContain('validates');
    expect(result.status).toBe(0);
  });

  it('the schema refuses what Android would: a Unicode name, another digest, a bad date, a domain twice', () => {
    const good = exported('android').text;
    for (const bad of [
      good.replace('>shop.example<', '>bücher.example<'),
      good.replace('digest="SHA-256"', 'digest="SHA-1"'),
      good.replace('expiration="2027-06-15"', 'expiration="15/06/2027"'),
      good.replace('>single.example<', '>shop.example<'),
    ]) {
      expect(bad).not.toBe(good);
      expect(lint(bad).status).not.toBe(0);
    }
  });
});

describe('TrustKit', () => {
  it('reads as a plist with Python\'s plistlib, with the keys and types TrustKit documents', () => {
    const out = exported('trustkit', planPins(underRealSuffix(fixtureInput())));
    const config = readPlist(out.text);
    const domains = config.TSKConfiguration.TSKPinnedDomains;
    expect(Object.keys(domains).sort()).toEqual(['bank.example.com', 'shop.example.com', 'xn--bcher-kva.example.com']);
    for (const [name, policy] of Object.entries(domains)) {
      expect(policy.TSKEnforcePinning, name).toBe(true);
      expect(typeof policy.TSKIncludeSubdomains, name).toBe('boolean');
      const hashes = policy.TSKPublicKeyHashes as string[];
      // TrustKit refuses to start with fewer than two pins for an enforced domain.
      expect(hashes.length, name).toBeGreaterThanOrEqual(2);
      for (const h of hashes) expect(Buffer.from(h, 'base64')).toHaveLength(32);
      if ('TSKExpirationDate' in policy) expect(policy.TSKExpirationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(domains['bank.example.com']).toMatchObject({ TSKIncludeSubdomains: true, TSKExpirationDate: '2027-06-15' });
  });
});

describe('HPKP', () => {
  // RFC 7469 §2.1: directives separated by ";", pin-sha256 a quoted base64 SHA-256, max-age
  // delta-seconds, includeSubDomains a bare token; max-age required.
  const DIRECTIVE = /^(pin-sha256="[A-Za-z0-9+/]{43}="|max-age=\d+|includeSubDomains)$/;

  it('writes headers that follow RFC 7469\'s grammar, each with a pin outside its host\'s served chain (§4.3)', () => {
    const out = exported('hpkp');
    expect(out.text).toMatch(/^# .*no longer honour HPKP/m);
    const lines = out.text.split('\n');
    const headers = lines.flatMap((l, i) => l.startsWith('Public-Key-Pins: ') ? [{ host: /^# host: (\S+)/.exec(lines[i - 1]!)![1]!, value: l.slice(17) }] : []);
    expect(headers.map((h) => h.host).sort()).toEqual(['bank.example', 'shop.example', 'xn--bcher-kva.example']);
    for (const { host, value } of headers) {
      const directives = value.split(';').map((d) => d.trim());
      for (const d of directives) expect(d, host).toMatch(DIRECTIVE);
      expect(directives.filter((d) => d.startsWith('max-age=')), host).toHaveLength(1);
      const pins = directives.filter((d) => d.startsWith('pin-sha256=')).map((d) => d.slice(12, -1));
      const group = plan.groups.find((g) => g.name === host)!;
      expect(pins.some((p) => !group.servedChain.includes(p)), `${host}: a backup pin outside the served chain`).toBe(true);
    }
  });
});

describe('the files the writers name', () => {
  it('gives each format the file name and type its client expects', () => {
    expect(Object.fromEntries(Object.entries(PIN_WRITERS).map(([f, w]) => [f, w(plan, { now: NOW }).fileName]))).toEqual({
      'okhttp-kotlin': 'firstseen-pins.kt', 'okhttp-java': 'FirstSeenPins.java', 'android': 'network_security_config.xml',
      'curl': 'firstseen-pins-curl.sh', 'trustkit': 'firstseen-trustkit.plist', 'hpkp': 'firstseen-hpkp.txt',
    });
    expect(readFileSync(join(here, 'golden', 'FirstSeenPins.java'), 'utf8')).toContain('public final class FirstSeenPins');
  });
});
