/**
 * Worker-thread entry for advisory-import.ts: reads advisory files (gunzip, parse, validate,
 * normalise), applies the overlay rules and encodes each advisory for the store
 * (`prepareAdvisory`: the JSON text and lookup keys), so the importing thread is left with the
 * database writes alone and the two halves of an import run on two cores.
 *
 * An OSV record read from JSON Lines goes out as the UTF-8 bytes it was read as, copied into one
 * buffer per batch that is transferred with the batch, rather than as its text: the importing
 * thread then never holds the text in its heap (where the batches waiting to be written were
 * copied by its young-generation collections) and binds the bytes instead of encoding the text
 * again. Measured on the OSV benchmark import: binding its 14 MB of record text takes
 * better-sqlite3 46–54 ms as strings and 24–26 ms as bytes (alone); the importing thread's CPU
 * time per import, the two versions alternating in one process, 255 → 242, 225 → 213 and
 * 230 → 220 ms (medians of 12–20), its scavenge pauses 21 → 18 ms. The wall time did not move
 * beyond the noise of this machine: the readers are what it waits for.
 *
 * Batches go out under a credit window (the importer returns one credit per batch it takes), so
 * the reader never runs more than READER_WINDOW batches ahead: memory stays bounded whatever the
 * input size. Each request is a run of consecutive files; an `end-of-file` item marks where each
 * file's items end, so the importer reports progress exactly where the in-thread reader does.
 */
import { parentPort } from 'node:worker_threads';
import { overlaidAdvisory } from '../advisories/overlay.js';
import { BugError, WardError } from '../core/errors.js';
import { prepareAdvisory } from '../store/prepared-advisory.js';
import { readAdvisoryBatches } from './advisory-files.js';
import {
  type PackedAdvisory,
  packAdvisory,
  READER_WINDOW,
  type ReaderItem,
  type ReaderReply,
  type ReaderRequest,
} from './advisory-import-protocol.js';

const port = parentPort;
if (port === null) throw new BugError('advisory-import-worker runs only as a worker thread');

/** Sequence number of the read in progress; credits of an earlier read are ignored. */
let current = 0;
let credits = 0;
let onCredit: (() => void) | undefined;

port.on('message', (message: ReaderRequest) => {
  if (message.type === 'credit') {
    if (message.read !== current) return;
    credits += 1;
    onCredit?.();
  } else {
    current = message.read;
    credits = READER_WINDOW;
    void read(message);
  }
});

async function read(request: Extract<ReaderRequest, { type: 'read' }>): Promise<void> {
  const post = (reply: ReaderReply): void => port?.postMessage(reply);
  try {
    let batch: ReaderItem[] = [];
    /** Advisories of `batch` whose `json` is still a view of the bytes the reader read. */
    let withBytes: PackedAdvisory[] = [];
    let byteLength = 0;
    const flush = async (): Promise<void> => {
      while (credits === 0) await new Promise<void>((resolve) => (onCredit = resolve));
      onCredit = undefined;
      credits -= 1;
      const reply: ReaderReply = { type: 'batch', read: request.read, items: batch };
      if (withBytes.length === 0) post(reply);
      else port?.postMessage(reply, [gatherBytes(withBytes, byteLength)]);
      batch = [];
      withBytes = [];
      byteLength = 0;
    };
    const rules = request.overlayRules;
    for (const file of request.files) {
      for await (const items of readAdvisoryBatches([file])) {
        for (const item of items) {
          if (item.kind === 'advisory') {
            const { advisory, osvRecord, osvRecordBytes } = overlaidAdvisory(item, rules);
            const packed = packAdvisory(prepareAdvisory(advisory, osvRecordBytes ?? osvRecord));
            if (osvRecordBytes !== undefined) {
              withBytes.push(packed);
              byteLength += osvRecordBytes.length;
            }
            batch.push(packed);
          } else {
            batch.push(item);
          }
          if (batch.length >= request.batchItems) await flush();
        }
      }
      batch.push({ kind: 'end-of-file' });
    }
    await flush();
    post({ type: 'done', read: request.read });
  } catch (error) {
    post({
      type: 'error',
      read: request.read,
      error:
        error instanceof WardError
          ? {
              code: error.code,
              message: error.message,
              ...(error.file === undefined ? {} : { file: error.file }),
              ...(error.line === undefined ? {} : { line: error.line }),
              ...(error.field === undefined ? {} : { field: error.field }),
            }
          : { message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    });
  }
}

/**
 * Copies the record bytes of `advisories` (views into the reader's chunks) into one new buffer,
 * points each advisory's `json` at its copy, and returns the buffer to transfer. The buffer is
 * allocated on its own (`allocUnsafeSlow`), never from Node's shared pool, which cannot be
 * transferred.
 */
function gatherBytes(advisories: readonly PackedAdvisory[], byteLength: number): ArrayBuffer {
  const bytes = Buffer.allocUnsafeSlow(byteLength);
  let offset = 0;
  for (const packed of advisories) {
    const view = packed[6] as Uint8Array;
    bytes.set(view, offset);
    packed[6] = new Uint8Array(bytes.buffer, bytes.byteOffset + offset, view.length);
    offset += view.length;
  }
  return bytes.buffer as ArrayBuffer;
}
