// TrustKit's TSKPinnedDomains, from a plist (an app's Info.plist, or FirstSeen's export): each
// domain's TSKPublicKeyHashes, TSKIncludeSubdomains (every depth: **.) and TSKExpirationDate.
import type { Element } from '@xmldom/xmldom';
import { parseDay, type PinCollector } from './pin-list.js';
import { childElements, parseXml, textOf } from './xml-dom.js';

type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue } | null;

/** A plist element as a value: dict, array, string, integer, real, true, false, date. */
function plistValue(el: Element): PlistValue {
  switch (el.tagName) {
    case 'dict': {
      const out: Record<string, PlistValue> = {};
      const items = childElements(el);
      for (let i = 0; i + 1 < items.length; i += 2) if (items[i]!.tagName === 'key') out[textOf(items[i]!)] = plistValue(items[i + 1]!);
      return out;
    }
    case 'array': return childElements(el).map(plistValue);
    case 'true': return true;
    case 'false': return false;
    case 'integer': case 'real': return Number(textOf(el));
    case 'string': case 'date': return textOf(el);
    default: return null;
  }
}

const isDict = (v: PlistValue | undefined): v is Record<string, PlistValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readTrustKit(text: string, into: PinCollector): void {
  const doc = parseXml(text);
  if (!doc.ok) return into.error(doc.error);
  const top = childElements(doc.root, 'dict')[0];
  const root = top ? plistValue(top) : null;
  if (!isDict(root)) return into.error('file: a plist whose top is not a <dict>');
  const config = isDict(root.TSKConfiguration) ? root.TSKConfiguration : root;
  const domains = config.TSKPinnedDomains;
  if (!isDict(domains)) return into.error('file: no TSKPinnedDomains dictionary');
  for (const [domain, policy] of Object.entries(domains)) {
    const where = `TSKPinnedDomains.${domain}`;
    if (!isDict(policy)) {
      into.error(`${where}: not a dictionary`);
      continue;
    }
    const hashes = policy.TSKPublicKeyHashes;
    if (!Array.isArray(hashes) || hashes.length === 0) {
      into.error(`${where}: no TSKPublicKeyHashes`);
      continue;
    }
    const date = policy.TSKExpirationDate;
    const expiresAt = typeof date === 'string' ? parseDay(date) : null;
    if (typeof date === 'string' && expiresAt === null) into.error(`${where}: TSKExpirationDate "${date}" is not yyyy-MM-dd`);
    const pattern = policy.TSKIncludeSubdomains === true ? `**.${domain}` : domain;
    hashes.forEach((h, j) => typeof h === 'string' ? into.add(`${where}.TSKPublicKeyHashes[${j}]`, pattern, h, expiresAt) : into.error(`${where}.TSKPublicKeyHashes[${j}]: not a string`));
  }
}
