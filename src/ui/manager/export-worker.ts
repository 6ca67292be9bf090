// Reads the trust history for an export straight from IndexedDB, off the page's main thread.
// Asking the event page for it, chunk by chunk, copied 280 MB through messages for 100,000 hosts;
// the stored pages are already the file's text, so here they are only gathered into a Blob. The
// event page has written what was waiting before this starts (historyFile in history-files.ts).
import { exportRestBlob } from '../../store/page-export.js';

export type ExportRequest = { after: string };
export type ExportResult = { ok: true; blob: Blob; count: number } | { ok: false; error: string };

self.onmessage = async (event: MessageEvent<ExportRequest>) => {
  let result: ExportResult;
  try {
    result = { ok: true, ...(await exportRestBlob(event.data.after)) };
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  self.postMessage(result);
};
