// What the management page makes of a file chosen for import, before anything reaches the
// background: a pin list, or a trust history whose hosts go on as chunks of JSON text cut from the
// file. Runs in a worker (history-worker.ts): parsing 100,000 hosts takes seconds.
import type { Policy } from '../policy.js';
import { hostSlices } from './host-slices.js';
import { looksLikePinList, parsePinList } from './pin-import.js';
import { parseHistoryHead } from './validate.js';

export type ReadImport = { ok: true; hosts: number; chunks: string[]; policy: Policy } | { ok: false; errors: string[] };

export function readImport(text: string, now: number, chunkSize: number): ReadImport {
  if (looksLikePinList(text)) {
    const pins = parsePinList(text, now);
    return pins.ok ? { ok: true, hosts: 0, chunks: [], policy: { modes: {}, ignoreRules: [], pins: pins.pins } } : pins;
  }
  const head = parseHistoryHead(text);
  if (!head.ok) return head;
  let slices = hostSlices(text);
  // Cannot happen for text JSON.parse accepted; if it ever did, the parsed hosts are the truth.
  if (slices?.length !== head.hosts.length) slices = head.hosts.map((h) => JSON.stringify(h));
  const chunks: string[] = [];
  for (let i = 0; i < slices.length; i += chunkSize) chunks.push(`[${slices.slice(i, i + chunkSize).join(',')}]`);
  return { ok: true, hosts: slices.length, chunks, policy: head.policy };
}
