// Plays scenarios of test/fixtures/scenarios/ through the real trust service: core judge, store on
// fake-indexeddb, interception watch, with a clock that follows each step's time.
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InterceptionWatch } from '../../src/background/interception-watch.js';
import { PolicyService } from '../../src/background/policy-service.js';
import { TrustService } from '../../src/background/trust-service.js';
import { openTrustStore } from '../../src/store/trust-store.js';
import type { Verdict } from '../../src/core/verdict.js';
import { MemorySessionArea } from '../unit/background/fakes.js';
import { readStep, spkiOf, type DecisionStep, type Expectation, type ResponseStep, type Scenario } from './scenario-format.js';

const CORPUS = new URL('../fixtures/scenarios/', import.meta.url).pathname;

export interface StepOutcome {
  scenario: string;
  step: number;
  host: string;
  expected: string;
  got: string;
  passed: boolean;
}

function describeExpectation(e: Expectation | 'skip'): string {
  return e === 'skip' ? 'skip' : `${e.kind}/${e.severity ?? '*'}${e.reasons ? ` +${e.reasons.join(',')}` : ''}`;
}

function meets(verdict: Verdict | null, e: Expectation | 'skip'): boolean {
  if (e === 'skip') return verdict === null;
  if (!verdict || verdict.kind !== e.kind) return false;
  if (e.severity && verdict.severity !== e.severity) return false;
  return (e.reasons ?? []).every((r) => verdict.reasons.includes(r));
}

let run = 0;

/** The real trust service over a fresh store on fake-indexeddb, with a clock the scenario sets. */
export async function openScenarioService(name: string) {
  const store = await openTrustStore(`scenario-${++run}-${name}`);
  const clock = { now: 0 };
  const service = new TrustService({ store: async () => store, now: () => clock.now, interception: new InterceptionWatch(new MemorySessionArea()), policy: new PolicyService(async () => store) });
  return { service, clock, close: () => store.close() };
}

export async function playScenario(name: string, scenario: Scenario): Promise<StepOutcome[]> {
  const { service, clock, close } = await openScenarioService(name);
  const outcomes: StepOutcome[] = [];
  try {
    for (const [i, step] of scenario.steps.entries()) {
      clock.now = Date.parse(step.at);
      if ('decide' in step) {
        const d = step as DecisionStep;
        await service.decide(d.host, { spkiSha256: spkiOf(d.key), issuerSpkiSha256: spkiOf(d.issuer) }, d.decide);
        continue;
      }
      const r = step as ResponseStep;
      const verdict = await service.observe(readStep(scenario, r), { incognito: r.incognito ?? false });
      outcomes.push({
        scenario: name,
        step: i + 1,
        host: r.host,
        expected: describeExpectation(r.expect),
        got: verdict ? `${verdict.kind}/${verdict.severity} [${verdict.reasons.join(',')}]` : 'skip',
        passed: meets(verdict, r.expect),
      });
    }
    await service.writes.flushAll();
  } finally {
    close();
  }
  return outcomes;
}

export function loadCorpus(dir = CORPUS): [string, Scenario][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario]);
}

