import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINTS, resolveEndpoints } from './endpoints.js';
import { NVD_MAX_WINDOW_DAYS, nvdNextStart, nvdPageInfo, nvdPageUrl, nvdWindows } from './nvd.js';
import { changesAfter, osvArchiveUrl, osvRecordUrl, parseModifiedIds } from './osv.js';
import { parseRetryAfter, SlidingWindowLimiter } from './rate-limit.js';

describe('src/advisories/feeds/nvd', () => {
  it('splits a long lastModified range into consecutive windows of at most 120 days', () => {
    const windows = nvdWindows('2024-01-01T00:00:00.000Z', '2024-12-31T00:00:00.000Z');

    expect(windows).toHaveLength(4);
    expect(windows[0]).toEqual({ start: '2024-01-01T00:00:00.000Z', end: '2024-04-30T00:00:00.000Z' });
    for (const [index, window] of windows.entries()) {
      expect(Date.parse(window.end) - Date.parse(window.start)).toBeLessThanOrEqual(
        NVD_MAX_WINDOW_DAYS * 86_400_000,
      );
      if (index > 0) expect(window.start).toBe(windows[index - 1]?.end);
    }
    expect(windows.at(-1)?.end).toBe('2024-12-31T00:00:00.000Z');
  });

  it('builds page URLs with paired window parameters and pages until totalResults', () => {
    const url = new URL(
      nvdPageUrl('https://services.nvd.nist.gov/rest/json/cves/2.0', 2000, 2000, {
        start: '2024-01-01T00:00:00.000Z',
        end: '2024-02-01T00:00:00.000Z',
      }),
    );

    expect(url.searchParams.get('lastModStartDate')).toBe('2024-01-01T00:00:00.000Z');
    expect(url.searchParams.get('lastModEndDate')).toBe('2024-02-01T00:00:00.000Z');
    expect(url.searchParams.get('startIndex')).toBe('2000');
    const page = (startIndex: number, count: number) =>
      nvdPageInfo(
        { startIndex, resultsPerPage: count, totalResults: 4500, vulnerabilities: new Array(count).fill({}) },
        'p',
      );
    expect(nvdNextStart(page(0, 2000))).toBe(2000);
    expect(nvdNextStart(page(4000, 500))).toBeUndefined();
    expect(nvdNextStart(page(4500, 0))).toBeUndefined();
    expect(() => nvdPageInfo({ vulnerabilities: [] }, 'page.json')).toThrow(/startIndex|non-negative/);
  });
});

describe('src/advisories/feeds/osv', () => {
  it('reads modified_id.csv and lists changes after the watermark oldest first', () => {
    const rows = parseModifiedIds(
      '2024-03-01T00:00:00Z,GHSA-b\n2024-02-01T00:00:00Z,PYSEC-2\n2024-02-01T00:00:00Z,PYSEC-1\n\n',
      'modified_id.csv',
    );

    expect(
      changesAfter(rows, { modified: '2024-02-01T00:00:00Z', id: 'PYSEC-1' }).map((row) => row.id),
    ).toEqual(['PYSEC-2', 'GHSA-b']);
    expect(changesAfter(rows, undefined).map((row) => row.id)).toEqual(['PYSEC-1', 'PYSEC-2', 'GHSA-b']);
    expect(() => parseModifiedIds('2024-01-01T00:00:00Z,A\nnot a row\n', 'modified_id.csv')).toThrow(
      /line|timestamp/,
    );
  });

  it('encodes ecosystem and id path segments', () => {
    expect(osvArchiveUrl('https://b/', 'Debian:12')).toBe('https://b/Debian%3A12/all.zip');
    expect(osvRecordUrl('https://b', 'crates.io', 'RUSTSEC-2016-0001')).toBe(
      'https://b/crates.io/RUSTSEC-2016-0001.json',
    );
  });
});

describe('src/advisories/feeds/rate-limit', () => {
  it('allows N requests per sliding window and says how long to wait for the next', () => {
    const limiter = new SlidingWindowLimiter(5, 30_000);

    for (let index = 0; index < 5; index += 1) {
      expect(limiter.delay(index * 1000)).toBe(0);
      limiter.record(index * 1000);
    }

    expect(limiter.delay(5000)).toBe(25_000);
    expect(limiter.delay(30_000)).toBe(0);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');

    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('src/advisories/feeds/endpoints', () => {
  it('takes options over environment over defaults', () => {
    const endpoints = resolveEndpoints(
      { WARD_KEV_URL: 'http://env/kev', WARD_NVD_URL: ' ' },
      { osv: 'http://opt/osv' },
    );

    expect(endpoints).toEqual({ ...DEFAULT_ENDPOINTS, osv: 'http://opt/osv', kev: 'http://env/kev' });
  });
});
