/**
 * Advisory files → database: streams SourceItems from `readAdvisoryFiles` and writes them in
 * batches inside ONE import transaction, so an import that fails, is aborted or is killed leaves
 * the database exactly as it was. This is also the offline path for air-gapped installs.
 *
 * Inputs of a megabyte or more are read on reader threads (advisory-import-worker.ts), which
 * also encode each advisory for the store, so this thread only writes; the items, counts,
 * progress reports and errors are the same as when reading here (BENCHMARKS.md, advisories).
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import {
  OVERLAY_ORIGIN_PREFIX,
  type OverlayRule,
  overlaidAdvisory,
  overlayDigest,
  reapplyOverlay,
} from '../advisories/overlay.js';
import type { Advisory, EpssScore, KevEntry, SourceItem } from '../advisories/types.js';
import { BugError, WardError } from '../core/errors.js';
import { startModuleWorker } from '../core/worker-thread.js';
import { type PreparedAdvisory, prepareAdvisory } from '../store/prepared-advisory.js';
import type { ImportResult, ImportSession, Store } from '../store/store.js';
import {
  listAdvisoryFiles,
  loadOverlayRules,
  READ_PROGRESS_EVERY,
  readAdvisoryFiles,
} from './advisory-files.js';
import { type ReaderReply, type ReaderRequest, unpackAdvisory } from './advisory-import-protocol.js';

export interface ImportProgress {
  /** File being read (or `archive.zip!entry`). */
  file: string;
  /** Items read so far (advisories, KEV entries, EPSS scores). */
  read: number;
  /** Reader problems so far. */
  problems: number;
  /** Items handed to the store so far. */
  written: number;
}

export interface ImportFilesOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Items per write batch (default 2000). */
  batchSize?: number;
  /** Name under which the import is recorded in the sources table (default 'file'). */
  sourceName?: string;
  /** Clock for the recorded import time (tests). */
  now?: () => Date;
  /**
   * Overlay rules added on top of each imported advisory's CPE configurations (default: the
   * bundled data/overlay). Applied at import so every reader of the database sees them, each as
   * a configuration whose origin names the rule (`overlay:ms01-033-iis`).
   */
  overlayRules?: readonly OverlayRule[];
  /**
   * Read, normalise and encode the files on a worker thread while this thread writes (default:
   * when the input holds at least READER_THREAD_MIN_BYTES, below which starting the thread costs
   * more than it saves). The result is the same either way.
   */
  readerThread?: boolean;
}

const DEFAULT_BATCH = 2000;
/** Input size (bytes on disk) from which reading on a worker thread pays for starting it. */
const READER_THREAD_MIN_BYTES = 1024 * 1024;
/** Items per message from a reader thread: small enough that the writer starts early. */
const READER_BATCH_ITEMS = 500;
/**
 * Reader threads per import. Two even on two cores: the writing thread waits on them about half
 * of the time (BENCHMARKS.md, advisories), and one reader alone is what it waits for.
 */
const READER_THREADS = Math.max(1, Math.min(2, availableParallelism()));
/**
 * Tasks handed out and not yet consumed, at most. More than one per thread, so that a thread that
 * has read its run of files starts on the next run while the writer is still consuming an earlier
 * one (on the OSV benchmark the thread that read the small RustSec file otherwise idled until the
 * large PyPI file before it was written). Memory stays bounded: each task holds at most
 * READER_WINDOW batches.
 */
const READER_TASKS_QUEUED = 2 * READER_THREADS;
/** Bytes on disk (and files) per task handed to a reader thread. */
const READER_TASK_BYTES = 256 * 1024;
const READER_TASK_FILES = 256;

/** What the writer consumes: reader items, with advisories either parsed or already encoded. */
export type ImportItem = SourceItem | { kind: 'prepared'; advisory: PreparedAdvisory };

