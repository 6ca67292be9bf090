// npm run scenarios: plays the described corpus (test/fixtures/scenarios) and the real-certificate
// corpus (test/scenarios/real-world), prints a table of what each step expected and got, then the
// real-world rates, and last "N passed, M failed". Exits non-zero on any failure.
import { loadCorpus, playScenario } from './play-scenario.js';
import { playRealWorld, rates } from './play-real-world.js';
import { loadRealWorld } from './real-world-format.js';

const pct = (n: number, d: number) => (d === 0 ? '0%' : `${((100 * n) / d).toFixed(1)}%`);

async function main(): Promise<void> {
  const rows: string[][] = [];
  let failed = 0;
  let total = 0;
  for (const [name, scenario] of loadCorpus()) {
    for (const o of await playScenario(name, scenario)) {
      rows.push([o.scenario, String(o.step), o.host, o.expected, o.got, o.passed ? 'ok' : 'FAIL']);
      total++;
      if (!o.passed) failed++;
    }
  }
  const real = [];
  for (const [name, scenario] of loadRealWorld()) {
    for (const o of await playRealWorld(`real-${name}`, scenario)) {
      real.push(o);
      rows.push([`real-world/${o.scenario.replace(/^real-/, '')}`, String(o.step), o.host, o.expected, o.got, o.passed ? 'ok' : 'FAIL']);
      total++;
      if (!o.passed) failed++;
    }
  }
  const table = [['scenario', 'step', 'host', 'expected', 'got', ''], ...rows];
  const widths = table[0]!.map((_, c) => Math.min(70, Math.max(...table.map((r) => r[c]!.length))));
  for (const r of table) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  const r = rates(real);
  console.log(`real-world rates: benign changes warned ${r.benignWarned} of ${r.benignChanges} (${pct(r.benignWarned, r.benignChanges)}), ` +
    `repeat warnings ${r.repeatWarnings}; attacks detected ${r.attacksCaught} of ${r.attacks} (${pct(r.attacksCaught, r.attacks)})`);
  console.log(`${total - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
