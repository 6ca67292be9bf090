// Export and import through the real history service and store (fake-indexeddb).
import { describe, expect, it, vi } from 'vitest';
import { readImport } from '../../../src/core/history/read-import.js';
import { parseHistory } from '../../../src/core/history/validate.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { wireBackground } from '../background/wiring.js';
import { HistoryService } from '../../../src/background/history-service.js';
import { exportText, stage } from './history-helpers.js';

let n = 0;
async function profileWithHistory() {
  const bg = await wireBackground(`history-${++n}`, () => CAPTURED_AT);
  for (const host of ['a.example.com', 'b.example.com', 'c.test:8443']) {
    await bg.service.observe({ kind: 'observation', observation: { ...observationOf('first-visit-intermediate', CAPTURED_AT), host } }, { incognito: false });
  }
  await bg.service.observe({ kind: 'observation', observation: { ...observationOf('new-root-ca', CAPTURED_AT + 5000), host: 'b.example.com' } }, { incognito: false });
  await bg.ask({ type: 'add-pin', pattern: '**.example.com', pin: 'sha256/' + observationOf('first-visit-intermediate', 0).chain[1]!.spkiSha256, expiresAt: null });
  await bg.ask({ type: 'set-mode', host: 'c.test:8443', mode: 'strict' });
  await bg.ask({ type: 'set-ignore-rules', rules: ['*.internal'] });
  return bg;
}

describe('export', () => {
  it('is one documented JSON document with hosts, keys, events and the policy', async () => {
    const { history } = await profileWithHistory();
    const doc = JSON.parse(await exportText(history));
    expect(doc).toMatchObject({ format: 'firstseen-trust-history', version: 1, exportedAt: '2026-11-22T00:00:00.000Z' });
    expect(doc.hosts.map((h: { host: string }) => h.host)).toEqual(['a.example.com', 'b.example.com', 'c.test:8443']);
    expect(doc.hosts[1].keys.map((k: { status: string }) => k.status)).toEqual(['first-use', 'pending']);
    expect(doc.hosts[1].events.map((e: { kind: string }) => e.kind)).toEqual(['first-use', 'issuer-change']);
    expect(doc.hosts[0].keys[0].spkiSha256).toBe(observationOf('first-visit-intermediate', 0).leaf.spkiSha256);
    expect(doc.policy).toMatchObject({ modes: { 'c.test:8443': 'strict' }, ignoreRules: ['*.internal'] });
    expect(parseHistory(JSON.stringify(doc))).toMatchObject({ ok: true });
  });

  it('reads the next chunk ahead, and serves it only to the request it was read for', async () => {
    const { history } = await profileWithHistory();
    const hostOf = (c: { hostsJson: string }) => (JSON.parse(c.hostsJson) as { host: string }[]).map((h) => h.host);
    const first = await history.exportChunk(null, 1);
    expect(hostOf(first)).toEqual(['a.example.com']);
    // b.example.com was read ahead; a request for what follows b must not get it.
    expect(hostOf(await history.exportChunk('b.example.com', 1))).toEqual(['c.test:8443']);
    expect(hostOf(await history.exportChunk(first.last, 1))).toEqual(['b.example.com']);
    expect(hostOf(await history.exportChunk('b.example.com', 1))).toEqual(['c.test:8443']);
  });
});

