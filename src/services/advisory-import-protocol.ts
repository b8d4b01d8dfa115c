/**
 * Messages between advisory-import.ts and its reader thread (advisory-import-worker.ts). Plain
 * data only: everything here crosses `postMessage` as a structured clone.
 */
import type { OverlayRule } from '../advisories/overlay.js';
import type { SourceItem } from '../advisories/types.js';
import type { WardErrorCode } from '../core/errors.js';
import type { PreparedAdvisory } from '../store/prepared-advisory.js';

/** Batches the reader may send ahead of the importer: the bound on items held in memory. */
export const READER_WINDOW = 4;

/** A reader item as the importer consumes it: advisories arrive encoded for the store. */
export type ReaderItem =
  | Exclude<SourceItem, { kind: 'advisory' }>
  | { kind: 'prepared'; advisory: PreparedAdvisory }
  /** The items of the task's current file are complete; the next ones belong to its next file. */
  | { kind: 'end-of-file' };

export type ReaderRequest =
  | {
      type: 'read';
      /** Sequence number of this read (one task: a run of consecutive files) in the process. */
      read: number;
      /** Files, as `listAdvisoryFiles` lists them, read in this order. */
      files: string[];
      overlayRules: OverlayRule[];
      /** Items per batch message. */
      batchItems: number;
    }
  /** The importer took one batch of read `read`: one more may be sent. */
  | { type: 'credit'; read: number };

export interface ReaderFailure {
  /** Set when the reader threw a WardError. */
  code?: WardErrorCode;
  message: string;
  file?: string;
  line?: number;
  field?: string;
}

export type ReaderReply =
  | { type: 'batch'; read: number; items: ReaderItem[] }
  | { type: 'done'; read: number }
  | { type: 'error'; read: number; error: ReaderFailure };
