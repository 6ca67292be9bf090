// From one response to a verdict on its tab: read the SecurityInfo, judge it, show it, and stop
// it when strict mode or a pin says so.
import type { WarningNotifier } from './warning-notifier.js';
import { hostKeyFromUrl } from '../core/host-key.js';
import { readObservation, type ReadResult } from '../core/observation.js';
import { isEnforced, isIgnored } from '../core/policy.js';
import type { CheckSchedule } from '../core/check-schedule.js';
import { ignoredVerdict, uncheckedVerdict, type Verdict } from '../core/verdict.js';
import { logOnce } from '../platform/log.js';
import type { TabNavigator } from '../platform/tabs.js';
import type { ResponseFacts, SecurityInfoReader } from '../platform/tls-observer.js';
import type { BlockTickets } from './block-tickets.js';
import type { KeepAwake } from './keep-awake.js';
import type { OneLoadPasses } from './one-load-passes.js';
import type { OptionsService } from './options-service.js';
import { readResponse } from './read-response.js';
import type { WakeStats } from './wake-stats.js';
import type { TabStates } from './tab-state.js';
import type { TrustService } from './trust-service.js';

/** A host seen but not judged still belongs on the tab's list: no observation does not mean safe. */
function skippedVerdict(result: ReadResult, at: number): Verdict | null {
  if (result.kind !== 'skip' || result.host === null || result.reason === 'not-tls') return null;
  return uncheckedVerdict(result.host, at, result.reason);
}

/** Set only by `vite build --mode faults` (vite.config.ts); null otherwise. */
declare const __FAULT_THROW_PREFIX__: string | null;

export interface PipelineDeps {
  service: TrustService;
  tabs: TabStates;
  tickets: BlockTickets;
  navigator: TabNavigator;
  now: () => number;
  schedule: CheckSchedule;
  options: OptionsService;
  stats?: WakeStats;
  /** Keeps the event page up until each judgement is in: the response goes before it is judged. */
  awake?: KeepAwake;
  /** Desktop notifications for warnings, when the user allowed them. */
  notifier?: WarningNotifier;
  /** "Continue once" from the warning page (one-load-passes.ts); absent, none. */
  passes?: OneLoadPasses;
}

