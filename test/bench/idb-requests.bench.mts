// npm run bench:idb: what IndexedDB writes cost in Firefox, by layout, in an extension page of a
// real Firefox (a database of its own, not FirstSeen's): N host records, N summaries, 5N events,
// N hosts with events inline, N event rows (a host's events in one), and pages of 100 hosts (as objects, and as JSON text) and of 16 (JSON text); then
// reading each back whole, an export from each form, and a one-host lookup (ms each).
// Shows that the cost is per request, not per byte (docs/PERFORMANCE.md). BENCH_HOSTS sets N.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchFirefox, openExtensionPage } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN } from '../e2e/support/firstseen.js';
const N = Number(process.env.BENCH_HOSTS ?? 20000);
const work = mkdtempSync(join(tmpdir(), 'firstseen-bench-idb-'));
const ff = await launchFirefox({ profileDir: join(work, 'p'), hosts: [], extensions: [FIRSTSEEN], protocolTimeout: 1_800_000 });
const page = await openExtensionPage(ff.browser, `${EXTENSION_BASE}popup.html?tab=0`);
await page.evaluate('globalThis.__name = (f) => f');
const r = await page.evaluate(async (N: number) => {
  const out: Record<string, number> = {};
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const q = indexedDB.open('exp', 1);
    q.onupgradeneeded = () => {
      const d = q.result;
      d.createObjectStore('hosts', { keyPath: 'host' }).createIndex('by-domain', 'domain');
      d.createObjectStore('hostsNoIdx', { keyPath: 'host' });
      d.createObjectStore('summaries', { keyPath: 'host' });
      d.createObjectStore('events', { keyPath: 'id', autoIncrement: true }).createIndex('by-host', 'host');
      d.createObjectStore('inline', { keyPath: 'host' }).createIndex('by-domain', 'domain');
      d.createObjectStore('buckets');
      d.createObjectStore('bucketsJson');
      d.createObjectStore('buckets16Json');
      d.createObjectStore('eventRows', { keyPath: 'host' });
    };
    q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error);
  });
  const b64 = (n: number) => btoa(String(n).padStart(32, '0')).slice(0, 43) + '=';
  const rec = (i: number) => {
    const host = `host-${i}.example${i % 50}.test`; const at = 1_790_000_000_000 + i * 1000;
    const keys = [0, 1].map((k) => ({ spkiSha256: b64(i * 10 + k), issuerSpkiSha256: b64(7), status: 'first-use', firstSeen: at, lastSeen: at, timesSeen: 3,
      cert: { subject: `CN=${host}`, issuer: 'CN=Bench CA,O=FirstSeen Bench', spkiSha256: b64(i * 10 + k), fingerprintSha256: 'AB:'.repeat(31) + 'AB', serialNumber: '01:02:03:04', notBefore: at - 1e9, notAfter: at + 7e9 },
      chainSpki: [b64(i * 10 + k), b64(7), b64(8)], chainSubjects: [`CN=${host}`, 'CN=Bench CA,O=FirstSeen Bench', 'CN=Bench Root'], builtInRoot: true, ctStatus: 'ct_policy_compliant', tlsVersion: 'TLSv1.3' }));
    return { host, domain: `example${i % 50}.test`, firstSeen: at, lastSeen: at, timesSeen: 3, keys, hsts: false };
  };
  const ev = (host: string, at: number, e: number) => ({ host, at: at + e, kind: e === 0 ? 'first-use' : 'key-change', severity: 'notice', key: { spkiSha256: b64(e), issuerSpkiSha256: b64(7) } });
  const recs = Array.from({ length: N }, (_, i) => rec(i));
  const done = (tx: IDBTransaction) => new Promise<void>((res, rej) => { tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); tx.onabort = () => rej(tx.error); });
  const failed: string[] = [];
  async function time(name: string, store: string, fn: (s: IDBObjectStore) => void) {
    try {
      const t = performance.now();
      const tx = db.transaction(store, 'readwrite');
      fn(tx.objectStore(store));
      await done(tx);
      out[name] = Math.round(performance.now() - t);
    } catch (e) {
      failed.push(`${name}: ${e instanceof Error ? e.name : String(e)}`);
    }
  }
  await time('hosts+idx', 'hosts', (s) => { for (const r of recs) s.put(r); });
  await time('hosts-noidx', 'hostsNoIdx', (s) => { for (const r of recs) s.put(r); });
  await time('summaries', 'summaries', (s) => { for (const r of recs) s.put({ host: r.host, status: 'known', keyCount: 2, lastSeen: r.lastSeen, lastChangeSeverity: 'none', lastChangeAt: null }); });
  await time('events5x', 'events', (s) => { for (const r of recs) for (let e = 0; e < 5; e++) s.add(ev(r.host, r.lastSeen, e)); });
  await time('event-rows', 'eventRows', (s) => { for (const r of recs) s.put({ host: r.host, events: [0,1,2,3,4].map((e) => ev(r.host, r.lastSeen, e)) }); });
  await time('inline', 'inline', (s) => { for (const r of recs) s.put({ ...r, events: [0,1,2,3,4].map((e) => ev(r.host, r.lastSeen, e)) }); });
  await time('buckets100', 'buckets', (s) => { for (let i = 0; i < N; i += 100) s.put(recs.slice(i, i + 100).map((r) => ({ ...r, events: [0,1,2,3,4].map((e) => ev(r.host, r.lastSeen, e)) })), i); });
  await time('buckets100json', 'bucketsJson', (s) => { for (let i = 0; i < N; i += 100) s.put(JSON.stringify(recs.slice(i, i + 100).map((r) => ({ ...r, events: [0,1,2,3,4].map((e) => ev(r.host, r.lastSeen, e)) }))), i); });
  await time('buckets16json', 'buckets16Json', (s) => { for (let i = 0; i < N; i += 16) s.put(JSON.stringify(recs.slice(i, i + 16).map((r) => ({ ...r, events: [0,1,2,3,4].map((e) => ev(r.host, r.lastSeen, e)) }))), i); });
  // What an export costs from each form: the pages read back, made into JSON text.
  let t = performance.now();
  { const tx = db.transaction('buckets'); const q = tx.objectStore('buckets').getAll(); await done(tx); const text = (q.result as unknown[]).map((p) => JSON.stringify(p)); out['export-buckets-as-objects'] = Math.round(performance.now() - t); out.exportChars = text.reduce((n, x) => n + x.length, 0); }
  t = performance.now();
  { const tx = db.transaction('bucketsJson'); const q = tx.objectStore('bucketsJson').getAll(); await done(tx); const text = q.result as string[]; out['export-buckets-as-json'] = Math.round(performance.now() - t); out.exportCharsJson = text.reduce((n, x) => n + x.length, 0); }
  // And what a lookup of one host costs from each form: a page read, then the host found in it.
  for (const [name, store, size] of [['lookup-bucket-object', 'buckets', 100], ['lookup-bucket-json', 'bucketsJson', 100], ['lookup-bucket16-json', 'buckets16Json', 16]] as const) {
    t = performance.now();
    for (let k = 0; k < 50; k++) {
      const tx = db.transaction(store); const q = tx.objectStore(store).get(Math.floor((k * 7919) % N / size) * size); await done(tx);
      const page = (typeof q.result === 'string' ? JSON.parse(q.result) : q.result) as { host: string }[];
      if (!page.some((h) => h.host.startsWith('host-'))) throw new Error('empty page');
    }
    out[name] = Math.round((performance.now() - t) / 50 * 100) / 100;
  }
  t = performance.now();
  for (let k = 0; k < 50; k++) { const tx = db.transaction('inline'); tx.objectStore('inline').get(recs[(k * 7919) % N]!.host); await done(tx); }
  out['lookup-host-record'] = Math.round((performance.now() - t) / 50 * 100) / 100;
  t = performance.now();
  { const tx = db.transaction('inline'); const q = tx.objectStore('inline').getAll(); await done(tx); out['read-inline-all'] = Math.round(performance.now() - t); out.n = q.result.length; }
  t = performance.now();
  { const tx = db.transaction('buckets'); tx.objectStore('buckets').getAll(); await done(tx); out['read-buckets-all'] = Math.round(performance.now() - t); }
  t = performance.now();
  { const tx = db.transaction('hosts'); tx.objectStore('hosts').getAll(); await done(tx); out['read-hosts-all'] = Math.round(performance.now() - t); }
  t = performance.now();
  { const tx = db.transaction('events'); tx.objectStore('events').getAll(); await done(tx); out['read-events-all'] = Math.round(performance.now() - t); }
  t = performance.now();
  { const tx = db.transaction('eventRows'); tx.objectStore('eventRows').getAll(); await done(tx); out['read-event-rows-all'] = Math.round(performance.now() - t); }
  return { ...out, failed };
}, N);
console.log(JSON.stringify({ hosts: N, ...r }));
await ff.close();
rmSync(work, { recursive: true, force: true });
