// A host key names one TLS endpoint in the trust store: the lowercase ASCII (punycode) host name,
// plus ":port" when the port is not 443. Different ports may run different servers with different keys.

const TLS_SCHEMES = new Set(['https:', 'wss:']);

/** The host key for a URL, or null when the URL is not one whose certificate FirstSeen judges. */
export function hostKeyFromUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!TLS_SCHEMES.has(parsed.protocol) || parsed.hostname === '') return null;
  // URL already lowercases and punycodes the name, and leaves port empty when it is the
  // scheme's default (443 for both https and wss).
  const host = parsed.hostname.replace(/\.$/, '');
  return parsed.port === '' ? host : `${host}:${parsed.port}`;
}
