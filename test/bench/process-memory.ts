// Samples the resident memory of Firefox's processes (sum of RSS from /proc), to report a peak.
import { readdirSync, readFileSync } from 'node:fs';

export function firefoxRssMiB(): number {
  let kib = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('firefox')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) kib += Number(rss[1]);
    } catch {
      // The process ended while we looked.
    }
  }
  return kib / 1024;
}

/** Samples every `everyMs` until stopped; returns the peak seen. */
export function samplePeak(everyMs = 200): { stop(): number } {
  let peak = firefoxRssMiB();
  const timer = setInterval(() => (peak = Math.max(peak, firefoxRssMiB())), everyMs);
  return { stop: () => (clearInterval(timer), Math.max(peak, firefoxRssMiB())) };
}
