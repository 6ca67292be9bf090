// Benchmark reference for `npm run bench:readcost`: what one webRequest.getSecurityInfo costs.
// Each document's URL names a way of reading (`way`), a count and an order; while Firefox holds
// that response, this reads its security info that many times, that way, and tells the page how
// long it took in a Server-Timing header (the page reads it from Navigation Timing, so no extension
// page has to be open beside the one measured). The bench reads the processes' CPU time around
// each load, which splits the cost into the parent's (where getSecurityInfo runs) and this
// add-on's process.
const WAYS = {
  // What FirstSeen and the rule floor read on every read response (tls-observer.ts: reader.leaf).
  leaf: { certificateChain: false, rawDER: false },
  // The same with no options object: Firefox's defaults, which are the same.
  defaults: undefined,
  // What FirstSeen reads for a key the host is not yet trusted with (reader.chain), and without DER.
  chain: { certificateChain: true, rawDER: false },
  chainDer: { certificateChain: true, rawDER: true },
};

browser.webRequest.onHeadersReceived.addListener(
  async (details) => {
    if (details.type !== 'main_frame') return {};
    const q = new URL(details.url).searchParams;
    const way = q.get('way') ?? 'none';
    const count = way === 'none' ? 0 : Number(q.get('count') ?? 0);
    let failed = 0;
    // An API call the parent answers with almost no work of its own: what any call costs.
    const call = way === 'emptyCall' ? () => browser.runtime.getBrowserInfo() : () => browser.webRequest.getSecurityInfo(details.requestId, WAYS[way]);
    const read = () => call().then(
      (info) => { if (way !== 'emptyCall' && (info.state !== 'secure' || !info.certificates?.length)) failed++; },
      () => { failed++; },
    );
    const started = performance.now();
    if (q.get('order') === 'parallel') await Promise.all(Array.from({ length: count }, read));
    else for (let i = 0; i < count; i++) await read();
    const ms = performance.now() - started;
    const timing = { name: 'Server-Timing', value: `read;dur=${ms.toFixed(3)}, failed;dur=${failed}` };
    return { responseHeaders: [...details.responseHeaders, timing] };
  },
  { urls: ['https://*/*'] },
  ['blocking', 'responseHeaders'],
);
