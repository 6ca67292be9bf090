// axe-core, injected into a page of the add-on in a real Firefox: the accessibility violations of
// what the page shows now, as "rule: selector" lines (empty when there are none).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }

export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(source);
  const result = await page.evaluate(() => (globalThis as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}
