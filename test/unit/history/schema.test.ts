// The JSON Schema in docs/ describes what FirstSeen really writes, and refuses what it refuses.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { wireBackground } from '../background/wiring.js';
import { exportText } from './history-helpers.js';

const schema = JSON.parse(readFileSync(new URL('../../../docs/firstseen-trust-history.schema.json', import.meta.url), 'utf8'));

describe('docs/firstseen-trust-history.schema.json', () => {
  it('accepts a real export, and rejects a broken key', async () => {
    const ajv = new Ajv2020({ allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(schema);
    const bg = await wireBackground('schema-1', () => CAPTURED_AT);
    await bg.service.observe({ kind: 'observation', observation: observationOf('first-visit-intermediate', CAPTURED_AT) }, { incognito: false });
    await bg.service.observe({ kind: 'observation', observation: observationOf('new-root-ca', CAPTURED_AT + 10) }, { incognito: false });
    await bg.ask({ type: 'add-pin', pattern: '**.site.test', pin: observationOf('first-visit-intermediate', 0).leaf.spkiSha256, expiresAt: null });
    const doc = JSON.parse(await exportText(bg.history));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    doc.hosts[0].keys[0].spkiSha256 = 'short';
    expect(validate(doc)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/hosts/0/keys/0/spkiSha256');
  });
});
