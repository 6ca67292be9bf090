// Host patterns, for pins and ignore rules. They follow OkHttp's CertificatePinner:
//   example.com        that host only
//   *.example.com      exactly one label more: www.example.com, not example.com or a.b.example.com
//   **.example.com     any number of labels more, zero included: example.com, a.b.example.com
// A ":port" suffix restricts a pattern to that port; without one it matches any port.
// The extra rule "<ip>" matches every IP-literal host.

export const IP_LITERALS = '<ip>';

export type ParsedPattern =
  | { kind: 'exact' | 'one-label' | 'any-depth'; name: string; port: string | null }
  | { kind: 'ip' };

const LABELS = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function asciiName(name: string): string | null {
  try {
    // URL does IDN -> punycode and lowercasing the way Firefox names hosts.
    return new URL(`https://${name}/`).hostname;
  } catch {
    return null;
  }
}

/** Parses a pattern, or returns a sentence saying what is wrong with it. */
export function parseHostPattern(input: string): ParsedPattern | string {
  const text = input.trim();
  if (text === IP_LITERALS) return { kind: 'ip' };
  if (text === '') return 'the pattern is empty';
  const portMatch = /:(\d{1,5})$/.exec(text);
  const port = portMatch ? portMatch[1]! : null;
  if (port !== null && (Number(port) < 1 || Number(port) > 65535)) return `port ${port} is out of range`;
  let rest = portMatch ? text.slice(0, -portMatch[0].length) : text;
  let kind: 'exact' | 'one-label' | 'any-depth' = 'exact';
  if (rest.startsWith('**.')) {
    kind = 'any-depth';
    rest = rest.slice(3);
  } else if (rest.startsWith('*.')) {
    kind = 'one-label';
    rest = rest.slice(2);
  }
  if (rest.includes('*')) return 'a wildcard may only be the first label: *.example.com or **.example.com';
  const name = asciiName(rest);
  if (name === null || !LABELS.test(name)) return `"${rest}" is not a host name`;
  return { kind, name, port: port === '443' ? null : port };
}

function splitHost(hostKey: string): { name: string; port: string | null } {
  if (hostKey.startsWith('[')) {
    const end = hostKey.indexOf(']');
    const after = hostKey.slice(end + 1);
    return { name: hostKey.slice(0, end + 1), port: after.startsWith(':') ? after.slice(1) : null };
  }
  const i = hostKey.lastIndexOf(':');
  return i === -1 ? { name: hostKey, port: null } : { name: hostKey.slice(0, i), port: hostKey.slice(i + 1) };
}

export function isIpLiteral(hostKey: string): boolean {
  const { name } = splitHost(hostKey);
  return name.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(name);
}

export function patternMatches(pattern: ParsedPattern, hostKey: string): boolean {
  if (pattern.kind === 'ip') return isIpLiteral(hostKey);
  const { name, port } = splitHost(hostKey);
  if (pattern.port !== null && pattern.port !== port) return false;
  if (pattern.kind === 'exact') return name === pattern.name;
  if (!name.endsWith(`.${pattern.name}`)) return pattern.kind === 'any-depth' && name === pattern.name;
  const extra = name.slice(0, -pattern.name.length - 1);
  return pattern.kind === 'any-depth' || !extra.includes('.');
}

// Pins and ignore rules are matched on every response: parse each pattern once, not per request.
const parsedPatterns = new Map<string, ParsedPattern | string>();
const MAX_PARSED = 5_000;

/** True when the text is a valid pattern that matches the host. Invalid patterns match nothing. */
export function matchesHost(patternText: string, hostKey: string): boolean {
  let parsed = parsedPatterns.get(patternText);
  if (parsed === undefined) {
    if (parsedPatterns.size >= MAX_PARSED) parsedPatterns.clear();
    parsed = parseHostPattern(patternText);
    parsedPatterns.set(patternText, parsed);
  }
  return typeof parsed !== 'string' && patternMatches(parsed, hostKey);
}
