// The Public Suffix List (tldts, ~340 kB of code and data), loaded the first time it is wanted.
// A suspended event page woken by a page load judges known keys without it, and loading it would
// delay that first verdict by about 10 ms.
import type { DomainOf } from '../core/domain.js';

let loading: Promise<DomainOf> | undefined;

export function domainRules(): Promise<DomainOf> {
  loading ??= import('../core/domain.js').then((m) => m.registrableDomain);
  return loading;
}
