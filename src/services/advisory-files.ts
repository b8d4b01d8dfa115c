/**
 * Streaming reader for advisory sources on disk: OSV JSON/YAML files, directories, JSON Lines
 * (optionally gzip), OSV `all.zip` archives, NVD API pages and 1.1 feeds, CVE 5 records, the CISA
 * KEV catalog (JSON or CSV), EPSS CSV (optionally gzip) and CSAF documents.
 *
 * Memory stays bounded by the largest single record: JSON Lines and CSV are read line by line,
 * large JSON documents are split element by element (JsonSplitter), zip entries are read one at a
 * time with size and ratio caps. Every problem becomes a `skipped` item naming file, line and field.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse';
import yauzl from 'yauzl';
import { looksLikeEpss, normalizeEpssRow, parseEpssMetadata } from '../advisories/epss.js';
import { type JsonSplitEvent, JsonSplitter, TOP_LEVEL_ARRAY } from '../advisories/json-splitter.js';
import { looksLikeKevCatalog, normalizeKevEntry } from '../advisories/kev.js';
import {
  type AdvisoryFormat,
  detectAdvisoryFormat,
  normalizeAdvisoryRecord,
} from '../advisories/normalize.js';
import { looksLikeNvdPage, normalizeNvdCve, normalizeNvdFeedItem } from '../advisories/nvd.js';
import { parseOsvYaml } from '../advisories/osv.js';
import { type OverlayRule, parseOverlay } from '../advisories/overlay.js';
import { isObject, type NormalizeOutcome, type RecordContext } from '../advisories/record-reader.js';
import type { Advisory, SourceItem } from '../advisories/types.js';
import { type Problem, WardError } from '../core/errors.js';

export interface AdvisoryReadProgress {
  /** File (or `archive.zip!entry`) being read. */
  file: string;
  /** Items yielded so far in this call (advisories + KEV + EPSS). */
  records: number;
  /** Skipped items yielded so far (errors and warnings). */
  skipped: number;
}

export interface AdvisoryLimits {
  /** Largest single record/element/zip entry, in characters or bytes. Default 32 MiB. */
  maxRecordBytes: number;
  /** Largest declared or actual uncompressed size of one zip entry. Default 64 MiB. */
  maxZipEntryBytes: number;
  /** Highest uncompressed/compressed ratio accepted for a zip entry. Default 200. */
  maxZipRatio: number;
  /** Largest CSAF/whole JSON document parsed in one piece. Default 256 MiB. */
  maxDocumentBytes: number;
}

export interface ReadAdvisoryOptions {
  signal?: AbortSignal;
  onProgress?: (progress: AdvisoryReadProgress) => void;
  limits?: Partial<AdvisoryLimits>;
}

const DEFAULT_LIMITS: AdvisoryLimits = {
  maxRecordBytes: 32 * 1024 * 1024,
  maxZipEntryBytes: 64 * 1024 * 1024,
  maxZipRatio: 200,
  maxDocumentBytes: 256 * 1024 * 1024,
};

/** Top-level arrays streamed element by element rather than parsed whole. */
const STREAMED_ARRAYS: ReadonlySet<string> = new Set(['vulnerabilities', 'CVE_Items']);
/** Extensions picked up when walking a directory; anything else there (README, LICENSE) is ignored. */
const DATA_SUFFIXES = [
  '.json',
  '.json.gz',
  '.jsonl',
  '.jsonl.gz',
  '.yaml',
  '.yml',
  '.zip',
  '.csv',
  '.csv.gz',
];
/** Items between two progress reports of `readAdvisoryFiles` (it also reports after each file). */
export const READ_PROGRESS_EVERY = 1000;
const STREAM_CHUNK = 256 * 1024;

type Format = 'jsonl' | 'yaml' | 'zip' | 'csv' | 'json';

interface Reader {
  limits: AdvisoryLimits;
  signal: AbortSignal | undefined;
  counts: AdvisoryReadProgress;
  onProgress: ((progress: AdvisoryReadProgress) => void) | undefined;
}

