// Options of this device, not of the trust history: how hard to look, not what to trust. They are
// not exported; a history moved to another machine leaves that machine's choices alone.
import { isSpkiSha256 } from './certificate.js';

export interface Options {
  /**
   * Check every response, not only the first of each host in a page and then one per window
   * (check-schedule.ts). Slower on every page load; for users who want no window at all.
   */
  checkEveryResponse: boolean;
  /**
   * Stop a page whose verdict is critical (a key the user refused, an interception root on a host
   * seen with built-in roots) in every mode but ignore, with the warning page. On by default: an
   * icon alone protects nobody who is typing a password.
   */
  stopOnCritical: boolean;
  /**
   * Roots the user recognised, from an interception warning, as this machine's own TLS inspection
   * (antivirus, company proxy): a chain to one of them is named, not called an attack, on every
   * site. A choice of this machine, like the rest: never exported or imported (an imported file
   * must not be able to silence interception).
   */
  recognisedRoots: RecognisedRoot[];
}

export interface RecognisedRoot {
  /** The root certificate's subject, as it names itself: shown as text only. */
  name: string;
  spkiSha256: string;
  at: number;
}

export const DEFAULT_OPTIONS: Options = { checkEveryResponse: false, stopOnCritical: true, recognisedRoots: [] };

/** The boolean options, which a checkbox sets. */
export type BooleanOption = 'checkEveryResponse' | 'stopOnCritical';

function readRoots(value: unknown): RecognisedRoot[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is RecognisedRoot => typeof r === 'object' && r !== null && typeof r.name === 'string' && r.name.length <= 1000 &&
    isSpkiSha256(r.spkiSha256) && Number.isFinite(r.at)).slice(0, 20);
}

/** Options from storage, any unreadable part replaced by its default. */
export function readOptions(value: unknown): Options {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    checkEveryResponse: typeof v.checkEveryResponse === 'boolean' ? v.checkEveryResponse : DEFAULT_OPTIONS.checkEveryResponse,
    stopOnCritical: typeof v.stopOnCritical === 'boolean' ? v.stopOnCritical : DEFAULT_OPTIONS.stopOnCritical,
    recognisedRoots: readRoots(v.recognisedRoots),
  };
}
