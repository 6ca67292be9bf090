// npm run bench:small: every Firefox bench in a small mode (1,000 hosts, one or two loads or
// rounds), so that a page or product change that breaks a bench fails `npm test`, not the next
// person who measures. The figures mean nothing at this size and are not judged: each bench must
// run to the end and print its JSON summary line. Needs a built dist/ (npm test builds it first).
import { spawnSync } from 'node:child_process';

interface Bench { name: string; script: string; env: Record<string, string>; keys: string[] }

const BENCHES: Bench[] = [
  { name: 'manager', script: 'manager.bench.mts', env: { BENCH_HOSTS: '1000' }, keys: ['firstRenderMs', 'searchMs'] },
  { name: 'history', script: 'history.bench.mts', env: { BENCH_HOSTS: '1000' }, keys: ['exportMs', 'importMs'] },
  { name: 'idb', script: 'idb-requests.bench.mts', env: { BENCH_HOSTS: '1000' }, keys: ['lookup-host-record'] },
  { name: 'coldstart', script: 'coldstart.bench.mts', env: { BENCH_HOSTS: '1000', BENCH_ROUNDS: '1', BENCH_MEMORY: '0' }, keys: ['coldStartMs', 'floorMs'] },
  { name: 'readcost', script: 'read-cost.bench.mts', env: { BENCH_READS: '20', BENCH_ROUNDS: '1' }, keys: ['leafParentUs', 'leafWallUs', 'chainDerWallUs'] },
  { name: 'pageload', script: 'pageload.bench.mts', env: { BENCH_LOADS: '1', BENCH_INSTANCES: '1' }, keys: ['firstseenRatio', 'ruleFloorRatio', 'naiveRatio', 'latencyFirstseenAddedMs', 'latencyRuleFloorAddedMs'] },
];

let failed = 0;
for (const b of BENCHES) {
  const started = Date.now();
  const run = spawnSync('npx', ['tsx', new URL(b.script, import.meta.url).pathname], {
    env: { ...process.env, ...b.env }, encoding: 'utf8', timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  let summary: Record<string, unknown> | null = null;
  try {
    summary = JSON.parse(last) as Record<string, unknown>;
  } catch {
    summary = null;
  }
  const missing = summary ? b.keys.filter((k) => typeof summary![k] !== 'number' || !Number.isFinite(summary![k])) : b.keys;
  const ok = run.status === 0 && summary !== null && missing.length === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} bench:${b.name} (${((Date.now() - started) / 1000).toFixed(0)} s) ${ok ? last : ''}`);
  if (!ok) {
    console.log(`  exit ${run.status}${run.signal ? ` (${run.signal})` : ''}; missing figures: ${missing.join(', ') || '-'}`);
    console.log((run.stderr || run.stdout).trim().split('\n').slice(-15).map((l) => `  ${l}`).join('\n'));
  }
}
console.log(`${BENCHES.length - failed} of ${BENCHES.length} benches ran in their small mode`);
process.exit(failed > 0 ? 1 : 0);
