// Reads an import file off the page's main thread: parsing and checking 100,000 hosts takes
// seconds, and the page must stay responsive meanwhile.
import { HISTORY_FORMAT, HISTORY_VERSION, type TrustHistory } from '../../core/history/format.js';
import { looksLikePinList, parsePinList } from '../../core/history/pin-import.js';
import { parseHistory, type HistoryResult } from '../../core/history/validate.js';

export type WorkerRequest = { text: string; now: number };
export type WorkerReply = HistoryResult;

function read({ text, now }: WorkerRequest): HistoryResult {
  if (!looksLikePinList(text)) return parseHistory(text);
  const pins = parsePinList(text, now);
  if (!pins.ok) return pins;
  const history: TrustHistory = {
    format: HISTORY_FORMAT, version: HISTORY_VERSION, exportedAt: new Date(now).toISOString(), hosts: [],
    policy: { modes: {}, ignoreRules: [], pins: pins.pins },
  };
  return { ok: true, history };
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  self.postMessage(read(event.data) satisfies WorkerReply);
};
