// Reads an import file off the page's main thread, so that the page stays responsive meanwhile.
import { readImport } from '../../core/history/read-import.js';

export type WorkerRequest = { text: string; now: number; chunkSize: number };

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { text, now, chunkSize } = event.data;
  self.postMessage(readImport(text, now, chunkSize));
};
