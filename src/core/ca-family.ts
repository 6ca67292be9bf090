// Which certificate authority stands behind a chain, for telling "the same CA, another
// intermediate or root" from "another CA". Two chains are of one family when:
// - they share a CA certificate's key (an intermediate or a root: the usual sibling-intermediate
//   or cross-signed case, and the only test for chains to roots not built into Firefox), or
// - both end in roots built into Firefox whose organization is the same operator (ISRG Root X1 and
//   X2; GTS Root R1 to R4). Mozilla curates built-in roots, so their organization names can be
//   trusted to group them; names from any other chain are chosen by whoever made the chain and
//   are never used.
import type { CertificateSummary } from './certificate.js';

/** The value of the first O= attribute of an NSS distinguished name string; "" when absent. */
export function organizationOf(dn: string): string {
  // NSS escapes commas inside values ("O=Foo\, Inc."): walk the string, never split on ",".
  let i = 0;
  while (i < dn.length) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) return '';
    const name = dn.slice(i, eq).trim().toUpperCase();
    let value = '';
    let j = eq + 1;
    let quoted = false;
    for (; j < dn.length; j++) {
      const ch = dn[j]!;
      if (ch === '\\' && j + 1 < dn.length) {
        value += dn[++j];
      } else if (ch === '"') {
        quoted = !quoted;
      } else if (ch === ',' && !quoted) {
        break;
      } else value += ch;
    }
    if (name === 'O') return value.trim();
    i = j + 1;
  }
  return '';
}

/** What a chain tells about its CA: the keys of its CA certificates and, if built in, the root's operator. */
export interface ChainFamily {
  /** SPKIs of every certificate above the leaf. */
  caSpki: readonly string[];
  /** Organization of a built-in root, lower-cased; null when the root is not built in or names none. */
  operator: string | null;
}

export function familyOfChain(chainSpki: readonly string[], chainSubjects: readonly string[], builtInRoot: boolean): ChainFamily {
  const root = chainSubjects[chainSubjects.length - 1];
  const operator = builtInRoot && chainSubjects.length > 1 && root ? organizationOf(root).toLowerCase() : '';
  return { caSpki: chainSpki.slice(1), operator: operator === '' ? null : operator };
}

export function familyOfObservedChain(chain: readonly CertificateSummary[], builtInRoot: boolean): ChainFamily {
  return familyOfChain(chain.map((c) => c.spkiSha256), chain.map((c) => c.subject), builtInRoot);
}

export function sameFamily(a: ChainFamily, b: ChainFamily): boolean {
  if (a.operator !== null && a.operator === b.operator) return true;
  return a.caSpki.some((spki) => b.caSpki.includes(spki));
}
