// Nothing from a certificate becomes code (issue #26): CA names chosen by whoever made the
// certificate (and any an import brings) reach every pin file's comments. Each format is written
// with names holding line breaks of every kind, comment terminators, a Java \u000a escape, quotes,
// $(...) and backticks, and fed to a real reader: javac and a run, bash -n and a run, xmllint,
// plistlib; Kotlin (no compiler here) and HPKP by their line grammar.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, existsSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commentText } from '../../../src/core/pin-export/comment-text.js';
import { PIN_WRITERS } from '../../../src/core/pin-export/index.js';
import { planPins, type PlanInput } from '../../../src/core/pin-export/plan.js';
import { lintAndroidConfig, readPlist, runJavaPins } from './consumers.js';
import { INTERMEDIATE, key, LEAF, LEAF2, NOW, pin, record, ROOT, SPARE } from './pin-fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'firstseen-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const MARKER = join(work, 'PWNED');
const EVIL_PIN = `sha256/${'E'.repeat(43)}=`;

/** Each would end the comment it stands in, in one format or another, and start live code. */
const HOSTILE = [
  `Evil CA\ntouch ${MARKER}\n# `,
  `Evil CA\r\n    .add("evil.example", "${EVIL_PIN}")\n//`,
  `Evil \\u000a .add("evil.example", "${EVIL_PIN}") //`,
  `Evil */ ; touch ${MARKER} ; /* --> ]]> <!--`,
  `Evil $(touch ${MARKER}) \`touch ${MARKER}\` ' "`,
  `Evil\u2028.add("evil.example", "${EVIL_PIN}")\u2029\u0085\u202e\u0000\u0007`,
];
/** A subject with the name quoted, as RFC 4514 allows a value with commas or quotes to be. */
const subject = (cn: string) => `CN="${cn.replace(/["\\]/g, '\\$&')}",O=Evil`;

function hostileInput(): PlanInput {
  const withNames = (k: ReturnType<typeof key>, names: [string, string]) => ({ ...k, chainSubjects: ['CN=site', subject(names[0]), subject(names[1])] });
  return {
    now: NOW,
    selection: [],
    hosts: HOSTILE.map((h, i) => record(`h${i}.example.com`, [withNames(key(LEAF), [h, HOSTILE[(i + 1) % HOSTILE.length]!]), withNames(key(LEAF2), [h, h])]))
      .concat([record('bank.example.com', [withNames(key(LEAF), [HOSTILE[0]!, HOSTILE[1]!])])]),
    pins: [pin('**.bank.example.com', INTERMEDIATE, NOW + 200 * 86_400_000), pin('**.bank.example.com', SPARE, NOW + 400 * 86_400_000), pin('**.bank.example.com', ROOT),
      // An exact host pinned to its intermediate and root: what curl and HPKP write with the CAs' names.
      pin('bank.example.com', INTERMEDIATE), pin('bank.example.com', ROOT), pin('bank.example.com', SPARE)],
  };
}

const plan = planPins(hostileInput());
const exported = (format: keyof typeof PIN_WRITERS) => PIN_WRITERS[format](plan, { now: NOW });
/** What each file must carry: every written group's pins, and nothing else. */
const expectedPins = (written: readonly string[]) => plan.groups.filter((g) => written.includes(g.pattern)).flatMap((g) => g.pins.map((p) => `${g.pattern} sha256/${p.spkiSha256}`)).sort();
/** Raw line breaks, a bidi override and controls: none may reach a file as they are. */
const RAW = new Set([0x0d, 0x85, 0x2028, 0x2029, 0x202e, 0x00, 0x07].map((c) => String.fromCodePoint(c)));
const hasRaw = (text: string) => [...text].some((c) => RAW.has(c));

