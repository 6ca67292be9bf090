// TrustKit's configuration for iOS and macOS apps: the TSKConfiguration dictionary of an app's
// Info.plist, with TSKPinnedDomains keyed by domain. TrustKit refuses to start with fewer than two
// pins for a domain it enforces (a backup is required), has no port and no one-label wildcard
// (TSKIncludeSubdomains covers every depth), and takes the expiry as TSKExpirationDate, yyyy-MM-dd.
import { build } from 'plist';
import { day, headerLines, type Caveat, type PinWriter, type Refusal } from './export-types.js';
import type { PinGroup } from './plan.js';

type DomainPolicy = Record<string, string | boolean | string[]>;

export const trustKitPlist: PinWriter = (plan, { now }) => {
  const refused: Refusal[] = [];
  const caveats: Caveat[] = [];
  const byName = new Map<string, PinGroup[]>();
  for (const g of plan.groups) {
    if (g.port !== null) refused.push({ pattern: g.pattern, reason: 'port' });
    else if (g.scope === 'one-label') refused.push({ pattern: g.pattern, reason: 'one-label-wildcard' });
    else byName.set(g.name, [...(byName.get(g.name) ?? []), g]);
  }
  const domains: Record<string, DomainPolicy> = {};
  const written: string[] = [];
  for (const [name, groups] of byName) {
    const pins = [...new Set(groups.flatMap((g) => g.pins.map((p) => p.spkiSha256)))];
    if (pins.length < 2) {
      for (const g of groups) refused.push({ pattern: g.pattern, reason: 'too-few-pins' });
      continue;
    }
    if (groups.length > 1) for (const g of groups) caveats.push({ pattern: g.pattern, kind: 'merged-with-subdomains' });
    const expiries = groups.flatMap((g) => g.pins.map((p) => p.expiresAt));
    const dated = expiries.filter((x): x is number => x !== null);
    if (new Set(expiries).size > 1) for (const g of groups) caveats.push({ pattern: g.pattern, kind: 'earliest-expiry' });
    domains[name] = {
      TSKEnforcePinning: true,
      TSKIncludeSubdomains: groups.some((g) => g.scope === 'any-depth'),
      TSKPublicKeyHashes: pins,
      ...(dated.length ? { TSKExpirationDate: day(Math.min(...dated)) } : {}),
    };
    written.push(...groups.map((g) => g.pattern));
  }
  const body = build({ TSKConfiguration: { TSKPinnedDomains: domains } });
  // The account goes in a comment after the XML declaration and doctype, where plist readers skip it.
  const notes = headerLines('for TrustKit (the TSKConfiguration of an app\'s Info.plist)', plan, refused, now)
    .map((l) => `<!-- ${l.replace(/--/g, '- -')} -->`);
  const at = body.indexOf('<plist');
  const text = `${body.slice(0, at)}${notes.join('\n')}\n${body.slice(at)}${body.endsWith('\n') ? '' : '\n'}`;
  return { format: 'trustkit', text, written, refused, caveats, fileName: 'firstseen-trustkit.plist', mime: 'application/x-plist' };
};
