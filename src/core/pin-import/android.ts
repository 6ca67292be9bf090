// Android's network_security_config.xml, read as AOSP's XmlConfigSource reads it. Every <domain> of
// a <domain-config> gets its pins; the includeSubdomains attribute defaults to false; a nested
// <domain-config> without a <pin-set> inherits its parent's; the digest is compared ignoring case
// ("sha-256" is SHA-256 there); a pin digest other than SHA-256 is an error.
// On Android a nested config's own <pin-set> replaces its parent's for its domains, and an empty
// one unpins them. FirstSeen's pins add up over every pattern matching a host, so where a parent's
// pattern covers a nested domain with other pins (or none), the file cannot be imported as Android
// means it: refused, saying which domain and why, rather than pinning more or less than the file.
import type { Element } from '@xmldom/xmldom';
import { matchesHost } from '../host-pattern.js';
import { parseDay, type PinCollector } from './pin-list.js';
import { childElements, parseXml, textOf } from './xml-dom.js';

interface PinSet { pins: string[]; expiresAt: number | null }

/** The same pins and expiry: a nested config repeating its parent's changes nothing. */
const samePins = (a: PinSet, b: PinSet) => a.expiresAt === b.expiresAt && a.pins.length === b.pins.length && a.pins.every((p) => b.pins.includes(p));

export function readAndroid(text: string, into: PinCollector): void {
  const doc = parseXml(text);
  if (!doc.ok) return into.error(doc.error);
  if (doc.root.tagName !== 'network-security-config') return into.error(`file: the root element is <${doc.root.tagName}>, not <network-security-config>`);
  let index = 0;
  /** An ancestor config's pattern and the pins it gives, to find a nested config it covers. */
  interface Covering { pattern: string; set: PinSet; where: string }
  const visit = (config: Element, inherited: PinSet | null, covering: readonly Covering[]) => {
    const where = `domain-config[${index++}]`;
    let set = inherited;
    const pinSets = childElements(config, 'pin-set');
    if (pinSets.length > 1) into.error(`${where}: more than one <pin-set>`);
    if (pinSets[0]) {
      const expiration = pinSets[0].getAttribute('expiration');
      const expiresAt = expiration ? parseDay(expiration) : null;
      if (expiration && expiresAt === null) into.error(`${where}: expiration="${expiration}" is not yyyy-MM-dd`);
      const pins: string[] = [];
      childElements(pinSets[0], 'pin').forEach((pin, j) => {
        const digest = pin.getAttribute('digest');
        if (digest?.trim().toUpperCase() !== 'SHA-256') into.error(`${where}.pin[${j}]: digest="${digest ?? ''}": Android pins are SHA-256`);
        else pins.push(textOf(pin));
      });
      set = { pins, expiresAt };
    }
    const domains = childElements(config, 'domain');
    if (domains.length === 0) into.error(`${where}: no <domain>`);
    const mine: Covering[] = [];
    for (const d of domains) {
      const sub = (d.getAttribute('includeSubdomains') ?? 'false').trim();
      if (sub !== 'true' && sub !== 'false') into.error(`${where}: includeSubdomains="${sub}" is neither true nor false`);
      const name = textOf(d);
      const pattern = sub === 'true' ? `**.${name}` : name;
      // Its own pin-set, under an ancestor's pattern that pins this domain otherwise.
      const over = set !== inherited ? covering.find((c) => c.set.pins.length > 0 && matchesHost(c.pattern, name) && !samePins(c.set, set!)) : undefined;
      if (over && set!.pins.length === 0) {
        into.error(`${where}: an empty <pin-set> unpins ${name} on Android, but ${over.where}'s ${over.pattern} would still pin it here (FirstSeen's pins add up over every pattern matching a host); not imported`);
      } else if (over) {
        into.error(`${where}: ${name}'s own <pin-set> replaces ${over.where}'s on Android, but here ${over.pattern}'s pins would still be accepted for it (FirstSeen's pins add up over every pattern matching a host); not imported`);
      }
      for (const [j, pin] of (set?.pins ?? []).entries()) into.add(`${where}.pin[${j}]`, pattern, pin, set!.expiresAt);
      if (set) mine.push({ pattern, set, where });
    }
    for (const nested of childElements(config, 'domain-config')) visit(nested, set, [...covering, ...mine]);
  };
  for (const config of childElements(doc.root, 'domain-config')) visit(config, null, []);
}
