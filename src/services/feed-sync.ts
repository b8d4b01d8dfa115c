/**
 * `ward db update`: fetches the public feeds (OSV per ecosystem, NVD CVE API 2.0, CISA KEV,
 * EPSS) into the store, incrementally and resumably.
 *
 * - Conditional requests: each source's ETag / Last-Modified is stored and sent back
 *   (If-None-Match / If-Modified-Since); a 304 costs one request and changes nothing.
 * - OSV: first sync = the ecosystem's `all.zip`; later syncs read `modified_id.csv` and fetch
 *   only the records changed after the stored watermark (falling back to the zip when too many
 *   changed). NVD: pages of `lastModStartDate/lastModEndDate` windows (<= 120 days).
 * - Every write is one store transaction that also moves the source's cursor, so an interrupted
 *   sync leaves the database as it was after the last committed batch, and the next run resumes
 *   there. Large downloads go to a `.part` file first and resume with an HTTP Range request
 *   (If-Range guards against the file having changed); the database is only touched once a
 *   download is complete.
 * - Rate limits: 429/503 are retried after `Retry-After` (bounded); NVD requests are paced to its
 *   published limit (5 per rolling 30 s, 50 with an API key).
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FeedEndpoints, FeedId } from '../advisories/feeds/endpoints.js';
import {
  NVD_KEYED_REQUESTS_PER_WINDOW,
  NVD_MAX_PAGE,
  NVD_PUBLIC_REQUESTS_PER_WINDOW,
  NVD_RATE_WINDOW_MS,
  type NvdWindow,
  nvdNextStart,
  nvdPageInfo,
  nvdPageUrl,
  nvdWindows,
} from '../advisories/feeds/nvd.js';
import {
  changesAfter,
  compareChange,
  type ModifiedId,
  type OsvWatermark,
  osvArchiveUrl,
  osvEcosystemsUrl,
  osvModifiedIdsUrl,
  osvRecordUrl,
  parseEcosystemList,
  parseModifiedIds,
} from '../advisories/feeds/osv.js';
import { parseRetryAfter, SlidingWindowLimiter } from '../advisories/feeds/rate-limit.js';
import type { SourceItem } from '../advisories/types.js';
import { WardError } from '../core/errors.js';
import type { ImportSession, SourceState, Store } from '../store/store.js';
import { readAdvisoryFiles } from './advisory-files.js';
import { writeSourceItems } from './advisory-import.js';

export interface FeedProgress {
  /** Source being synced ('osv:PyPI', 'nvd', 'kev', 'epss'). */
  source: string;
  phase: 'download' | 'import';
  /** Bytes received of the current download, or records handled while importing. */
  done: number;
  /** Expected total when known (Content-Length, NVD totalResults, changed OSV records). */
  total?: number;
}

export interface FeedSyncOptions {
  endpoints: FeedEndpoints;
  /** Where partial downloads are kept between runs (created when missing). */
  downloadDir: string;
  /** Sources to sync (default all). */
  sources?: readonly FeedId[];
  /** OSV ecosystems (default: every one listed in the bucket's ecosystems.txt). */
  ecosystems?: readonly string[];
  /** Sent as the `apiKey` header to NVD; raises the pace to 50 requests per 30 s. */
  nvdApiKey?: string;
  /** NVD pacing (defaults: NVD's published limit). */
  nvdRequestsPerWindow?: number;
  nvdRateWindowMs?: number;
  /** NVD `resultsPerPage` (default and maximum 2000). */
  nvdPageSize?: number;
  /** Retries of one request after 429/503/network errors (default 4). */
  maxRetries?: number;
  /** Longest single wait honoured; a longer Retry-After fails the source (default 10 min). */
  maxRetryWaitMs?: number;
  /** Per-request inactivity timeout (default 60 s). */
  requestTimeoutMs?: number;
  /** More changed OSV records than this re-downloads the ecosystem's all.zip (default 5000). */
  osvFullThreshold?: number;
  /** OSV records fetched per committed batch (default 100). */
  osvBatchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: FeedProgress) => void;
  now?: () => Date;
  userAgent?: string;
}

