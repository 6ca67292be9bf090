// Cutting each host's text out of a history file: what the import sends on must be exactly the
// hosts JSON.parse reads from the file, however the file is written.
import { describe, expect, it } from 'vitest';
import { hostSpans } from '../../../src/core/history/host-spans.js';

/** The text of each host. */
function slices(text: string): string[] | null {
  return hostSpans(text)?.map(({ start, end }) => text.slice(start, end)) ?? null;
}

/** The hosts' texts, read back: they must be what JSON.parse makes of the file's hosts. */
function readBack(text: string): unknown[] | null {
  return slices(text)?.map((s) => JSON.parse(s) as unknown) ?? null;
}

describe('hostSpans', () => {
  it('cuts out each host of a compact file', () => {
    const doc = { format: 'f', hosts: [{ host: 'a.test', keys: [] }, { host: 'b.test', keys: [{ x: [1, 2] }] }], policy: {} };
    const text = JSON.stringify(doc);
    expect(slices(text)).toEqual(doc.hosts.map((h) => JSON.stringify(h)));
  });

  it('reads an indented file, and strings holding brackets, commas, quotes and escapes', () => {
    const hosts = [
      { host: 'a.test', note: 'a "quoted" ], {odd} , \\ \\" text', list: [[], {}, [{}]] },
      'a string element ] ,',
      42,
      null,
      { host: 'b.test', '\u202e': '\u0000\n' },
    ];
    const text = JSON.stringify({ policy: { pins: ['x]'] }, hosts, after: [1, { hosts: [9] }] }, null, 2);
    expect(readBack(text)).toEqual(hosts);
    expect(slices(text)!.every((s) => s === s.trim())).toBe(true);
  });

  it('takes the last "hosts" member, as JSON.parse does, even when its name is written with escapes', () => {
    expect(readBack('{"hosts":[1,2],"ho\\u0073ts":[3]}')).toEqual([3]);
    expect(readBack('{"hosts":[1,2],"hosts":"none"}')).toBeNull();
  });

  it('finds no hosts where the file has no list of them', () => {
    expect(readBack('{"hosts":[]}')).toEqual([]);
    expect(readBack('{"hosts": [ ] }')).toEqual([]);
    expect(readBack('{"other":[{"hosts":[1]}]}')).toBeNull();
    expect(readBack('[{"hosts":[1]}]')).toBeNull();
    expect(readBack('"hosts"')).toBeNull();
    // Not for text JSON.parse refused, but even then it ends.
    expect(readBack('{"hosts":["unterminated')).toBeNull();
  });
});
