// Time-based judgements: how far through its life a certificate is, and how much a key has earned.
import type { CertificateSummary } from './certificate.js';
import type { KnownKey } from './trust-record.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** TACK's cap on pin activation: trust grows with time seen, up to 30 days. */
export const MATURITY_CAP_MS = 30 * DAY_MS;

/** Certificates this short are renewed at about half their life (Let's Encrypt's 6-day profile). */
export const SHORT_LIVED_MS = 10 * DAY_MS;

/**
 * True when a certificate is in the last third of its validity, or expired: when its owner is
 * expected to replace it (certbot renews 90-day certificates with 30 days left; 47-day ones at 2/3).
 * A short-lived one is due from half its life: ACME clients renew 6-day certificates after ~3 days.
 */
export function nearEndOfLife(cert: CertificateSummary, now: number): boolean {
  const lifetime = cert.notAfter - cert.notBefore;
  return now >= cert.notAfter - lifetime * (isShortLived(cert) ? 1 / 2 : 1 / 3);
}

export function isShortLived(cert: CertificateSummary): boolean {
  return cert.notAfter - cert.notBefore <= SHORT_LIVED_MS;
}

/** How much trust a key has earned: min(30 days, time since it was first seen). */
export function trustMaturity(key: KnownKey, now: number): number {
  return Math.min(MATURITY_CAP_MS, Math.max(0, now - key.firstSeen));
}

/**
 * Whether a key still vouches for its host. Like TACK's pin activation, what a key has earned is the
 * span it has been seen, min(30 days, last seen - first seen); unlike TACK, which gives a key seen
 * once no protection at all, every key also protects its host for a 30-day base after its last
 * sighting, as SSH's known_hosts never forgets. So protection runs 30 to 60 days past the last
 * sighting: a key seen once, then not for 40 days, has lapsed; a key seen for two months has not.
 */
export function hasLapsed(key: KnownKey, now: number): boolean {
  const earned = Math.min(MATURITY_CAP_MS, key.lastSeen - key.firstSeen);
  return now - key.lastSeen > MATURITY_CAP_MS + earned;
}

/**
 * How long a key learned by a routine rule stays on probation: it matures once it has been seen
 * over this span. Until then, a key it was taken to replace coming back is an alarm: an impostor
 * whose interception ended, not a renewal (a renewed server does not go back to its old key).
 */
export const PROBATION_MS = 7 * DAY_MS;
/**
 * A replaced key seen again this soon after its replacement is a rollout still in progress (one
 * server renewed, its twin not yet), not a contradiction. Later sightings still count.
 */
export const ROLLOUT_GRACE_MS = 60 * 60 * 1000;
/**
 * A new host's first days: a key issued (by its SCT) before FirstSeen first saw the host and shown
 * within this span is one of the site's front ends, learned with the first. Past it, the same key
 * would be a certificate kept in reserve: an attacker's stockpile looks exactly like that.
 */
export const LEARNING_WINDOW_MS = 3 * DAY_MS;

/** True while a key learned by a routine rule has not yet been seen over PROBATION_MS. */
export function isProvisional(key: KnownKey): boolean {
  return key.provisional !== undefined && key.lastSeen - key.firstSeen < PROBATION_MS;
}
