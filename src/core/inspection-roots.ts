// Which known TLS inspection root may re-sign a host: the organisation's (its policy, for the
// hosts its domains cover) or one the user recognised on this machine (every host). Asked by the
// judge only of a chain to a root not built into Firefox (judge.ts), and of a pending alarm's root
// by a cached response (trust-service.ts).
import { inspectionRootFor, type InspectorKind, type ManagedPolicy } from './managed-rules.js';
import type { RecognisedRoot } from './options.js';

export type InspectorLookup = (rootSpki: string) => { name: string; by: InspectorKind } | null;

export function inspectorsFor(managed: ManagedPolicy | undefined, recognised: readonly RecognisedRoot[], host: string): InspectorLookup {
  return (root) => {
    const theirs = managed ? inspectionRootFor(managed, root, host) : null;
    if (theirs) return { name: theirs.name, by: 'organisation' };
    const mine = recognised.find((r) => r.spkiSha256 === root);
    return mine ? { name: mine.name, by: 'user' } : null;
  };
}

/** Whether a pending key is an interception alarm whose root is now a known inspection root. */
export function isInspectedAlarm(key: { status: string; builtInRoot: boolean; chainSpki: readonly string[] }, lookup: InspectorLookup): boolean {
  return key.status === 'pending' && !key.builtInRoot && lookup(key.chainSpki[key.chainSpki.length - 1] ?? '') !== null;
}
