// A certificate's name for people: its CN, else its O, else the whole subject. Firefox gives
// subjects as RFC 4514-like strings ("CN=R11,O=Let's Encrypt,C=US"); values may be quoted.
export function displayName(subject: string): string {
  for (const attr of ['CN', 'O']) {
    const m = new RegExp(`(?:^|,)\\s*${attr}=("(?:[^"\\\\]|\\\\.)*"|(?:[^,\\\\]|\\\\.)*)`).exec(subject);
    if (m) return m[1]!.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1').trim();
  }
  return subject;
}
