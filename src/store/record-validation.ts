// Records read back from IndexedDB are checked before use: storage can be edited by hand, by a
// cleaner add-on, or hold an older shape. A record that fails is reported, never silently relearned.
import { isSpkiSha256 } from '../core/certificate.js';
import { isKeyStatus, type TrustRecord } from '../core/trust-record.js';

export class CorruptRecordError extends Error {
  constructor(host: string, problem: string) {
    super(`stored record for ${host} is unreadable: ${problem}`);
    this.name = 'CorruptRecordError';
  }
}

export function checkStoredRecord(host: string, value: unknown): TrustRecord {
  if (typeof value !== 'object' || value === null) throw new CorruptRecordError(host, 'not an object');
  const r = value as Partial<TrustRecord>;
  if (r.host !== host) throw new CorruptRecordError(host, 'host does not match its key');
  if (typeof r.firstSeen !== 'number' || typeof r.lastSeen !== 'number' || typeof r.timesSeen !== 'number') {
    throw new CorruptRecordError(host, 'times are missing');
  }
  if (!Array.isArray(r.keys)) throw new CorruptRecordError(host, 'keys is not a list');
  r.keys.forEach((k, i) => {
    if (!isSpkiSha256(k?.spkiSha256)) throw new CorruptRecordError(host, `keys[${i}].spkiSha256 is not a SHA-256 digest`);
    if (typeof k.issuerSpkiSha256 !== 'string') throw new CorruptRecordError(host, `keys[${i}].issuerSpkiSha256 is missing`);
    if (!isKeyStatus(k.status)) {
      throw new CorruptRecordError(host, `keys[${i}].status is unknown`);
    }
  });
  return r as TrustRecord;
}
