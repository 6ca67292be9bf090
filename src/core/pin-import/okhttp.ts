// OkHttp CertificatePinner code, Kotlin or Java: every `.add(pattern, pin, pin…)` call, wrapped over
// lines or not, with its vararg pins. An argument that is not a string literal (a constant, a
// spread) cannot be read and is named as such, rather than being dropped.
import { commentExpiry, lineAt, type PinCollector } from './pin-list.js';

const STRING = /"((?:[^"\\\n]|\\.)*)"/y;

export function readOkHttp(text: string, into: PinCollector): void {
  let previousEnd = 0;
  for (const call of text.matchAll(/\.add\s*\(/g)) {
    // OkHttp has no expiry; FirstSeen's export writes it in the comment above the call.
    const expiresAt = commentExpiry(text.slice(previousEnd, call.index));
    const where = `line ${lineAt(text, call.index)}`;
    const args: string[] = [];
    let i = call.index + call[0].length;
    let closed = false;
    while (i < text.length) {
      // Blanks, newlines and comments between arguments.
      const skip = /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
      skip.lastIndex = i;
      i += skip.exec(text)![0].length;
      if (text[i] === ')') {
        closed = true;
        break;
      }
      if (text[i] === ',' && args.length > 0) {
        i++;
        continue;
      }
      STRING.lastIndex = i;
      const s = STRING.exec(text);
      if (!s) break;
      args.push(JSON.parse(`"${s[1]!}"`) as string);
      i += s[0].length;
    }
    if (!closed) into.error(`${where}: .add( has an argument that is not a string literal; write the pattern and the pins as "..." strings`);
    else if (args.length < 2) into.error(`${where}: .add( needs a pattern and at least one "sha256/..." pin`);
    else for (const pin of args.slice(1)) into.add(where, args[0]!, pin, expiresAt);
    previousEnd = i;
  }
}
