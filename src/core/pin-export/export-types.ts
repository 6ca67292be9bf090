// What every pin writer returns: the file, and an account of everything it could not carry as
// asked. Nothing is widened, narrowed or dropped without an entry here, and the file says it too.
import { commentText } from './comment-text.js';
import type { PinGroup, PinPlan } from './plan.js';

export const PIN_FORMATS = ['okhttp-kotlin', 'okhttp-java', 'android', 'curl', 'trustkit', 'hpkp'] as const;
export type PinFormat = (typeof PIN_FORMATS)[number];

/** Why a pattern was left out of a format. */
export const REFUSAL_REASONS = [
  'port', // the client cannot restrict a pin to one port
  'one-label-wildcard', // *.domain: the client has no "exactly one label" wildcard
  'wildcard', // the client pins one named host
  'too-few-pins', // the client refuses a host with fewer than two pins (HPKP: one in the chain, one backup)
  'no-pin-outside-chain', // RFC 7469 §4.3: a UA must not note such a header
  'no-pin-in-chain', // RFC 7469 §2.6: the header fails pin validation on its own connection
  'ip-literal', // RFC 7469 pins host names: an address gets no header
  'unknown-suffix', // TrustKit: a name under no public suffix it knows (an address, localhost, .lan) stops the app at launch
  'subdomains-of-suffix', // TrustKit: includeSubdomains on a public suffix (**.github.io) stops the app at launch
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** What a format carried differently from FirstSeen, and said so. */
export const CAVEAT_KINDS = [
  'expiry-not-expressible', // the client has no expiry: the file says the date in a comment
  'earliest-expiry', // one expiry per host: the earliest of the pins' was used
  'merged-with-subdomains', // a host and its **. pattern share one entry in this format
  'inherits-wider-pins', // the client reads only the most specific entry: this one also holds a wider pattern's pins
  'leaf-only', // curl compares the server's own key only: no pin here is a leaf key
  'ca-pins-ignored', // curl compares the server's own key only: its CA pins are named as ignored
  'max-age-capped', // HPKP's max-age was cut to end when the pins expire
  'needs-okhttp-4-3', // OkHttp matches "**." only from 4.3.0: older versions pin nothing with it
  'okhttp-3-two-levels', // written for OkHttp before 4.3: "**.d" as "d" and "*.d"; hosts two or more labels below d are not pinned
  'served-chain-unknown', // HPKP: a host FirstSeen never saw; whether one pin is in its chain is not known
] as const;
export type CaveatKind = (typeof CAVEAT_KINDS)[number];

export interface Refusal { pattern: string; reason: RefusalReason }
export interface Caveat { pattern: string; kind: CaveatKind }

export interface PinExport {
  format: PinFormat;
  text: string;
  fileName: string;
  mime: string;
  /** The patterns written, in order. */
  written: string[];
  refused: Refusal[];
  caveats: Caveat[];
}

export interface WriteOptions {
  now: number;
  /**
   * The Java or Kotlin package the OkHttp file declares (packageError says whether it is one): a
   * class in the default package cannot be imported from an app's own packages. Absent: none.
   */
  packageName?: string;
  /**
   * For OkHttp before 4.3.0, which accepts "**." but pins nothing with it: each "**.domain" is
   * written as "domain" and "*.domain", which 3.x matches (hosts two or more labels below the
   * domain are then not pinned, and the review says so).
   */
  okhttpBefore43?: boolean;
}

const JAVA_KEYWORDS = new Set(('abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for goto if ' +
  'implements import instanceof int interface long native new package private protected public return short static strictfp super switch synchronized this throw throws ' +
  'transient try void volatile while true false null var record yield sealed permits').split(' '));
const KOTLIN_HARD_KEYWORDS = new Set('as break class continue do else false for fun if in interface is null object package return super this throw true try typealias typeof val var when while'.split(' '));

/** Why `name` is not a package name both Java and Kotlin accept (ASCII letters, digits, _), or null. */
export function packageError(name: string): string | null {
  if (name.length > 200) return 'a package name of at most 200 characters';
  const parts = name.split('.');
  for (const part of parts) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) return `"${part}" is not a Java identifier: letters, digits and _, not starting with a digit`;
    if (JAVA_KEYWORDS.has(part) || KOTLIN_HARD_KEYWORDS.has(part)) return `"${part}" is a keyword of Java or Kotlin`;
  }
  return null;
}

export type PinWriter = (plan: PinPlan, options: WriteOptions) => PinExport;

export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The westernmost time zone in use (UTC−12): where a date's midnight comes last. */
const LATEST_MIDNIGHT_MS = 12 * 3_600_000;

/**
 * An expiry as a date for a client that reads yyyy-MM-dd as midnight in the device's own time zone
 * (Android's SimpleDateFormat, TrustKit's date formatter) and stops enforcing from then: the date
 * whose midnight, in every time zone, is no later than `at`, so the pins never outlive FirstSeen's.
 */
export const expiryDate = (at: number) => day(at - LATEST_MIDNIGHT_MS);

const REFUSAL_TEXT: Record<RefusalReason, string> = {
  'port': 'this client cannot restrict a pin to one port; pin the host without a port to cover every port',
  'one-label-wildcard': 'this client has no wildcard for exactly one label (*.); use the host names, or **. for every depth',
  'wildcard': 'this client pins one named host; export each host',
  'too-few-pins': 'this client refuses a host with fewer than two pins (one must be a backup)',
  'no-pin-outside-chain': 'RFC 7469 §4.3: a browser must not note a header whose pins are all in the served chain; add a backup key held offline',
  'no-pin-in-chain': 'RFC 7469 §2.6: no pin is in the chain this host serves, so the header fails its own validation; pin a key of that chain',
  'ip-literal': 'RFC 7469 pins host names, not addresses',
  'unknown-suffix': 'TrustKit stops the app at launch for a name under no public suffix it knows (an address, localhost, .lan, .internal, a TLD newer than its list)',
  'subdomains-of-suffix': 'TrustKit stops the app at launch for includeSubdomains on a public suffix; pin each site under it',
};

/** The comment lines every file starts with: what it is, and what it leaves out and why (each comment-safe). */
export function headerLines(title: string, plan: PinPlan, refused: readonly Refusal[], now: number): string[] {
  const lines = [`FirstSeen pins ${title}, exported ${day(now)}.`,
    'Each pin is the base64 SHA-256 of a certificate\'s SubjectPublicKeyInfo.'];
  for (const r of refused) lines.push(`Left out ${r.pattern}: ${REFUSAL_TEXT[r.reason]}.`);
  for (const e of plan.expired) lines.push(`Left out ${e.pattern} sha256/${e.spkiSha256}: expired ${day(e.expiresAt)}.`);
  return lines.map(commentText);
}

/** One line naming each pin's place in the served chain, for the comment above a host's pins (comment-safe: CA names are the certificates' own). */
export function describePins(group: PinGroup): string {
  const what = group.pins.map((p) => {
    const where = p.position === 'leaf' ? 'leaf key' : p.position === 'earlier-leaf' ? 'earlier leaf key'
      : p.position === 'outside' ? 'key outside the served chain' : `${p.position}: ${p.name ?? '?'}`;
    return p.source === 'backup' ? `${where} (backup)` : where;
  });
  return commentText(`${group.pattern}: ${what.join(', ')}${group.expiresAt !== null ? `; expires ${day(group.expiresAt)}` : ''}`);
}
