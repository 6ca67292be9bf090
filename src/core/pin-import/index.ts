// Pin lists people paste or export from elsewhere, read as FirstSeen pins. Which reader applies is
// told from the text itself: Android XML, a TrustKit plist, OkHttp code, or the line forms (HPKP
// headers, curl pin strings, FirstSeen's first "host sha256/…" list). An SSH known_hosts file is
// recognised too, and refused by name.
import { readAndroid } from './android.js';
import { isSshKeyLine, readLines } from './line-formats.js';
import { readOkHttp } from './okhttp.js';
import { PinCollector, type PinListResult } from './pin-list.js';
import { readTrustKit } from './trustkit.js';

export type { PinListResult } from './pin-list.js';

type Kind = 'android' | 'trustkit' | 'okhttp' | 'lines';

function kindOf(text: string): Kind | null {
  if (text.trimStart().startsWith('{')) return null;
  if (text.includes('<network-security-config')) return 'android';
  if (/<plist[\s>]/.test(text) || text.includes('TSKPinnedDomains')) return 'trustkit';
  if (/CertificatePinner|\.add\s*\(/.test(text)) return 'okhttp';
  // Blanks within one line only: with \s, each line start could run on across every newline after
  // it, and a megabyte of empty lines took minutes (issue #17). Each line is looked at once.
  if (/Public-Key-Pins|sha256\/\/|^[ \t]*\S+[ \t]+sha256\//im.test(text)) return 'lines';
  if (text.split(/\r?\n/, 200).some(isSshKeyLine)) return 'lines';
  return null;
}

export function looksLikePinList(text: string): boolean {
  return kindOf(text) !== null;
}

export function parsePinList(text: string, now: number): PinListResult {
  const into = new PinCollector(now);
  const kind = kindOf(text);
  if (kind === 'android') readAndroid(text, into);
  else if (kind === 'trustkit') readTrustKit(text, into);
  else if (kind === 'okhttp') readOkHttp(text, into);
  else readLines(text, now, into);
  return into.result();
}
