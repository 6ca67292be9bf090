// The management page as a triage tool, in a real Firefox, with 200 sites imported: the sites that
// need a decision first with their count, ?host= scrolling to its site, Unicode and punycode
// search, the keyboard (skip link, one Tab stop for the list, arrow keys), focus landing on an
// action's result, and modes applied only on purpose.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { key, record, LEAF, LEAF2 } from '../unit/pins/pin-fixtures.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';

let work: string;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
const HOSTS = Array.from({ length: 200 }, (_, i) => `site${String(i).padStart(3, '0')}.example`);
const PENDING = 'site150.example';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-triage-'));
  const hosts = [...HOSTS, 'xn--bcher-kva.example'].map((h) => ({
    ...record(h, h === PENDING ? [key(LEAF), key(LEAF2, undefined, 'pending')] : [key(LEAF)]), events: [],
  }));
  writeFileSync(join(work, 'history.json'), JSON.stringify({ format: 'firstseen-trust-history', version: 1, exportedAt: new Date().toISOString(), policy: { modes: {}, ignoreRules: [], pins: [] }, hosts }));
  prepareProfile(join(work, 'profile'), []);
  firefox = await launchFirefox({ profileDir: join(work, 'profile'), hosts: [], extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
  const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
  await page.waitForSelector('body[data-ready="yes"]');
  await (await page.$('input#import-file'))!.uploadFile(join(work, 'history.json'));
  await page.waitForSelector('[data-preview] button[data-action="import-apply"]');
  await page.click('button[data-action="import-apply"]');
  await page.waitForSelector('[data-imported]');
  await page.close();
}, 180_000);

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

