// Reading the host list's summaries from the summary pages (pages.ts): what the management page
// loads for 100,000 hosts, without reading a single record.
import type { IDBPDatabase } from 'idb';
import type { HostSummary } from '../core/host-summary.js';
import { groupByPage, walkPages } from './page-store.js';
import type { SummaryPage } from './pages.js';
import type { FirstSeenDB } from './schema.js';

/** A summary page's summaries; one that is not a list (damaged on disk) has none to show. */
export function summariesIn(page: SummaryPage): HostSummary[] {
  try {
    const list: unknown = JSON.parse(page.json);
    return Array.isArray(list) ? (list as HostSummary[]) : [];
  } catch {
    return [];
  }
}

/** The hosts a page lists; a damaged list lists none. */
export const hostsIn = (page: { hosts?: unknown }): string[] => (Array.isArray(page.hosts) ? (page.hosts as string[]) : []);

export async function allHosts(db: IDBPDatabase<FirstSeenDB>): Promise<string[]> {
  return (await db.getAll('summaryPages')).flatMap(hostsIn);
}

export async function allSummaries(db: IDBPDatabase<FirstSeenDB>): Promise<HostSummary[]> {
  return (await db.getAll('summaryPages')).flatMap(summariesIn);
}

/** Up to `limit` summaries after `host` (all from the start when null), in host order. */
export async function summariesAfter(db: IDBPDatabase<FirstSeenDB>, host: string | null, limit: number): Promise<HostSummary[]> {
  const out: HostSummary[] = [];
  await walkPages(db.transaction('summaryPages').store, host, (page) => {
    for (const x of summariesIn(page)) if ((host === null || x.host > host) && out.length < limit) out.push(x);
    return out.length < limit;
  });
  return out;
}

/** The summaries of these hosts that exist, in the order asked. */
export async function summariesOf(db: IDBPDatabase<FirstSeenDB>, hosts: readonly string[]): Promise<HostSummary[]> {
  const store = db.transaction('summaryPages').store;
  const groups = [...(await groupByPage(store, hosts))].filter(([key]) => key !== '');
  const found = new Map<string, HostSummary>();
  for (const page of await Promise.all(groups.map(([key]) => store.get(key)))) {
    if (page) for (const x of summariesIn(page)) found.set(x.host, x);
  }
  return hosts.flatMap((h) => found.get(h) ?? []);
}

/** Whether no page lists a host (a page can hold histories alone): the first that does answers. */
export async function noHosts(db: IDBPDatabase<FirstSeenDB>): Promise<boolean> {
  for (let c = await db.transaction('summaryPages').store.openCursor(); c; c = await c.continue()) {
    if (hostsIn(c.value).length > 0) return false;
  }
  return true;
}
