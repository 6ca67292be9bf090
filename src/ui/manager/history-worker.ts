// Reads an import file off the page's main thread: parsing and checking 100,000 hosts takes
// seconds, and the page must stay responsive meanwhile. It hands back the hosts as chunks of JSON
// text, the form they travel in to the background.
import { hostChunks } from '../../core/history/format.js';
import { looksLikePinList, parsePinList } from '../../core/history/pin-import.js';
import { parseHistory } from '../../core/history/validate.js';
import type { Policy } from '../../core/policy.js';

export type WorkerRequest = { text: string; now: number; chunkSize: number };
export type ReadImport = { ok: true; hosts: number; chunks: string[]; policy: Policy } | { ok: false; errors: string[] };

function read({ text, now, chunkSize }: WorkerRequest): ReadImport {
  if (looksLikePinList(text)) {
    const pins = parsePinList(text, now);
    return pins.ok ? { ok: true, hosts: 0, chunks: [], policy: { modes: {}, ignoreRules: [], pins: pins.pins } } : pins;
  }
  const result = parseHistory(text);
  if (!result.ok) return result;
  return { ok: true, hosts: result.history.hosts.length, chunks: hostChunks(result.history.hosts, chunkSize), policy: result.history.policy };
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  self.postMessage(read(event.data));
};
