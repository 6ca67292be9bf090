// From one response to a verdict on its tab: read the SecurityInfo, judge it, show it.
import { readObservation, type ReadResult } from '../core/observation.js';
import type { Verdict } from '../core/verdict.js';
import { logOnce } from '../platform/log.js';
import type { ResponseFacts } from '../platform/tls-observer.js';
import type { TabStates } from './tab-state.js';
import type { TrustService } from './trust-service.js';

const SKIP_REASONS = {
  'from-cache': 'reasonFromCache',
  'not-secure': 'reasonNotSecure',
  'no-security-info': 'reasonNoSecurityInfo',
} as const;

/** A host seen but not judged still belongs on the tab's list: no observation does not mean safe. */
function uncheckedVerdict(result: ReadResult, at: number): Verdict | null {
  if (result.kind !== 'skip' || result.host === null || result.reason === 'not-tls') return null;
  return { kind: 'unchecked', severity: 'none', host: result.host, at, reasons: [SKIP_REASONS[result.reason]] };
}

export function createResponsePipeline(service: TrustService, tabs: TabStates, now: () => number) {
  async function judge(facts: ResponseFacts, info: unknown): Promise<void> {
    const result = readObservation(facts, info, now());
    if (result.kind === 'invalid') logOnce(`unusable security info: ${result.reason}`);
    const verdict = (await service.observe(result, { incognito: facts.incognito })) ?? uncheckedVerdict(result, now());
    if (verdict && facts.tabId >= 0) await tabs.record(facts.tabId, verdict, facts.incognito);
  }

  return function onResponse(facts: ResponseFacts, securityInfo: Promise<unknown>): void {
    // Synchronous, before any await: the new page's subresources must land on the new page.
    if (facts.type === 'main_frame' && facts.tabId >= 0) tabs.startPage(facts.tabId, facts.url, facts.requestId);
    securityInfo
      .catch(() => undefined)
      .then((info) => judge(facts, info))
      .catch((error: unknown) => logOnce('judging a response failed', error));
  };
}
