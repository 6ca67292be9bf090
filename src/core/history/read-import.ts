// What the management page makes of a file chosen for import, before anything reaches the
// background: a pin list, or a trust history whose hosts go on as chunks of JSON text cut out of
// the file. Runs in a worker (history-worker.ts): parsing 100,000 hosts takes seconds.
import type { Policy } from '../policy.js';
import { hostSpans } from './host-spans.js';
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
  const spans = hostSpans(text);
  const chunks: string[] = [];
  if (spans?.length === head.hosts.length) {
    // Each chunk is one cut of the file, from its first host's start to its last host's end.
    for (let i = 0; i < spans.length; i += chunkSize) {
      chunks.push(`[${text.slice(spans[i]!.start, spans[Math.min(i + chunkSize, spans.length) - 1]!.end)}]`);
    }
  } else {
    // Cannot happen for text JSON.parse accepted; if it ever did, the parsed hosts are the truth.
    for (let i = 0; i < head.hosts.length; i += chunkSize) chunks.push(JSON.stringify(head.hosts.slice(i, i + chunkSize)));
  }
  return { ok: true, hosts: head.hosts.length, chunks, policy: head.policy };
}
