// Android's network_security_config.xml. Every <domain> of a <domain-config> gets its pins; the
// includeSubdomains attribute defaults to false, as in Android; a nested <domain-config> without a
// <pin-set> inherits its parent's, as Android does. A pin digest other than SHA-256 is an error.
import type { Element } from '@xmldom/xmldom';
import { parseDay, type PinCollector } from './pin-list.js';
import { childElements, parseXml, textOf } from './xml-dom.js';

interface PinSet { pins: string[]; expiresAt: number | null }

export function readAndroid(text: string, into: PinCollector): void {
  const doc = parseXml(text);
  if (!doc.ok) return into.error(doc.error);
  if (doc.root.tagName !== 'network-security-config') return into.error(`file: the root element is <${doc.root.tagName}>, not <network-security-config>`);
  let index = 0;
  const visit = (config: Element, inherited: PinSet | null) => {
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
        if (digest !== 'SHA-256') into.error(`${where}.pin[${j}]: digest="${digest ?? ''}": Android pins are SHA-256`);
        else pins.push(textOf(pin));
      });
      set = { pins, expiresAt };
    }
    const domains = childElements(config, 'domain');
    if (domains.length === 0) into.error(`${where}: no <domain>`);
    for (const d of domains) {
      const sub = (d.getAttribute('includeSubdomains') ?? 'false').trim();
      if (sub !== 'true' && sub !== 'false') into.error(`${where}: includeSubdomains="${sub}" is neither true nor false`);
      const pattern = sub === 'true' ? `**.${textOf(d)}` : textOf(d);
      for (const [j, pin] of (set?.pins ?? []).entries()) into.add(`${where}.pin[${j}]`, pattern, pin, set!.expiresAt);
    }
    for (const nested of childElements(config, 'domain-config')) visit(nested, set);
  };
  for (const config of childElements(doc.root, 'domain-config')) visit(config, null);
}
