// The management page: the host list, a host's detail, modes, pins, ignore rules, forget and undo.
import { parseHostPattern } from '../../core/host-pattern.js';
import { lacksBackupPin, parsePinDigest } from '../../core/pin.js';
import { policiesJsonOf } from '../../core/admin-export.js';
import { managedModeOf } from '../../core/managed-rules.js';
import { enforcementFor, isModeManaged, managedPinsFor, modeOf, userModeOf, type Policy } from '../../core/policy.js';
import { latestTrustedKey, type TrustRecord } from '../../core/trust-record.js';
import type { StoredTrustEvent } from '../../core/trust-event.js';
import type { HandlerContext, Handlers } from './context.js';

type ManagerMessages = 'hosts-page' | 'needs-decision' | 'host-index' | 'host-detail' | 'set-mode' | 'add-pin' | 'remove-pin' | 'get-policy' | 'get-options' | 'set-options' | 'wake-report' | 'set-ignore-rules' |
  'forget-host' | 'undo-forget' | 'managed-status' | 'admin-policy-export' | 'forget-inspection-root' | 'block-waiting';

export function managerHandlers({ service, directory, trash, options, stats, keeper, now, addonId }: HandlerContext): Handlers<ManagerMessages> {
  const policy = service.policy;
  const changePolicy = async (change: (p: Policy) => Policy) => {
    const updated = await policy.update(change);
    directory.policyChanged();
    return updated;
  };
  return {
    async 'hosts-page'(m) {
      return directory.page(m.query, await policy.get());
    },
    async 'host-index'(m) {
      return directory.indexOf(m.query, m.host, await policy.get());
    },
    async 'needs-decision'(m) {
      return directory.needsDecision(m.limit, await policy.get());
    },
    async 'host-detail'(m) {
      const [record, events, current] = await Promise.all([service.record(m.host), service.events(m.host), policy.get()]);
      const enforcement = enforcementFor(current, m.host, now());
      const chain = latestTrustedKey(record)?.chainSpki ?? [];
      return {
        record: record ?? null,
        events,
        mode: modeOf(current, m.host),
        activePins: enforcement.activePins,
        expiredPins: enforcement.expiredPins,
        lacksBackupPin: lacksBackupPin(enforcement.activePins, chain),
        modeManaged: isModeManaged(current, m.host),
        reportOnlyPins: enforcement.reportOnlyPins ?? [],
      };
    },
    async 'set-mode'(m) {
      // The organisation's mode can be made stricter (strict), or given back from the user's own
      // strict (watch); nothing else: a user may never make a managed host less strict.
      const current = await policy.get();
      const managed = managedModeOf(current.managed, m.host);
      if (managed !== null && m.mode !== 'strict' && !(m.mode === 'watch' && userModeOf(current, m.host) === 'strict')) {
        throw new Error(`mode: your organisation set ${m.host} to ${managed}; you may only make it strict`);
      }
      // Ignoring a host would switch its required pins off (policy.ts, isIgnored refuses it too).
      if (m.mode === 'ignore' && managedPinsFor(current, m.host).length > 0) {
        throw new Error(`mode: your organisation pinned ${m.host}'s keys; it cannot be ignored`);
      }
      service.note([{ host: m.host, at: now(), kind: 'mode-changed', severity: 'none', detail: m.mode }]);
      return changePolicy((p) => {
        const modes = { ...p.modes };
        if (m.mode === 'watch') delete modes[m.host];
        else modes[m.host] = m.mode;
        return { ...p, modes };
      });
    },
    async 'add-pin'(m) {
      const pattern = parseHostPattern(m.pattern);
      if (typeof pattern === 'string' || pattern.kind === 'ip') throw new Error(`pattern: ${typeof pattern === 'string' ? pattern : 'pins need a host name'}`);
      const digest = parsePinDigest(m.pin);
      if ('error' in digest) throw new Error(`pin: ${digest.error}`);
      const text = m.pattern.trim().toLowerCase();
      service.note([{ host: text, at: now(), kind: 'pin-added', severity: 'none', detail: digest.spkiSha256 }]);
      return changePolicy((p) => ({
        ...p,
        pins: [...p.pins.filter((x) => !(x.pattern === text && x.spkiSha256 === digest.spkiSha256)),
          { pattern: text, spkiSha256: digest.spkiSha256, addedAt: now(), expiresAt: m.expiresAt }],
      }));
    },
    async 'remove-pin'(m) {
      const current = await policy.get();
      const own = current.pins.some((x) => x.pattern === m.pattern && x.spkiSha256 === m.spkiSha256);
      if (!own && current.managed?.pins.some((x) => x.pattern === m.pattern && x.spkiSha256 === m.spkiSha256)) {
        throw new Error(`pin: set by your organisation for ${m.pattern}; it cannot be removed here`);
      }
      service.note([{ host: m.pattern, at: now(), kind: 'pin-removed', severity: 'none', detail: m.spkiSha256 }]);
      return changePolicy((p) => ({ ...p, pins: p.pins.filter((x) => !(x.pattern === m.pattern && x.spkiSha256 === m.spkiSha256)) }));
    },
    async 'get-policy'() {
      return policy.get();
    },
    async 'get-options'() {
      return options.get();
    },
    async 'set-options'(m) {
      return options.set(m.options);
    },
    async 'block-waiting'(m) {
      // Blocking is the safe choice, so it may be taken in bulk; accepting a key asks for its detail.
      let blocked = 0;
      for (const host of m.hosts) {
        const record = await service.record(host);
        for (const key of record?.keys.filter((k) => k.status === 'pending') ?? []) {
          await service.decide(host, { spkiSha256: key.spkiSha256, issuerSpkiSha256: key.issuerSpkiSha256 }, 'rejected');
          blocked++;
        }
      }
      directory.policyChanged();
      return { blocked };
    },
    'forget-inspection-root'(m) {
      return options.forgetRoot(m.spkiSha256);
    },
    'managed-status'() {
      return policy.managed();
    },
    async 'admin-policy-export'() {
      return { json: policiesJsonOf(await policy.user(), addonId ?? 'firstseen@firstseen.example') };
    },
    async 'wake-report'() {
      return stats?.snapshot() ?? null;
    },
    async 'set-ignore-rules'(m) {
      const rules = m.rules.map((r) => r.trim()).filter((r) => r !== '');
      const bad = rules.map((r, i) => [i, parseHostPattern(r)] as const).find(([, parsed]) => typeof parsed === 'string');
      if (bad) throw new Error(`rule ${bad[0] + 1} ("${rules[bad[0]]}"): ${String(bad[1])}`);
      return changePolicy((p) => ({ ...p, ignoreRules: rules }));
    },
    async 'forget-host'(m) {
      const removed = await service.forget(m.host);
      if (!removed) throw new Error(`${m.host} is not in the trust store`);
      directory.forget(m.host);
      keeper.hostsChanged();
      const undoToken = crypto.randomUUID();
      await trash.set(`forgotten:${undoToken}`, removed);
      return { undoToken };
    },
    async 'undo-forget'(m) {
      const removed = (await trash.get(`forgotten:${m.undoToken}`)) as { record: TrustRecord; events: StoredTrustEvent[] } | undefined;
      if (!removed) throw new Error('nothing to undo');
      await service.restore(removed.record, removed.events);
      await trash.remove(`forgotten:${m.undoToken}`);
      return { host: removed.record.host };
    },
  };
}
