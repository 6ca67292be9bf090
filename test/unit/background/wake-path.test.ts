// What a waking event page parses is what it pays for first (PERFORMANCE.md, cold start). The DER
// readers (asn1js, ~100 kB) are for certificates new to a host and are loaded with import(); a
// static import of them anywhere on the event page's graph would put them back on every wake.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../../src/', import.meta.url).pathname;

/** Every module the file imports statically for its values (not `import type`), resolved. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s+(type\s)?[^;]*?from\s+'([^']+)'/gms)].filter((m) => !m[1]).map((m) => m[2]!)
    .concat([...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!));
  return specs.map((s) => (s.startsWith('.') ? resolve(dirname(file), s.replace(/\.js$/, '.ts')) : s));
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith('/')) continue; // a package
    for (const next of staticImports(file)) {
      const tsx = next.replace(/\.ts$/, '.tsx');
      todo.push(next.startsWith('/') && !safeExists(next) && safeExists(tsx) ? tsx : next);
    }
  }
  return seen;
}

function safeExists(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

describe('the event page\'s wake path', () => {
  it('does not import the DER readers statically', () => {
    const graph = reachable(join(SRC, 'background/main.ts'));
    expect(graph.has(join(SRC, 'background/trust-service.ts'))).toBe(true);
    expect([...graph].filter((m) => m === 'asn1js' || m.endsWith('/core/sct.ts') || m.endsWith('/core/san.ts') || m.endsWith('/core/chain-der.ts'))).toEqual([]);
  });

  it('loads the managed-policy schema validator only where an organisation set something', () => {
    const graph = reachable(join(SRC, 'background/main.ts'));
    expect(graph.has(join(SRC, 'core/managed-rules.ts'))).toBe(true);
    expect([...graph].filter((m) => m === '@cfworker/json-schema' || m.endsWith('/core/managed-policy.ts'))).toEqual([]);
  });
});
