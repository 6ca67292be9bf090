// Seeded mutations of a trust history document, for the import fuzz tests: cuts, stray
// characters, garbage, removed and repeated members, odd values, wrong versions.

/** mulberry32: small, seeded, good enough to pick mutations. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [null, -1, 0, 1e308, NaN, '', 'x'.repeat(70_001), '<script>alert(1)</script>', '\u202Egnp.exe', [], {}, true,
  'sha256/krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=', 'A.TEST', 'a.test:443', '2026-13-45', [1, 2, 3], { spkiSha256: 'x' }];

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function paths(node: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(node)) node.forEach((v, i) => paths(v, [...at, i], out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) paths(v, [...at, k], out);
  return out;
}

export function mutate(doc: Json, text: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const op = Math.floor(r() * 8);
  if (op === 0) return text.slice(0, Math.floor(r() * text.length));
  if (op === 1) {
    const i = Math.floor(r() * text.length);
    return text.slice(0, i) + pick(['"', '{', ']', ',', '\\', '\u0000', 'é']) + text.slice(i + 1);
  }
  if (op === 2) return Array.from({ length: 1 + Math.floor(r() * 200) }, () => String.fromCharCode(Math.floor(r() * 256))).join('');
  const copy = structuredClone(doc);
  const all = paths(copy).filter((p) => p.length > 0);
  const path = pick(all);
  const parent = path.slice(0, -1).reduce<Json>((n, k) => (n as Record<string | number, Json>)[k]!, copy) as Record<string | number, Json> | Json[];
  const last = path[path.length - 1]!;
  if (op === 3) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (op === 4 && Array.isArray(parent)) {
    parent.push(structuredClone(parent[last as number]!));
  } else if (op === 5) {
    (copy as Record<string, Json>).version = pick([0, 2, '1', 1.5, null]) as Json;
  } else {
    (parent as Record<string | number, Json>)[last] = structuredClone(pick(ODD_VALUES)) as Json;
  }
  return JSON.stringify(copy);
}
