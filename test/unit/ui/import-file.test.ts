// The size limit on an import file is said before the file is read: nothing of it is loaded.
import { describe, expect, it } from 'vitest';
import { fileTooLarge, MAX_HISTORY_BYTES } from '../../../src/core/history/validate.js';
import { readImportFile } from '../../../src/ui/manager/history-files.js';

describe('import file size', () => {
  it('refuses a file over the limit, saying its size and the limit', () => {
    expect(fileTooLarge(MAX_HISTORY_BYTES)).toBeNull();
    expect(fileTooLarge(600 * 1048576)).toBe('file: 600.0 MiB is over the 512 MiB FirstSeen reads');
  });

  it('answers for an oversized file without reading it', async () => {
    // A Blob that throws if anything reads it: only its size may be looked at.
    const huge = { size: MAX_HISTORY_BYTES + 1, text: () => { throw new Error('read'); } } as unknown as Blob;
    expect(await readImportFile(huge, 0)).toEqual({ ok: false, errors: ['file: 512.0 MiB is over the 512 MiB FirstSeen reads'] });
  });
});
