// npm run scenarios: plays the whole corpus, prints a table of what each step expected and got,
// and ends with "N passed, M failed". Exits non-zero on any failure.
import { loadCorpus, playScenario, type StepOutcome } from './play-scenario.js';

async function main(): Promise<void> {
  const all: StepOutcome[] = [];
  for (const [name, scenario] of loadCorpus()) all.push(...(await playScenario(name, scenario)));
  const rows = [['scenario', 'step', 'host', 'expected', 'got', ''], ...all.map((o) => [o.scenario, String(o.step), o.host, o.expected, o.got, o.passed ? 'ok' : 'FAIL'])];
  const widths = rows[0]!.map((_, c) => Math.min(60, Math.max(...rows.map((r) => r[c]!.length))));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  const failed = all.filter((o) => !o.passed).length;
  console.log(`${all.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
