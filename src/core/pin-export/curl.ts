// curl's --pinnedpubkey, one command per host: "sha256//<base64>;sha256//<base64>". curl pins the
// connection it makes, to one named host, so wildcard patterns are refused; the port goes in the
// URL. curl compares the server's own certificate key only (never the intermediates'), so a host
// whose pins hold no leaf key is written with a warning: curl would refuse every connection.
import { commentText, shellQuoted } from './comment-text.js';
import { day, describePins, headerLines, type Caveat, type PinWriter, type Refusal } from './export-types.js';

/** The --pinnedpubkey value for a set of SPKI digests. */
export function curlPinString(spkis: readonly string[]): string {
  return spkis.map((s) => `sha256//${s}`).join(';');
}

export const curlPins: PinWriter = (plan, { now }) => {
  const refused: Refusal[] = [];
  const caveats: Caveat[] = [];
  const written: string[] = [];
  const body: string[] = [];
  for (const g of plan.groups) {
    if (g.scope !== 'exact') {
      refused.push({ pattern: g.pattern, reason: 'wildcard' });
      continue;
    }
    written.push(g.pattern);
    body.push('', `# ${describePins(g)}`);
    const caPins = g.pins.filter((p) => p.position === 'intermediate' || p.position === 'root');
    if (caPins.length === g.pins.length) {
      caveats.push({ pattern: g.pattern, kind: 'leaf-only' });
      body.push('# Warning: curl compares the server\'s own key only, and none of these pins is a server key.');
    } else if (caPins.length > 0) {
      // Written all the same (harmless to curl), but the user must know they protect nothing here.
      caveats.push({ pattern: g.pattern, kind: 'ca-pins-ignored' });
      body.push(`# curl compares the server's own key only: it ignores ${caPins.map((p) => commentText(`sha256//${p.spkiSha256} (${p.position}: ${p.name ?? '?'})`)).join(', ')}.`);
    }
    if (g.expiresAt !== null) {
      caveats.push({ pattern: g.pattern, kind: 'expiry-not-expressible' });
      body.push(`# curl has no pin expiry: stop using this line after ${day(g.expiresAt)}.`);
    }
    const url = `https://${g.name}${g.port ? `:${g.port}` : ''}/`;
    body.push(`curl --pinnedpubkey ${shellQuoted(curlPinString(g.pins.map((p) => p.spkiSha256)))} ${shellQuoted(url)}`);
  }
  const head = headerLines('for curl --pinnedpubkey', plan, refused, now).map((l) => `# ${l}`);
  return { format: 'curl', text: [...head, ...body, ''].join('\n'), written, refused, caveats, fileName: 'firstseen-pins-curl.sh', mime: 'text/plain' };
};
