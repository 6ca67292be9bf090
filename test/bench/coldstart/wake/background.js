// Benchmark reference: the least an event page woken by a response can do before a verdict, that
// is, start, see the response and read its SecurityInfo. Times are on the page's own clock, as
// FirstSeen's wake report is.
const wake = { startedAt: Date.now(), firstLineMs: performance.now(), responseMs: null, securityInfoMs: null };
browser.webRequest.onHeadersReceived.addListener(
  async (details) => {
    wake.responseMs ??= performance.now();
    await browser.webRequest.getSecurityInfo(details.requestId, { certificateChain: true });
    wake.securityInfoMs ??= performance.now();
    return {};
  },
  { urls: ['https://*/*', 'wss://*/*'] },
  ['blocking'],
);
// Read by the benchmark from report.html.
browser.runtime.onMessage.addListener(() => Promise.resolve(wake));
