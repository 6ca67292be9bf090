// Where each host is in a history file's text. An import sends its hosts on to the background as
// chunks of JSON text: cut out of the file, they need no serializing again (which took as long as
// parsing the file).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index of the quote that closes the string opening at `open` (the text's end if none does). */
function stringEnd(text: string, open: number): number {
  // A quote ends the string unless an odd number of backslashes escape it.
  for (let q = text.indexOf('"', open + 1); q !== -1; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    for (let b = q - 1; text.charCodeAt(b) === BACKSLASH; b--) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return text.length;
}

/** Where one element of the hosts list is in the file: text.slice(start, end). */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where each element of the document's top-level "hosts" list is, or null when the document is not
 * an object with such a list. Only for text JSON.parse has accepted: the scan trusts its structure
 * and checks nothing. Of two "hosts" members the last counts, as it does for JSON.parse.
 */
export function hostSpans(text: string): Span[] | null {
  let found: Span[] | null = null;
  let depth = 0;
  /** At depth 1: the next string is a member's name. */
  let nameNext = false;
  /** At depth 1: the member whose value comes next is "hosts". */
  let hostsNext = false;
  let collecting: Span[] | null = null;
  let elementStart = 0;
  const skipSpace = (from: number) => {
    while (isSpace(text.charCodeAt(from))) from++;
    return from;
  };
  const trimBack = (to: number) => {
    while (isSpace(text.charCodeAt(to - 1))) to--;
    return to;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (depth === 1 && nameNext) {
        const raw = text.slice(i, end + 1);
        // A name may be written with escapes ("ho\u0073ts"); JSON.parse reads it as "hosts".
        hostsNext = (raw.includes('\\') ? JSON.parse(raw) : raw.slice(1, -1)) === 'hosts';
        // A later "hosts" replaces an earlier one, list or not.
        if (hostsNext) found = null;
        nameNext = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_LIST) {
      if (depth === 0 && c === OPEN_OBJECT) nameNext = true;
      if (depth === 1 && c === OPEN_LIST && hostsNext) {
        collecting = [];
        elementStart = skipSpace(i + 1);
      }
      depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_LIST) {
      depth--;
      if (collecting && depth === 1) {
        const end = trimBack(i);
        if (end > elementStart) collecting.push({ start: elementStart, end });
        found = collecting;
        collecting = null;
      }
    } else if (c === COMMA) {
      if (depth === 1) {
        nameNext = true;
        hostsNext = false;
      } else if (collecting && depth === 2) {
        collecting.push({ start: elementStart, end: trimBack(i) });
        elementStart = skipSpace(i + 1);
      }
    }
  }
  return found;
}