export interface FeedReport {
  source: string;
  outcome: 'updated' | 'unchanged' | 'failed';
  /** HTTP requests made for this source (retries included). */
  requests: number;
  imported: number;
  updated: number;
  unchanged: number;
  kev: number;
  epss: number;
  skipped: number;
  error?: string;
}

const DEFAULT_SOURCES: readonly FeedId[] = ['osv', 'nvd', 'kev', 'epss'];

/** Syncs each requested source; one failing source is reported and the others still run. */
export async function syncFeeds(store: Store, options: FeedSyncOptions): Promise<FeedReport[]> {
  const http = new FeedHttp(options);
  await mkdir(options.downloadDir, { recursive: true });
  const reports: FeedReport[] = [];
  const run = async (source: string, body: (report: FeedReport) => Promise<void>): Promise<void> => {
    const report = emptyReport(source);
    const before = http.requests;
    try {
      await body(report);
    } catch (error) {
      if (error instanceof WardError && error.code === 'aborted') throw error;
      if (!(error instanceof WardError)) throw error;
      report.outcome = 'failed';
      report.error = error.describe();
    } finally {
      report.requests = http.requests - before;
      reports.push(report);
    }
  };
  for (const source of options.sources ?? DEFAULT_SOURCES) {
    if (source === 'osv') {
      let ecosystems = options.ecosystems;
      if (ecosystems === undefined) {
        await run('osv', async () => {
          ecosystems = parseEcosystemList(await http.text(osvEcosystemsUrl(options.endpoints.osv)));
        });
        if (reports.at(-1)?.outcome === 'failed') continue;
        reports.pop();
      }
      for (const ecosystem of ecosystems ?? []) {
        await run(`osv:${ecosystem}`, (report) => syncOsvEcosystem(store, http, options, ecosystem, report));
      }
    } else if (source === 'nvd') {
      await run('nvd', (report) => syncNvd(store, http, options, report));
    } else {
      const url = options.endpoints[source];
      await run(source, (report) =>
        syncWholeFile(
          store,
          http,
          options,
          source,
          url,
          source === 'kev' ? 'kev.json' : 'epss.csv.gz',
          report,
        ),
      );
    }
  }
  return reports;
}

// ---- whole-file sources (KEV, EPSS) ----------------------------------------------------------

async function syncWholeFile(
  store: Store,
  http: FeedHttp,
  options: FeedSyncOptions,
  source: string,
  url: string,
  fileName: string,
  report: FeedReport,
): Promise<void> {
  const state = await store.sourceState(source);
  const file = join(options.downloadDir, fileName);
  const download = await http.download(url, file, source, state);
  const now = nowIso(options);
  if (download.status === 304) {
    await saveState(store, source, { lastSyncAt: now, lastSuccessAt: now });
    report.outcome = 'unchanged';
    return;
  }
  const session = await store.beginImport();
  try {
    await importFiles(session, [file], source, options);
    const counts = session.result();
    await session.saveSourceState(source, {
      lastSyncAt: now,
      lastSuccessAt: now,
      etag: download.etag ?? null,
      lastModified: download.lastModified ?? null,
      records: counts.kev + counts.epss + counts.imported + counts.updated + counts.unchanged,
    });
    addCounts(report, await session.commit());
  } catch (error) {
    await session.rollback();
    throw error;
  }
  await rm(file, { force: true });
  report.outcome = 'updated';
}

// ---- OSV ---------------------------------------------------------------------------------------

interface OsvCursor {
  watermark?: OsvWatermark;
}

