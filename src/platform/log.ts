// Problems worth a developer's attention, logged once per distinct reason: a broken response
// repeated on every request must not flood the console.
const seen = new Set<string>();
const MAX_REASONS = 200;

export function logOnce(reason: string, detail?: unknown): void {
  if (seen.has(reason) || seen.size >= MAX_REASONS) return;
  seen.add(reason);
  console.warn(`FirstSeen: ${reason}`, ...(detail === undefined ? [] : [detail]));
}
