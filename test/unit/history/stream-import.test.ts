// An import file is cut into its head and chunks of hosts while it is read (stream-import.ts,
// host-stream.ts). Whatever the cut, the hosts must be the file's; and any file the cut does not
// take must come out exactly as reading it whole does.
import { describe, expect, it } from 'vitest';
import { readImport, type ReadImport } from '../../../src/core/history/read-import.js';
import { streamImport, type ReadMessage } from '../../../src/core/history/stream-import.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { wireBackground } from '../background/wiring.js';
import { exportText, textSource } from './history-helpers.js';
import { mutate, rng, type Json } from './mutations.js';

async function read(text: string, chunkSize: number, piece = 7): Promise<ReadMessage[]> {
  const messages: ReadMessage[] = [];
  await streamImport(textSource(text, piece), 0, chunkSize, async (m) => void messages.push(m));
  return messages;
}

/** What the messages add up to, as one ReadImport with its hosts parsed (as a page staging them would). */
function outcome(messages: ReadMessage[]): { result: ReadImport; hosts: unknown[] } {
  const end = messages.at(-1)!;
  if (end.kind !== 'end') throw new Error('no end');
  if (!end.result.ok) return { result: end.result, hosts: [] };
  const chunks = end.restart || end.result.chunks.length > 0 ? end.result.chunks
    : messages.flatMap((m) => (m.kind === 'hosts' ? [m.json] : []));
  return { result: { ...end.result, chunks: [] }, hosts: chunks.flatMap((c) => JSON.parse(c) as unknown[]) };
}

let n = 0;
async function exported(): Promise<{ text: string; doc: { hosts: Record<string, unknown>[] } & Record<string, unknown> }> {
  const bg = await wireBackground(`stream-${++n}`, () => CAPTURED_AT);
  for (const host of ['a.example.com', 'b.example.com', 'c.example.com']) {
    await bg.service.observe({ kind: 'observation', observation: { ...observationOf('first-visit-intermediate', CAPTURED_AT), host } }, { incognito: false });
  }
  await bg.ask({ type: 'add-pin', pattern: 'a.example.com', pin: observationOf('first-visit-intermediate', 0).leaf.spkiSha256, expiresAt: null });
  const text = await exportText(bg.history);
  return { text, doc: JSON.parse(text) };
}

/** Hosts whose strings hold what the cut looks for: quotes, escapes, brackets, commas, the word hosts, and multi-byte characters. */
function trickyHosts(base: Record<string, unknown>): Record<string, unknown>[] {
  const subjects = ['CN="quoted", O=\\', 'CN=]},{"hosts":[', '\\\\"\\', 'CN=é 日本 😀 \u2028', '"', '\\'];
  return subjects.map((subject, i) => ({ ...base, host: `t${i}.test`, note: { hosts: [subject], '"': subject }, subject }));
}