describe('import', () => {
  it('is lossless: export, import into a fresh profile, export again gives the same document', async () => {
    const source = await profileWithHistory();
    const text = await exportText(source.history);
    const fresh = await wireBackground(`history-fresh-${++n}`, () => CAPTURED_AT + 60_000);
    const token = await stage(fresh.history, text);
    const preview = await fresh.history.preview(token);
    expect(preview).toMatchObject({ hosts: 3, added: 3, changed: 0, conflicts: [], pinsAdded: 1, modesAdded: 1, rulesAdded: 1 });
    await fresh.history.apply(token, {});
    expect(await exportText(fresh.history, '2030-01-01T00:00:00.000Z')).toBe(text.replace('2026-11-22T00:00:00.000Z', '2030-01-01T00:00:00.000Z'));
    // The hosts are known: the next visit is a match, not a first use.
    const next = await fresh.service.observe({ kind: 'observation', observation: { ...observationOf('same-cert-again', CAPTURED_AT + 70_000), host: 'a.example.com' } }, { incognito: false });
    expect(next?.kind).toBe('match');
  });

  it('merges, and never silently replaces a known key: conflicts wait for the user', async () => {
    const source = await profileWithHistory();
    const doc = JSON.parse(await exportText(source.history));
    // Imported a minute after the file's last sighting (the importer clamps the file's times to now).
    const mine = await wireBackground(`history-mine-${++n}`, () => CAPTURED_AT + 60_000);
    // Here a.example.com already trusts another key, and b.example.com's pending key was accepted.
    await mine.service.observe({ kind: 'observation', observation: { ...observationOf('new-root-ca', CAPTURED_AT), host: 'a.example.com' } }, { incognito: false });
    await mine.service.observe({ kind: 'observation', observation: { ...observationOf('first-visit-intermediate', CAPTURED_AT), host: 'b.example.com' } }, { incognito: false });
    const changed = await mine.service.observe({ kind: 'observation', observation: { ...observationOf('new-root-ca', CAPTURED_AT + 5000), host: 'b.example.com' } }, { incognito: false });
    await mine.service.decide('b.example.com', changed!.observed!, 'accepted');
    await mine.ask({ type: 'set-mode', host: 'c.test:8443', mode: 'ignore' });

    const token = await stage(mine.history, JSON.stringify(doc));
    const preview = await mine.history.preview(token);
    expect(preview.conflicts.map((c) => [c.host, c.kind, c.local, c.imported])).toEqual([
      ['a.example.com', 'new-trusted-key', null, 'first-use'],
      ['b.example.com', 'key-status', 'accepted', 'pending'],
      ['c.test:8443', 'mode', 'ignore', 'strict'],
    ]);
    // c.test:8443 is new here; a.example.com gains a key; b.example.com has nothing new.
    expect(preview).toMatchObject({ added: 1, changed: 1, unchanged: 1 });
    // Every change to how checking is done is listed: the rule and the pin are new here; the mode of
    // c.test:8443 differs from this profile's, so it is the conflict above, not a quiet change.
    expect(preview.policyChanges.rulesAdded).toEqual(['*.internal']);
    expect(preview.policyChanges.pinsAdded.map((p) => p.pattern)).toEqual(['**.example.com']);
    expect(preview.policyChanges.modesAdded).toEqual([]);
    // Keep mine, except take the imported mode.
    await mine.history.apply(token, { 'mode|c.test:8443': 'imported' });
    const a = await mine.service.record('a.example.com');
    expect(a?.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
    expect((await mine.service.record('b.example.com'))?.keys.map((k) => k.status)).toEqual(['first-use', 'accepted']);
    expect((await mine.service.policy.get()).modes['c.test:8443']).toBe('strict');
    expect((await mine.service.events('a.example.com')).map((e) => e.kind)).toContain('imported');

    // The same file again changes nothing.
    const again = await stage(mine.history, JSON.stringify(doc));
    expect(await mine.history.preview(again)).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
  });

  it('never lets a file rewrite how a known key is judged, and clamps its times to now', async () => {
    const source = await profileWithHistory();
    const doc = JSON.parse(await exportText(source.history));
    const mine = await wireBackground(`history-forged-${++n}`, () => CAPTURED_AT + 60_000);
    await mine.service.observe({ kind: 'observation', observation: { ...observationOf('first-visit-intermediate', CAPTURED_AT), host: 'a.example.com' } }, { incognito: false });
    const before = (await mine.service.record('a.example.com'))!.keys[0]!;
    const forged = doc.hosts.find((h: { host: string }) => h.host === 'a.example.com');
    const far = CAPTURED_AT + 365 * 86_400_000;
    forged.keys[0] = { ...forged.keys[0], builtInRoot: !before.builtInRoot, chainSpki: [before.spkiSha256, `${'E'.repeat(43)}=`], chainSubjects: ['CN=a', 'CN=Evil Root'], lastSeen: far, provisional: { replaces: [] } };
    forged.lastSeen = far;
    // Fields FirstSeen does not know, anywhere in a host, are dropped, never stored.
    const c = doc.hosts.find((h: { host: string }) => h.host === 'c.test:8443');
    Object.assign(c, { trustedBy: 'attacker' });
    Object.assign(c.keys[0], { alwaysTrust: true });
    Object.assign(c.keys[0].cert, { note: '<img src=x onerror=alert(1)>' });
    await mine.history.apply(await stage(mine.history, JSON.stringify(doc)), {});
    const stored = JSON.stringify(await mine.store.getRecord('c.test:8443'));
    for (const field of ['trustedBy', 'alwaysTrust', 'onerror']) expect(stored).not.toContain(field);
    expect(stored).toContain('"chainSpki"');
    const after = (await mine.service.record('a.example.com'))!;
    expect(after.keys[0]).toMatchObject({ builtInRoot: before.builtInRoot, chainSpki: before.chainSpki, chainSubjects: before.chainSubjects, cert: before.cert });
    expect(after.keys[0]!.provisional).toBeUndefined();
    expect(after.keys[0]!.lastSeen).toBe(CAPTURED_AT + 60_000);
    expect(after.lastSeen).toBe(CAPTURED_AT + 60_000);
  });

  it('writes the preview\'s plan when nothing was written since, and plans again when something was', async () => {
    const source = await profileWithHistory();
    const text = await exportText(source.history);
    // Previewed, then applied: the hosts are merged once, not twice.
    const once = await wireBackground(`history-reuse-${++n}`, () => CAPTURED_AT + 60_000);
    const reads = vi.spyOn(once.store, 'hostsPresent');
    const first = await stage(once.history, text);
    await once.history.preview(first);
    await once.history.apply(first, {});
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await once.store.countHosts()).toBe(3);

    // Here a.example.com shows another key between the preview and the apply: that key is kept.
    const busy = await wireBackground(`history-reuse-${++n}`, () => CAPTURED_AT + 60_000);
    const second = await stage(busy.history, text);
    expect(await busy.history.preview(second)).toMatchObject({ added: 3 });
    await busy.service.observe({ kind: 'observation', observation: { ...observationOf('new-root-ca', CAPTURED_AT + 30_000), host: 'a.example.com' } }, { incognito: false });
    await busy.history.apply(second, {});
    expect((await busy.service.record('a.example.com'))?.keys.map((k) => k.spkiSha256)).toEqual([
      observationOf('new-root-ca', 0).leaf.spkiSha256,
      observationOf('first-visit-intermediate', 0).leaf.spkiSha256,
    ]);
  });

  it('plans again after a write that came while the preview was reading, and after the store was reopened', async () => {
    const text = await exportText((await profileWithHistory()).history);
    const newKey = observationOf('new-root-ca', 0).leaf.spkiSha256;
    // A new key for a.example.com is written while the preview reads the store.
    const racing = await wireBackground(`history-race-${++n}`, () => CAPTURED_AT + 60_000);
    const read = racing.store.hostsPresent.bind(racing.store);
    let once = true;
    vi.spyOn(racing.store, 'hostsPresent').mockImplementation(async (hosts) => {
      const present = await read(hosts);
      if (once) {
        once = false;
        await racing.service.observe({ kind: 'observation', observation: { ...observationOf('new-root-ca', CAPTURED_AT + 30_000), host: 'a.example.com' } }, { incognito: false });
        await racing.service.writes.flushAll();
      }
      return present;
    });
    const token = await stage(racing.history, text);
    expect(await racing.history.preview(token)).toMatchObject({ added: 3 });
    await racing.history.apply(token, {});
    expect((await racing.service.record('a.example.com'))?.keys.map((k) => k.spkiSha256)).toContain(newKey);

    // The same store object, as far as counts go, but reopened: another store.
    const bg = await wireBackground(`history-reopen-${++n}`, () => CAPTURED_AT + 60_000);
    let current = bg.store;
    const history = new HistoryService(async () => current, bg.service, bg.directory, () => CAPTURED_AT + 60_000, bg.keeper);
    const second = await stage(history, text);
    await history.preview(second);
    current = { ...bg.store };
    const reads = vi.spyOn(current, 'hostsPresent');
    await history.apply(second, {});
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('holds a visit that comes while it writes until it is done: neither the import nor the visit is lost', async () => {
    const text = await exportText((await profileWithHistory()).history);
    const fileKey = observationOf('first-visit-intermediate', 0).leaf.spkiSha256;
    const seenKey = observationOf('new-root-ca', 0).leaf.spkiSha256;
    const racing = await wireBackground(`history-apply-race-${++n}`, () => CAPTURED_AT + 60_000);
    const token = await stage(racing.history, text);
    await racing.history.preview(token);
    // a.example.com, which the file brings, is visited with another key after the plan was made
    // and before it is written.
    const write = racing.store.importAll.bind(racing.store);
    let visiting: Promise<unknown> | undefined;
    vi.spyOn(racing.store, 'importAll').mockImplementation(async (...args) => {
      visiting = racing.service.observe({ kind: 'observation', observation: { ...observationOf('new-root-ca', CAPTURED_AT + 30_000), host: 'a.example.com' } }, { incognito: false });
      await new Promise((resolve) => setTimeout(resolve, 20));
      return write(...args);
    });
    await racing.history.apply(token, {});
    // Judged against the imported record: a change of key, not a first use.
    expect(await visiting).toMatchObject({ kind: 'issuer-change' });
    await racing.service.writes.flushAll();
    const stored = await racing.store.getRecord('a.example.com');
    expect(stored?.keys.map((k) => k.spkiSha256)).toEqual([fileKey, seenKey]);
    expect(stored).toEqual(await racing.service.record('a.example.com'));
  });

  it('says where bad input is wrong', () => {
    const bad = (doc: unknown) => {
      const r = parseHistory(typeof doc === 'string' ? doc : JSON.stringify(doc));
      return r.ok ? [] : r.errors;
    };
    const base = { format: 'firstseen-trust-history', version: 1, exportedAt: '2026-01-01T00:00:00Z', policy: { modes: {}, ignoreRules: [], pins: [] } };
    const key = { spkiSha256: 'nope', issuerSpkiSha256: '', status: 'first-use', firstSeen: 1, lastSeen: 1, timesSeen: 1,
      cert: { subject: 'x', issuer: 'y', spkiSha256: 'krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=', fingerprintSha256: 'a', serialNumber: 'b', notBefore: 1, notAfter: 2 },
      chainSpki: [], chainSubjects: [], builtInRoot: false, ctStatus: 'x', tlsVersion: 'y' };
    const host = (name: string, keys: unknown[] = []) => ({ host: name, domain: null, firstSeen: 1, lastSeen: 1, timesSeen: 1, keys, events: [] });
    expect(bad('{"format": ')[0]).toMatch(/^file: not JSON/);
    expect(bad({ ...base, format: 'other' })).toEqual(['format: not a FirstSeen trust history (expected "firstseen-trust-history")']);
    expect(bad({ ...base, version: 2, hosts: [] })).toEqual(['version: 2 is newer than this FirstSeen reads (1); update FirstSeen first']);
    expect(bad({ ...base, hosts: [host('a.test'), host('b.test'), host('c.test'), host('d.test', [key])] })).toEqual([
      'hosts[3].keys[0].spkiSha256: not a base64 SHA-256 digest',
    ]);
    expect(bad({ ...base, hosts: [host('a.test'), host('a.test')] })).toEqual(['hosts[1].host: duplicate of hosts[0]']);
    expect(bad({ ...base, hosts: [host('A.test')] })).toEqual(['hosts[0].host: not a host name in FirstSeen\'s form (lowercase, punycode, :port unless 443)']);
    expect(bad({ ...base, hosts: 'many' })).toEqual(['hosts: not a list']);
    expect(bad({ ...base, hosts: [{ ...host('a.test'), timesSeen: -1 }] })).toEqual(['hosts[0].timesSeen: not a whole number']);
    // A made-up alarm must not quiet an undecided key: change kinds only, notice or louder.
    const good = { ...key, spkiSha256: 'krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=', status: 'pending' };
    expect(bad({ ...base, hosts: [host('a.test', [{ ...good, unshownAlarm: { kind: 'match', severity: 'none', reasons: [] } }])] })).toEqual([
      'hosts[0].keys[0].unshownAlarm.kind: not one of key-change, issuer-change, interception, shared-connection, unresolved',
      'hosts[0].keys[0].unshownAlarm.severity: not one of notice, warning, critical',
    ]);
    expect(bad({ ...base, hosts: [host('a.test', [{ ...good, unshownAlarm: { kind: 'key-change', severity: 'warning', reasons: ['r'] } }])] })).toEqual([]);
    expect(bad({ ...base, policy: { modes: { x: 'loud' }, ignoreRules: ['a b'], pins: [] }, hosts: [] })).toEqual([
      'policy.modes["x"]: not one of strict, ignore', 'policy.ignoreRules[0]: "a b" is not a host name',
    ]);
  });

  it('checks each host where it is staged, and says where it is in the whole file', async () => {
    const bg = await profileWithHistory();
    const before = await exportText(bg.history);
    const doc = JSON.parse(before);
    const hosts = ['d.test', 'e.test', 'f.test', 'g.test'].map((host) => ({ ...doc.hosts[0], host }));
    hosts[3].keys = [{ ...hosts[3].keys[0], spkiSha256: 'nope' }];
    // The page's reading passes it: only the document around the hosts is checked there.
    const text = JSON.stringify({ ...doc, hosts }, null, 2);
    expect(readImport(text, 0, 2)).toMatchObject({ ok: true, hosts: 4 });
    // Staged two at a time, the bad host is in the second chunk, and named by its place in the file.
    await expect(stage(bg.history, text, 2)).rejects.toThrow(/^hosts\[3\]\.keys\[0\]\.spkiSha256: not a base64 SHA-256 digest$/);
    // A host twice, in different chunks: named with the place of its first appearance.
    const twice = JSON.stringify({ ...doc, hosts: [hosts[0], hosts[1], hosts[0]] });
    await expect(stage(bg.history, twice, 2)).rejects.toThrow(/^hosts\[2\]\.host: duplicate of hosts\[0\]$/);
    expect(await exportText(bg.history)).toBe(before);
  });

  it('runs one import at a time: beginning one ends the one before, and its staged hosts', async () => {
    const bg = await profileWithHistory();
    const text = await exportText(bg.history);
    const first = await stage(bg.history, text);
    const second = await stage(bg.history, text);
    expect(() => bg.history.stage(first, '[]', null)).toThrow('this import has expired: choose the file again');
    await expect(bg.history.preview(first)).rejects.toThrow('this import has expired');
    expect((await bg.history.preview(second)).hosts).toBe(JSON.parse(text).hosts.length);
    expect(bg.history['staged'].size).toBe(1);
  });

  it('imports an indented file just as a compact one', async () => {
    const text = await exportText((await profileWithHistory()).history);
    const compact = await wireBackground(`history-compact-${++n}`, () => CAPTURED_AT + 60_000);
    await compact.history.apply(await stage(compact.history, text), {});
    const indented = await wireBackground(`history-indented-${++n}`, () => CAPTURED_AT + 60_000);
    await indented.history.apply(await stage(indented.history, JSON.stringify(JSON.parse(text), null, 2)), {});
    expect(await exportText(indented.history)).toBe(await exportText(compact.history));
  });

  it('is all or nothing: after a failed import the store is exactly what it was', async () => {
    const bg = await profileWithHistory();
    const before = await exportText(bg.history);
    const doc = JSON.parse(before);
    // Valid on paper, but the last write fails inside the transaction (a record IndexedDB refuses).
    const token = await stage(bg.history, JSON.stringify({ ...doc, hosts: [{ ...doc.hosts[0], host: 'new.test' }, { ...doc.hosts[1], host: 'also-new.test' }] }));
    const store = await bg.history['store']();
    const real = store.importAll.bind(store);
    store.importAll = (records, events, policy) => real([...records, { host: undefined } as never], events, policy);
    await expect(bg.history.apply(token, {})).rejects.toThrow();
    store.importAll = real;
    expect(await exportText(bg.history)).toBe(before);
  });
});
