// Android's network_security_config.xml: one <domain-config> per host name, in ASCII (Android
// compares ASCII names), with includeSubdomains for **. patterns and the pins' expiry as the
// pin-set's expiration. Android has no port and no one-label wildcard: those are refused, since
// writing them would widen the pin to every port or every depth. Android refuses one domain named
// twice, so a host and its **. pattern share one entry, and the file says so (by-domain.ts).
import { byDomain } from './by-domain.js';
import { xmlComment as comment } from './comment-text.js';
import { describePins, expiryDate, headerLines, type PinWriter } from './export-types.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const androidConfig: PinWriter = (plan, { now }) => {
  const { entries, refused, caveats } = byDomain(plan);
  const configs = entries.map((e) => [
    ...e.groups.map((g) => `  ${comment(describePins(g))}`),
    '  <domain-config>',
    `    <domain includeSubdomains="${e.includeSubdomains}">${xml(e.name)}</domain>`,
    `    <pin-set${e.expiresAt !== null ? ` expiration="${expiryDate(e.expiresAt)}"` : ''}>`,
    ...e.pins.map((p) => `      <pin digest="SHA-256">${xml(p)}</pin>`),
    '    </pin-set>',
    '  </domain-config>',
  ].join('\n'));
  const head = headerLines('for Android (res/xml/network_security_config.xml)', plan, refused, now).map((l) => comment(l));
  const text = ['<?xml version="1.0" encoding="utf-8"?>', ...head, '<network-security-config>', ...configs, '</network-security-config>', ''].join('\n');
  const written = entries.flatMap((e) => e.groups.map((g) => g.pattern));
  return { format: 'android', text, written, refused, caveats, fileName: 'network_security_config.xml', mime: 'application/xml' };
};
