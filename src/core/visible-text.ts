// Certificate fields are written by whoever made the certificate. Characters that reorder the
// text around them (bidirectional controls) or show nothing (zero-width and other format
// characters, C0/C1 controls, variation selectors, tag characters) would make a field read as
// text it does not hold: "CN=real-secure-bank" + U+202E + "knaB" shows as another name. They are
// shown as visible escapes, "⟨U+202E⟩".

/** Inclusive code point ranges shown escaped. Tab and newline (0x09, 0x0A) are left alone. */
const HIDDEN: readonly (readonly [number, number])[] = [
  [0x00, 0x08], [0x0b, 0x1f], [0x7f, 0x9f], [0xad, 0xad], [0x61c, 0x61c], [0x115f, 0x1160],
  [0x17b4, 0x17b5], [0x180b, 0x180f], [0x200b, 0x200f], [0x2028, 0x202e], [0x2060, 0x206f],
  [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0], [0xfff9, 0xfffb],
  [0xe0000, 0xe007f],
];

const isHidden = (cp: number) => HIDDEN.some(([from, to]) => cp >= from && cp <= to);

export function visibleText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += isHidden(cp) ? `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩` : ch;
  }
  return out;
}
