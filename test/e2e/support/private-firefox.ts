// A private Firefox installation with enterprise policies of its own (shared/FIREFOX-FACTS.md): the
// system Firefox reads policies.json only from its installation's distribution/ folder, which every
// Firefox on the machine shares, and ignores browser.policies.alternatePath and
// toolkit.policies.perUserDir as profile prefs. So the test makes a folder with a symbolic link to
// each entry of the installation except the two binaries (copied: Firefox finds its installation
// from the real path of the running binary) and distribution/ (its own, with the test's policies).
import { copyFileSync, mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIREFOX } from './firefox.js';

const BINARIES = new Set(['firefox-esr', 'firefox-bin', 'firefox']);

/** Makes the installation under `dir` once; returns the path of its firefox-esr to start. */
export function privateInstallation(dir: string): string {
  const binary = realpathSync(FIREFOX);
  const installed = dirname(binary);
  mkdirSync(join(dir, 'distribution'), { recursive: true });
  for (const entry of readdirSync(installed)) {
    if (entry === 'distribution' || BINARIES.has(entry)) continue;
    symlinkSync(join(installed, entry), join(dir, entry));
  }
  copyFileSync(binary, join(dir, 'firefox-esr'));
  copyFileSync(binary, join(dir, 'firefox-bin'));
  return join(dir, 'firefox-esr');
}

/** Writes the policies.json the next start of that installation reads (Firefox reads it only at start). */
export function writePolicies(dir: string, policies: unknown): void {
  const file = join(dir, 'distribution', 'policies.json');
  rmSync(file, { force: true });
  writeFileSync(file, typeof policies === 'string' ? policies : JSON.stringify(policies, null, 2));
}
