// Messages with a count come in plural forms, "<name>_one" and "<name>_other" (and any other CLDR
// category a language needs), chosen with Intl.PluralRules in the browser's language:
// browser.i18n has no plurals of its own.
import type { Translate } from './i18n.js';

const rules = new Intl.PluralRules();

/** The message for `count` in its plural form; the count is the first substitution. */
export function plural(tr: Translate, name: string, count: number, more: string[] = []): string {
  const form = rules.select(count);
  const subs = [String(count), ...more];
  const text = tr(`${name}_${form}`, subs);
  return text === `${name}_${form}` || text === '' ? tr(`${name}_other`, subs) : text;
}
