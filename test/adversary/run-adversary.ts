// npm run adversary: a systematic search for silent attack paths over the benign histories of the
// real-world corpus (search.ts), split over the machine's cores (worker threads, each a share of
// the histories). Prints every silent path, the first-use window apart and the benign side; the
// last line is one JSON object. Exits 0 whatever it finds: test/unit/adversary.test.ts asserts.
import 'fake-indexeddb/auto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { report, summaryLine } from './report.js';
import { benignHistories, mergeResults, searchAdversary, type SearchResult } from './search.js';

/** Histories dealt to `n` shares, the longest first, each to the lightest share (steps stand for cost). */
function shares(n: number): string[][] {
  const out = Array.from({ length: n }, () => ({ steps: 0, names: [] as string[] }));
  const histories = benignHistories().sort((a, b) => b[1].steps.length - a[1].steps.length);
  for (const [name, s] of histories) {
    const lightest = out.reduce((a, b) => (b.steps < a.steps ? b : a));
    lightest.steps += s.steps.length;
    lightest.names.push(name);
  }
  return out.filter((s) => s.names.length > 0).map((s) => s.names);
}

/** A worker thread running search-worker.ts under tsx (a worker does not inherit tsx's loader). */
function inWorker(histories: string[]): Promise<SearchResult> {
  const entry = new URL('./search-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: { histories } });
    worker.once('message', (result: SearchResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

const started = performance.now();
const workers = Math.max(1, Number(process.env.ADVERSARY_WORKERS ?? availableParallelism()));
const result = workers === 1 ? await searchAdversary() : mergeResults(await Promise.all(shares(workers).map(inWorker)));
const text = [...report(result, performance.now() - started), summaryLine(result)].join('\n') + '\n';
// Attack paths leave the write batchers' timers behind (their writes go nowhere): do not wait for
// them, but do wait for the report to be written (stdout into a pipe is asynchronous: an exit
// right after console.log cut the report short, its summary line first).
process.stdout.write(text, () => process.exit(0));