async function manager(query = ''): Promise<Page> {
  const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html${query}`);
  await page.waitForSelector('body[data-ready="yes"] .host-table[data-total]');
  return page;
}

const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? (el.closest('[data-host]')?.getAttribute('data-host') ?? el.id ?? el.tagName) : null;
});

describe('the management page for triage, in a real Firefox', () => {
  it('lists the sites that need a decision first, with their count', async () => {
    const page = await manager();
    await page.waitForSelector('[data-role="needs-decision"]');
    expect(await page.$eval('[data-role="needs-decision"]', (e) => [e.getAttribute('data-count'), e.querySelector('h2')?.textContent])).toEqual(['1', '1 site needs your decision']);
    expect(await page.$$eval('[data-role="needs-decision"] li', (els) => els.map((e) => e.getAttribute('data-host')))).toEqual([PENDING]);
    // Its button opens the site's detail and takes focus there.
    await page.click(`[data-role="needs-decision"] li[data-host="${PENDING}"] button`);
    await page.waitForSelector(`.host-detail[data-host="${PENDING}"]`);
    await page.waitForFunction(() => document.activeElement?.id === 'host-detail');
    // Accept: focus lands on the message saying so, with its undo.
    await page.click(`.host-detail .key[data-status="pending"] button[data-action="accept"]`);
    await page.waitForSelector('[data-message]');
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-message'));
    expect(await page.$eval('[data-message]', (e) => e.textContent)).toContain(`Key accepted for ${PENDING}`);
    await page.waitForSelector('[data-role="needs-decision"][data-count="0"]');
    // Undo puts the key back to waiting.
    await page.click('[data-message] button[data-action="undo"]');
    await page.waitForSelector('[data-role="needs-decision"][data-count="1"]');
    await page.close();
  });

  it('says what happened on each waiting site, and blocks its new key from the list, the safe choice', async () => {
    const page = await manager();
    const row = `[data-role="needs-decision"] li[data-host="${PENDING}"]`;
    await page.waitForSelector(row);
    expect(await page.$eval(`${row} [data-field="what"]`, (e) => e.textContent)).toBeTruthy();
    // Only blocking is offered inline (accepting asks for the site's detail: "Review").
    expect(await page.$$eval(`${row} button`, (els) => els.map((b) => b.getAttribute('data-action')))).toEqual([null, 'block-waiting', 'review']);
    await page.click(`${row} button[data-action="block-waiting"]`);
    await page.waitForSelector('[data-role="needs-decision"][data-count="0"]');
    expect(await page.$eval('[data-message]', (e) => e.textContent)).toContain('Blocked the waiting keys: 1');
    const keys = (await driver.history(PENDING)).record!.keys;
    expect(keys.map((k) => k.status)).toEqual(['first-use', 'rejected']);
    // Back to waiting, as the tests below expect it.
    await driver.send({ type: 'decide-key', host: PENDING, key: { spkiSha256: keys[1]!.spkiSha256, issuerSpkiSha256: keys[1]!.issuerSpkiSha256 }, decision: 'undecided' });
    expect((await driver.history(PENDING)).record?.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
    await page.close();
  });

  it('scrolls to the site named by ?host=, far down the list', async () => {
    const page = await manager(`?host=${PENDING}`);
    await page.waitForFunction((h) => {
      const row = document.querySelector(`.host-body [role="row"][data-host="${h}"]`);
      const box = document.querySelector('.host-body');
      if (!row || !box) return false;
      const r = row.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      return r.top >= b.top && r.bottom <= b.bottom;
    }, { timeout: 10_000 }, PENDING);
    await page.close();
  });

  it('finds a site by its Unicode name and by its punycode', async () => {
    const page = await manager();
    for (const text of ['bücher', 'xn--bcher']) {
      await page.$eval('#host-search', (e) => ((e as HTMLInputElement).value = ''));
      await page.type('#host-search', text);
      await page.waitForFunction(() => document.querySelector('.host-table')?.getAttribute('data-total') === '1');
      expect(await page.$$eval('.host-body [role="row"]', (rows) => rows.map((r) => r.getAttribute('data-host')))).toEqual(['xn--bcher-kva.example']);
    }
    await page.close();
  });

  it('is one Tab stop for the whole list, moved through with the arrow keys, and the skip link reaches the detail', async () => {
    const page = await manager(`?host=${HOSTS[0]}`);
    await page.waitForSelector(`.host-detail[data-host="${HOSTS[0]}"]`);
    const tabStops = await page.$$eval('.host-body button', (bs) => bs.filter((b) => (b as HTMLButtonElement).tabIndex === 0).length);
    expect(tabStops).toBe(1);
    await page.focus(`.host-body [data-host="${HOSTS[0]}"] button`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((h) => document.activeElement?.closest('[data-host]')?.getAttribute('data-host') === h, {}, HOSTS[2]);
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.activeElement?.closest('[data-host]')?.getAttribute('data-host') === 'xn--bcher-kva.example');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.host-detail[data-host="xn--bcher-kva.example"]');
    await page.waitForFunction(() => document.activeElement?.id === 'host-detail');
    await page.close();
    // On a fresh page the skip link is the first Tab stop, and leads to the detail.
    const fresh = await manager(`?host=${HOSTS[5]}`);
    await fresh.waitForSelector(`.host-detail[data-host="${HOSTS[5]}"]`);
    await fresh.keyboard.press('Tab');
    expect(await fresh.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('skip-to-detail');
    await fresh.keyboard.press('Enter');
    await fresh.waitForFunction(() => document.activeElement?.id === 'host-detail');
    expect(await focused(fresh)).toBe(HOSTS[5]);
    await fresh.close();
    // With no site chosen there is no detail, and no link that leads nowhere.
    const none = await manager('');
    await none.waitForSelector('.host-body [data-host]');
    expect(await none.$('[data-action="skip-to-detail"]')).toBeNull();
    expect(await none.$('#host-detail')).toBeNull();
    await none.close();
  });

  it('applies no mode while the arrow keys pass over them, Ignore included', async () => {
    const page = await manager(`?host=${HOSTS[1]}`);
    await page.waitForSelector(`.host-detail[data-host="${HOSTS[1]}"]`);
    await page.focus('input[data-mode="watch"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.$eval('input[data-mode="ignore"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect((await driver.send<{ modes: Record<string, string> }>({ type: 'get-policy' })).modes[HOSTS[1]!]).toBeUndefined();
    expect(await page.$eval('button[data-action="apply-mode"]', (b) => b.textContent)).toBe('Apply: Ignore');
    await page.close();
  });

  it('lists what a retention rule would remove before removing it, and undoes it', async () => {
    const page = await manager();
    await page.$eval('#prune-days', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#prune-days', '0');
    await page.click('#prune-expired');
    await page.click('button[data-action="prune-preview"]');
    await page.waitForSelector('[data-prune-preview]');
    const listed = await page.$$eval('[data-prune-host]', (els) => els.map((e) => [e.getAttribute('data-prune-host'), e.getAttribute('data-gone')]));
    expect(listed).toHaveLength(201);
    expect(listed).toContainEqual(['xn--bcher-kva.example', 'true']);
    // Nothing is removed by the preview.
    expect(await page.$eval('.host-table', (e) => e.getAttribute('data-total'))).toBe('201');
    await page.click('button[data-action="prune"]');
    await page.waitForSelector('[data-pruned] button[data-action="undo-prune"]');
    await page.waitForFunction(() => document.querySelector('.host-table')?.getAttribute('data-total') === '0');
    expect(await page.$eval('.host-table', (e) => e.textContent)).toContain('No site yet');
    await page.click('button[data-action="undo-prune"]');
    await page.waitForSelector('[data-prune-undone="201"]');
    await page.waitForFunction(() => document.querySelector('.host-table')?.getAttribute('data-total') === '201');
    expect((await driver.history(PENDING)).record?.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
    await page.close();
  });
});
