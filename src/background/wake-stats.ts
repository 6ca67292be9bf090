// Counts for this wake of the event page: how long it took to be ready and to give its first
// verdict, and how many responses it read or let go unread. Memory only; shown to the add-on's own
// pages (the benchmarks read them), never sent anywhere.
import type { WakeReport } from '../protocol.js';

export class WakeStats {
  private readonly report: WakeReport;

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.report = { startedAt: Date.now(), readyMs: 0, firstVerdictMs: null, verdicts: 0, covered: 0, marks: {} };
  }

  /** Notes when something first happened in this wake (store open, policy read…), once each. */
  mark(name: string): void {
    this.report.marks[name] ??= Math.round(this.clock() * 10) / 10;
  }

  ready(): void {
    this.report.readyMs = this.clock();
  }

  verdict(): void {
    this.report.firstVerdictMs ??= this.clock();
    this.report.verdicts += 1;
  }

  covered(): void {
    this.report.covered += 1;
  }

  snapshot(): WakeReport {
    return { ...this.report, marks: { ...this.report.marks } };
  }
}
