// TrustKit's TSKPinnedDomains, from a plist (an app's Info.plist, or FirstSeen's export) or from
// the Swift or Objective-C dictionary an app passes to TrustKit (its README's form): each domain's
// TSKPublicKeyHashes, TSKIncludeSubdomains (every depth: **.), TSKExpirationDate, TSKEnforcePinning
// (false: report-only pins), and TSKExcludeSubdomainFromParentPolicy (refused, with the reason).
import type { Element } from '@xmldom/xmldom';
import { blankComments } from './okhttp.js';
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

/**
 * A TrustKit configuration written in code, as TrustKit's README shows it: a Swift dictionary
 * literal (`[kTSKPinnedDomains: ["a.example": [kTSKPublicKeyHashes: ["…"]]]]`) or an Objective-C
 * one (`@{ kTSKPinnedDomains: @{ @"a.example": @{ … } } }`). Read as the same values as a plist:
 * strings, booleans, arrays and dictionaries, the kTSK… constants as their TSK… keys. Anything else
 * in a value (a variable, a call) is no literal: null, and said where it matters.
 */
function codeValue(text: string): { value: PlistValue; error: string | null } {
  // Comments blanked outside string literals: a base64 digest may hold "//".
  const code = blankComments(text);
  const start = code.search(/(?:@\{|\[)\s*k?TSK\w+\s*:/);
  if (start === -1) return { value: null, error: 'file: no TrustKit configuration found: a plist, or a Swift or Objective-C dictionary with kTSKPinnedDomains' };
  let i = start;
  const skip = () => { while (i < code.length && /\s/.test(code[i]!)) i++; };
  const fail = (what: string): never => { throw new Error(`line ${code.slice(0, i).split('\n').length}: ${what}`); };
  let depth = 0;
  // A hostile file nested a million deep must get a sentence, not a stack overflow.
  const value = (): PlistValue => {
    if (++depth > 32) fail('the configuration is nested too deeply');
    try {
      return literal();
    } finally {
      depth--;
    }
  };
  const literal = (): PlistValue => {
    skip();
    if (code.startsWith('@{', i) || code.startsWith('@[', i) || code[i] === '[') {
      const objc = code[i] === '@';
      const close = objc ? (code[i + 1] === '{' ? '}' : ']') : ']';
      i += objc ? 2 : 1;
      const items: { key: PlistValue; value: PlistValue }[] = [];
      let dict = objc ? close === '}' : false;
      skip();
      if (!objc && code[i] === ':') { i++; skip(); dict = true; } // Swift's empty dictionary, [:]
      while (code[i] !== close) {
        if (i >= code.length) fail(`a ${close === '}' ? 'dictionary' : 'list'} is not closed`);
        const first = value();
        skip();
        if (code[i] === ':') {
          dict = true;
          i++;
          items.push({ key: first, value: value() });
        } else items.push({ key: null, value: first });
        skip();
        if (code[i] === ',') i++;
        skip();
      }
      i++;
      if (!dict) return items.map((x) => x.value);
      const out: Record<string, PlistValue> = {};
      for (const x of items) if (typeof x.key === 'string') out[x.key] = x.value;
      return out;
    }
    const str = /@?"((?:[^"\\\n]|\\.)*)"/y;
    str.lastIndex = i;
    const s = str.exec(code);
    if (s) {
      i = str.lastIndex;
      return s[1]!.replace(/\\(.)/g, '$1');
    }
    const word = /[@\w.]+/y;
    word.lastIndex = i;
    const w = word.exec(code);
    if (!w) return fail(`"${code.slice(i, i + 20)}" is not a value TrustKit's configuration can hold`);
    i = word.lastIndex;
    const name = w[0];
    if (/^(?:true|@YES|YES|@true)$/.test(name)) return true;
    if (/^(?:false|@NO|NO|@false)$/.test(name)) return false;
    if (/^@?-?\d+(?:\.\d+)?$/.test(name)) return Number(name.replace('@', ''));
    // kTSKPinnedDomains and the other constants are the plist's TSK… keys.
    const constant = /^k(TSK\w+)$/.exec(name);
    return constant ? constant[1]! : null;
  };
  try {
    return { value: value(), error: null };
  } catch (e) {
    return { value: null, error: (e as Error).message };
  }
}

export function readTrustKit(text: string, into: PinCollector): void {
  let root: PlistValue;
  if (/<plist[\s>]|<dict[\s>]/.test(text)) {
    const doc = parseXml(text);
    if (!doc.ok) return into.error(doc.error);
    const top = childElements(doc.root, 'dict')[0];
    root = top ? plistValue(top) : null;
    if (!isDict(root)) return into.error('file: a plist whose top is not a <dict>');
  } else {
    const read = codeValue(text);
    if (read.error) return into.error(read.error);
    root = read.value;
    if (!isDict(root)) return into.error('file: the TrustKit configuration is not a dictionary');
  }
  const config = isDict(root.TSKConfiguration) ? root.TSKConfiguration : root;
  const domains = config.TSKPinnedDomains;
  if (!isDict(domains)) return into.error('file: no TSKPinnedDomains dictionary');
  for (const [domain, policy] of Object.entries(domains)) {
    const where = `TSKPinnedDomains.${domain}`;
    if (!isDict(policy)) {
      into.error(`${where}: not a dictionary`);
      continue;
    }
    // TrustKit leaves such a domain unpinned under its parent's TSKIncludeSubdomains. FirstSeen's
    // pins add up over every pattern that matches, so the parent's **. pins would still apply to it:
    // the file would pin more than TrustKit does (the same refusal as Android's nested configs).
    if (policy.TSKExcludeSubdomainFromParentPolicy === true) {
      into.error(`${where}: TSKExcludeSubdomainFromParentPolicy leaves ${domain} unpinned under its parent's policy, which FirstSeen cannot do (its pins for the parent's subdomains would still apply); remove the parent's TSKIncludeSubdomains or this entry`);
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
    // TSKEnforcePinning false: TrustKit only reports a mismatch; so do these pins (report-only).
    const reportOnly = policy.TSKEnforcePinning === false;
    hashes.forEach((h, j) => typeof h === 'string' ? into.add(`${where}.TSKPublicKeyHashes[${j}]`, pattern, h, expiresAt, reportOnly) : into.error(`${where}.TSKPublicKeyHashes[${j}]: not a string`));
  }
}
