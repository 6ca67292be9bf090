// 1,000 mutated and garbage trust histories, from a fixed seed. Each is either rejected with an
// error that says where, leaving the store exactly as it was, or imported, leaving it consistent.
import { describe, expect, it } from 'vitest';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { wireBackground } from '../background/wiring.js';
import { exportText, stage } from './history-helpers.js';

const CASES = 1_000;

/** mulberry32: small, seeded, good enough to pick mutations. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [null, -1, 0, 1e308, NaN, '', 'x'.repeat(70_001), '<script>alert(1)</script>', '\u202Egnp.exe', [], {}, true,
  'sha256/krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=', 'A.TEST', 'a.test:443', '2026-13-45', [1, 2, 3], { spkiSha256: 'x' }];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function paths(node: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(node)) node.forEach((v, i) => paths(v, [...at, i], out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) paths(v, [...at, k], out);
  return out;
}

function mutate(doc: Json, text: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const op = Math.floor(r() * 8);
  if (op === 0) return text.slice(0, Math.floor(r() * text.length));
  if (op === 1) {
    const i = Math.floor(r() * text.length);
    return text.slice(0, i) + pick(['"', '{', ']', ',', '\\', '\u0000', 'é']) + text.slice(i + 1);
  }
  if (op === 2) return Array.from({ length: 1 + Math.floor(r() * 200) }, () => String.fromCharCode(Math.floor(r() * 256))).join('');
  const copy = structuredClone(doc);
  const all = paths(copy).filter((p) => p.length > 0);
  const path = pick(all);
  const parent = path.slice(0, -1).reduce<Json>((n, k) => (n as Record<string | number, Json>)[k]!, copy) as Record<string | number, Json> | Json[];
  const last = path[path.length - 1]!;
  if (op === 3) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (op === 4 && Array.isArray(parent)) {
    parent.push(structuredClone(parent[last as number]!));
  } else if (op === 5) {
    (copy as Record<string, Json>).version = pick([0, 2, '1', 1.5, null]) as Json;
  } else {
    (parent as Record<string | number, Json>)[last] = structuredClone(pick(ODD_VALUES)) as Json;
  }
  return JSON.stringify(copy);
}

describe('import fuzz', () => {
  it(`rejects or imports each of ${CASES} mutated documents, never corrupting the store`, async () => {
    const source = await wireBackground('fuzz-source', () => CAPTURED_AT);
    for (const host of ['a.example.com', 'b.example.com']) {
      await source.service.observe({ kind: 'observation', observation: { ...observationOf('first-visit-intermediate', CAPTURED_AT), host } }, { incognito: false });
    }
    await source.service.observe({ kind: 'observation', observation: { ...observationOf('new-key-same-issuer', CAPTURED_AT + 9), host: 'b.example.com' } }, { incognito: false });
    await source.ask({ type: 'add-pin', pattern: 'a.example.com', pin: observationOf('first-visit-intermediate', 0).leaf.spkiSha256, expiresAt: null });
    const baseText = await exportText(source.history);
    const base = JSON.parse(baseText) as Json;

    const target = await wireBackground('fuzz-target', () => CAPTURED_AT + 1000);
    const store = await target.history['store']();
    const random = rng(20261122);
    let rejected = 0;
    let imported = 0;
    for (let i = 0; i < CASES; i++) {
      const text = mutate(base, baseText, random);
      const before = await exportText(target.history);
      // As the management page does: the worker reads the file, the background stages and checks
      // each chunk; either may refuse it, and either must say where.
      let failure: string[] | null = null;
      try {
        const token = await stage(target.history, text);
        await target.history.apply(token, {});
        imported += 1;
      } catch (e) {
        failure = String(e instanceof Error ? e.message : e).split('\n');
        for (const line of failure) expect(line, `case ${i}`).toMatch(/^(file|format|version|exportedAt|policy[^:]*|hosts[^:]*|document): ./);
      }
      if (failure !== null) {
        rejected += 1;
        expect(await exportText(target.history), `case ${i}: a rejected import changed the store`).toBe(before);
      }
      // Consistent either way: every summary has a readable record and the counts agree.
      const summaries = await store.allSummaries();
      expect(summaries.length, `case ${i}`).toBe(await store.countHosts());
      const records = await store.getRecords(summaries.map((s) => s.host));
      expect(records.size, `case ${i}`).toBe(summaries.length);
    }
    console.log(`import fuzz: ${CASES} documents, ${rejected} rejected, ${imported} imported`);
    expect(rejected + imported).toBe(CASES);
    // Both outcomes really happen: the fuzzer is not only producing garbage, nor only valid files.
    expect(rejected).toBeGreaterThan(300);
    expect(imported).toBeGreaterThan(50);
  }, 120_000);
});