export function createResponsePipeline({ service, tabs, tickets, navigator, now, schedule, options, stats, awake, notifier, passes }: PipelineDeps) {
  /** A stop the user waived for this one load: shown as judged, with why it loaded. */
  function waived(facts: ResponseFacts, verdict: Verdict | null): Verdict | null {
    if (!verdict?.blocked || facts.tabId < 0 || !passes?.allows(facts.tabId, verdict)) return verdict;
    const through: Verdict = { ...verdict, reasons: [...verdict.reasons, 'reasonContinuedOnce'] };
    delete through.blocked;
    return through;
  }

  /**
   * Critical stops the page in every mode but ignore (options.stopOnCritical, on by default): a
   * refused key or an interception root must interrupt, not only light an icon. A key the user
   * refused ("Block this key") is stopped even with the option off: blocking it was the decision.
   */
  function stoppedIfCritical(verdict: Verdict | null, stoppable: boolean): Verdict | null {
    if (!stoppable || !verdict || verdict.blocked || verdict.severity !== 'critical') return verdict;
    if (options.peek()?.stopOnCritical === false && verdict.kind !== 'rejected-key') return verdict;
    return { ...verdict, blocked: 'critical' };
  }

  /** `stoppable`: the response is still held, so a critical verdict can stop it (and say so). */
  async function judge(facts: ResponseFacts, result: ReadResult, stoppable: boolean): Promise<Verdict | null> {
    if (result.kind === 'invalid') logOnce(`unusable security info: ${result.reason}`);
    const verdict = waived(facts, stoppedIfCritical(await service.observe(result, { incognito: facts.incognito, tabless: facts.tabId < 0 }), stoppable)) ?? skippedVerdict(result, now());
    if (verdict) stats?.verdict();
    if (verdict && facts.tabId >= 0) {
      await tabs.record(facts.tabId, verdict, facts.incognito);
      // Not awaited: a held response must not wait on the notification centre.
      void notifier?.note(facts.tabId, verdict, facts.incognito);
    }
    return verdict;
  }

  async function showWarning(facts: ResponseFacts, verdict: Verdict): Promise<void> {
    const nonce = await tickets.issue({
      tabId: facts.tabId,
      url: facts.url,
      host: verdict.host,
      reason: verdict.blocked!,
      observed: verdict.observed ?? null,
      verdict: { kind: verdict.kind, severity: verdict.severity, reasons: verdict.reasons },
      incognito: facts.incognito,
    });
    await navigator.showWarning(facts.tabId, nonce);
  }

  /**
   * Fails closed: if deciding about a response throws, it is stopped where its host is enforced or
   * the policy is not known yet, and a stopped document shows the warning page (it could not be
   * checked). A watched host's response goes on: nothing would have stopped it.
   */
  function onFailure(facts: ResponseFacts, error: unknown): Promise<boolean> | undefined {
    const at = now();
    let host: string | null = null;
    try {
      host = hostKeyFromUrl(facts.url);
    } catch {
      // A URL that cannot be read is no https host: nothing was enforced on it.
    }
    const policy = service.policy.peek();
    const stop = host !== null && !facts.fromCache && (policy === undefined || isEnforced(policy, host, at));
    logOnce(`deciding about a response failed${stop ? ': stopped' : ''}`, error);
    if (!stop) return undefined;
    if (facts.type === 'main_frame' && facts.tabId >= 0) {
      const verdict = { ...uncheckedVerdict(host!, at, 'no-security-info'), blocked: policy ? 'unverifiable' : 'settings-unavailable' } as const;
      showWarning(facts, verdict).catch((e: unknown) => logOnce('could not show the warning page', e));
    }
    return Promise.resolve(true);
  }

  return function onResponse(facts: ResponseFacts, reader: SecurityInfoReader): Promise<boolean> | undefined {
    try {
      return respond(facts, reader);
    } catch (error) {
      return onFailure(facts, error);
    }
  };

  function respond(facts: ResponseFacts, reader: SecurityInfoReader): Promise<boolean> | undefined {
    const at = now();
    const host = hostKeyFromUrl(facts.url);
    // Null in every build but the fault tests' (vite.config.ts): there, a failure in the request path.
    if (__FAULT_THROW_PREFIX__ !== null && host?.startsWith(__FAULT_THROW_PREFIX__)) throw new Error('injected fault');
    // Synchronous, before any await: the new page's subresources must land on the new page.
    if (facts.type === 'main_frame' && facts.tabId >= 0) {
      tabs.startPage(facts.tabId, facts.url, facts.requestId, facts.timeStamp);
      schedule.newPage(facts.tabId);
      passes?.pageStarted(facts.tabId, facts.url);
    }
    const policy = service.policy.peek();
    const checkAll = options.peek()?.checkEveryResponse;
    // Until the policy and options are read (just after a wake-up), check and hold everything.
    const enforced = host !== null && !facts.fromCache && (policy === undefined || isEnforced(policy, host, at));
    if (host !== null && policy !== undefined && !enforced) {
      if (isIgnored(policy, host)) {
        // Nothing to read: the tab still lists the host, once a page, as deliberately unchecked.
        if (!schedule.hasRead(facts.tabId, host)) {
          schedule.started(facts.tabId, host, at);
          if (facts.tabId >= 0) tabs.record(facts.tabId, ignoredVerdict(host, at), facts.incognito).catch((error: unknown) => logOnce('could not record a tab\'s host', error));
        }
        return undefined;
      }
      if (checkAll === false && schedule.isCovered(facts.tabId, host, facts.type)) {
        stats?.covered();
        return undefined;
      }
    }
    const page = host === null ? 0 : schedule.started(facts.tabId, host, at);
    // A cached response carries an old connection's certificate: nothing to read. A failed read
    // is judged as no security info (unchecked), never as a reason to throw.
    const reading = facts.fromCache
      ? Promise.resolve(readObservation(facts, undefined, at))
      : readResponse(facts, reader, service, now, () => stats?.mark('security-info')).catch((): ReadResult => readObservation(facts, undefined, at));
    // Decided once per response: whether it stays held until judged, so it can be stopped.
    const held = reading.then((result) => ({ result, stoppable: enforced || mayStop(facts, host, result) }));
    const verdict = held.then(({ result, stoppable }) => judge(facts, result, stoppable));
    awake?.hold(verdict); // verdict carries its own handlers below: no extra promise per response
    verdict.then((v) => {
      if (host !== null && (!v || v.kind === 'unchecked')) schedule.failed(facts.tabId, page, host, at);
    }).catch((error: unknown) => {
      if (host !== null) schedule.failed(facts.tabId, page, host, at);
      logOnce('judging a response failed', error);
    });
    const stopOrGo = (v: Verdict | null): boolean => {
      if (!v?.blocked) return false;
      if (facts.type === 'main_frame' && facts.tabId >= 0) {
        showWarning(facts, v).catch((error: unknown) => logOnce('could not show the warning page', error));
      }
      return true;
    };
    // Held while it is read (a known key: one cached lookup), and until judged where something is
    // enforced, or where a certificate the host is not trusted with may be critical (a full read
    // of a host with keys: a refused key or an interception root is never a known certificate).
    if (!enforced) {
      return held.then(({ stoppable }) => (stoppable ? verdict.then(stopOrGo, () => false) : false), () => false);
    }
    return verdict.then(stopOrGo, (error: unknown) => onFailure(facts, error) ?? false);
  }

  /** Whether a watched response must wait for its verdict: it could be critical, and stopped. */
  function mayStop(facts: ResponseFacts, host: string | null, result: ReadResult): boolean {
    if (host === null) return false;
    const refusedOnly = options.peek()?.stopOnCritical === false;
    return result.kind === 'observation' && result.observation.chainDer !== undefined && service.mayBeCritical(host, facts.incognito, refusedOnly);
  }
}
