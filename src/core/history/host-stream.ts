// Cuts a trust history file into its head and chunks of hosts while it is still being read, so
// the background can check the first hosts while the rest of the file arrives. It works on the
// file's bytes: decoding 300 MB into one string cost Firefox three times what reading them did
// (1.6 s against 0.5 s), and JSON's structure is all ASCII, which never occurs inside a UTF-8
// sequence, so a cut between hosts never splits a character.
//
// It only finds where things are; JSON.parse still reads every value (of the head, and of each
// chunk). A streaming JSON parser would build every value in JavaScript, where the engine's own
// parser is native; all this needs is the boundaries.
//
// It takes the layout FirstSeen writes: one object whose last member is "hosts", a list. Anything
// else throws NotStreamable, and the caller reads the file whole instead, which also gives the
// exact error for a file that is not JSON.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const HOSTS = [0x68, 0x6f, 0x73, 0x74, 0x73]; // hosts

/** Bytes per String.fromCharCode call (each is an argument). */
const ASCII_RUN = 8192;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function expect(ok: boolean, problem: string): void {
  if (!ok) throw new NotStreamable(problem);
}

/** The file is not laid out as FirstSeen writes it, or is not JSON: read it whole instead. */
export class NotStreamable extends Error {}

export type StreamPiece =
  /** The document with an empty list for its hosts, as JSON text (not yet parsed). */
  | { kind: 'head'; json: string }
  /** The next hosts: the text of a JSON list, cut from the file (not yet parsed). */
  | { kind: 'hosts'; json: string; count: number };

/**
 * Where the scan is. In the head: before a member's name, before its colon, in its value. Then in
 * the hosts list: before a host (the first, or one after a comma), in a host; then before the
 * document's closing brace, and after it. Numbers, not strings: the scan's loop is the hot path.
 */
const enum Phase { Start, Name, Colon, Value, List, FirstHost, NextHost, Host, Close, Done }

export class HostStream {
  /** The bytes not yet handed out: the head, or the hosts since the last chunk. */
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  /** Where the scan goes on. */
  private at = 0;
  private phase = Phase.Start;
  private inString = false;
  private escaped = false;
  /** Nesting inside the value being skipped: a head member's, or a host's. */
  private depth = 0;
  /** Where the member name being read starts (its quote). */
  private nameStart = 0;
  private nameIsHosts = false;
  /** Where the chunk being cut starts, and how many hosts it has. */
  private chunkStart = 0;
  private hosts = 0;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /** @param chunkSize hosts per chunk; @param chunkBytes a chunk is cut sooner when it is this big. */
  constructor(private readonly chunkSize: number, private readonly chunkBytes = 16 * 1024 * 1024) {}

  /** Takes the file's next bytes, and returns the pieces they complete. */
  push(bytes: Uint8Array): StreamPiece[] {
    this.append(bytes);
    const out: StreamPiece[] = [];
    const { buf } = this;
    // The state lives in locals while the loop runs (written back below): most of a file is
    // strings, stepped over a byte at a time.
    let { inString, escaped, depth, phase } = this;
    let i = this.at;
    for (; i < this.len; i++) {
      const c = buf[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (phase === Phase.Name) {
            this.nameIsHosts = i - this.nameStart - 1 === HOSTS.length && HOSTS.every((b, k) => buf[this.nameStart + 1 + k] === b);
            phase = Phase.Colon;
          }
        }
        continue;
      }
      if (phase === Phase.Host) {
        // Within a host: only strings and brackets matter, until the comma or bracket that ends it.
        if (c === QUOTE) inString = true;
        else if (c === OPEN_OBJECT || c === OPEN_LIST) depth++;
        else if (depth > 0 && (c === CLOSE_OBJECT || c === CLOSE_LIST)) depth--;
        else if (depth === 0 && (c === COMMA || c === CLOSE_LIST)) {
          this.hosts += 1;
          if (c === CLOSE_LIST || this.hosts >= this.chunkSize || i - this.chunkStart >= this.chunkBytes) {
            out.push(this.cut(i));
            i = this.drop(i + 1) - 1;
          }
          phase = c === COMMA ? Phase.NextHost : Phase.Close;
        } else if (depth === 0 && c === CLOSE_OBJECT) throw new NotStreamable('unbalanced brackets in the hosts');
        continue;
      }
      if (isSpace(c)) continue;
      switch (phase) {
        case Phase.Start:
          expect(c === OPEN_OBJECT, 'not an object');
          phase = Phase.Name;
          break;
        case Phase.Name:
          expect(c === QUOTE, 'no member name');
          this.nameStart = i;
          inString = true;
          break;
        case Phase.Colon:
          expect(c === COLON, 'no colon');
          phase = this.nameIsHosts ? Phase.List : Phase.Value;
          break;
        case Phase.Value:
          if (c === QUOTE) inString = true;
          else if (c === OPEN_OBJECT || c === OPEN_LIST) depth++;
          else if (c === CLOSE_OBJECT || c === CLOSE_LIST) expect(--depth >= 0, 'no hosts list last');
          else if (depth === 0 && c === COMMA) phase = Phase.Name;
          break;
        case Phase.List:
          expect(c === OPEN_LIST, 'hosts is not a list');
          out.push({ kind: 'head', json: `${this.decoder.decode(buf.subarray(0, this.nameStart))}"hosts":[]}` });
          i = this.drop(i + 1) - 1;
          phase = Phase.FirstHost;
          break;
        case Phase.FirstHost:
        case Phase.NextHost:
          if (c === CLOSE_LIST && phase === Phase.FirstHost) {
            phase = Phase.Close;
            break;
          }
          expect(c !== CLOSE_LIST && c !== COMMA, 'no host between commas');
          if (this.hosts === 0) this.chunkStart = i;
          phase = Phase.Host;
          i--; // the host's first byte, read again as part of it
          break;
        case Phase.Close:
          expect(c === CLOSE_OBJECT, 'a member after the hosts');
          phase = Phase.Done;
          break;
        case Phase.Done:
          throw new NotStreamable('something after the document');
      }
    }
    this.inString = inString;
    this.escaped = escaped;
    this.depth = depth;
    this.phase = phase;
    this.at = i;
    return out;
  }

  /** The file has ended: it must have ended where a document does. */
  end(): void {
    if (this.phase !== Phase.Done) throw new NotStreamable('the file ends early');
  }

  /** The hosts since the chunk's start, up to `end` (a comma or the list's close). */
  private cut(end: number): StreamPiece {
    const piece: StreamPiece = { kind: 'hosts', json: `[${this.text(this.buf.subarray(this.chunkStart, end))}]`, count: this.hosts };
    this.hosts = 0;
    return piece;
  }

  /**
   * Bytes as text. ASCII (all FirstSeen writes, bar a certificate's odd name) is made into a string
   * with String.fromCharCode: sending TextDecoder's strings on to the background took about twice
   * as long (most likely as Firefox keeps them at two bytes a character, and these at one).
   */
  private text(bytes: Uint8Array): string {
    for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return this.decoder.decode(bytes);
    const parts: string[] = [];
    // apply, not spread: spreading a typed array walks an iterator.
    for (let i = 0; i < bytes.length; i += ASCII_RUN) parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + ASCII_RUN) as unknown as number[]));
    return parts.join('');
  }

  /** Forgets the bytes before `from`; returns where `from` now is. */
  private drop(from: number): number {
    this.buf.copyWithin(0, from, this.len);
    this.len -= from;
    return 0;
  }

  private append(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }
}
