// Reads an import file off the page's main thread, so that the page stays responsive meanwhile,
// and sends its hosts on as it reads them (core/history/stream-import.ts). The worker is handed
// the file itself, not its text: the page then neither decodes 300 MB nor copies it over.
import { streamImport, type ReadMessage } from '../../core/history/stream-import.js';

export type WorkerRequest = { file: Blob; now: number; chunkSize: number } | { ack: true };

/** Messages sent and not yet acknowledged: past this, reading waits for the page to catch up. */
const AHEAD = 4;
let unacknowledged = 0;
let caughtUp: (() => void) | null = null;

async function send(message: ReadMessage): Promise<void> {
  self.postMessage(message);
  unacknowledged += 1;
  while (unacknowledged >= AHEAD) await new Promise<void>((resolve) => (caughtUp = resolve));
}

async function read(file: Blob, now: number, chunkSize: number): Promise<void> {
  const source = {
    async *bytes() {
      const reader = file.stream().getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
    },
    text: () => file.text(),
  };
  try {
    await streamImport(source, now, chunkSize, send);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    self.postMessage({ kind: 'end', result: { ok: false, errors: [`file: could not be read (${why})`] }, restart: true } satisfies ReadMessage);
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if ('ack' in request) {
    unacknowledged -= 1;
    caughtUp?.();
    caughtUp = null;
  } else void read(request.file, request.now, request.chunkSize);
};
