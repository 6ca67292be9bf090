// A worker thread of npm run adversary: searches the histories it is given, posts the result back.
import 'fake-indexeddb/auto';
import { parentPort, workerData } from 'node:worker_threads';
import { searchAdversary } from './search.js';

const { histories } = workerData as { histories: string[] };
parentPort!.postMessage(await searchAdversary({ histories }));
