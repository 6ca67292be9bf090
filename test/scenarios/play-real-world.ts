// Plays the real-certificate corpus through the same path as a response in the add-on: Firefox's
// SecurityInfo -> readObservation -> (a new key) the chain's DER and its verified SCT time -> TrustService.
import { readResponse } from '../../src/background/read-response.js';
import { severityRank, type Severity } from '../../src/core/severity.js';
import type { Verdict } from '../../src/core/verdict.js';
import { openScenarioService } from './play-scenario.js';
import { LeafMint, type RealDecisionStep, type RealExpectation, type RealResponseStep, type RealScenario } from './real-world-format.js';
import { TEST_CT_LOGS } from '../support/test-ct-log.js';

export interface RealOutcome {
  scenario: string;
  class: RealScenario['class'];
  step: number;
  host: string;
  expected: string;
  got: string;
  severity: Severity | 'skip';
  passed: boolean;
  change: boolean;
  attack: boolean;
}

function describe(e: RealExpectation): string {
  if (e.skip) return 'skip';
  const sev = e.severity ?? (e.atLeast ? `>=${e.atLeast}` : e.atMost ? `<=${e.atMost}` : '*');
  return `${e.kind ?? '*'}/${sev}${e.reasons ? ` +${e.reasons.join(',')}` : ''}`;
}

function meets(v: Verdict | null, e: RealExpectation): boolean {
  if (e.skip || !v) return Boolean(e.skip) && !v;
  if (e.kind && v.kind !== e.kind) return false;
  if (e.severity && v.severity !== e.severity) return false;
  if (e.atLeast && severityRank(v.severity) < severityRank(e.atLeast as Severity)) return false;
  if (e.atMost && severityRank(v.severity) > severityRank(e.atMost as Severity)) return false;
  return (e.reasons ?? []).every((r) => v.reasons.includes(r));
}

export async function playRealWorld(name: string, scenario: RealScenario): Promise<RealOutcome[]> {
  const { service, clock, close } = await openScenarioService(name);
  const mint = new LeafMint(scenario);
  const outcomes: RealOutcome[] = [];
  try {
    for (const [i, step] of scenario.steps.entries()) {
      clock.now = Date.parse(step.at);
      if ('decide' in step) {
        const d = step as RealDecisionStep;
        const info = await mint.securityInfo(d.leaf, d.host);
        const certs = info.certificates as { subjectPublicKeyInfoDigest: { sha256: string } }[];
        await service.decide(d.host, { spkiSha256: certs[0]!.subjectPublicKeyInfoDigest.sha256, issuerSpkiSha256: certs[1]?.subjectPublicKeyInfoDigest.sha256 ?? '' }, d.decide);
        continue;
      }
      const r = step as RealResponseStep;
      const facts = { url: `https://${r.host}/`, type: 'main_frame', fromCache: r.fromCache ?? false };
      // As Firefox answers: the leaf alone without certificateChain (an override's leaf, or none with
      // it), the chain with each certificate's DER with it. The pipeline's own reader decides.
      const info = r.override
        ? { state: 'secure', overridableErrorCategory: r.override, isUntrusted: true, certificates: [] }
        : await mint.securityInfo(r.leaf!, r.host, r.via);
      const certificates = (info as { certificates: Record<string, unknown>[] }).certificates;
      const reader = {
        leaf: async () => ({ ...info, certificates: certificates.slice(0, 1).map(({ rawDER: _, ...c }) => c) }),
        chain: async () => info,
      };
      // The leaves' SCTs are signed by the tests' CT log: FirstSeen believes them with that list.
      const result = await readResponse({ ...facts, incognito: false }, reader, service, () => clock.now, undefined, TEST_CT_LOGS);
      const verdict = await service.observe(result, { incognito: false });
      outcomes.push({
        scenario: name,
        class: scenario.class,
        step: i + 1,
        host: r.host,
        expected: describe(r.expect),
        got: verdict ? `${verdict.kind}/${verdict.severity} [${verdict.reasons.join(',')}]` : 'skip',
        severity: verdict?.severity ?? 'skip',
        passed: meets(verdict, r.expect),
        change: r.change ?? false,
        attack: r.attack ?? false,
      });
    }
    await service.writes.flushAll();
  } finally {
    close();
  }
  return outcomes;
}

/** The corpus's rates: what the product is judged on. */
export function rates(outcomes: readonly RealOutcome[]) {
  const warned = (o: RealOutcome) => o.severity !== 'skip' && severityRank(o.severity) >= severityRank('warning');
  const benign = outcomes.filter((o) => o.class === 'benign');
  const changes = benign.filter((o) => o.change);
  const attacks = new Map<string, boolean>();
  for (const o of outcomes) if (o.class === 'attack' && o.attack) attacks.set(o.scenario, (attacks.get(o.scenario) ?? false) || warned(o));
  return {
    benignChanges: changes.length,
    benignWarned: changes.filter(warned).length,
    repeatWarnings: benign.filter((o) => !o.change && warned(o)).length,
    attacks: attacks.size,
    attacksCaught: [...attacks.values()].filter(Boolean).length,
  };
}

