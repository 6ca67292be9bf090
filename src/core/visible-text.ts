// Certificate fields are written by whoever made the certificate. Characters that reorder the
// text around them (bidirectional controls) or show nothing (zero-width and other format
// characters, C0/C1 controls, tag characters) would make a field read as text it does not hold:
// "CN=real-secure-bank\u202eknaB" shows as another name. They are shown as visible escapes.
const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/gu;

export function visibleText(text: string): string {
  return text.replace(HIDDEN, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
