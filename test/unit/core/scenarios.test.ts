// Every scenario of the corpus as a test of its own: each verdict kind has at least one.
import { describe, expect, it } from 'vitest';
import { loadCorpus, playScenario } from '../../scenarios/play-scenario.js';

const corpus = loadCorpus();

describe('scenario corpus', () => {
  it('covers every verdict kind', () => {
    const kinds = new Set(corpus.flatMap(([, s]) => s.steps.flatMap((st) => ('expect' in st && st.expect !== 'skip' ? [st.expect.kind] : []))));
    expect([...kinds].sort()).toEqual(['certificate-override', 'downgrade', 'first-use', 'interception', 'issuer-change', 'key-change',
      'match', 'multi-key', 'rejected-key', 'renewal', 'unresolved']);
  });

  it.each(corpus)('%s', async (name, scenario) => {
    const outcomes = await playScenario(name, scenario);
    expect(outcomes.filter((o) => !o.passed)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(0);
  });
});
