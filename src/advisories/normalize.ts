/**
 * Routes one parsed record to the normaliser of its format, decided by its shape (not its file
 * name), so that JSON Lines dumps and zip archives may mix OSV, NVD and CVE 5 records.
 */
import { looksLikeCsaf, normalizeCsaf } from './csaf.js';
import { looksLikeCve5, normalizeCve5 } from './cve5.js';
import { looksLikeNvdCve, looksLikeNvdFeedItem, normalizeNvdCve, normalizeNvdFeedItem } from './nvd.js';
import { looksLikeOsv, normalizeOsv } from './osv.js';
import { describeType, isObject, type NormalizeOutcome, type RecordContext } from './record-reader.js';
import type { Advisory } from './types.js';

export type AdvisoryFormat = 'osv' | 'nvd' | 'nvd-feed' | 'cve5' | 'csaf';

/** The format of one parsed record, or undefined when Ward does not recognise it. */
export function detectAdvisoryFormat(value: unknown): AdvisoryFormat | undefined {
  if (looksLikeCve5(value)) return 'cve5';
  if (looksLikeCsaf(value)) return 'csaf';
  if (looksLikeNvdFeedItem(value)) return 'nvd-feed';
  if (isObject(value) && looksLikeNvdCve(value.cve)) return 'nvd';
  if (looksLikeNvdCve(value)) return 'nvd';
  if (looksLikeOsv(value)) return 'osv';
  return undefined;
}

/** Normalises one parsed record of any supported advisory format (`format`, when already detected). */
export function normalizeAdvisoryRecord(
  value: unknown,
  context: RecordContext,
  format: AdvisoryFormat | undefined = detectAdvisoryFormat(value),
): NormalizeOutcome<Advisory> {
  switch (format) {
    case 'cve5':
      return normalizeCve5(value, context);
    case 'csaf':
      return normalizeCsaf(value, context);
    case 'nvd-feed':
      return normalizeNvdFeedItem(value, context);
    case 'nvd':
      // An NVD API page element is `{ cve: {...} }`; fkie-cad's files hold the bare `cve`.
      return normalizeNvdCve(isObject(value) && isObject(value.cve) ? value.cve : value, context);
    case 'osv':
      return normalizeOsv(value, context);
    case undefined: {
      const keys = isObject(value) ? Object.keys(value).slice(0, 5).join(', ') : describeType(value);
      const problem = {
        file: context.file,
        severity: 'error' as const,
        message: `not a recognised advisory record (OSV, NVD, CVE 5 or CSAF); top-level keys: ${keys || 'none'}`,
      };
      return { problems: [context.line === undefined ? problem : { ...problem, line: context.line }] };
    }
  }
}
