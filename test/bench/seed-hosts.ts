// Seeds a real Firefox profile's FirstSeen database with many hosts, from inside an extension page
// (the add-on's origin owns the database). Used by the benchmarks; not part of the add-on.
import type { Page } from 'puppeteer-core';

/**
 * tsx compiles with esbuild's keepNames, which wraps inner functions in __name(...): functions sent
 * to page.evaluate then need that helper in the page.
 */
export async function allowEsbuildNames(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name = (f) => f');
}

/**
 * Writes `count` hosts, each with `keys` keys and `events` events, in the store's page layout
 * (src/store/pages.ts: pages of 16 hosts in host order, as JSON text, with a summary page each),
 * in batched transactions.
 */
export async function seedHosts(page: Page, count: number, keys = 1, events = 0): Promise<void> {
  await allowEsbuildNames(page);
  await page.evaluate(async (count, keys, events) => {
    const open = () => new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('firstseen');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const db = await open();
    const b64 = (n: number) => btoa(String(n).padStart(32, '0')).slice(0, 43) + '=';
    const PAGE = 16;
    const PAGES_PER_TX = 125;
    const hostOf = (i: number) => `host-${i}.example${i % 50}.test`;
    // Pages hold hosts in key order, not in the order they are numbered.
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => (hostOf(a) < hostOf(b) ? -1 : 1));
    const entry = (i: number) => {
      const host = hostOf(i);
      const at = 1_790_000_000_000 + i * 1000;
      const keyList = Array.from({ length: keys }, (_, k) => ({
        spkiSha256: b64(i * 10 + k), issuerSpkiSha256: b64(7), status: 'first-use', firstSeen: at, lastSeen: at, timesSeen: 3,
        cert: { subject: `CN=${host}`, issuer: 'CN=Bench CA,O=FirstSeen Bench', spkiSha256: b64(i * 10 + k),
          fingerprintSha256: 'AB:'.repeat(31) + 'AB', serialNumber: '01:02:03:04', notBefore: at - 1e9, notAfter: at + 7e9 },
        chainSpki: [b64(i * 10 + k), b64(7), b64(8)], chainSubjects: [`CN=${host}`, 'CN=Bench CA,O=FirstSeen Bench', 'CN=Bench Root'],
        builtInRoot: true, ctStatus: 'ct_policy_compliant', tlsVersion: 'TLSv1.3',
      }));
      const record = { host, domain: `example${i % 50}.test`, firstSeen: at, lastSeen: at, timesSeen: 3, keys: keyList, hsts: false };
      const history = Array.from({ length: events }, (_, e) => ({
        at: at + e, kind: e === 0 ? 'first-use' : 'key-change', severity: e === 0 ? 'none' : 'notice',
        key: { spkiSha256: keyList[0]!.spkiSha256, issuerSpkiSha256: keyList[0]!.issuerSpkiSha256 } }));
      const summary = { host, status: 'known', keyCount: keys, lastSeen: at, lastChangeSeverity: i % 97 === 0 ? 'warning' : 'none', lastChangeAt: null };
      return { entry: { ...record, events: history }, summary };
    };
    for (let from = 0; from < count; from += PAGE * PAGES_PER_TX) {
      const tx = db.transaction(['pages', 'summaryPages'], 'readwrite');
      for (let p = from; p < Math.min(count, from + PAGE * PAGES_PER_TX); p += PAGE) {
        const made = order.slice(p, p + PAGE).map(entry);
        const hosts = made.map((m) => m.entry.host);
        tx.objectStore('pages').put({
          hosts, domains: [...new Set(made.map((m) => m.entry.domain))], loose: false, json: JSON.stringify(made.map((m) => m.entry)),
        }, hosts[0]);
        tx.objectStore('summaryPages').put({ hosts, json: JSON.stringify(made.map((m) => m.summary)) }, hosts[0]);
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    db.close();
  }, count, keys, events);
}
