// "TLS interception suspected": when several hosts that used to chain to roots built into Firefox
// flip to one and the same root that is not, a local antivirus or corporate proxy is the likely
// cause. One global state says so; it never replaces the hosts' real keys.
import type { SessionArea } from '../platform/session-area.js';

/** Distinct hosts flipping to one root before it is called interception. */
export const INTERCEPTION_THRESHOLD = 3;
const AREA_KEY = 'interception';

export interface InterceptionSighting {
  rootSpki: string;
  rootSubject: string;
  hosts: string[];
  /** The hosts of `hosts` seen in private windows: forgotten when the last one closes. */
  privateHosts?: string[];
}

export interface InterceptionStatus extends InterceptionSighting {
  suspected: boolean;
}

export class InterceptionWatch {
  private roots: Map<string, InterceptionSighting> | undefined;

  constructor(private readonly area: SessionArea) {}

  private async load(): Promise<Map<string, InterceptionSighting>> {
    if (this.roots) return this.roots;
    const stored = await this.area.get(AREA_KEY).catch(() => undefined);
    const list = Array.isArray(stored) ? (stored as InterceptionSighting[]) : [];
    this.roots ??= new Map(list.filter((s) => typeof s?.rootSpki === 'string' && Array.isArray(s.hosts)).map((s) => [s.rootSpki, s]));
    return this.roots;
  }

  async note(host: string, rootSpki: string, rootSubject: string, incognito = false): Promise<void> {
    const roots = await this.load();
    const seen = roots.get(rootSpki) ?? { rootSpki, rootSubject, hosts: [] };
    if (seen.hosts.includes(host)) return;
    seen.hosts.push(host);
    if (incognito) seen.privateHosts = [...(seen.privateHosts ?? []), host];
    roots.set(rootSpki, seen);
    await this.save(roots);
  }

  /** The last private window closed: the hosts seen there leave the list. */
  async forgetPrivate(): Promise<void> {
    const roots = await this.load();
    for (const [root, seen] of roots) {
      if (!seen.privateHosts?.length) continue;
      const gone = new Set(seen.privateHosts);
      const hosts = seen.hosts.filter((h) => !gone.has(h));
      if (hosts.length === 0) roots.delete(root);
      else roots.set(root, { rootSpki: seen.rootSpki, rootSubject: seen.rootSubject, hosts });
    }
    await this.save(roots);
  }

  private async save(roots: Map<string, InterceptionSighting>): Promise<void> {
    await this.area.set(AREA_KEY, [...roots.values()]).catch(() => undefined);
  }

  async suspectedRoots(): Promise<Set<string>> {
    const roots = await this.load();
    return new Set([...roots.values()].filter((s) => s.hosts.length >= INTERCEPTION_THRESHOLD).map((s) => s.rootSpki));
  }

  /** The most widespread suspected interception, if any. */
  async status(): Promise<InterceptionStatus | null> {
    const roots = [...(await this.load()).values()].sort((a, b) => b.hosts.length - a.hosts.length);
    const top = roots[0];
    return top && top.hosts.length >= INTERCEPTION_THRESHOLD ? { ...top, suspected: true } : null;
  }
}
