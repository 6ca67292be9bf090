// Loads SecurityInfo objects captured from a real Firefox (test/fixtures/capture-security-info.mts).
import { readFileSync } from 'node:fs';
import { readObservation, type Observation, type RequestFacts } from '../../../src/core/observation.js';

export interface CapturedResponse {
  details: RequestFacts & { tabId: number; incognito: boolean };
  securityInfo: Record<string, unknown> & { certificates: Record<string, unknown>[] };
}

export type FixtureName =
  | 'first-visit-intermediate'
  | 'same-cert-again'
  | 'new-key-same-issuer'
  | 'new-root-ca'
  | 'script-from-cache'
  | 'overridden-untrusted';

export function captured(name: FixtureName): CapturedResponse {
  const url = new URL(`../../fixtures/security-info/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as CapturedResponse;
}

/** The observation a fixture gives, at a chosen time. */
export function observationOf(name: FixtureName, at: number): Observation {
  const c = captured(name);
  const result = readObservation(c.details, c.securityInfo, at);
  if (result.kind !== 'observation') throw new Error(`${name} gave ${result.kind}`);
  return result.observation;
}

/**
 * A moment just after the fixtures were captured: the first visit's certificate had just been
 * issued, and the later ones were issued seconds after it, mid-validity of the first.
 */
export const CAPTURED_AT: number =
  (captured('first-visit-intermediate').securityInfo.certificates[0]!.validity as { start: number }).start + 1_000;
