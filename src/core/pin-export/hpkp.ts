// HPKP (RFC 7469) headers, one per host, since a header is served by the host it pins. Historical:
// Chrome and Firefox stopped honouring HPKP (2019 and 2020); the file says so. includeSubDomains
// stands for **.; *. and ports cannot be said (a header pins its host on every port), nor an IP
// address (the RFC pins host names). Every header keeps §4.3's backup rule, one pin in the served
// chain and one outside it: a header with one pin, or all in the chain, would be ignored, and one
// with none in the chain fails its own validation, so each is refused with the reason, never
// written. A host never seen (a pattern's pins alone) is written with the check left to the user.
// max-age ends when the pins expire.
import { isIpLiteral } from '../host-pattern.js';
import { commentText } from './comment-text.js';
import { day, headerLines, type Caveat, type PinWriter, type Refusal } from './export-types.js';

export const DEFAULT_MAX_AGE_SECONDS = 5_184_000;

export function hpkpWriter(maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS): PinWriter {
  return (plan, { now }) => {
    const refused: Refusal[] = [];
    const caveats: Caveat[] = [];
    const written: string[] = [];
    const body: string[] = [];
    // A browser uses a host's own header, not its parent's includeSubDomains one (RFC 7469 §2.7),
    // while FirstSeen adds up every pattern that matches: a header also holds the pins of every
    // wider **. pattern that covers its name (said as a caveat), as Android's and TrustKit's do.
    const wider = plan.groups.filter((w) => w.port === null && w.scope === 'any-depth');
    for (const own of plan.groups) {
      const inherited = own.scope === 'one-label' ? [] : wider.filter((w) => w !== own && (own.name === w.name || own.name.endsWith(`.${w.name}`)));
      const all = [own, ...inherited].flatMap((x) => x.pins);
      const pins = all.filter((p, i) => all.findIndex((q) => q.spkiSha256 === p.spkiSha256) === i);
      const dated = all.map((p) => p.expiresAt).filter((x): x is number => x !== null);
      const g = { ...own, pins, expiresAt: dated.length > 0 ? Math.min(...dated) : null };
      if (inherited.length > 0) caveats.push({ pattern: own.pattern, kind: 'inherits-wider-pins' });
      const inChain = g.pins.filter((p) => g.servedChain.includes(p.spkiSha256)).length;
      if (g.port !== null) refused.push({ pattern: g.pattern, reason: 'port' });
      else if (g.scope === 'one-label') refused.push({ pattern: g.pattern, reason: 'one-label-wildcard' });
      else if (isIpLiteral(g.name)) refused.push({ pattern: g.pattern, reason: 'ip-literal' });
      // §4.3's backup rule for every header: one pin in the chain served, one outside it.
      else if (g.pins.length < 2) refused.push({ pattern: g.pattern, reason: 'too-few-pins' });
      else if (g.servedChain.length > 0 && inChain === g.pins.length) refused.push({ pattern: g.pattern, reason: 'no-pin-outside-chain' });
      else if (g.servedChain.length > 0 && inChain === 0) refused.push({ pattern: g.pattern, reason: 'no-pin-in-chain' });
      else {
        if (g.servedChain.length === 0) caveats.push({ pattern: g.pattern, kind: 'served-chain-unknown' });
        let maxAge = maxAgeSeconds;
        if (g.expiresAt !== null && g.expiresAt - now < maxAge * 1000) {
          maxAge = Math.max(0, Math.floor((g.expiresAt - now) / 1000));
          caveats.push({ pattern: g.pattern, kind: 'max-age-capped' });
        }
        const directives = [...g.pins.map((p) => `pin-sha256="${p.spkiSha256}"`), `max-age=${maxAge}`, ...(g.scope === 'any-depth' ? ['includeSubDomains'] : [])];
        written.push(g.pattern);
        body.push('', `# host: ${commentText(g.name)}${g.expiresAt !== null ? ` (pins expire ${day(g.expiresAt)})` : ''}`);
        if (g.servedChain.length === 0) body.push('# FirstSeen never saw this host: check that one of these pins is in the chain it serves, or the header fails.');
        body.push(`Public-Key-Pins: ${directives.join('; ')}`);
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
