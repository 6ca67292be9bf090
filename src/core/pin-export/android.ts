// Android's network_security_config.xml: one <domain-config> per host name, in ASCII (Android
// compares ASCII names), with includeSubdomains for **. patterns and the pins' expiry as the
// pin-set's expiration. Android has no port and no one-label wildcard: those are refused, since
// writing them would widen the pin to every port or every depth. Android refuses one domain named
// twice, so a host and its **. pattern share one entry, and the file says so.
import { day, describePins, headerLines, type Caveat, type PinWriter, type Refusal } from './export-types.js';
import type { PinGroup } from './plan.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** "--" may not appear inside an XML comment. */
const comment = (s: string) => `<!-- ${s.replace(/--/g, '- -')} -->`;

export const androidConfig: PinWriter = (plan, { now }) => {
  const refused: Refusal[] = [];
  const caveats: Caveat[] = [];
  const byName = new Map<string, PinGroup[]>();
  for (const g of plan.groups) {
    if (g.port !== null) refused.push({ pattern: g.pattern, reason: 'port' });
    else if (g.scope === 'one-label') refused.push({ pattern: g.pattern, reason: 'one-label-wildcard' });
    else byName.set(g.name, [...(byName.get(g.name) ?? []), g]);
  }
  const written: string[] = [];
  const configs: string[] = [];
  for (const [name, groups] of byName) {
    const sub = groups.some((g) => g.scope === 'any-depth');
    if (groups.length > 1) for (const g of groups) caveats.push({ pattern: g.pattern, kind: 'merged-with-subdomains' });
    const pins = [...new Set(groups.flatMap((g) => g.pins.map((p) => p.spkiSha256)))];
    const expiries = groups.flatMap((g) => g.pins.map((p) => p.expiresAt));
    const dated = expiries.filter((x): x is number => x !== null);
    // Pins without an expiry next to dated ones: the pin-set ends with the earliest, never later.
    const expiresAt = dated.length ? Math.min(...dated) : null;
    if (new Set(expiries).size > 1) for (const g of groups) caveats.push({ pattern: g.pattern, kind: 'earliest-expiry' });
    written.push(...groups.map((g) => g.pattern));
    configs.push([
      ...groups.map((g) => `  ${comment(describePins(g))}`),
      '  <domain-config>',
      `    <domain includeSubdomains="${sub}">${xml(name)}</domain>`,
      `    <pin-set${expiresAt !== null ? ` expiration="${day(expiresAt)}"` : ''}>`,
      ...pins.map((p) => `      <pin digest="SHA-256">${xml(p)}</pin>`),
      '    </pin-set>',
      '  </domain-config>',
    ].join('\n'));
  }
  const head = headerLines('for Android (res/xml/network_security_config.xml)', plan, refused, now).map((l) => comment(l));
  const text = ['<?xml version="1.0" encoding="utf-8"?>', ...head, '<network-security-config>', ...configs, '</network-security-config>', ''].join('\n');
  return { format: 'android', text, written, refused, caveats, fileName: 'network_security_config.xml', mime: 'application/xml' };
};
