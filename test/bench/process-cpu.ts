// CPU time of a running Firefox's processes, from /proc (Linux, as the machines are): what a
// benchmark's load or call cost in work, which a busy machine's wall clock blurs.
import { readdirSync, readFileSync } from 'node:fs';

/** CPU nanoseconds a process has run, all its threads (/proc/<pid>/task/<tid>/schedstat, first field). */
export function cpuNs(pid: number): number {
  let ns = 0;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0; // The process ended.
  }
  for (const tid of tids) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended while we looked: its time is lost from both readings alike.
    }
  }
  return ns;
}

/** Firefox's processes under `root` (children come from its fork server, a child of it), with their names (comm). */
export function processesUnder(root: number): { pid: number; name: string }[] {
  const parentOf = new Map<number, number>();
  const named = new Map<number, string>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)) {
    try {
      parentOf.set(pid, Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]));
      named.set(pid, readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
    } catch {
      // Gone while we looked.
    }
  }
  const under = (pid: number): boolean => {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) if (p === root) return true;
    return false;
  };
  return [...named].filter(([pid]) => under(pid)).map(([pid, name]) => ({ pid, name }));
}

/** One Firefox's CPU time so far: every process of it, and its add-ons' process (WebExtensions) alone. */
export function firefoxCpuNs(root: number): { total: number; addons: number } {
  let total = cpuNs(root);
  let addons = 0;
  for (const { pid, name } of processesUnder(root)) {
    const ns = cpuNs(pid);
    total += ns;
    if (name === 'WebExtensions') addons += ns;
  }
  return { total, addons };
}