describe('hostile certificate names in every pin file', () => {
  it('reach the files (the plan names the CAs by their hostile subjects)', () => {
    expect(plan.groups.flatMap((g) => g.pins.map((p) => p.name ?? '')).some((n) => n.includes('\n'))).toBe(true);
    for (const format of Object.keys(PIN_WRITERS) as (keyof typeof PIN_WRITERS)[]) {
      const text = exported(format).text;
      // TrustKit's plist and the HPKP headers name no CA.
      if (format !== 'trustkit' && format !== 'hpkp') expect(text, format).toContain('Evil');
      expect(hasRaw(text), format).toBe(false);
    }
  });

  it('Java: javac compiles the file and it pins exactly the hosts written, nothing the names hold', () => {
    const out = exported('okhttp-java');
    const result = runJavaPins(work, out.text);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual(expectedPins(out.written));
    expect(result.stdout).not.toContain('evil.example');
  }, 60_000);

  it('Kotlin: every line is a comment or one of the file\'s own code lines', () => {
    const out = exported('okhttp-kotlin');
    const code = out.text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
    const adds = code.filter((l) => l.trim().startsWith('.add('));
    expect(code.filter((l) => !adds.includes(l))).toEqual(['import okhttp3.CertificatePinner', 'val firstSeenCertificatePinner: CertificatePinner = CertificatePinner.Builder()', '    .build()']);
    const pinsOf = (l: string) => { const args = JSON.parse(`[${l.trim().slice(5, -1)}]`) as string[]; return args.slice(1).map((p) => `${args[0]} ${p}`); };
    expect(adds.flatMap(pinsOf).sort()).toEqual(expectedPins(out.written));
  });

  it('curl: bash -n passes, and a run calls curl once per host with its pins, running nothing else', () => {
    const out = exported('curl');
    const script = join(work, 'pins.sh');
    writeFileSync(script, out.text);
    const syntax = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
    // A curl that records its arguments, first on the PATH; touch is left real, to be caught.
    const bin = join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    const calls = join(work, 'calls.txt');
    writeFileSync(join(bin, 'curl'), `#!/bin/sh\nprintf '%s|' "$@" >> '${calls}'\necho >> '${calls}'\n`);
    chmodSync(join(bin, 'curl'), 0o755);
    const run = spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(MARKER)).toBe(false);
    const made = readFileSync(calls, 'utf8').trim().split('\n');
    const want = plan.groups.filter((g) => out.written.includes(g.pattern)).map((g) => `--pinnedpubkey|${g.pins.map((p) => `sha256//${p.spkiSha256}`).join(';')}|https://${g.name}/|`);
    expect(made.sort()).toEqual(want.sort());
  });

  it('Android: xmllint validates the file against the documented schema', () => {
    const result = lintAndroidConfig(work, exported('android').text);
    expect(result.stderr).toContain('validates');
    expect(result.status).toBe(0);
  });

  it('TrustKit: plistlib reads it, with only the domains written', () => {
    const out = exported('trustkit');
    const domains = Object.keys(readPlist(out.text).TSKConfiguration.TSKPinnedDomains);
    expect(domains.length).toBeGreaterThan(0);
    for (const d of domains) expect(d).toMatch(/^[a-z0-9.-]+$/);
  });

  it('HPKP: every line is a comment or a Public-Key-Pins header', () => {
    const lines = exported('hpkp').text.split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => !l.startsWith('# ') && !l.startsWith('Public-Key-Pins: '))).toEqual([]);
  });
});

describe('commentText', () => {
  it('keeps names readable: letters of any script, punctuation, symbols', () => {
    expect(commentText("TÜRKTRUST Elektronik Sunucu Sertifikası Hizmetleri (Let's Encrypt) R11 & 日本")).toBe("TÜRKTRUST Elektronik Sunucu Sertifikası Hizmetleri (Let's Encrypt) R11 & 日本");
  });

  it('writes line breaks, controls and format characters as code points, and doubles backslashes', () => {
    expect(commentText('a\nb\r\u2028\u202e\u0000')).toBe('a[U+000A]b[U+000D][U+2028][U+202E][U+0000]');
    expect(commentText('x \\u000a y')).toBe('x \\\\u000a y');
  });
});
