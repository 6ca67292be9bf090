// A file chosen for import, read whole: a pin list, or a trust history whose hosts go on as chunks
// of JSON text, each host checked where it is staged. Runs in the management page's worker
// (history-worker.ts), for the files stream-import.ts does not read as they arrive: pin lists,
// documents laid out otherwise than FirstSeen writes them, and files that are not JSON.
import type { Policy } from '../policy.js';
import { looksLikePinList, parsePinList } from '../pin-import/index.js';
import { parseHistoryHead } from './validate.js';

/** `notes`: what a pin list's reader left out on purpose (a SHA-1 pin), for the preview to say. */
export type ReadImport = { ok: true; hosts: number; chunks: string[]; policy: Policy; notes?: string[] } | { ok: false; errors: string[] };

export function readImport(text: string, now: number, chunkSize: number): ReadImport {
  if (looksLikePinList(text)) {
    const pins = parsePinList(text, now);
    return pins.ok ? { ok: true, hosts: 0, chunks: [], policy: { modes: {}, ignoreRules: [], pins: pins.pins }, ...(pins.notes.length > 0 ? { notes: pins.notes } : {}) } : pins;
  }
  const head = parseHistoryHead(text);
  if (!head.ok) return head;
  // Chunks of JSON text serialized from the parsed hosts. Cutting them out of the file instead
  // (host by host, or a chunk at a time) made the worker faster but staging slower by more.
  const chunks: string[] = [];
  for (let i = 0; i < head.hosts.length; i += chunkSize) chunks.push(JSON.stringify(head.hosts.slice(i, i + chunkSize)));
  return { ok: true, hosts: head.hosts.length, chunks, policy: head.policy };
}
