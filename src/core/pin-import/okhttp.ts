// OkHttp CertificatePinner code, Kotlin or Java: every `.add(pattern, pin, pin…)` call of a
// CertificatePinner builder, wrapped over lines or not, with its vararg pins. Read the way a
// developer's project is written:
// - a commented-out call (`// .add(...)`, `/* ... */`) is no pin: comments are blanked first
//   (outside string literals), and kept only to read back the expiry FirstSeen's export writes;
// - where the text names CertificatePinner.Builder, only calls from there to its `.build()` count,
//   so another builder's `.add("name", "value")` (FormBody, Headers) is not read as pins; in a
//   fragment with no builder named, an `.add` whose arguments hold no "sha256/" or "sha1/" pin is
//   another builder's too, and is passed over;
// - an argument that is not a string literal (a constant, a spread) in a pinner's call cannot be
//   read and is named as such, rather than being dropped.
import { commentExpiry, lineAt, type PinCollector } from './pin-list.js';

const STRING = /"((?:[^"\\\n]|\\.)*)"/y;
const PIN = /^sha(?:256|1)\//;

/** The text with every comment's characters (outside string literals) turned to spaces, newlines kept. */
export function blankComments(text: string): string {
  const out = text.split('');
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // A string literal (Kotlin's """raw""" strings read as three: no comment starts inside either).
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      for (; i < text.length && text[i] !== '\n'; i++) out[i] = ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
    } else i++;
  }
  return out.join('');
}

/** Offsets [from, to) of each CertificatePinner builder chain, up to its .build(); null if none is named. */
function builderSpans(code: string): [number, number][] | null {
  const spans: [number, number][] = [];
  for (const m of code.matchAll(/CertificatePinner\s*\.\s*Builder\b/g)) {
    const build = code.indexOf('.build(', m.index);
    spans.push([m.index, build === -1 ? code.length : build]);
  }
  return spans.length > 0 ? spans : null;
}

export function readOkHttp(text: string, into: PinCollector): void {
  const code = blankComments(text);
  const spans = builderSpans(code);
  let previousEnd = 0;
  for (const call of code.matchAll(/\.add\s*\(/g)) {
    if (spans && !spans.some(([from, to]) => call.index > from && call.index < to)) continue;
    // OkHttp has no expiry; FirstSeen's export writes it in the comment above the call.
    const expiresAt = commentExpiry(text.slice(previousEnd, call.index));
    const where = `line ${lineAt(text, call.index)}`;
    const args: string[] = [];
    let i = call.index + call[0].length;
    let closed = false;
    while (i < code.length) {
      const skip = /\s*/y;
      skip.lastIndex = i;
      i += skip.exec(code)![0].length;
      if (code[i] === ')') {
        closed = true;
        break;
      }
      if (code[i] === ',' && args.length > 0) {
        i++;
        continue;
      }
      STRING.lastIndex = i;
      const s = STRING.exec(code);
      if (!s) break;
      args.push(JSON.parse(`"${s[1]!}"`) as string);
      i += s[0].length;
    }
    previousEnd = i;
    if (!spans && !args.slice(1).some((a) => PIN.test(a))) continue;
    if (!closed) into.error(`${where}: .add( has an argument that is not a string literal; write the pattern and the pins as "..." strings`);
    else if (args.length < 2) into.error(`${where}: .add( needs a pattern and at least one "sha256/..." pin`);
    else for (const pin of args.slice(1)) into.add(where, args[0]!, pin, expiresAt);
  }
}
