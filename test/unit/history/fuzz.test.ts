// 1,000 mutated and garbage trust histories, from a fixed seed. Each is either rejected with an
// error that says where, leaving the store exactly as it was, or imported, leaving it consistent.
import { describe, expect, it } from 'vitest';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { wireBackground } from '../background/wiring.js';
import { exportText, stage } from './history-helpers.js';
import { mutate, rng, type Json } from './mutations.js';

const CASES = 1_000;

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
