// The text of each host in a history file, cut out of the file itself. An import sends its hosts on
// to the background as chunks of JSON text; cutting them out is one scan of the file, where
// serializing 100,000 parsed hosts again took seconds.

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
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return text.length;
}

/**
 * The JSON text of each element of the document's top-level "hosts" list, or null when the document
 * is not an object with such a list. Only for text JSON.parse has accepted: the scan trusts its
 * structure and checks nothing. Of two "hosts" members the last counts, as it does for JSON.parse.
 */
export function hostSlices(text: string): string[] | null {
  let found: string[] | null = null;
  let depth = 0;
  /** At depth 1: the next string is a member's name. */
  let nameNext = false;
  /** At depth 1: the member whose value comes next is "hosts". */
  let hostsNext = false;
  let collecting: string[] | null = null;
  let elementStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (collecting && depth === 2 && elementStart < 0 && c !== CLOSE_LIST) elementStart = i;
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
        elementStart = -1;
      }
      depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_LIST) {
      depth--;
      if (collecting && depth === 1) {
        if (elementStart >= 0) collecting.push(text.slice(elementStart, i).trimEnd());
        found = collecting;
        collecting = null;
      }
    } else if (c === COMMA) {
      if (depth === 1) {
        nameNext = true;
        hostsNext = false;
      } else if (collecting && depth === 2) {
        collecting.push(text.slice(elementStart, i).trimEnd());
        elementStart = -1;
      }
    }
  }
  return found;
}
