// Pins: a SPKI SHA-256 that a host's chain must contain, as in HPKP. Users paste them in many forms;
// parsePinDigest accepts the common ones and says exactly what is wrong with anything else.
import { isSpkiSha256 } from './certificate.js';

export interface Pin {
  /** A host pattern (host-pattern.ts): a host, or a domain with its subdomains. */
  pattern: string;
  spkiSha256: string;
  addedAt: number;
  /** After this time the pin no longer enforces. */
  expiresAt: number | null;
  /** Set by the organisation (managed-policy.ts): required, shown read-only, never stored. */
  managed?: true;
  /**
   * Imported from a source that does not enforce it (an HPKP Report-Only header, TrustKit with
   * TSKEnforcePinning false): shown with the host's pins, never enforced.
   */
  reportOnly?: true;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEX = /^[0-9a-fA-F]+$/;

function bytesToBase64(bytes: number[]): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function base64Length(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length * 3) / 4 - padding;
}

/**
 * Accepts `sha256/BASE64` (OkHttp), `pin-sha256="BASE64"` (HPKP), bare base64 (padded or not) and
 * hex (with or without colons). Returns the digest in Firefox's padded base64, or an error sentence.
 */
export function parsePinDigest(input: string): { spkiSha256: string } | { error: string } {
  let text = input.trim();
  if (text === '') return { error: 'the pin is empty' };
  const hpkp = /^pin-sha256\s*=\s*"([^"]*)"\s*;?$/i.exec(text);
  if (hpkp) text = hpkp[1]!.trim();
  else if (/^pin-sha1\s*=/i.test(text) || /^sha1\//i.test(text)) return { error: 'SHA-1 pins are not supported: use a SHA-256 pin' };
  else if (/^sha256\//i.test(text)) text = text.slice(7);
  if (text.includes(':') || (HEX.test(text) && text.length === 64)) {
    const hex = text.replaceAll(':', '');
    if (!HEX.test(hex)) return { error: 'hex pins may contain only 0-9, a-f and colons' };
    if (hex.length !== 64) return { error: `a SHA-256 digest is 32 bytes; this hex is ${hex.length / 2} bytes` };
    return { spkiSha256: bytesToBase64(hex.match(/../g)!.map((h) => parseInt(h, 16))) };
  }
  if (!BASE64.test(text)) return { error: 'not base64: only A-Z, a-z, 0-9, + and / are allowed, with = at the end' };
  const padded = text.length % 4 === 0 ? text : text + '='.repeat(4 - (text.length % 4));
  if (padded.length % 4 !== 0 || base64Length(padded) !== 32) {
    return { error: `a SHA-256 digest is 32 bytes; this base64 is ${Math.floor(base64Length(padded))} bytes` };
  }
  if (!isSpkiSha256(padded)) return { error: 'not a base64 SHA-256 digest' };
  return { spkiSha256: padded };
}

/** The pins that apply to a host now: matching pattern, not expired. */
export function isPinActive(pin: Pin, now: number): boolean {
  return pin.expiresAt === null || now < pin.expiresAt;
}

/** A pin that stops a chain without it: active, and not report-only. */
export function isPinEnforcing(pin: Pin, now: number): boolean {
  return !pin.reportOnly && isPinActive(pin, now);
}

/** A pin set without a backup: every pin is in the current chain, so a key rotation would lock the site out. */
export function lacksBackupPin(pins: readonly Pin[], currentChainSpki: readonly string[]): boolean {
  return pins.length > 0 && pins.every((p) => currentChainSpki.includes(p.spkiSha256));
}