/** Imports every advisory source found at `paths` in one transaction and returns what it did. */
export async function importAdvisoryFiles(
  store: Store,
  paths: readonly string[],
  options: ImportFilesOptions = {},
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const overlayRules = options.overlayRules ?? (await bundledOverlayRules());
  const session = await store.beginImport();
  const progress: ImportProgress = { file: '', read: 0, problems: 0, written: 0 };
  try {
    const onReaderProgress = (file: string): void => {
      progress.file = file;
      options.onProgress?.({ ...progress });
    };
    const threaded = options.readerThread ?? (await atLeastBytes(paths, READER_THREAD_MIN_BYTES));
    // Reading in this thread never waits on another one: only batchSize decides when to write.
    const backlog: ReaderBacklog = { ready: () => true };
    const items: AsyncIterable<ImportItem> = threaded
      ? readInWorkers([...paths], overlayRules, options.signal, onReaderProgress, backlog)
      : readAdvisoryFiles([...paths], {
          ...(options.signal ? { signal: options.signal } : {}),
          onProgress: (read) => onReaderProgress(read.file),
        });
    let batch: ImportItem[] = [];
    /** Items taken since the last progress report (written or still in `batch`). */
    let unreported = 0;
    const write = async (): Promise<void> => {
      throwIfAborted(options.signal);
      await writeSourceItems(session, batch, overlayRules);
      batch = [];
    };
    for await (const item of items) {
      if (item.kind === 'skipped') progress.problems += 1;
      else progress.read += 1;
      batch.push(item);
      unreported += 1;
      if (unreported >= batchSize) {
        await write();
        progress.written += unreported;
        unreported = 0;
        options.onProgress?.({ ...progress });
      } else if (!backlog.ready()) {
        // Nothing more has arrived from the reader threads: write what has, rather than idle
        // until batchSize items have (on the OSV benchmark the first write waited ~190 ms for
        // 2,000 records of one file). Progress is still reported every batchSize items, so the
        // reports are the same whichever way the files are read.
        await write();
      }
    }
    await write();
    progress.written += unreported;
    options.onProgress?.({ ...progress });
    const counts = session.result();
    await session.saveSourceState(options.sourceName ?? 'file', {
      lastSuccessAt: (options.now?.() ?? new Date()).toISOString(),
      records: counts.imported + counts.updated + counts.unchanged + counts.kev + counts.epss,
    });
    return await session.commit();
  } catch (error) {
    await session.rollback();
    throw error;
  }
}

/**
 * Writes one batch of mixed items into an open session: advisories, KEV entries (grouped by
 * catalog version), EPSS scores, and reader problems as skipped/warning entries.
 */
export async function writeSourceItems(
  session: ImportSession,
  items: readonly ImportItem[],
  overlayRules?: readonly OverlayRule[],
): Promise<void> {
  // Every writer (file import, feed sync) gets the bundled overlay unless told otherwise, so a
  // synced NVD record never replaces an overlaid one without its overlay configurations.
  const rules = overlayRules ?? (await bundledOverlayRules());
  await ensureOverlayCurrent(session, rules);
  const advisories: Advisory[] = [];
  const prepared: PreparedAdvisory[] = [];
  const kev = new Map<string, KevEntry[]>();
  const epss: EpssScore[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'advisory': {
        const { advisory, osvRecord } = overlaidAdvisory(item, rules);
        if (osvRecord !== undefined) prepared.push(prepareAdvisory(advisory, osvRecord));
        else advisories.push(advisory);
        break;
      }
      case 'prepared':
        // Encoded by the reader thread with the same rules (see readInWorker).
        prepared.push(item.advisory);
        break;
      case 'kev': {
        const version = item.catalogVersion ?? '';
        const list = kev.get(version) ?? [];
        list.push(item.entry);
        kev.set(version, list);
        break;
      }
      case 'epss':
        epss.push(item.score);
        break;
      case 'skipped': {
        const { kind: _kind, ...problem } = item;
        session.noteSkipped(problem);
        break;
      }
    }
  }
  if (advisories.length > 0) await session.writeAdvisories(advisories);
  if (prepared.length > 0) await session.writePreparedAdvisories(prepared);
  for (const [version, entries] of kev) await session.writeKev(entries, version === '' ? undefined : version);
  if (epss.length > 0) await session.writeEpss(epss);
}

/** Meta key holding the digest of the overlay rules the stored advisories carry. */
export const OVERLAY_DIGEST_KEY = 'overlay.digest';

/** Sessions whose stored advisories were already brought up to the overlay rules (once each). */
const overlayChecked = new WeakSet<ImportSession>();

/**
 * Brings advisories already in the database up to `rules` when the rules changed since they were
 * written. Records are otherwise only rewritten when their `modified` moves, so without this a
 * new or edited rule would never reach a record imported before it. Candidates are every stored
 * record that carries an overlay configuration (an old rule may have been edited or removed) and
 * every record a current rule names; the digest is saved in the same transaction.
 */
