// XML read with @xmldom/xmldom: the same parser in the page, the worker (which has no DOMParser)
// and the tests. Element helpers for the two XML formats FirstSeen imports.
import { DOMParser, type Element } from '@xmldom/xmldom';

export type XmlResult = { ok: true; root: Element } | { ok: false; error: string };

export function parseXml(text: string): XmlResult {
  try {
    const doc = new DOMParser().parseFromString(text, 'text/xml');
    const root = doc.documentElement;
    return root ? { ok: true, root } : { ok: false, error: 'file: no XML element' };
  } catch (e) {
    return { ok: false, error: `file: not well-formed XML (${String(e instanceof Error ? e.message : e).split('\n')[0]})` };
  }
}

export function childElements(el: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (name === undefined || (n as Element).tagName === name)) out.push(n as Element);
  }
  return out;
}

export function textOf(el: Element): string {
  return (el.textContent ?? '').trim();
}
