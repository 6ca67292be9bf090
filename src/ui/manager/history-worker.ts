// Reads an import file off the page's main thread, so that the page stays responsive meanwhile.
// The worker is handed the file itself, not its text: the page then neither decodes 300 MB nor
// copies the text into the worker.
import { readImport, type ReadImport } from '../../core/history/read-import.js';

export type WorkerRequest = { file: Blob; now: number; chunkSize: number };

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { file, now, chunkSize } = event.data;
  let result: ReadImport;
  try {
    result = readImport(await file.text(), now, chunkSize);
  } catch (error) {
    result = { ok: false, errors: [`file: could not be read (${error instanceof Error ? error.message : String(error)})`] };
  }
  self.postMessage(result);
};
