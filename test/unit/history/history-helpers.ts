// Export and stage a whole store through the history service, in chunks of JSON text, as the
// management page does.
import { historyChunkPiece, historyHead, hostChunks, HISTORY_TAIL, type ExportedHost } from '../../../src/core/history/format.js';
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

/** Stages a parsed document's hosts in chunks, and returns the import token. */
export async function stage(history: HistoryService, doc: { hosts: unknown[]; policy: unknown }, chunk = 2): Promise<string> {
  const token = history.begin();
  history.stage(token, '[]', doc.policy);
  for (const text of hostChunks(doc.hosts as ExportedHost[], chunk)) history.stage(token, text, null);
  return token;
}
