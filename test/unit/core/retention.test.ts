import { describe, expect, it } from 'vitest';
import { applyObservation } from '../../../src/core/apply.js';
import { registrableDomain } from '../../../src/core/domain.js';
import { judgeObservation } from '../../../src/core/judge.js';
import { isPrunable, pruneRecord } from '../../../src/core/retention.js';
import type { KeyStatus, TrustRecord } from '../../../src/core/trust-record.js';
import { CAPTURED_AT, observationOf } from './fixtures.js';

const DAY = 86_400_000;
const obs = observationOf('first-visit-intermediate', CAPTURED_AT);
const base: TrustRecord = applyObservation(undefined, obs, judgeObservation(undefined, obs), registrableDomain).record;
const withKeys = (...statuses: KeyStatus[]): TrustRecord => ({
  ...base,
  keys: statuses.map((status, i) => ({ ...base.keys[0]!, spkiSha256: `${i}`.repeat(43) + '=', status })),
});

describe('retention', () => {
  it('prunes keys unseen for N days, and expired ones, but never the user\'s decisions', () => {
    const later = CAPTURED_AT + 10 * DAY;
    const key = base.keys[0]!;
    expect(isPrunable(key, { unseenDays: 10, expired: false }, later)).toBe(true);
    expect(isPrunable(key, { unseenDays: 11, expired: false }, later)).toBe(false);
    expect(isPrunable(key, { unseenDays: null, expired: true }, key.cert.notAfter + 1)).toBe(true);
    expect(isPrunable(key, { unseenDays: null, expired: true }, later)).toBe(false);
    for (const status of ['accepted', 'pinned', 'rejected'] as const) {
      expect(isPrunable({ ...key, status }, { unseenDays: 0, expired: true }, key.cert.notAfter + 1)).toBe(false);
    }
  });

  it('keeps a host with what is left, with an event per pruned key; a host left with nothing goes', () => {
    const rule = { unseenDays: 0, expired: false };
    const mixed = pruneRecord(withKeys('first-use', 'accepted', 'pending'), rule, CAPTURED_AT + 1);
    expect(mixed?.record?.keys.map((k) => k.status)).toEqual(['accepted']);
    expect(mixed?.events.map((e) => [e.kind, e.key?.spkiSha256])).toEqual([['key-pruned', '0'.repeat(43) + '='], ['key-pruned', '2'.repeat(43) + '=']]);
    expect(pruneRecord(withKeys('first-use'), rule, CAPTURED_AT + 1)).toMatchObject({ record: null });
    expect(pruneRecord(withKeys('pinned'), rule, CAPTURED_AT + 1)).toBeUndefined();
  });
});
