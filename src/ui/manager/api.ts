// What the management page asks of the background: one function per message, so components take
// an api object as a prop and tests can hand them a fake.
import type { HostPage, HostQuery, HostRow } from '../../core/host-query.js';
import type { KeyDecision, KeyRef } from '../../core/trust-record.js';
import type { Options } from '../../core/options.js';
import type { ManagedState } from '../../core/managed-rules.js';
import type { PruneRule } from '../../core/retention.js';
import type { HostMode, Policy } from '../../core/policy.js';
import type { ExportChunk, HostDetail, PruneOutcome, StorageStatus } from '../../protocol.js';
import type { Resolution } from '../../core/history/merge.js';
import type { ImportPreview } from '../../core/history/merge.js';
import { keepingBackgroundAwake, request } from '../client.js';

export interface ManagerApi {
  hosts(query: HostQuery): Promise<HostPage>;
  needsDecision(limit: number): Promise<{ total: number; rows: HostRow[] }>;
  blockWaiting(hosts: string[]): Promise<{ blocked: number }>;
  hostIndex(query: HostQuery, host: string): Promise<number | null>;
  detail(host: string): Promise<HostDetail>;
  decide(host: string, key: KeyRef, decision: KeyDecision): Promise<unknown>;
  setMode(host: string, mode: HostMode): Promise<Policy>;
  addPin(pattern: string, pin: string, expiresAt: number | null): Promise<Policy>;
  removePin(pattern: string, spkiSha256: string): Promise<Policy>;
  policy(): Promise<Policy>;
  setIgnoreRules(rules: string[]): Promise<Policy>;
  options(): Promise<Options>;
  managedStatus(): Promise<ManagedState>;
  forgetInspectionRoot(spkiSha256: string): Promise<Options>;
  adminPolicyExport(): Promise<{ json: string }>;
  storageStatus(): Promise<StorageStatus>;
  prune(rule: PruneRule, dryRun: boolean): Promise<PruneOutcome>;
  undoPrune(undoToken: string): Promise<{ hosts: number }>;
  startOver(): Promise<StorageStatus>;
  setOptions(change: Partial<Options>): Promise<Options>;
  forget(host: string): Promise<{ undoToken: string }>;
  undoForget(undoToken: string): Promise<{ host: string }>;
  exportChunk(after: string | null, limit: number): Promise<ExportChunk>;
  importBegin(): Promise<{ token: string }>;
  importStage(token: string, hostsJson: string, policy: unknown): Promise<unknown>;
  importPreview(token: string): Promise<ImportPreview>;
  importApply(token: string, resolutions: Record<string, Resolution>): Promise<ImportPreview>;
  /** Runs long work (an export, an import) while keeping the event page from being suspended. */
  keepAwake<T>(work: () => Promise<T>): Promise<T>;
}

export const backgroundApi: ManagerApi = {
  hosts: (query) => request({ type: 'hosts-page', query }),
  needsDecision: (limit) => request({ type: 'needs-decision', limit }),
  blockWaiting: (hosts) => request({ type: 'block-waiting', hosts }),
  hostIndex: (query, host) => request({ type: 'host-index', query, host }),
  detail: (host) => request({ type: 'host-detail', host }),
  decide: (host, key, decision) => request({ type: 'decide-key', host, key, decision }),
  setMode: (host, mode) => request({ type: 'set-mode', host, mode }),
  addPin: (pattern, pin, expiresAt) => request({ type: 'add-pin', pattern, pin, expiresAt }),
  removePin: (pattern, spkiSha256) => request({ type: 'remove-pin', pattern, spkiSha256 }),
  policy: () => request({ type: 'get-policy' }),
  setIgnoreRules: (rules) => request({ type: 'set-ignore-rules', rules }),
  options: () => request({ type: 'get-options' }),
  managedStatus: () => request({ type: 'managed-status' }),
  forgetInspectionRoot: (spkiSha256) => request({ type: 'forget-inspection-root', spkiSha256 }),
  adminPolicyExport: () => request({ type: 'admin-policy-export' }),
  storageStatus: () => request({ type: 'storage-status' }),
  prune: (rule, dryRun) => request({ type: 'prune', rule, dryRun }),
  undoPrune: (undoToken) => request({ type: 'undo-prune', undoToken }),
  startOver: () => request({ type: 'storage-start-over', confirmed: true }),
  setOptions: (options) => request({ type: 'set-options', options }),
  forget: (host) => request({ type: 'forget-host', host }),
  undoForget: (undoToken) => request({ type: 'undo-forget', undoToken }),
  exportChunk: (after, limit) => request({ type: 'export-chunk', after, limit }),
  importBegin: () => request({ type: 'import-begin' }),
  importStage: (token, hostsJson, policy) => request({ type: 'import-stage', token, hostsJson, policy }),
  importPreview: (token) => request({ type: 'import-preview', token }),
  importApply: (token, resolutions) => request({ type: 'import-apply', token, resolutions }),
  keepAwake: keepingBackgroundAwake,
};
