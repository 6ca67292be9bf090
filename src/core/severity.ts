// How loudly a verdict speaks. Ordered: the badge shows the highest on a tab.
export const SEVERITIES = ['none', 'info', 'notice', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
