// How a host key is shown: its Unicode form for reading, and its ASCII (punycode) form beside it
// whenever they differ, so a look-alike name (xn--pple-43d.com, "аpple.com" in Cyrillic) is never
// shown in the Unicode form alone.
import { toUnicode } from 'punycode/punycode.es6.js';

export interface HostDisplay {
  /** The host key as stored: ASCII, punycode, with ":port" when not 443. */
  ascii: string;
  /** The same name in Unicode; equal to ascii for a plain ASCII name. */
  unicode: string;
}

export function displayHost(host: string): HostDisplay {
  if (!host.includes('xn--')) return { ascii: host, unicode: host };
  const colon = host.lastIndexOf(':');
  const [name, port] = colon > host.lastIndexOf(']') && colon > 0 ? [host.slice(0, colon), host.slice(colon)] : [host, ''];
  try {
    return { ascii: host, unicode: toUnicode(name) + port };
  } catch {
    // Not valid punycode: the ASCII form is all there is to show.
    return { ascii: host, unicode: host };
  }
}

/** The host as one line of text: Unicode, with its punycode form in brackets when they differ. */
export function hostLabel(host: string): string {
  const { ascii, unicode } = displayHost(host);
  return ascii === unicode ? ascii : `${unicode} (${ascii})`;
}