async function syncOsvEcosystem(
  store: Store,
  http: FeedHttp,
  options: FeedSyncOptions,
  ecosystem: string,
  report: FeedReport,
): Promise<void> {
  const name = `osv:${ecosystem}`;
  const base = options.endpoints.osv;
  const state = await store.sourceState(name);
  const cursor = (state?.cursor ?? {}) as OsvCursor;
  const listing = await http.fetchText(
    osvModifiedIdsUrl(base, ecosystem),
    cursor.watermark ? state : undefined,
  );
  const now = nowIso(options);
  if (listing.status === 304) {
    await saveState(store, name, { lastSyncAt: now, lastSuccessAt: now });
    report.outcome = 'unchanged';
    return;
  }
  const rows = parseModifiedIds(listing.text, osvModifiedIdsUrl(base, ecosystem));
  const newest = rows.reduce<ModifiedId | undefined>(
    (best, row) => (best === undefined || compareChange(row, best) > 0 ? row : best),
    undefined,
  );
  const changes = changesAfter(rows, cursor.watermark);
  const validators = { etag: listing.etag ?? null, lastModified: listing.lastModified ?? null };

  if (cursor.watermark === undefined || changes.length > (options.osvFullThreshold ?? 5000)) {
    // Full sync from all.zip. The listing was read first, so the archive is at least as new as
    // the watermark taken from it: nothing at or before the watermark can be missing.
    const file = join(options.downloadDir, `osv-${safeName(ecosystem)}.zip`);
    await http.download(osvArchiveUrl(base, ecosystem), file, name, undefined);
    const session = await store.beginImport();
    try {
      await importFiles(session, [file], name, options);
      const counts = session.result();
      await session.saveSourceState(name, {
        ...validators,
        lastSyncAt: now,
        lastSuccessAt: now,
        cursor: { watermark: newest ?? cursor.watermark } satisfies OsvCursor,
        records: counts.imported + counts.updated + counts.unchanged,
      });
      addCounts(report, await session.commit());
    } catch (error) {
      await session.rollback();
      throw error;
    }
    await rm(file, { force: true });
    report.outcome = 'updated';
    return;
  }

  // Incremental: changed records oldest first, each batch committed with its watermark.
  const batchSize = options.osvBatchSize ?? 100;
  let done = 0;
  for (let start = 0; start < changes.length; start += batchSize) {
    const batch = changes.slice(start, start + batchSize);
    const lines: string[] = [];
    const missing: string[] = [];
    for (const change of batch) {
      const record = await http.fetchText(osvRecordUrl(base, ecosystem, change.id), undefined, [404]);
      if (record.status === 404) missing.push(change.id);
      else lines.push(JSON.stringify(parseJson(record.text, osvRecordUrl(base, ecosystem, change.id))));
      done += 1;
      options.onProgress?.({ source: name, phase: 'download', done, total: changes.length });
    }
    const file = join(options.downloadDir, `osv-${safeName(ecosystem)}-changes.jsonl`);
    await writeFile(file, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    const last = batch.at(-1);
    const final = start + batchSize >= changes.length;
    const session = await store.beginImport();
    try {
      await importFiles(session, [file], name, options);
      for (const id of missing) {
        session.noteSkipped({
          file: osvRecordUrl(base, ecosystem, id),
          reason: 'listed in modified_id.csv but not found (404)',
        });
      }
      await session.saveSourceState(name, {
        lastSyncAt: now,
        ...(final ? { ...validators, lastSuccessAt: now } : {}),
        cursor: { watermark: last ?? cursor.watermark } satisfies OsvCursor,
      });
      addCounts(report, await session.commit());
    } catch (error) {
      await session.rollback();
      throw error;
    }
    await rm(file, { force: true });
  }
  if (changes.length === 0)
    await saveState(store, name, { ...validators, lastSyncAt: now, lastSuccessAt: now });
  report.outcome = changes.length === 0 ? 'unchanged' : 'updated';
}

// ---- NVD ---------------------------------------------------------------------------------------

/** Where an NVD sync is: `since` undefined = full catalogue; windows are derived from since..until. */
interface NvdCursor {
  since?: string;
  until: string;
  window: number;
  startIndex: number;
}

async function syncNvd(
  store: Store,
  http: FeedHttp,
  options: FeedSyncOptions,
  report: FeedReport,
): Promise<void> {
  const state = await store.sourceState('nvd');
  const pending = state?.cursor as NvdCursor | undefined;
  const startedAt = nowIso(options);
  // The watermark of a completed sync is kept in lastModified: the lastModEndDate it reached.
  const plan: NvdCursor = pending ?? {
    ...(state?.lastModified ? { since: state.lastModified } : {}),
    until: startedAt,
    window: 0,
    startIndex: 0,
  };
  const windows: (NvdWindow | undefined)[] =
    plan.since === undefined ? [undefined] : nvdWindows(plan.since, plan.until);
  const pageSize = Math.min(options.nvdPageSize ?? NVD_MAX_PAGE, NVD_MAX_PAGE);
  const headers: Record<string, string> = options.nvdApiKey ? { apiKey: options.nvdApiKey } : {};
  let position = { window: plan.window, startIndex: plan.startIndex };
  let handled = 0;
  while (position.window < windows.length) {
    const window = windows[position.window];
    const url = nvdPageUrl(options.endpoints.nvd, position.startIndex, pageSize, window);
    const page = await http.fetchText(url, undefined, [], headers, 'nvd');
    const info = nvdPageInfo(parseJson(page.text, url), url);
    const next = nvdNextStart(info);
    position =
      next === undefined
        ? { window: position.window + 1, startIndex: 0 }
        : { window: position.window, startIndex: next };
    const finished = position.window >= windows.length;
    const file = join(options.downloadDir, 'nvd-page.json');
    await writeFile(file, page.text);
    const session = await store.beginImport();
    try {
      await importFiles(session, [file], 'nvd', options);
      await session.saveSourceState('nvd', {
        lastSyncAt: startedAt,
        cursor: finished ? null : ({ ...plan, ...position } satisfies NvdCursor),
        ...(finished ? { lastModified: plan.until, lastSuccessAt: startedAt } : {}),
      });
      addCounts(report, await session.commit());
    } catch (error) {
      await session.rollback();
      throw error;
    }
    await rm(file, { force: true });
    handled += info.count;
    options.onProgress?.({ source: 'nvd', phase: 'import', done: handled, total: info.totalResults });
  }
  report.outcome = report.imported + report.updated > 0 ? 'updated' : 'unchanged';
}

// ---- shared ------------------------------------------------------------------------------------

async function importFiles(
  session: ImportSession,
  files: readonly string[],
  source: string,
  options: FeedSyncOptions,
): Promise<void> {
  let batch: SourceItem[] = [];
  let done = 0;
  for await (const item of readAdvisoryFiles([...files], options.signal ? { signal: options.signal } : {})) {
    batch.push(item);
    if (batch.length >= 2000) {
      await writeSourceItems(session, batch);
      done += batch.length;
      batch = [];
      options.onProgress?.({ source, phase: 'import', done });
    }
  }
  await writeSourceItems(session, batch);
}

async function saveState(store: Store, name: string, patch: Parameters<ImportSession['saveSourceState']>[1]) {
  const session = await store.beginImport();
  try {
    await session.saveSourceState(name, patch);
    await session.commit();
  } catch (error) {
    await session.rollback();
    throw error;
  }
}

function emptyReport(source: string): FeedReport {
  return {
    source,
    outcome: 'unchanged',
    requests: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    kev: 0,
    epss: 0,
    skipped: 0,
  };
}

function addCounts(report: FeedReport, result: Awaited<ReturnType<ImportSession['commit']>>): void {
  report.imported += result.imported;
  report.updated += result.updated;
  report.unchanged += result.unchanged;
  report.kev += result.kev;
  report.epss += result.epss;
  report.skipped += result.skipped.length + result.failed.length;
}

function nowIso(options: FeedSyncOptions): string {
  return (options.now?.() ?? new Date()).toISOString();
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new WardError(
      'source.unavailable',
      `expected JSON, got unparsable text: ${(error as Error).message}`,
      {
        file: url,
        cause: error,
      },
    );
  }
}