export async function ensureOverlayCurrent(
  session: ImportSession,
  rules: readonly OverlayRule[],
): Promise<number> {
  if (overlayChecked.has(session)) return 0;
  overlayChecked.add(session);
  const digest = overlayDigest(rules);
  if ((await session.meta(OVERLAY_DIGEST_KEY)) === digest) return 0;
  const candidates = await session.findAdvisories({
    ids: [...new Set(rules.flatMap((rule) => rule.cves))],
    jsonContains: `"origin":"${OVERLAY_ORIGIN_PREFIX}`,
  });
  const changed: Advisory[] = [];
  for (const advisory of candidates) {
    const next = reapplyOverlay(advisory, rules);
    if (next !== advisory) changed.push(next);
  }
  await session.replaceAdvisories(changed);
  await session.setMeta(OVERLAY_DIGEST_KEY, digest);
  return changed.length;
}

let bundledOverlay: Promise<OverlayRule[]> | undefined;

/** The bundled data/overlay rules, read and validated once per process. */
function bundledOverlayRules(): Promise<OverlayRule[]> {
  bundledOverlay ??= loadOverlayRules().catch((error: unknown) => {
    bundledOverlay = undefined;
    throw error;
  });
  return bundledOverlay;
}

/** The bundled snapshot (data/snapshot in the package root), so a fresh install works offline. */
export const SNAPSHOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/snapshot');

/**
 * Imports the bundled snapshot when the database holds no data yet. Returns the import result,
 * or undefined when nothing was imported (data present, or no snapshot shipped).
 */
export async function ensureSnapshotLoaded(
  store: Store,
  options: ImportFilesOptions & { dir?: string } = {},
): Promise<ImportResult | undefined> {
  const dir = options.dir ?? SNAPSHOT_DIR;
  if (!existsSync(dir) || !(await store.isEmpty())) return undefined;
  return importAdvisoryFiles(store, [dir], { ...options, sourceName: options.sourceName ?? 'snapshot' });
}

/**
 * True when the files at `paths` (directories walked) hold at least `bytes`; stops counting as
 * soon as they do. Unreadable paths count as nothing here: the reader reports them.
 */
async function atLeastBytes(paths: readonly string[], bytes: number): Promise<boolean> {
  let total = 0;
  const visit = async (path: string): Promise<boolean> => {
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) total += info.size;
    else if (info?.isDirectory()) {
      for (const entry of await readdir(path).catch(() => []))
        if (await visit(join(path, entry))) return true;
    }
    return total >= bytes;
  };
  for (const path of paths) if (await visit(path)) return true;
  return false;
}

/** Whether the next item has arrived from the reader threads (taking it would not wait). */
interface ReaderBacklog {
  ready(): boolean;
}

/** Idle reader threads, unreferenced so that they never keep the process alive. */
const idleReaders: Worker[] = [];
/** Reads (tasks) started on the reader threads of this process: their sequence numbers. */
let readerReads = 0;

/** A run of consecutive files read by one reader thread, and its replies not yet consumed. */
interface ReaderTask {
  read: number;
  files: string[];
  worker: Worker | undefined;
  replies: ReaderReply[];
  /** Items (end-of-file marks aside) delivered and not yet taken. */
  ready: number;
  /** Listing the files failed here: thrown when the task's turn comes. */
  failure?: unknown;
}

/**
 * The items of `readAdvisoryFiles(paths)`, read on up to READER_THREADS worker threads with the
 * advisories already overlaid and encoded (`prepareAdvisory`), in the same order and with the
 * same progress reports at the same places. Files are handed out in runs of consecutive files
 * (tasks) to whichever thread is free, and consumed strictly in order: while this thread writes
 * the items of one run, the others are being read, each at most READER_WINDOW batches ahead.
 * Finished threads are kept for the next import: starting one costs about 50 ms built and far
 * more under a TypeScript loader (tsx, vitest). A thread still busy when the import ends (an
 * abort, an error) is terminated.
 */
