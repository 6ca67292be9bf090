// Reads an import file as it arrives and hands its hosts on chunk by chunk, so the background
// checks the first hosts while the worker still reads the rest (one after the other, the two took
// 8.4 s of a 13.4 s import of 100,000 hosts). A file FirstSeen did not lay out, a pin list, or one
// that is not JSON is read whole instead (readImport), and whatever was sent of it is void.
import type { Policy } from '../policy.js';
import { HostStream, NotStreamable } from './host-stream.js';
import { readImport, type ReadImport } from './read-import.js';
import { checkHistoryHead } from './validate.js';

/** The members of a document besides its hosts, which FirstSeen writes before them. */
const HEAD_MEMBERS = ['format', 'version', 'exportedAt', 'policy'];

/** What the reader tells whoever stages the import, in order. */
export type ReadMessage =
  /** The document's head is good; its hosts follow. */
  | { kind: 'policy'; policy: Policy }
  /** The next hosts, a JSON list's text (JSON it is; each host is checked where it is staged). */
  | { kind: 'hosts'; json: string }
  /**
   * The end. With `restart`, forget anything sent before: `result` is the answer for the whole
   * file, its hosts in `result.chunks`. Without, `result.chunks` is empty: the hosts were sent.
   */
  | { kind: 'end'; result: ReadImport; restart: boolean };

export interface StreamSource {
  /** The file's bytes, in order. */
  bytes(): AsyncIterable<Uint8Array>;
  /** The file's text, to read it whole. */
  text(): Promise<string>;
}

/**
 * Reads `source`, calling `send` with each message. `send` resolves when the receiver is ready for
 * more, so a slow receiver holds the reading back rather than the messages piling up.
 */
export async function streamImport(source: StreamSource, now: number, chunkSize: number, send: (m: ReadMessage) => Promise<void>): Promise<void> {
  const stream = new HostStream(chunkSize);
  let hosts = 0;
  /** The head's policy, once sent: from then on a restart voids what was sent. */
  let policy: Policy | null = null;
  try {
    for await (const bytes of source.bytes()) {
      for (const piece of stream.push(bytes)) {
        // Parsed here only to know it is JSON: if not, the whole file's reading says exactly where.
        const parsed: unknown = parse(piece.json);
        if (piece.kind === 'head') {
          const head = checkHistoryHead(parsed);
          if (!head.ok) {
            // Members missing here may follow the hosts (a layout FirstSeen does not write, read whole).
            if (!HEAD_MEMBERS.every((m) => Object.hasOwn(parsed as object, m))) throw new NotStreamable('members after the hosts');
            return await send({ kind: 'end', result: head, restart: false });
          }
          policy = head.policy;
          await send({ kind: 'policy', policy });
        } else {
          hosts += piece.count;
          await send({ kind: 'hosts', json: piece.json });
        }
      }
    }
    stream.end();
  } catch (error) {
    if (!(error instanceof NotStreamable)) throw error;
    return send({ kind: 'end', result: readImport(await source.text(), now, chunkSize), restart: policy !== null });
  }
  return send({ kind: 'end', result: { ok: true, hosts, chunks: [], policy: policy! }, restart: false });
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new NotStreamable('not JSON');
  }
}
