// Building export files in the page, chunk by chunk, yielding between chunks so the page stays
// responsive with 100,000 hosts; and reading import files in a worker.
import { csvRows } from '../../core/history/csv.js';
import { historyChunkPiece, historyHead, HISTORY_TAIL, type ExportedHost } from '../../core/history/format.js';
import type { PinPlan, PlanInput } from '../../core/pin-export/plan.js';
import type { TrustRecord } from '../../core/trust-record.js';
import { PIN_WRITERS } from '../../core/pin-export/index.js';
import type { PinExport, PinFormat } from '../../core/pin-export/export-types.js';
import type { ExportChunk } from '../../protocol.js';
import type { ReadMessage } from '../../core/history/stream-import.js';
import { fileTooLarge } from '../../core/history/validate.js';
import type { WorkerRequest } from './history-worker.js';
import type { ExportRequest, ExportResult } from './export-worker.js';
import { EMPTY_POLICY } from '../../core/policy.js';
import { matchesHost } from '../../core/host-pattern.js';
import type { Policy } from '../../core/policy.js';
import type { ManagerApi } from './api.js';

const CHUNK = 1_000;
const yieldToPage = () => new Promise((r) => setTimeout(r, 0));

/** Walks every export chunk in host order (after `from`, when given). */
async function eachChunk(api: ManagerApi, visit: (chunk: ExportChunk) => void, from: string | null = null): Promise<void> {
  for (let after = from; ;) {
    const chunk = await api.exportChunk(after, CHUNK);
    visit(chunk);
    if (chunk.count < CHUNK) return;
    after = chunk.last;
    await yieldToPage();
  }
}

const hostsOf = (chunk: ExportChunk) => JSON.parse(chunk.hostsJson) as ExportedHost[];

/** The hosts after `after`, for an export, read straight from the database: the inside of a host list. */
export type ReadRest = (after: string) => Promise<{ blob: Blob; count: number }>;

/**
 * Sends one request to a fresh worker and resolves to its one answer. The worker is made by the
 * caller, `new Worker(new URL(...))` written out, as Vite needs to find and bundle it.
 */
function askWorker<Req, Res>(make: () => Worker, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const worker = make();
    worker.onmessage = (e: MessageEvent<Res>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage(request);
  });
}