async function* readInWorkers(
  paths: string[],
  overlayRules: readonly OverlayRule[],
  signal: AbortSignal | undefined,
  onProgress: (file: string) => void,
  backlog: ReaderBacklog,
): AsyncGenerator<ImportItem> {
  // Tasks are consumed in order: what a later task has delivered waits for the earlier ones.
  backlog.ready = () => {
    for (const task of tasks) {
      if (task.ready > 0) return true;
      if (task.replies.at(-1)?.type !== 'done') return false;
    }
    return false;
  };
  const files = listAdvisoryFiles(paths);
  let listed = false;
  const tasks: ReaderTask[] = [];
  const busy = new Set<Worker>();
  const owned: Worker[] = [];
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => wake?.();
  const onMessage = (reply: ReaderReply): void => {
    const task = tasks.find((candidate) => candidate.read === reply.read);
    if (task === undefined) return;
    task.replies.push(reply);
    if (reply.type === 'batch') {
      for (const item of reply.items) if (Array.isArray(item) || item.kind !== 'end-of-file') task.ready += 1;
    } else {
      busy.delete(task.worker as Worker);
    }
    notify();
  };
  const onError = (error: unknown): void => {
    failure ??= error;
    notify();
  };
  const onExit = (code: number): void => {
    failure ??= new BugError(`advisory reader thread exited with code ${code}`);
    notify();
  };
  const acquire = (): Worker => {
    const worker = idleReaders.pop() ?? createReaderWorker();
    worker.ref();
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    owned.push(worker);
    return worker;
  };
  /** The next run of files (up to READER_TASK_BYTES), or undefined when all are handed out. */
  const nextTask = async (): Promise<ReaderTask | undefined> => {
    if (listed) return undefined;
    const task: ReaderTask = { read: ++readerReads, files: [], worker: undefined, replies: [], ready: 0 };
    let bytes = 0;
    try {
      while (bytes < READER_TASK_BYTES && task.files.length < READER_TASK_FILES) {
        const next = await files.next();
        if (next.done) {
          listed = true;
          break;
        }
        task.files.push(next.value);
        bytes += (await stat(next.value).catch(() => undefined))?.size ?? 0;
      }
    } catch (error) {
      // Thrown in order, after the items of every file listed before the failure (a task of
      // its own at the end of the queue), as the in-thread reader throws it.
      listed = true;
      tasks.push({
        read: ++readerReads,
        files: [],
        worker: undefined,
        replies: [],
        ready: 0,
        failure: error,
      });
    }
    return task.files.length > 0 ? task : undefined;
  };
  const idle = (): Worker | undefined => owned.find((worker) => !busy.has(worker));
  try {
    let consumed = 0;
    while (true) {
      // Hand out runs of files while a thread is free (or may still be started).
      while (
        !listed &&
        tasks.length < READER_TASKS_QUEUED &&
        (idle() !== undefined || owned.length < READER_THREADS)
      ) {
        const task = await nextTask();
        if (task === undefined) break;
        // Before a listing failure nextTask may have queued: the files listed before it come first.
        const failed = tasks.findIndex((queued) => queued.failure !== undefined);
        tasks.splice(failed === -1 ? tasks.length : failed, 0, task);
        const worker = idle() ?? acquire();
        task.worker = worker;
        busy.add(worker);
        const request: ReaderRequest = {
          type: 'read',
          read: task.read,
          files: task.files,
          overlayRules: [...overlayRules],
          batchItems: READER_BATCH_ITEMS,
        };
        worker.postMessage(request);
      }
      const task = tasks[0];
      if (task === undefined) return;
      if (task.failure !== undefined) throw task.failure;
      const reply = task.replies.shift();
      if (reply === undefined) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (reply.type === 'done') {
        tasks.shift();
        continue;
      }
      if (reply.type === 'error') {
        const { code, message, ...where } = reply.error;
        throw code === undefined ? new Error(message) : new WardError(code, message, where);
      }
      // Same check, same error as the in-thread reader's between its records.
      if (signal?.aborted) throw new WardError('aborted', 'advisory import aborted');
      const credit: ReaderRequest = { type: 'credit', read: task.read };
      task.worker?.postMessage(credit);
      for (const item of reply.items) {
        // Progress where readAdvisoryFiles reports it: before every READ_PROGRESS_EVERY-th item
        // and after each file.
        if (!Array.isArray(item) && item.kind === 'end-of-file') {
          onProgress(task.files.shift() ?? '');
          continue;
        }
        task.ready -= 1;
        consumed += 1;
        if (consumed % READ_PROGRESS_EVERY === 0) onProgress(task.files[0] ?? '');
        yield Array.isArray(item) ? { kind: 'prepared', advisory: unpackAdvisory(item) } : item;
      }
    }
  } finally {
    for (const worker of owned) {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (busy.has(worker) || failure !== undefined || idleReaders.length >= READER_THREADS) {
        void worker.terminate();
      } else {
        worker.unref();
        idleReaders.push(worker);
      }
    }
  }
}

/** A reader thread (advisory-import-worker.ts), dropped from the idle ones should it exit. */
function createReaderWorker(): Worker {
  const worker = startModuleWorker(import.meta.url, 'advisory-import-worker');
  // A thread that dies while idle must not be handed out again.
  worker.once('exit', () => {
    const index = idleReaders.indexOf(worker);
    if (index !== -1) idleReaders.splice(index, 1);
  });
  return worker;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WardError('aborted', 'advisory import aborted; the database is unchanged');
}
