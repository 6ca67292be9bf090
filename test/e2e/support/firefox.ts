// Launches a real headless Firefox ESR through puppeteer-core over WebDriver BiDi
// (recipe in shared/FIREFOX-FACTS.md), with test CAs trusted and made-up hosts resolved locally.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import puppeteer, { type Browser, type Page, type PuppeteerLifeCycleEvent } from 'puppeteer-core';
import type { Authority } from './certs.js';

export const FIREFOX = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';

export interface ExtensionUnderTest {
  /** The built add-on folder. */
  dir: string;
  /** Its browser_specific_settings.gecko.id. */
  geckoId: string;
  /** The fixed moz-extension:// UUID to give it, so pages have a known URL. */
  uuid: string;
}

export interface LaunchOptions {
  profileDir: string;
  hosts: string[];
  extensions?: ExtensionUnderTest[];
  prefs?: Record<string, string | number | boolean>;
  /** Behave like a user who clicks through every certificate warning. */
  acceptInsecureCerts?: boolean;
  /**
   * Let the extensions run in private windows, as a user does in about:addons. Firefox keeps that
   * choice in the profile's extension-preferences.json, which is written before the launch.
   */
  allowPrivate?: boolean;
  /** Another Firefox binary to start (a private installation with its own policies.json). */
  executablePath?: string;
  /** How long one driver call may take (puppeteer's default is 180 s); benchmarks of big stores need more. */
  protocolTimeout?: number;
}

/** Makes a profile folder whose NSS store trusts `authorities`. Idempotent. */
export function prepareProfile(profileDir: string, authorities: Authority[]): void {
  if (existsSync(`${profileDir}/cert9.db`)) return;
  mkdirSync(profileDir, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${profileDir}`, '--empty-password']);
  for (const ca of authorities) {
    execFileSync('certutil', ['-A', '-d', `sql:${profileDir}`, '-n', ca.name, '-t', 'C,,', '-i', ca.certPath]);
  }
}

export interface RunningFirefox {
  browser: Browser;
  extensionIds: string[];
  close(): Promise<void>;
}

export async function launchFirefox(opts: LaunchOptions): Promise<RunningFirefox> {
  if (opts.allowPrivate) {
    mkdirSync(opts.profileDir, { recursive: true });
    const allowed = Object.fromEntries((opts.extensions ?? []).map((e) => [e.geckoId, { permissions: ['internal:privateBrowsingAllowed'], origins: [] }]));
    writeFileSync(`${opts.profileDir}/extension-preferences.json`, JSON.stringify(allowed));
  }
  const uuids = Object.fromEntries((opts.extensions ?? []).map((e) => [e.geckoId, e.uuid]));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: opts.executablePath ?? FIREFOX,
    headless: true,
    // A bound on waiting for Firefox's endpoint, not a wait: 30 s (puppeteer's default) ran out
    // once beside a CPU hog on both cores, with other Firefoxes starting.
    timeout: 120_000,
    acceptInsecureCerts: opts.acceptInsecureCerts ?? false,
    ...(opts.protocolTimeout ? { protocolTimeout: opts.protocolTimeout } : {}),
    userDataDir: opts.profileDir,
    args: ['--remote-allow-system-access'],
    // Puppeteer's network events double page-load times and are not needed.
    networkEnabled: false,
    dumpio: !!process.env.DEBUG_FF,
    extraPrefsFirefox: {
      'network.dns.localDomains': opts.hosts.join(','),
      'extensions.webextensions.uuids': JSON.stringify(uuids),
      // Installed add-ons are temporary: keep their data and URL across a reinstall after a restart.
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      ...(process.env.DEBUG_FF ? { 'devtools.console.stdout.content': true } : {}),
      ...opts.prefs,
    },
  });
  const extensionIds: string[] = [];
  for (const ext of opts.extensions ?? []) extensionIds.push(await browser.installExtension(ext.dir));
  return {
    browser,
    extensionIds,
    async close() {
      await browser.close();
    },
  };
}

/**
 * Opens a moz-extension:// page in a new tab. Only "commit" works for these URLs over BiDi
 * ("load" times out); the DOM can be read afterwards. Puppeteer's types do not list it.
 */
export async function openExtensionPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'commit' as PuppeteerLifeCycleEvent });
  return page;
}
