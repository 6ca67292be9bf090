// The search's report: every silent path in a table (grouped where only the point differs), the
// rules that let them through, the first-use window apart, the benign side, and the summary line.
import { moveName } from './attackers.js';
import type { PathOutcome, Sighting } from './play-path.js';
import type { SearchResult } from './search.js';
import { DAY, durationName, HOUR } from './timing.js';

const verdictOf = (s: Sighting) => `${s.kind}/${s.severity}${s.blocked ? ` blocked:${s.blocked}` : ''}`;
const ruleOf = (s: Sighting | undefined) => (s ? `${verdictOf(s)} [${s.reasons.join(',')}]` : '-');
const ROLE: Record<Sighting['role'], string> = { prep: 'prep', attacker: 'atk', real: 'real', return: 'return', history: 'next' };

function after(ms: number): string {
  return ms >= DAY ? `+${(ms / DAY).toFixed(ms % DAY === 0 ? 0 : 1)}d` : `+${Math.round(ms / HOUR)}h`;
}

/** The verdicts on the victim host in order, repeats folded: "atk key-change/notice, atk match/none x3, return multi-key/none". */
export function verdictTrail(o: PathOutcome): string {
  const parts: { text: string; n: number }[] = [];
  for (const s of o.sightings) {
    if (s.role === 'prep') continue;
    const text = `${ROLE[s.role]} ${verdictOf(s)}`;
    const last = parts[parts.length - 1];
    if (last && last.text === text) last.n++;
    else parts.push({ text, n: 1 });
  }
  return parts.map((p) => (p.n > 1 ? `${p.text} x${p.n}` : p.text)).join(', ');
}

export function fateOf(o: PathOutcome): string {
  if (!o.caught) return 'never caught';
  return `caught ${after(o.caught.at - o.spec.t0)} (${ROLE[o.caught.role]} ${verdictOf(o.caught)})`;
}

export const timingOf = (o: PathOutcome) => `${o.spec.serve} ${durationName(o.spec.durationMs)} from ${o.spec.start}${o.spec.mode === 'watch' ? '' : ` [${o.spec.mode}]`}`;

interface Row {
  cls: string;
  timing: string;
  history: string;
  points: number[];
  rule: string;
  trail: string;
  fate: string;
}

/** One row per attacker class x timing x history, with the points (steps) it worked after. */
export function groupRows(paths: readonly PathOutcome[]): Row[] {
  const rows = new Map<string, Row>();
  for (const o of paths) {
    const row: Row = { cls: moveName(o.spec.move), timing: timingOf(o), history: o.spec.history, points: [o.spec.point], rule: ruleOf(o.letThrough), trail: verdictTrail(o), fate: fateOf(o) };
    const key = [row.cls, row.timing, row.history, row.rule, row.fate].join('|');
    const seen = rows.get(key);
    if (seen) seen.points.push(o.spec.point);
    else rows.set(key, row);
  }
  return [...rows.values()];
}

function table(header: string[], rows: string[][], max = 90): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.min(max, Math.max(...all.map((r) => r[c]!.length))));
  return all.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
}

export function summaryLine(r: SearchResult): string {
  return JSON.stringify({ histories: r.histories, attackerMoves: r.attackerMoves, silentPaths: r.silent.length, benignChanges: r.benignChanges, benignWarnings: r.benignWarnings });
}

export function report(r: SearchResult, ms: number): string[] {
  const out: string[] = [];
  const rowsOf = (paths: readonly PathOutcome[]) => groupRows(paths).map((g) => [g.cls, g.timing, g.history.replace(/^benign-/, ''), g.points.join(','), g.rule, g.trail, g.fate]);
  out.push(`SILENT PATHS: ${r.silent.length} (attacker's key served a day or more below warning, or caught only after a day; pinned/strict: not blocked)`);
  if (r.silent.length > 0) out.push(...table(['attacker', 'timing', 'history', 'after steps', 'let through by (his first verdict)', 'verdicts seen', 'fate'], rowsOf(r.silent), 200));

  out.push('', 'SILENT PATHS BY RULE (attacker class x the verdict that let him through):');
  const byRule = new Map<string, { n: number; histories: Set<string> }>();
  for (const o of r.silent) {
    const key = `${o.spec.move.cls.padEnd(14)}  ${o.spec.mode === 'watch' ? '' : `[${o.spec.mode}] `}${ruleOf(o.letThrough)}`;
    const e = byRule.get(key) ?? { n: 0, histories: new Set<string>() };
    e.n++;
    e.histories.add(o.spec.history.replace(/^benign-/, ''));
    byRule.set(key, e);
  }
  for (const [key, e] of [...byRule].sort((a, b) => b[1].n - a[1].n)) out.push(`  ${String(e.n).padStart(5)}  ${key}  (${e.histories.size} histories)`);

  out.push('', `FIRST-USE WINDOW (not counted): ${r.window.length} paths (the attacker at the very first visit, or a genuinely early certificate learned as a parallel key in the first 3 days)`);
  const windowRows = new Map<string, number>();
  for (const o of r.window) {
    const key = `${moveName(o.spec.move).padEnd(26)}  ${o.spec.point === 0 ? 'at the first visit' : 'parallel key, first 3 days'}  ${ruleOf(o.letThrough)}`;
    windowRows.set(key, (windowRows.get(key) ?? 0) + 1);
  }
  for (const [key, n] of windowRows) out.push(`  ${String(n).padStart(5)}  ${key}`);

  out.push('', `CAUGHT BELOW CRITICAL (interception where a built-in root was seen, a rejected key): ${r.underSeverity.length} paths`);
  if (r.underSeverity.length > 0) {
    out.push(...table(['attacker', 'timing', 'history', 'after steps', 'verdicts seen'], groupRows(r.underSeverity).map((g) => [g.cls, g.timing, g.history.replace(/^benign-/, ''), g.points.join(','), g.trail]), 200));
  }

  out.push('', 'MOVES TRIED BY CLASS: ' + Object.entries(r.movesByClass).map(([c, n]) => `${c} ${n}`).join(', '));
  const oneNameSilent = r.silent.filter((o) => o.spec.move.names === 'one').length;
  out.push(`  of them ${r.oneNameMoves} with a certificate for the victim host alone, where the site's names more (+one-name): ${oneNameSilent} silent`);
  out.push('', `BENIGN (no attacker): ${r.benignChanges} change events, ${r.benignWarnings} warned`);
  for (const b of r.benign.filter((s) => s.warned)) out.push(`  warned: ${b.history} step ${b.step}: ${b.got}`);
  out.push('', `searched ${r.histories} histories: ${r.attackerMoves} attacker moves, ${r.responses} responses judged, in ${(ms / 1000).toFixed(1)} s`);
  return out;
}
