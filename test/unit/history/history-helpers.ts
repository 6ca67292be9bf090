// Export a whole store through the history service, as the management page does, chunk by chunk.
import { historyHead, historyHostPiece, HISTORY_TAIL } from '../../../src/core/history/format.js';
import type { HistoryService } from '../../../src/background/history-service.js';

export async function exportText(history: HistoryService, exportedAt = '2026-11-22T00:00:00.000Z', chunk = 2): Promise<string> {
  const parts: string[] = [];
  let after: string | null = null;
  let first = true;
  for (;;) {
    const { hosts, policy } = await history.exportChunk(after, chunk);
    if (policy) parts.push(historyHead(exportedAt, policy));
    for (const h of hosts) {
      parts.push(historyHostPiece(h, first));
      first = false;
    }
    if (hosts.length < chunk) break;
    after = hosts[hosts.length - 1]!.host;
  }
  parts.push(HISTORY_TAIL);
  return parts.join('');
}

/** Stages a parsed document's hosts in chunks, then previews it. */
export async function stage(history: HistoryService, doc: { hosts: unknown[]; policy: unknown }, chunk = 2): Promise<string> {
  const token = history.begin();
  history.stage(token, [], doc.policy);
  for (let i = 0; i < doc.hosts.length; i += chunk) history.stage(token, doc.hosts.slice(i, i + chunk), null);
  return token;
}
