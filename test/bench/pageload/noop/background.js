// Benchmark reference: the cost of holding every response, and nothing else.
browser.webRequest.onHeadersReceived.addListener(() => ({}), { urls: ['https://*/*', 'wss://*/*'] }, ['blocking']);
