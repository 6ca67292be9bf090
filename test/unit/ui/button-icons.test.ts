// Each state of the toolbar button has its own icon file, and no two files are the same image.
// (test/e2e/toolbar-button.test.ts draws them in Firefox and compares the pixels, in grey too.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUTTON_STATES, badgeStyle } from '../../../src/platform/badge-style.js';

const root = new URL('../../../extension/', import.meta.url).pathname;

describe('toolbar button icons', () => {
  it('gives every state its own image and its own words', () => {
    const files = BUTTON_STATES.map((s) => readFileSync(`${root}${badgeStyle(s).icon}`, 'utf8'));
    expect(new Set(files).size).toBe(BUTTON_STATES.length);
    expect(new Set(BUTTON_STATES.map((s) => badgeStyle(s).titleMessage)).size).toBe(BUTTON_STATES.length);
  });
});
