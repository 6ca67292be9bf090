// Benchmark reference: the floor of FirstSeen's coverage rule (src/core/check-schedule.ts). It
// reads what the rule reads, the leaf alone, holding each read response until Firefox answers as
// FirstSeen does, and nothing more: no judging, storage, tab state or button. FirstSeen's load
// time over this one is what FirstSeen itself adds; this one's over the noop's is what the rule
// costs in Firefox. Kept in step with the rule by hand: every response of a type not passive, a
// passive one when it is its host's first in the tab's page, and the rest with probability 1/4.
const PASSIVE = new Set(['image', 'imageset', 'font', 'media']);
const RATE = 0.25;
const pages = new Map();

function unpredictable() {
  return crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
}

browser.webRequest.onHeadersReceived.addListener(
  (details) => {
    if (details.type === 'main_frame') pages.set(details.tabId, new Set());
    const host = new URL(details.url).host;
    let seen = pages.get(details.tabId);
    if (!seen) pages.set(details.tabId, (seen = new Set()));
    const read = !PASSIVE.has(details.type) || !seen.has(host) || unpredictable() < RATE;
    if (!read) return {};
    seen.add(host);
    return browser.webRequest.getSecurityInfo(details.requestId, { certificateChain: false, rawDER: false }).then(() => ({}), () => ({}));
  },
  { urls: ['https://*/*', 'wss://*/*'] },
  ['blocking'],
);