/**
 * Reads every advisory source found at `paths` (files or directories, recursively, in sorted
 * order) and yields one SourceItem at a time. Withdrawn/rejected advisories are yielded with
 * `withdrawn` set, so that a store can retire what it imported before. Throws WardError
 * ('input.invalid') only for a file that cannot be read at all (truncated zip, unreadable JSON
 * structure); per-record problems are `skipped` items.
 */
export async function* readAdvisoryFiles(
  paths: string[],
  options: ReadAdvisoryOptions = {},
): AsyncGenerator<SourceItem> {
  const reader: Reader = {
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    signal: options.signal,
    counts: { file: '', records: 0, skipped: 0 },
    onProgress: options.onProgress,
  };
  for await (const file of listAdvisoryFiles(paths)) {
    checkAborted(reader);
    reader.counts.file = file;
    for await (const batch of readOneFile(file, reader)) {
      for (const item of batch) {
        if (item.kind === 'skipped') reader.counts.skipped++;
        else reader.counts.records++;
        if ((reader.counts.records + reader.counts.skipped) % READ_PROGRESS_EVERY === 0) {
          checkAborted(reader);
          reader.onProgress?.({ ...reader.counts });
        }
        yield item;
      }
    }
    reader.onProgress?.({ ...reader.counts });
  }
}

/**
 * The items of `readAdvisoryFiles(paths)`, in the same order, a batch at a time: the records of
 * one chunk of a JSON Lines file, one item of any other format. For readers that take items in
 * bulk (the import's reader threads): each item that crosses an async generator costs a
 * promise and a turn of the microtask queue, and an item of a JSON Lines file crossed four of
 * them, a sixth of the time of reading the OSV benchmark files in one thread (~245 ms item by
 * item, ~205 ms in batches). No progress reports; `signal` is checked before each file.
 */
export async function* readAdvisoryBatches(
  paths: string[],
  options: Omit<ReadAdvisoryOptions, 'onProgress'> = {},
): AsyncGenerator<SourceItem[]> {
  const reader: Reader = {
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    signal: options.signal,
    counts: { file: '', records: 0, skipped: 0 },
    onProgress: undefined,
  };
  for await (const file of listAdvisoryFiles(paths)) {
    checkAborted(reader);
    reader.counts.file = file;
    yield* readOneFile(file, reader);
  }
}

/**
 * The files `readAdvisoryFiles(paths)` reads, in the order it reads them: explicit files as
 * given, directories walked recursively in sorted order keeping only advisory data files.
 */
export async function* listAdvisoryFiles(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) yield* walk(path, true);
}

function checkAborted(reader: Reader): void {
  if (reader.signal?.aborted) throw new WardError('aborted', 'advisory import aborted');
}