describe('an import file read as it arrives', () => {
  it('hands on the head, then the file\'s hosts in chunks, however the bytes arrive', async () => {
    const { doc } = await exported();
    const hosts = [...doc.hosts, ...trickyHosts(doc.hosts[0]!)];
    for (const text of [JSON.stringify({ ...doc, hosts }), JSON.stringify({ ...doc, hosts }, null, 2), JSON.stringify({ ...doc, hosts }, null, '\t').replaceAll('\n', '\r\n')]) {
      for (const piece of [1, 2, 7, 64, 1 << 16]) {
        const messages = await read(text, 4, piece);
        expect(messages.map((m) => m.kind), `piece ${piece}`).toEqual(['policy', 'hosts', 'hosts', 'hosts', 'end']);
        expect(messages[0]).toEqual({ kind: 'policy', policy: doc.policy });
        expect(messages.slice(1, 4).map((m) => (JSON.parse((m as { json: string }).json) as unknown[]).length)).toEqual([4, 4, 1]);
        expect(messages.at(-1)).toEqual({ kind: 'end', result: { ok: true, hosts: 9, chunks: [], policy: doc.policy }, restart: false });
        expect(outcome(messages).hosts, `piece ${piece}`).toEqual(hosts);
      }
    }
  });

  it('hands on an empty hosts list as no chunk at all', async () => {
    const { doc } = await exported();
    const messages = await read(JSON.stringify({ ...doc, hosts: [] }), 4);
    expect(messages.map((m) => m.kind)).toEqual(['policy', 'end']);
    expect(outcome(messages)).toEqual({ result: { ok: true, hosts: 0, chunks: [], policy: doc.policy }, hosts: [] });
  });

  it('stops at a wrong head before reading on, and says only what is wrong with it', async () => {
    const { doc } = await exported();
    const text = JSON.stringify({ ...doc, version: 2 });
    const messages: ReadMessage[] = [];
    const source = { ...textSource(text), text: () => Promise.reject(new Error('read whole')) };
    await streamImport(source, 0, 4, async (m) => void messages.push(m));
    expect(messages).toEqual([{ kind: 'end', result: { ok: false, errors: [expect.stringMatching(/^version: 2 is newer/)] }, restart: false }]);
  });

  it('reads whole, and exactly as before, any file laid out otherwise, a pin list, and one that is not JSON', async () => {
    const { text, doc } = await exported();
    const { hosts, ...head } = doc;
    const cases: [string, string, boolean][] = [
      // [what, text, whether something was handed on before the cut gave up]
      ['hosts first', JSON.stringify({ hosts, ...head }), false],
      ['a member after the hosts', JSON.stringify({ ...doc, after: 1 }), true],
      ['a byte order mark', `\uFEFF${text}`, false],
      ['a list, not a document', JSON.stringify([doc]), false],
      ['a pin list', 'a.example.com sha256/krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=\n', false],
      ['hosts that are not a list', JSON.stringify({ ...doc, hosts: { a: 1 } }), false],
      ['a name "hosts" written with an escape', text.replace('"hosts":[', '"host\\u0073":['), false],
      ['cut short', text.slice(0, text.length - 40), true],
      ['no comma between hosts', text.replace('},{"host":"b.example.com"', '}{"host":"b.example.com"'), true],
      ['a comma before the end of the list', text.replace(/\n\]\}\n$/, ',\n]}\n'), true],
      ['something after the document', `${text} {}`, true],
      ['a second document', `${text}${text}`, true],
      ['a stray bracket in a host', text.replace('"host":"b.example.com"', '"host":"b.example.com"]'), true],
      ['a byte that is not JSON in a host', text.replace('"host":"b.example.com"', '"host":"b.example.com",\u0001'), true],
    ];
    for (const [what, bad, handedOn] of cases) {
      const messages = await read(bad, 1);
      const end = messages.at(-1)!;
      expect(end, what).toMatchObject({ kind: 'end', restart: handedOn });
      expect(messages.slice(0, -1).length > 0, what).toBe(handedOn);
      expect((end as { result: ReadImport }).result, what).toEqual(readImport(bad, 0, 1));
    }
  });

  it('takes 1,000 mutated documents just as reading them whole does', async () => {
    const { text, doc } = await exported();
    const random = rng(20261123);
    let streamed = 0;
    for (let i = 0; i < 1_000; i++) {
      const bad = mutate(doc as Json, text, random);
      const whole = readImport(bad, 0, 2);
      const messages = await read(bad, 2, 1 + (i % 13));
      const { result, hosts } = outcome(messages);
      if (messages[0]!.kind !== 'end') streamed += 1;
      // Either both refuse, or both take the same hosts and policy. A file that is not JSON may be
      // refused for its head before the break is reached: refused it is, either way.
      expect(result.ok, `case ${i}`).toBe(whole.ok);
      if (whole.ok && result.ok) {
        expect(result.policy, `case ${i}`).toEqual(whole.policy);
        expect(hosts, `case ${i}`).toEqual(whole.chunks.flatMap((c) => JSON.parse(c) as unknown[]));
      }
    }
    // Most mutations leave the layout alone: the cut really ran, it did not just hand everything over.
    expect(streamed).toBeGreaterThan(500);
  });
});
