// All text the pages show goes through browser.i18n (extension/_locales).
import browser from 'webextension-polyfill';

export type Translate = (name: string, substitutions?: string[]) => string;

export const t: Translate = (name, substitutions) => browser.i18n.getMessage(name, substitutions) || name;
