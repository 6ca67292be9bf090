// Export and stage a whole store through the history service, in chunks of JSON text, as the
// management page does.
import { historyChunkPiece, historyHead, HISTORY_TAIL } from '../../../src/core/history/format.js';
import { readImport } from '../../../src/core/history/read-import.js';
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

/**
 * Reads a file's text as the management page's worker does, and stages its chunks as the page
 * does; returns the import token. A file the worker refuses throws its errors.
 */
export async function stage(history: HistoryService, text: string, chunk = 2): Promise<string> {
  const read = readImport(text, 0, chunk);
  if (!read.ok) throw new Error(read.errors.join('\n'));
  const token = history.begin();
  history.stage(token, '[]', read.policy);
  for (const text of read.chunks) history.stage(token, text, null);
  return token;
}
