// Keeps the last organisation policy applied (storage.local) so that what a changed or removed
// policy no longer sets is said in the history: the user's own settings are back in force there.
// Run once per wake, after the policy is read, off the request path.
import { removedEntries, type ManagedPolicy, type ManagedState } from '../core/managed-rules.js';
import type { TrustEvent } from '../core/trust-event.js';
import type { LocalArea } from '../platform/local-area.js';

const KEY = 'managed-applied';

export async function noteManagedChanges(state: ManagedState, area: LocalArea, note: (events: TrustEvent[]) => void, now: number): Promise<void> {
  // A refused policy is shown on the management page; the last one applied stays the reference.
  if (state.status === 'refused') return;
  const before = (await area.get(KEY)) as ManagedPolicy | undefined;
  const after = state.status === 'applied' ? state.policy : null;
  if (before && typeof before === 'object' && Array.isArray(before.pins)) {
    const removed = removedEntries(before, after);
    if (removed.length > 0) note(removed.map((r) => ({ host: r.pattern, at: now, kind: 'managed-removed', severity: 'none', detail: r.detail })));
  }
  if (after) {
    // Written only when it changed: not a write on every wake.
    if (JSON.stringify(before) !== JSON.stringify(after)) await area.set(KEY, after);
  } else if (before !== undefined) await area.remove(KEY);
}