async function* walk(path: string, explicit: boolean): AsyncGenerator<string> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new WardError('not-found', `could not read ${path}: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
  if (info.isDirectory()) {
    const entries = (await readdir(path)).sort();
    for (const entry of entries) yield* walk(join(path, entry), false);
  } else if (explicit || DATA_SUFFIXES.some((suffix) => path.toLowerCase().endsWith(suffix))) {
    yield path;
  }
}

function formatOf(file: string): Format {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (name.endsWith('.zip')) return 'zip';
  if (name.endsWith('.csv')) return 'csv';
  return 'json';
}

/** One file's items, in batches: a chunk's records of JSON Lines, one item of anything else. */
async function* readOneFile(file: string, reader: Reader): AsyncGenerator<SourceItem[]> {
  const format = formatOf(file);
  try {
    if (format === 'jsonl') {
      yield* readJsonLines(file, await openBytes(file), reader);
      return;
    }
    const items =
      format === 'zip'
        ? readZip(file, reader)
        : format === 'yaml'
          ? readYaml(file, reader)
          : format === 'csv'
            ? readCsv(file, reader)
            : readJsonDocument(file, await openText(file), reader);
    for await (const item of items) yield [item];
  } catch (error) {
    if (error instanceof WardError && (error.code === 'aborted' || error.code === 'not-found')) throw error;
    const base = error instanceof WardError ? error : undefined;
    const message = error instanceof Error ? error.message : String(error);
    throw new WardError(base?.code ?? 'input.invalid', `could not read ${file}: ${message}`, {
      file,
      ...(base?.line === undefined ? {} : { line: base.line }),
      ...(base?.field === undefined ? {} : { field: base.field }),
      cause: error,
    });
  }
}

/** A text stream of the file, gunzipped when it starts with the gzip magic bytes. */
async function openText(file: string): Promise<AsyncIterable<string>> {
  const stream = await openBytes(file);
  stream.setEncoding('utf8');
  return stream;
}

/** The file's bytes, gunzipped when it starts with the gzip magic bytes. */
async function openBytes(file: string): Promise<Readable> {
  const handle = await open(file, 'r');
  const magic = Buffer.alloc(2);
  try {
    await handle.read(magic, 0, 2, 0);
  } finally {
    await handle.close();
  }
  // 256 KiB chunks instead of the 16/64 KiB defaults: a quarter of the zlib callbacks and
  // readline pushes per megabyte, which profiling showed as a visible share of an OSV import.
  const raw = createReadStream(file, { highWaterMark: STREAM_CHUNK });
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  const stream: Readable = gzip ? raw.pipe(createGunzip({ chunkSize: STREAM_CHUNK })) : raw;
  if (stream !== raw) raw.on('error', (error) => stream.destroy(error));
  return stream;
}

function* emit<T>(outcome: NormalizeOutcome<T>, wrap: (value: T) => SourceItem): Generator<SourceItem> {
  if (outcome.value !== undefined) yield wrap(outcome.value);
  for (const problem of outcome.problems) yield problemItem(problem);
}

function problemItem(problem: Problem): SourceItem {
  const item: SourceItem = {
    kind: 'skipped',
    file: problem.file,
    reason: problem.message,
    severity: problem.severity,
  };
  if (problem.line !== undefined) item.line = problem.line;
  if (problem.field !== undefined) item.field = problem.field;
  return item;
}

function skipped(file: string, reason: string, line?: number): SourceItem {
  return line === undefined ? { kind: 'skipped', file, reason } : { kind: 'skipped', file, line, reason };
}

const advisoryItem = (advisory: Advisory): SourceItem => ({ kind: 'advisory', advisory });

/**
 * The items of one JSON text holding one advisory record, in any of the recognised formats. An
 * OSV record's item carries the text itself (`osvRecord`), which the store keeps as read. A plain
 * function returning an array, not a generator: it runs once per record.
 */
function recordItems(text: string, context: RecordContext): SourceItem[] {
  let format: AdvisoryFormat | undefined;
  const outcome = parseElement(text, context, (value, valueContext) => {
    format = detectAdvisoryFormat(value);
    return normalizeAdvisoryRecord(value, valueContext, format);
  });
  const items: SourceItem[] = [];
  const advisory = outcome.value;
  if (advisory !== undefined) {
    items.push(
      format === 'osv' ? { kind: 'advisory', advisory, osvRecord: text } : { kind: 'advisory', advisory },
    );
  }
  for (const problem of outcome.problems) items.push(problemItem(problem));
  return items;
}

async function* readJsonLines(
  file: string,
  bytes: AsyncIterable<Buffer>,
  reader: Reader,
): AsyncGenerator<SourceItem[]> {
  let line = 0;
  for await (const lines of splitLines(bytes)) {
    const items: SourceItem[] = [];
    for (const content of lines) {
      line++;
      if (content.trim() === '') continue;
      if (content.length > reader.limits.maxRecordBytes) {
        items.push(skipped(file, `record longer than ${reader.limits.maxRecordBytes} characters`, line));
        continue;
      }
      for (const item of recordItems(content, { file, line })) items.push(item);
    }
    if (items.length > 0) yield items;
  }
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The lines of a byte stream (UTF-8), a chunk's worth at a time, broken where `readline` breaks
 * them (`\n`, `\r\n` — also across chunks — and a lone `\r`). By hand rather than `readline`:
 * `indexOf` over each chunk is a fraction of readline's per-line events and regular expression,
 * which profiling showed as a tenth of the reading time of an OSV import. Lines are split as
 * bytes and each is decoded on its own (neither byte ever occurs inside a multi-byte UTF-8
 * sequence): a line of ASCII becomes a one-byte string even when the chunk around it holds other
 * characters, which `JSON.parse` reads a third faster than a slice of a decoded two-byte chunk
 * (measured on the OSV benchmark files: 145 against 205–230 ms).
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  /** Bytes of the line begun in earlier chunks and not ended yet, joined once it ends. */
  const rest: Buffer[] = [];
  for await (const chunk of chunks) {
    let end = chunk.indexOf(LF);
    if (end === -1) {
      // Copied: a slice would keep the whole chunk alive for the sake of one partial line.
      rest.push(Buffer.from(chunk));
      continue;
    }
    const lines: string[] = [];
    const hasCr = chunk.includes(CR);
    let start = 0;
    if (rest.length > 0) {
      rest.push(chunk.subarray(0, end));
      const joined = Buffer.concat(rest);
      pushSegment(lines, joined, 0, joined.length);
      rest.length = 0;
      start = end + 1;
      end = chunk.indexOf(LF, start);
    }
    for (; end !== -1; end = chunk.indexOf(LF, start)) {
      if (hasCr) pushSegment(lines, chunk, start, end);
      else lines.push(chunk.toString('utf8', start, end));
      start = end + 1;
    }
    if (start < chunk.length) rest.push(Buffer.from(chunk.subarray(start)));
    yield lines;
  }
  // The end of the stream ends the last line; a lone `\r` there ends it too, with nothing after.
  if (rest.length > 0) {
    const joined = Buffer.concat(rest);
    const lines: string[] = [];
    pushSegment(lines, joined, 0, joined.length);
    yield lines;
  }
}

/**
 * The `\n`-delimited segment bytes[start, end): a `\r` ending it (`\r\n`) is dropped, and lone
 * `\r`s inside break it further.
 */
function pushSegment(lines: string[], bytes: Buffer, start: number, end: number): void {
  // The segment's own view: a search for `\r` must not run on past its end (once per line, that
  // would be quadratic in a chunk with few `\r`s).
  const segment = bytes.subarray(start, end > start && bytes[end - 1] === CR ? end - 1 : end);
  let from = 0;
  for (let cr = segment.indexOf(CR); cr !== -1; cr = segment.indexOf(CR, from)) {
    lines.push(segment.toString('utf8', from, cr));
    from = cr + 1;
  }
  lines.push(segment.toString('utf8', from));
}

async function* readYaml(file: string, reader: Reader): AsyncGenerator<SourceItem> {
  const info = await stat(file);
  if (info.size > reader.limits.maxRecordBytes) {
    yield skipped(file, `YAML file larger than ${reader.limits.maxRecordBytes} bytes`);
    return;
  }
  yield* emit(parseOsvYaml(await readFile(file, 'utf8'), { file }), advisoryItem);
}

type JsonDocumentKind = 'kev' | 'nvd-page' | 'nvd-feed' | 'records' | 'undecided';

/**
 * One JSON document. Large arrays (`vulnerabilities`, `CVE_Items`, a top-level array) are
 * streamed once the members read before them identify the document; otherwise (CSAF, single
 * records) the document is reassembled and classified whole, within maxDocumentBytes.
 */
async function* readJsonDocument(
  file: string,
  text: AsyncIterable<string>,
  reader: Reader,
): AsyncGenerator<SourceItem> {
  const splitter = new JsonSplitter(STREAMED_ARRAYS, reader.limits.maxRecordBytes);
  const members = new Map<string, unknown>();
  const buffered = new Map<string, unknown[]>();
  let bufferedChars = 0;
  let kind: JsonDocumentKind = 'undecided';
  let catalogVersion: string | undefined;
  const handle = function* (event: JsonSplitEvent): Generator<SourceItem> {
    if (event.kind === 'member') {
      members.set(event.key, event.value);
      return;
    }
    if (event.kind === 'array-end') {
      if (!buffered.has(event.key) && kind === 'undecided') buffered.set(event.key, []);
      return;
    }
    if (kind === 'undecided') {
      const head = Object.fromEntries(members);
      if (event.key === TOP_LEVEL_ARRAY) kind = 'records';
      else if (event.key === 'CVE_Items') kind = 'nvd-feed';
      else if (looksLikeKevCatalog(head)) {
        kind = 'kev';
        catalogVersion = typeof head.catalogVersion === 'string' ? head.catalogVersion : undefined;
      } else if (looksLikeNvdPage({ ...head, vulnerabilities: [] })) kind = 'nvd-page';
    }
    const context: RecordContext = { file, line: event.line };
    switch (kind) {
      case 'records':
        yield* recordItems(event.text, context);
        return;
      case 'nvd-feed':
        yield* emit(parseElement(event.text, context, normalizeNvdFeedItem), advisoryItem);
        return;
      case 'nvd-page':
        yield* emit(
          parseElement(event.text, context, (value, ctx) =>
            normalizeNvdCve(isObject(value) ? value.cve : value, ctx),
          ),
          advisoryItem,
        );
        return;
      case 'kev':
        yield* emit(parseElement(event.text, context, normalizeKevEntry), (entry) =>
          catalogVersion === undefined ? { kind: 'kev', entry } : { kind: 'kev', entry, catalogVersion },
        );
        return;
      case 'undecided': {
        bufferedChars += event.text.length;
        if (bufferedChars > reader.limits.maxDocumentBytes) {
          throw new WardError(
            'input.invalid',
            `document larger than ${reader.limits.maxDocumentBytes} characters`,
          );
        }
        const list = buffered.get(event.key) ?? [];
        list.push(JSON.parse(event.text));
        buffered.set(event.key, list);
        return;
      }
    }
  };
  for await (const chunk of text) {
    checkAborted(reader);
    for (const event of splitter.push(chunk)) yield* handle(event);
  }
  splitter.end();
  if (kind !== 'undecided') return;
  // Not identified before its array (or no array at all): classify the reassembled document.
  const document = Object.fromEntries([...members, ...buffered]);
  const context: RecordContext = { file };
  if (looksLikeKevCatalog(document) && Array.isArray(document.vulnerabilities)) {
    const version = typeof document.catalogVersion === 'string' ? document.catalogVersion : undefined;
    for (const entry of document.vulnerabilities) {
      yield* emit(normalizeKevEntry(entry, context), (kev) =>
        version === undefined
          ? { kind: 'kev', entry: kev }
          : { kind: 'kev', entry: kev, catalogVersion: version },
      );
    }
  } else if (looksLikeNvdPage(document) && Array.isArray(document.vulnerabilities)) {
    for (const element of document.vulnerabilities) {
      yield* emit(normalizeNvdCve(isObject(element) ? element.cve : element, context), advisoryItem);
    }
  } else if (!Array.isArray(document.CVE_Items)) {
    yield* emit(normalizeAdvisoryRecord(document, context), advisoryItem);
  }
}

function parseElement<T>(
  text: string,
  context: RecordContext,
  normalize: (value: unknown, context: RecordContext) => NormalizeOutcome<T>,
): NormalizeOutcome<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem: Problem = {
      file: context.file,
      severity: 'error',
      message: `invalid JSON: ${(error as Error).message}`,
    };
    if (context.line !== undefined) problem.line = context.line;
    return { problems: [problem] };
  }
  return normalize(value, context);
}

/** EPSS CSV (with its `#model_version` comment) or the KEV catalog CSV. */
async function* readCsv(file: string, reader: Reader): AsyncGenerator<SourceItem> {
  const text = await openText(file);
  const iterator = text[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? '' : first.value;
  const firstLine = head.slice(0, head.indexOf('\n') === -1 ? head.length : head.indexOf('\n'));
  const isEpss = looksLikeEpss(head);
  const isKev = /^\s*"?cveID"?,/.test(head);
  if (!isEpss && !isKev) {
    (text as Readable).destroy();
    yield skipped(file, 'CSV is neither an EPSS score file nor the KEV catalog (unrecognised header)', 1);
    return;
  }
  const metadata = parseEpssMetadata(firstLine) ?? {};
  const parser = parseCsv({
    comment: '#',
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    max_record_size: reader.limits.maxRecordBytes,
  });
  const feed = (async () => {
    try {
      if (!first.done) parser.write(first.value);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (!parser.write(next.value)) await new Promise((done) => parser.once('drain', done));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  for await (const row of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    const context: RecordContext = { file, line: row.info.lines };
    if (isEpss)
      yield* emit(normalizeEpssRow(row.record, metadata, context), (score) => ({ kind: 'epss', score }));
    else {
      const entry = { ...row.record, cwes: (row.record.cwes ?? '').split(/,\s*/).filter(Boolean) };
      yield* emit(normalizeKevEntry(entry, context), (kev) => ({ kind: 'kev', entry: kev }));
    }
  }
  await feed;
}

// ---- zip archives -------------------------------------------------------------------------

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolvePromise, reject) => {
    // decodeStrings off: yauzl would abort the whole archive on a `../` name; we skip that entry.
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolvePromise(zip)),
    );
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolvePromise, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry): void => {
      cleanup();
      resolvePromise(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolvePromise(undefined);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer> {
  const stream = await new Promise<Readable>((resolvePromise, reject) =>
    zip.openReadStream(entry, (error, readable) => (error ? reject(error) : resolvePromise(readable))),
  );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Checked on actual bytes too: the declared size in the header is attacker-controlled.
    if (size > limit) {
      stream.destroy();
      throw new WardError('input.invalid', `entry inflates past ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Why a zip entry name is unsafe, or undefined when it is a plain relative path. */
export function unsafeZipEntryName(name: string): string | undefined {
  if (name.includes('\0')) return 'NUL byte in entry name';
  const normalized = name.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) return 'absolute path in entry name';
  if (normalized.split('/').includes('..')) return "'..' path segment in entry name (zip slip)";
  return undefined;
}

async function* readZip(file: string, reader: Reader): AsyncGenerator<SourceItem> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (error) {
    throw new WardError(
      'input.invalid',
      `not a readable zip archive (truncated or corrupt?): ${(error as Error).message}`,
      { file, cause: error },
    );
  }
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      checkAborted(reader);
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        false,
      );
      const where = `${file}!${name}`;
      if (name.endsWith('/')) continue;
      const unsafe = unsafeZipEntryName(name);
      if (unsafe) {
        yield skipped(where, `${unsafe}; entry skipped`);
        continue;
      }
      if (!/\.json$/i.test(name)) {
        yield skipped(where, 'not a .json entry; skipped');
        continue;
      }
      const { maxZipEntryBytes, maxZipRatio } = reader.limits;
      if (entry.uncompressedSize > maxZipEntryBytes) {
        yield skipped(
          where,
          `declared size ${entry.uncompressedSize} exceeds ${maxZipEntryBytes} bytes; entry skipped`,
        );
        continue;
      }
      if (
        entry.uncompressedSize > 1024 * 1024 &&
        entry.uncompressedSize / Math.max(entry.compressedSize, 1) > maxZipRatio
      ) {
        yield skipped(where, `compression ratio above ${maxZipRatio} (zip bomb guard); entry skipped`);
        continue;
      }
      let data: Buffer;
      try {
        data = await readEntry(zip, entry, Math.min(maxZipEntryBytes, entry.uncompressedSize));
      } catch (error) {
        yield skipped(where, `${(error as Error).message}; entry skipped`);
        continue;
      }
      yield* recordItems(data.toString('utf8'), { file: where });
    }
  } finally {
    zip.close();
  }
}

// ---- overlay ------------------------------------------------------------------------------

/** Ward's maintained overlay folder, beside `src/` and `dist/` in the package root. */
export const OVERLAY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/overlay');

/** Loads and validates every `*.yaml` overlay file in `dir` (default: the bundled overlay). */
export async function loadOverlayRules(dir: string = OVERLAY_DIR): Promise<OverlayRule[]> {
  const names = (await readdir(dir))
    .filter((name) => extname(name) === '.yaml' || extname(name) === '.yml')
    .sort();
  const rules: OverlayRule[] = [];
  for (const name of names) {
    const path = join(dir, name);
    rules.push(...parseOverlay(await readFile(path, 'utf8'), basename(path)));
  }
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id))
      throw new WardError('input.invalid', `duplicate overlay rule id '${rule.id}'`, { file: dir });
    seen.add(rule.id);
  }
  return rules;
}
