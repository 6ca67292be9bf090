// Every reason, verdict kind and key status the code can produce has English text.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAVEAT_KINDS, REFUSAL_REASONS } from '../../../src/core/pin-export/export-types.js';
import { HOST_STATUSES } from '../../../src/core/host-summary.js';

const root = new URL('../../../', import.meta.url).pathname;
const messages = JSON.parse(readFileSync(join(root, 'extension/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [readFileSync(join(root, dir, e.name), 'utf8')] : []);
}

describe('en messages', () => {
  const code = sources('src').join('\n');

  it('has every reason the code gives', () => {
    const reasons = new Set(code.match(/'reason[A-Z]\w+'/g)!.map((r) => r.slice(1, -1)));
    expect(reasons.size).toBeGreaterThan(20);
    expect([...reasons].filter((r) => !messages[r])).toEqual([]);
  });

  it('has every verdict kind and key status', () => {
    const kinds = readFileSync(join(root, 'src/core/verdict.ts'), 'utf8').match(/\| '([a-z-]+)'/g)!.map((k) => k.slice(3, -1));
    const statuses = ['first-use', 'accepted', 'pinned', 'pending', 'rejected'];
    expect(kinds.filter((k) => !messages[`verdict_${k.replaceAll('-', '_')}`])).toEqual([]);
    expect(statuses.filter((s) => !messages[`keyStatus_${s.replaceAll('-', '_')}`])).toEqual([]);
  });

  it('has every name built from a value: statuses, modes, severities, events, block reasons', () => {
    const wanted = [
      ...HOST_STATUSES.flatMap((x) => [`hostStatus_${x}`, `hostStatusShort_${x}`]),
      ...['watch', 'strict', 'ignore'].flatMap((x) => [`mode_${x}`, `modeHint_${x}`]),
      ...['none', 'info', 'notice', 'warning', 'critical'].map((x) => `severity_${x}`),
      ...['managed-pin', 'pin-mismatch', 'key-mismatch', 'held', 'certificate-error', 'unverifiable', 'settings-unavailable', 'critical'].map((x) => `blockReason_${x.replaceAll('-', '_')}`),
      ...readFileSync(join(root, 'src/core/trust-event.ts'), 'utf8').match(/\| '([a-z-]+)'/g)!.map((k) => `event_${k.slice(3, -1).replaceAll('-', '_')}`),
      ...['accepted', 'rejected'].map((x) => `resolution_${x}`),
      ...REFUSAL_REASONS.map((x) => `pinRefusal_${x.replaceAll('-', '_')}`),
      ...CAVEAT_KINDS.map((x) => `pinCaveat_${x.replaceAll('-', '_')}`),
      ...['okhttp-kotlin', 'okhttp-java', 'android', 'curl', 'trustkit', 'hpkp'].map((x) => `pinFormat_${x.replaceAll('-', '_')}`),
    ];
    expect(wanted.filter((n) => !messages[n])).toEqual([]);
  });

  it('has every message name the pages and badge ask for', () => {
    const asked = new Set([...code.matchAll(/\bt\('([a-zA-Z_]+)'/g), ...code.matchAll(/titleMessage: '(\w+)'/g)].map((m) => m[1]!));
    expect([...asked].filter((n) => !messages[n])).toEqual([]);
  });

  it('has both English plural forms of every counted message, and picks them by count', async () => {
    const counted = new Set([...code.matchAll(/\bplural\(t, '([a-zA-Z_]+)'/g)].map((m) => m[1]!));
    expect(counted.size).toBeGreaterThan(4);
    expect([...counted].flatMap((n) => [`${n}_one`, `${n}_other`]).filter((n) => !messages[n])).toEqual([]);
    const { plural } = await import('../../../src/ui/plural.js');
    const tr = (name: string, subs?: string[]) => `${name}:${subs?.join(',')}`;
    expect([plural(tr, 'blockedCount', 1), plural(tr, 'blockedCount', 2), plural(tr, 'blockedCount', 0)]).toEqual(['blockedCount_one:1', 'blockedCount_other:2', 'blockedCount_other:0']);
  });
});
