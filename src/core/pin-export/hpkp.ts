// HPKP (RFC 7469) headers, one per host, since a header is served by the host it pins. Historical:
// Chrome and Firefox stopped honouring HPKP (2019 and 2020); the file says so. includeSubDomains
// stands for **.; *. and ports cannot be said (a header pins its host on every port). A header
// whose pins all sit in the served chain breaks §4.3's backup rule and would be ignored by a
// browser, so it is refused with the reason, never written. max-age ends when the pins expire.
import { commentText } from './comment-text.js';
import { day, headerLines, type Caveat, type PinWriter, type Refusal } from './export-types.js';

export const DEFAULT_MAX_AGE_SECONDS = 5_184_000;

export function hpkpWriter(maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS): PinWriter {
  return (plan, { now }) => {
    const refused: Refusal[] = [];
    const caveats: Caveat[] = [];
    const written: string[] = [];
    const body: string[] = [];
    for (const g of plan.groups) {
      if (g.port !== null) refused.push({ pattern: g.pattern, reason: 'port' });
      else if (g.scope === 'one-label') refused.push({ pattern: g.pattern, reason: 'one-label-wildcard' });
      else if (g.servedChain.length > 0 && g.pins.every((p) => g.servedChain.includes(p.spkiSha256))) refused.push({ pattern: g.pattern, reason: 'no-pin-outside-chain' });
      else {
        let maxAge = maxAgeSeconds;
        if (g.expiresAt !== null && g.expiresAt - now < maxAge * 1000) {
          maxAge = Math.max(0, Math.floor((g.expiresAt - now) / 1000));
          caveats.push({ pattern: g.pattern, kind: 'max-age-capped' });
        }
        const directives = [...g.pins.map((p) => `pin-sha256="${p.spkiSha256}"`), `max-age=${maxAge}`, ...(g.scope === 'any-depth' ? ['includeSubDomains'] : [])];
        written.push(g.pattern);
        body.push('', `# host: ${commentText(g.name)}${g.expiresAt !== null ? ` (pins expire ${day(g.expiresAt)})` : ''}`, `Public-Key-Pins: ${directives.join('; ')}`);
      }
    }
    const head = [
      ...headerLines('as HPKP headers (RFC 7469)', plan, refused, now),
      'Historical: Chrome and Firefox no longer honour HPKP. Kept for reference and for tools that still read it.',
      'Each header is served by the host named above it.',
    ].map((l) => `# ${l}`);
    return { format: 'hpkp', text: [...head, ...body, ''].join('\n'), written, refused, caveats, fileName: 'firstseen-hpkp.txt', mime: 'text/plain' };
  };
}
