// TrustKit's configuration for iOS and macOS apps: the TSKConfiguration dictionary of an app's
// Info.plist, with TSKPinnedDomains keyed by domain (by-domain.ts). TrustKit refuses to start
// with fewer than two pins for a domain it enforces (a backup is required), has no port and no
// one-label wildcard (TSKIncludeSubdomains covers every depth), and takes the expiry as
// TSKExpirationDate, yyyy-MM-dd. It raises an exception at launch (the app stops) for a domain
// its registry finds no public suffix for (GetRegistryLength 0: an address, localhost, .lan, an
// unknown TLD) and for includeSubdomains on a public suffix itself (TrustKit's
// parse_configuration.m, datatheorem/TrustKit@03d74b26; its registry counts private suffixes such
// as appspot.com and github.io). The Public Suffix List here (tldts) stands in for TrustKit's
// copy, which is older: a TLD newer than the app's TrustKit is still refused there.
import { parse } from 'tldts';
import { build } from 'plist';
import { byDomain } from './by-domain.js';
import { xmlComment } from './comment-text.js';
import { expiryDate, headerLines, type PinWriter } from './export-types.js';

type DomainPolicy = Record<string, string | boolean | string[]>;

export const trustKitPlist: PinWriter = (plan, { now }) => {
  const { entries, refused, caveats } = byDomain(plan);
  const domains: Record<string, DomainPolicy> = {};
  const written: string[] = [];
  for (const e of entries) {
    const suffix = parse(e.name, { allowPrivateDomains: true });
    const unfit = suffix.isIp || !(suffix.isIcann || suffix.isPrivate) ? 'unknown-suffix'
      : e.includeSubdomains && suffix.domain === null ? 'subdomains-of-suffix' : null;
    if (unfit) {
      for (const g of e.groups) refused.push({ pattern: g.pattern, reason: unfit });
      continue;
    }
    if (e.pins.length < 2) {
      for (const g of e.groups) refused.push({ pattern: g.pattern, reason: 'too-few-pins' });
      continue;
    }
    domains[e.name] = {
      TSKEnforcePinning: true,
      TSKIncludeSubdomains: e.includeSubdomains,
      TSKPublicKeyHashes: e.pins,
      ...(e.expiresAt !== null ? { TSKExpirationDate: expiryDate(e.expiresAt) } : {}),
    };
    written.push(...e.groups.map((g) => g.pattern));
  }
  const body = build({ TSKConfiguration: { TSKPinnedDomains: domains } });
  // The account goes in a comment after the XML declaration and doctype, where plist readers skip it.
  const notes = headerLines('for TrustKit (the TSKConfiguration of an app\'s Info.plist)', plan, refused, now)
    .map(xmlComment);
  const at = body.indexOf('<plist');
  const text = `${body.slice(0, at)}${notes.join('\n')}\n${body.slice(at)}${body.endsWith('\n') ? '' : '\n'}`;
  return { format: 'trustkit', text, written, refused, caveats, fileName: 'firstseen-trustkit.plist', mime: 'application/x-plist' };
};
