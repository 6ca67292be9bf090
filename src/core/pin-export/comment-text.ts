// Text from a certificate (a CA's name) or a pattern, made safe to stand in a comment of every pin
// file FirstSeen writes, so that it can only ever be read as a comment. A subject is chosen by
// whoever made the certificate, and an import accepts any: a newline in it used to end a `#` or
// `//` comment and start a live shell line or `.add(...)` call.
//
// - Only letters, marks, digits, punctuation, symbols and the plain space stay. Everything else
//   (line breaks of every kind: \n, \r, U+0085, U+2028/9; other control characters, which XML
//   forbids; format characters such as the bidi overrides of "Trojan Source", which make a reader
//   see other code than the compiler) is written as its code point, [U+000A].
// - A backslash is doubled: javac reads \uXXXX escapes before it sees comments, so "\u000a" in a
//   `//` comment is a line break to it; a backslash preceded by another is never read as one.
// "--" may not appear in an XML comment: xmlComment (Android, TrustKit) breaks it up as well.

const KEPT = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

export function commentText(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (KEPT.test(ch)) out += ch;
    else out += `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
  }
  return out;
}

/** An XML comment holding comment-safe text: "--" may not appear in one (a pass leaves "- --" of "---": until none is left). */
export function xmlComment(safe: string): string {
  let text = safe;
  while (text.includes('--')) text = text.replace(/--/g, '- -');
  return `<!-- ${text} -->`;
}

/** A word for a POSIX shell, in single quotes: nothing inside is expanded ($, `, \ included). */
export function shellQuoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