// ---- HTTP --------------------------------------------------------------------------------------

interface Fetched {
  status: number;
  text: string;
  etag?: string;
  lastModified?: string;
}

interface Downloaded {
  status: 200 | 206 | 304;
  etag?: string;
  lastModified?: string;
}

/** Metadata of a `.part` file: what it is a prefix of. */
interface PartialMeta {
  url: string;
  validator: string;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

/** fetch() with pacing, bounded retries, conditional and resumable downloads. */
class FeedHttp {
  requests = 0;
  readonly #options: FeedSyncOptions;
  readonly #nvd: SlidingWindowLimiter;

  constructor(options: FeedSyncOptions) {
    this.#options = options;
    const keyed = options.nvdApiKey !== undefined && options.nvdApiKey !== '';
    this.#nvd = new SlidingWindowLimiter(
      options.nvdRequestsPerWindow ??
        (keyed ? NVD_KEYED_REQUESTS_PER_WINDOW : NVD_PUBLIC_REQUESTS_PER_WINDOW),
      options.nvdRateWindowMs ?? NVD_RATE_WINDOW_MS,
    );
  }

  async text(url: string): Promise<string> {
    return (await this.fetchText(url, undefined)).text;
  }

  /** GET as text; `state` adds conditional headers; statuses in `accept` are returned, not thrown. */
  async fetchText(
    url: string,
    state: SourceState | undefined,
    accept: readonly number[] = [],
    headers: Record<string, string> = {},
    limiter?: 'nvd',
  ): Promise<Fetched> {
    const response = await this.#request(url, { ...conditional(state), ...headers }, limiter);
    const base = validatorsOf(response);
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 304, text: '', ...base };
    }
    if (accept.includes(response.status)) {
      await response.body?.cancel();
      return { status: response.status, text: '', ...base };
    }
    this.#assertOk(response, url);
    try {
      return { status: response.status, text: await response.text(), ...base };
    } catch (error) {
      throw unavailable(url, 'connection lost while reading the response', error);
    }
  }

  /**
   * Downloads `url` to `file`. A previous partial download of the same URL resumes with a Range
   * request guarded by If-Range; a 200 instead of 206 (the resource changed) starts over.
   */
  async download(
    url: string,
    file: string,
    source: string,
    state: SourceState | undefined,
  ): Promise<Downloaded> {
    const part = `${file}.part`;
    const metaFile = `${part}.json`;
    let offset = 0;
    let meta: PartialMeta | undefined;
    if (existsSync(part) && existsSync(metaFile)) {
      meta = JSON.parse(await readFile(metaFile, 'utf8')) as PartialMeta;
      offset = meta.url === url ? (await stat(part)).size : 0;
    }
    const headers: Record<string, string> =
      meta !== undefined && offset > 0
        ? { Range: `bytes=${offset}-`, 'If-Range': meta.validator }
        : conditional(state);
    const response = await this.#request(url, headers);
    const validators = validatorsOf(response);
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 304, ...validators };
    }
    this.#assertOk(response, url);
    const resumed =
      response.status === 206 && (response.headers.get('content-range') ?? '').startsWith(`bytes ${offset}-`);
    if (response.status === 206 && !resumed) {
      await response.body?.cancel();
      await rm(part, { force: true });
      throw unavailable(
        url,
        `unexpected Content-Range ${response.headers.get('content-range')}; will restart`,
      );
    }
    const validator = validators.etag ?? validators.lastModified;
    if (validator !== undefined)
      await writeFile(metaFile, JSON.stringify({ url, validator } satisfies PartialMeta));
    else await rm(metaFile, { force: true });
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    const start = resumed ? offset : 0;
    const total = Number.isFinite(length) ? start + length : undefined;
    let received = start;
    const body = response.body;
    if (body === null) throw unavailable(url, 'empty response body');
    const progress = this.#options.onProgress;
    // Chunks are written as they arrive (not through a pipeline that may drop buffered writes on
    // error), so whatever was received before a dropped connection stays for the next run.
    const handle = await open(part, resumed ? 'a' : 'w');
    try {
      for await (const chunk of Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>)) {
        await handle.write(chunk as Buffer);
        received += (chunk as Buffer).length;
        progress?.({ source, phase: 'download', done: received, ...(total === undefined ? {} : { total }) });
      }
    } catch (error) {
      if (this.#options.signal?.aborted) throw new WardError('aborted', 'feed sync aborted');
      throw unavailable(url, `connection lost after ${received} bytes (the next run resumes)`, error);
    } finally {
      await handle.close();
    }
    if (total !== undefined && received !== total) {
      throw unavailable(url, `got ${received} of ${total} bytes (the next run resumes)`);
    }
    await rename(part, file);
    await rm(metaFile, { force: true });
    return { status: resumed ? 206 : 200, ...validators };
  }

  #assertOk(response: Response, url: string): void {
    if (response.status === 200 || response.status === 206) return;
    void response.body?.cancel();
    throw new WardError('source.unavailable', `HTTP ${response.status} ${response.statusText}`.trim(), {
      file: url,
    });
  }

  async #request(url: string, headers: Record<string, string>, limiter?: 'nvd'): Promise<Response> {
    const maxRetries = this.#options.maxRetries ?? 4;
    const maxWait = this.#options.maxRetryWaitMs ?? 600_000;
    for (let attempt = 0; ; attempt += 1) {
      if (limiter === 'nvd') {
        const wait = this.#nvd.delay(Date.now());
        if (wait > 0) await sleep(wait, this.#options.signal);
        this.#nvd.record(Date.now());
      }
      this.#throwIfAborted();
      this.requests += 1;
      let response: Response | undefined;
      let failure: unknown;
      const timeout = AbortSignal.timeout(this.#options.requestTimeoutMs ?? 60_000);
      try {
        response = await fetch(url, {
          headers: { 'User-Agent': this.#options.userAgent ?? 'ward', ...headers },
          signal: this.#options.signal ? AbortSignal.any([this.#options.signal, timeout]) : timeout,
        });
      } catch (error) {
        this.#throwIfAborted();
        failure = error;
      }
      if (response !== undefined && !RETRYABLE.has(response.status)) return response;
      const retryAfter = response
        ? parseRetryAfter(response.headers.get('retry-after'), Date.now())
        : undefined;
      await response?.body?.cancel();
      const what = response
        ? `HTTP ${response.status}`
        : `request failed: ${(failure as Error)?.message ?? failure}`;
      // Without Retry-After, back off exponentially from 2 s (NVD asks clients to sleep between requests).
      const waitMs = retryAfter !== undefined ? retryAfter * 1000 : 2000 * 2 ** attempt;
      if (attempt >= maxRetries || waitMs > maxWait) {
        throw new WardError('source.unavailable', `${what} after ${attempt + 1} attempt(s)`, {
          file: url,
          ...(retryAfter === undefined ? {} : { retryAfter }),
          ...(failure === undefined ? {} : { cause: failure }),
        });
      }
      await sleep(waitMs, this.#options.signal);
    }
  }

  #throwIfAborted(): void {
    if (this.#options.signal?.aborted) throw new WardError('aborted', 'feed sync aborted');
  }
}

function conditional(state: SourceState | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (state?.etag) headers['If-None-Match'] = state.etag;
  if (state?.lastModified) headers['If-Modified-Since'] = state.lastModified;
  return headers;
}

function validatorsOf(response: Response): { etag?: string; lastModified?: string } {
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

function unavailable(url: string, message: string, cause?: unknown): WardError {
  return new WardError('source.unavailable', message, {
    file: url,
    ...(cause === undefined ? {} : { cause }),
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new WardError('aborted', 'feed sync aborted'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