export async function readRestInWorker(after: string): Promise<{ blob: Blob; count: number }> {
  const result = await askWorker<ExportRequest, ExportResult>(() => new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module' }), { after });
  if (!result.ok) throw new Error(result.error);
  return result;
}

/**
 * The whole history as the export file. The first host comes from the event page, which first
 * writes the sightings still waiting and sends the policy; the rest is read straight from the
 * database in a worker (export-worker.ts). Should that fail (a database this page cannot open), the
 * event page sends the rest in chunks, as it did everything before, and names any damage it finds.
 */
export async function historyFile(api: ManagerApi, now: Date, readRest: ReadRest = readRestInWorker): Promise<Blob> {
  const first = await api.exportChunk(null, 1);
  const parts: (string | Blob)[] = [historyHead(now.toISOString(), first.policy ?? EMPTY_POLICY), historyChunkPiece(first.hostsJson, true)];
  if (first.count === 1 && first.last !== null) {
    try {
      const rest = await readRest(first.last);
      if (rest.count > 0) parts.push(',\n', rest.blob);
      // For the tests and npm run bench:history to tell which way the file was read.
      performance.mark('firstseen:export-direct');
    } catch {
      await eachChunk(api, (chunk) => {
        const piece = historyChunkPiece(chunk.hostsJson, false);
        if (piece !== '') parts.push(piece);
      }, first.last);
    }
  }
  parts.push(HISTORY_TAIL);
  return new Blob(parts, { type: 'application/json' });
}

export async function csvFile(api: ManagerApi): Promise<Blob> {
  const parts: string[] = [];
  await eachChunk(api, (chunk) => parts.push(csvRows(hostsOf(chunk), parts.length === 0)));
  return new Blob(parts, { type: 'text/csv' });
}

/**
 * The pin plan for the hosts matching `selection` (comma-separated hosts or patterns; empty for
 * all): the user's pins that the selection reaches, and the trusted keys of selected hosts that no
 * pin covers, with each host's served chain to judge backups by.
 */
export async function pinPlanInput(api: ManagerApi, selection: string, now: number): Promise<PlanInput> {
  const wanted = selection.split(',').map((s) => s.trim()).filter(Boolean);
  const selected = (host: string) => wanted.length === 0 || wanted.some((w) => w === host || matchesHost(w, host));
  const hosts: TrustRecord[] = [];
  let policy: Policy | null = null;
  await eachChunk(api, (chunk) => {
    policy ??= chunk.policy;
    // Without events and DER: a plan of every host must not hold the whole history in memory.
    for (const h of hostsOf(chunk)) {
      if (!selected(h.host)) continue;
      hosts.push({ host: h.host, domain: h.domain, firstSeen: h.firstSeen, lastSeen: h.lastSeen, timesSeen: h.timesSeen,
        keys: h.keys.map((k) => ({ ...k, chainDer: undefined })) });
    }
  });
  return { hosts, pins: (policy as Policy | null)?.pins ?? [], selection: wanted, now };
}

/** A plan written in one format. */
/** A plan written in one format; `packageName` (Java, Kotlin) is declared when it is one; `okhttpBefore43` for OkHttp 3.x. */
export function writePins(plan: PinPlan, format: PinFormat, now: number, packageName = '', okhttpBefore43 = false): PinExport {
  return PIN_WRITERS[format](plan, { now, ...(packageName !== '' ? { packageName } : {}), ...(okhttpBefore43 ? { okhttpBefore43 } : {}) });
}

export function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

/** firstseen-history-YYYY-MM-DD.json */
export function historyFileName(now: Date): string {
  return `firstseen-history-${now.toISOString().slice(0, 10)}.json`;
}

/** An import staged in the background, ready for its preview; or why the file was refused. */
export type Staged = { ok: true; token: string; hosts: number; streamed: boolean; notes?: string[] } | { ok: false; errors: string[] };

/** Feeds the reader's messages to the background in order; the end's message gives the outcome. */
export type Stager = (message: ReadMessage) => Promise<Staged | null>;

/**
 * Stages an import as its reader sends it: the policy when the head is read, then each chunk of
 * hosts. A restart (the file was read whole after all) begins a new import, which ends the one
 * begun before in the background. A chunk the background refuses throws its errors.
 */
export function importStager(api: Pick<ManagerApi, 'importBegin' | 'importStage'>): Stager {
  let token: string | null = null;
  const begin = async (policy: Policy) => {
    token = (await api.importBegin()).token;
    await api.importStage(token, '[]', policy);
    return token;
  };
  return async (message) => {
    if (message.kind === 'policy') await begin(message.policy);
    else if (message.kind === 'hosts') await api.importStage(token!, message.json, null);
    else {
      const { result, restart } = message;
      if (!result.ok) return result;
      // Staged as it was read, or to be staged now from the whole file's reading.
      const streamed = !restart && token !== null;
      if (!streamed) {
        const fresh = await begin(result.policy);
        for (const chunk of result.chunks) await api.importStage(fresh, chunk, null);
      }
      return { ok: true, token: token!, hosts: result.hosts, streamed, ...(result.notes ? { notes: result.notes } : {}) };
    }
    return null;
  };
}

/** Runs the reader in a worker, staging each message as it comes and then acknowledging it. */
export function readInWorker(file: Blob, now: number, stage: Stager): Promise<Staged> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./history-worker.ts', import.meta.url), { type: 'module' });
    let queue = Promise.resolve();
    let over = false;
    const finish = (end: () => void) => {
      over = true;
      worker.terminate();
      end();
    };
    const fail = (error: unknown) => finish(() => reject(error));
    worker.onmessage = (e: MessageEvent<ReadMessage>) => {
      queue = queue.then(async () => {
        if (over) return;
        const outcome = await stage(e.data);
        if (outcome) finish(() => resolve(outcome));
        else worker.postMessage({ ack: true } satisfies WorkerRequest);
      }).catch(fail);
    };
    worker.onerror = (e) => fail(new Error(e.message));
    worker.postMessage({ file, now, chunkSize: CHUNK } satisfies WorkerRequest);
  });
}

/** Reads an import file and stages it in the background, ready for its preview. */
export async function importFile(api: Pick<ManagerApi, 'importBegin' | 'importStage'>, file: Blob, now: number,
  read: (file: Blob, now: number, stage: Stager) => Promise<Staged> = readInWorker): Promise<Staged> {
  // Said before reading: a file far over the limit is not read into memory at all.
  const tooLarge = fileTooLarge(file.size);
  if (tooLarge) return { ok: false, errors: [tooLarge] };
  return read(file, now, importStager(api));
}
