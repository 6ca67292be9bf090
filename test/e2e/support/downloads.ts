// What a page downloads, kept in the page: the blob and the file name of each download it starts
// with a link (history-files.ts `download`), so a test can read the file the user would get.
import type { Page } from 'puppeteer-core';

type Downloads = typeof globalThis & { __downloads: { url: string; blob: Blob; name?: string }[] };

export async function keepDownloads(page: Page): Promise<void> {
  await page.evaluate(`
    globalThis.__downloads = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => { const url = create(blob); globalThis.__downloads.push({ url, blob }); return url; };
    HTMLAnchorElement.prototype.click = function () {
      const d = globalThis.__downloads.find((x) => x.url === this.href);
      if (d) d.name = this.download;
    };
  `);
}

/** The first file downloaded, once there is one: its name and text. */
export async function firstDownload(page: Page): Promise<{ name: string; text: string }> {
  await page.waitForFunction(() => (globalThis as Downloads).__downloads.some((d) => d.name));
  return page.evaluate(async () => {
    const d = (globalThis as Downloads).__downloads.find((x) => x.name)!;
    return { name: d.name!, text: await d.blob.text() };
  });
}
