/**
 * NVD CVE API 2.0 paging and windows (https://nvd.nist.gov/developers/vulnerabilities):
 * `lastModStartDate`/`lastModEndDate` must be given together and span at most 120 consecutive
 * days; results come in pages of at most 2,000 (`startIndex`, `resultsPerPage`, `totalResults`).
 * The API key goes in the `apiKey` request header. Public rate limit: 5 requests per rolling
 * 30 seconds without a key, 50 with one (NVD "Start Here" / API key pages).
 */
import { WardError } from '../../core/errors.js';
import { isObject } from '../record-reader.js';

export const NVD_MAX_WINDOW_DAYS = 120;
export const NVD_MAX_PAGE = 2000;
export const NVD_RATE_WINDOW_MS = 30_000;
export const NVD_PUBLIC_REQUESTS_PER_WINDOW = 5;
export const NVD_KEYED_REQUESTS_PER_WINDOW = 50;

export interface NvdWindow {
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

/** Splits [from, to] into consecutive windows of at most `maxDays` (NVD rejects longer ones). */
export function nvdWindows(from: string, to: string, maxDays = NVD_MAX_WINDOW_DAYS): NvdWindow[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end))
    throw new WardError('input.invalid', `bad NVD window ${from}..${to}`);
  const windows: NvdWindow[] = [];
  for (let cursor = start; cursor < end; cursor += maxDays * DAY_MS) {
    windows.push({
      start: new Date(cursor).toISOString(),
      end: new Date(Math.min(end, cursor + maxDays * DAY_MS)).toISOString(),
    });
  }
  return windows;
}

/** URL of one page; no window = the whole catalogue (first sync). */
export function nvdPageUrl(
  base: string,
  startIndex: number,
  resultsPerPage: number,
  window?: NvdWindow,
): string {
  const url = new URL(base);
  if (window !== undefined) {
    url.searchParams.set('lastModStartDate', window.start);
    url.searchParams.set('lastModEndDate', window.end);
  }
  url.searchParams.set('startIndex', String(startIndex));
  url.searchParams.set('resultsPerPage', String(resultsPerPage));
  return url.toString();
}

export interface NvdPageInfo {
  startIndex: number;
  resultsPerPage: number;
  totalResults: number;
  /** Number of entries in `vulnerabilities`. */
  count: number;
}

/** Paging fields of a response page; throws when they are missing (not an API 2.0 page). */
export function nvdPageInfo(page: unknown, file: string): NvdPageInfo {
  if (!isObject(page) || !Array.isArray(page.vulnerabilities)) {
    throw new WardError('input.invalid', 'expected an NVD API 2.0 page with a vulnerabilities array', {
      file,
    });
  }
  const number = (field: string): number => {
    const value = page[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new WardError('input.invalid', `expected a non-negative integer, got ${JSON.stringify(value)}`, {
        file,
        field,
      });
    }
    return value;
  };
  return {
    startIndex: number('startIndex'),
    resultsPerPage: number('resultsPerPage'),
    totalResults: number('totalResults'),
    count: page.vulnerabilities.length,
  };
}

/** Start of the next page, or undefined when this page was the last. */
export function nvdNextStart(info: NvdPageInfo): number | undefined {
  const next = info.startIndex + info.count;
  return info.count === 0 || next >= info.totalResults ? undefined : next;
}
