/**
 * Worker-thread entry for advisory-import.ts: reads advisory files (gunzip, parse, validate,
 * normalise), applies the overlay rules and encodes each advisory for the store
 * (`prepareAdvisory`: the JSON text and lookup keys), so the importing thread is left with the
 * database writes alone and the two halves of an import run on two cores.
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
    const flush = async (): Promise<void> => {
      while (credits === 0) await new Promise<void>((resolve) => (onCredit = resolve));
      onCredit = undefined;
      credits -= 1;
      post({ type: 'batch', read: request.read, items: batch });
      batch = [];
    };
    const rules = request.overlayRules;
    for (const file of request.files) {
      for await (const items of readAdvisoryBatches([file])) {
        for (const item of items) {
          if (item.kind === 'advisory') {
            const { advisory, osvRecord } = overlaidAdvisory(item, rules);
            batch.push(packAdvisory(prepareAdvisory(advisory, osvRecord)));
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
