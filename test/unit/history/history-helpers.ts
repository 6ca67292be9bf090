// Export and stage a whole store through the history service, in chunks of JSON text, as the
// management page and its worker do.
import { historyChunkPiece, historyHead, HISTORY_TAIL } from '../../../src/core/history/format.js';
import { streamImport, type StreamSource } from '../../../src/core/history/stream-import.js';
import { importStager, type Staged } from '../../../src/ui/manager/history-files.js';
import type { HistoryService } from '../../../src/background/history-service.js';

export async function exportText(history: HistoryService, exportedAt = '2026-11-22T00:00:00.000Z', chunk = 2): Promise<string> {
  const parts: string[] = [];
  let first = true;
  for (let after: string | null = null; ;) {
    const c = await history.exportChunk(after, chunk);
    if (c.policy) parts.push(historyHead(exportedAt, c.policy));
    const piece = historyChunkPiece(c.hostsJson, first);
    if (piece) {
      parts.push(piece);
      first = false;
    }
    if (c.count < chunk) break;
    after = c.last;
  }
  parts.push(HISTORY_TAIL);
  return parts.join('');
}

/** A file's text as the worker reads it: its bytes, `piece` at a time (odd sizes cut everywhere), or whole. */
export function textSource(text: string, piece = 7): StreamSource {
  const bytes = new TextEncoder().encode(text);
  return {
    async *bytes() {
      for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
    },
    text: async () => text,
  };
}

/**
 * Reads a file's text as the management page's worker does (streamImport), and stages what it
 * sends as the page does (importStager); returns the import token. A refused file throws its errors.
 */
export async function stage(history: HistoryService, text: string, chunk = 2): Promise<string> {
  const stager = importStager({
    importBegin: async () => ({ token: history.begin() }),
    importStage: async (token, hostsJson, policy) => history.stage(token, hostsJson, policy),
  });
  let outcome: Staged | null = null;
  await streamImport(textSource(text), 0, chunk, async (message) => {
    outcome = (await stager(message)) ?? outcome;
  });
  const staged = outcome as Staged | null;
  if (!staged) throw new Error('the reader never ended');
  if (!staged.ok) throw new Error(staged.errors.join('\n'));
  return staged.token;
}
