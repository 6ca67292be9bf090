// The real-world corpus's certificates are the ones SOURCES.md names: each file's DER hash is the
// one listed, and each signature verifies under its issuer (openssl), where the issuer is here.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_WORLD } from '../../scenarios/real-world-format.js';

const certs = join(REAL_WORLD, 'certs');
const rows = readFileSync(join(REAL_WORLD, 'SOURCES.md'), 'utf8').split('\n')
  .map((line) => line.match(/^\| ([a-z0-9-]+\.pem) \| ([0-9a-f]{64}) \| .* \| (.*) \|$/))
  .filter((m): m is RegExpMatchArray => m !== null)
  .map(([, file, hash, under]) => ({ file: file!, hash: hash!, under: under! }));

describe('real-world corpus certificates', () => {
  it('lists every file of certs/ in SOURCES.md, and nothing else', () => {
    expect(rows.map((r) => r.file).sort()).toEqual(readdirSync(certs).filter((f) => f.endsWith('.pem')).sort());
  });

  it.each(rows)('$file has the listed SHA-256', ({ file, hash }) => {
    const der = new X509Certificate(readFileSync(join(certs, file))).raw;
    expect(createHash('sha256').update(der).digest('hex')).toBe(hash);
  });

  it.each(rows.filter((r) => !r.under.startsWith('not checked')))('$file verifies under $under', ({ file, under }) => {
    const issuer = under === 'itself' ? file : `${under.split(' ')[0]}.pem`;
    // Only the named issuer is trusted (never the system store). -partial_chain: an intermediate is checked against its issuer alone; -no_check_time: some
    // of these expired long ago; the signature is what is checked.
    const out = execFileSync('openssl', ['verify', '-no-CApath', '-no-CAstore', '-partial_chain', '-no_check_time', '-check_ss_sig', '-CAfile', join(certs, issuer), join(certs, file)], { encoding: 'utf8' });
    expect(out.trim()).toBe(`${join(certs, file)}: OK`);
  });

  it('does not verify a certificate under a CA that did not sign it', () => {
    expect(() => execFileSync('openssl', ['verify', '-no-CApath', '-no-CAstore', '-partial_chain', '-no_check_time', '-CAfile', join(certs, 'isrg-root-x2.pem'), join(certs, 'le-r11.pem')], { stdio: 'pipe' })).toThrow();
  });
});
