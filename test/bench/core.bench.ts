// npm run bench:core: the core's throughput on the hot path, in operations per second: reading a
// SecurityInfo captured from a real Firefox, judging a known key (a match), and applying the
// sighting. Not a test: nothing asserts on a time.
import { bench, describe } from 'vitest';
import { applyObservation } from '../../src/core/apply.js';
import { registrableDomain } from '../../src/core/domain.js';
import { judgeObservation } from '../../src/core/judge.js';
import { readObservation } from '../../src/core/observation.js';
import { CAPTURED_AT, captured, observationOf } from '../unit/core/fixtures.js';

const response = captured('same-cert-again');
const first = observationOf('first-visit-intermediate', CAPTURED_AT);
const record = applyObservation(undefined, first, judgeObservation(undefined, first), registrableDomain).record;
const again = observationOf('same-cert-again', CAPTURED_AT + 60_000);

describe('core, a known key', () => {
  bench('read a SecurityInfo', () => {
    readObservation(response.details, response.securityInfo, CAPTURED_AT);
  });
  bench('judge a match', () => {
    if (judgeObservation(record, again).kind !== 'match') throw new Error('not a match');
  });
  bench('read, judge and apply', () => {
    const result = readObservation(response.details, response.securityInfo, CAPTURED_AT + 60_000);
    if (result.kind !== 'observation') throw new Error(result.kind);
    applyObservation(record, result.observation, judgeObservation(record, result.observation), registrableDomain);
  });
});
