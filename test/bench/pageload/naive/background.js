// Benchmark reference: what a first attempt at a certificate watcher does on every response.
const leaves = new Map();
browser.webRequest.onHeadersReceived.addListener(
  async (details) => {
    const info = await browser.webRequest.getSecurityInfo(details.requestId, { certificateChain: true });
    const leaf = info?.certificates?.[0]?.subjectPublicKeyInfoDigest?.sha256;
    if (leaf) leaves.set(new URL(details.url).host, leaf);
    return {};
  },
  { urls: ['https://*/*', 'wss://*/*'] },
  ['blocking'],
);
