import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedServer } from '../../test/fixtures/feeds/feed-server.js';
import { openStore, type Store } from '../store/store.js';
import { type FeedReport, type FeedSyncOptions, syncFeeds } from './feed-sync.js';

const root = mkdtempSync(join(tmpdir(), 'ward-feeds-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let server: FeedServer;
let store: Store;
let dir: string;

beforeAll(async () => {
  server = await FeedServer.start();
});
afterAll(() => server.close());

beforeEach(async () => {
  dir = mkdtempSync(join(root, 'run-'));
  store = await openStore(join(dir, 'ward.db'));
  server.osvVersion = 1;
  server.nvdChangedIds = [];
  server.clearLog();
});
afterEach(() => store.close());

function options(extra: Partial<FeedSyncOptions> = {}): FeedSyncOptions {
  return {
    endpoints: server.endpoints,
    downloadDir: join(dir, 'downloads'),
    nvdPageSize: 2,
    // Fast pacing for the loopback server; the real limit is covered in rate-limit.test.ts.
    nvdRequestsPerWindow: 100,
    nvdRateWindowMs: 1000,
    maxRetries: 2,
    requestTimeoutMs: 10_000,
    ...extra,
  };
}

function bySource(reports: readonly FeedReport[]): Record<string, FeedReport> {
  return Object.fromEntries(reports.map((report) => [report.source, report]));
}

describe('src/services/feed-sync', () => {
  it('syncs every source in full, then answers 304s, then fetches only the changed OSV records', async () => {
    const first = bySource(await syncFeeds(store, options()));

    expect(first['osv:crates.io']).toMatchObject({ outcome: 'updated', imported: 4 });
    expect(first.nvd).toMatchObject({ outcome: 'updated', imported: 5, requests: 3 });
    expect(first.kev).toMatchObject({ outcome: 'updated', kev: 5, requests: 1 });
    expect(first.epss).toMatchObject({ outcome: 'updated', epss: 10, requests: 1 });
    expect(server.requestsTo('/nvd/rest/json/cves/2.0').map((r) => r.query.get('startIndex'))).toEqual([
      '0',
      '2',
      '4',
    ]);
    const status = await store.status();
    expect(status.kevEntries).toBe(5);
    expect(status.epssScores).toBe(10);
    expect((await store.advisoriesByIds(['CVE-2017-0144'])).get('CVE-2017-0144')).toHaveLength(1);

    const watermark = (await store.sourceState('nvd'))?.lastModified;
    server.clearLog();
    const second = bySource(await syncFeeds(store, options()));

    expect(Object.values(second).map((report) => report.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(server.requestsTo('modified_id.csv')[0]?.headers['if-none-match']).toBe('"listing-v1"');
    expect(server.requestsTo('modified_id.csv')[0]?.status).toBe(304);
    expect(server.requestsTo('known_exploited_vulnerabilities.json')[0]?.status).toBe(304);
    expect(server.requestsTo('epss_scores-current.csv.gz')[0]?.status).toBe(304);
    expect(server.requestsTo('all.zip')).toHaveLength(0);
    const window = server.requestsTo('/nvd/rest/json/cves/2.0')[0]?.query;
    expect(window?.get('lastModStartDate')).toBe(watermark);
    expect(window?.get('lastModEndDate')).not.toBeNull();
    expect(server.requests).toHaveLength(5);

    server.osvVersion = 2;
    server.nvdChangedIds = ['CVE-2001-0500'];
    server.clearLog();
    const third = bySource(await syncFeeds(store, options({ sources: ['osv', 'nvd'] })));

    expect(third['osv:crates.io']).toMatchObject({ outcome: 'updated', imported: 1, updated: 1 });
    expect(server.requestsTo('all.zip')).toHaveLength(0);
    expect(
      server.requests.filter((r) => r.path.startsWith('/osv/crates.io/RUSTSEC')).map((r) => r.path),
    ).toEqual(['/osv/crates.io/RUSTSEC-2016-0005.json', '/osv/crates.io/RUSTSEC-2016-0002.json']);
    expect(third.nvd).toMatchObject({ outcome: 'unchanged', unchanged: 1, requests: 1 });
    const updated = (await store.advisoriesByIds(['RUSTSEC-2016-0002'])).get('RUSTSEC-2016-0002')?.[0];
    expect(updated?.summary).toMatch(/\(updated\)$/);
    expect((await store.sourceState('osv:crates.io'))?.cursor).toEqual({
      watermark: { modified: '2099-01-02T00:00:00Z', id: 'RUSTSEC-2016-0002' },
    });
  });

  it('waits out a 429 (Retry-After) and succeeds, and sends the NVD API key header', async () => {
    server.fail('/nvd/rest/json/cves/2.0', { kind: '429', retryAfter: '1' });

    const reports = bySource(await syncFeeds(store, options({ sources: ['nvd'], nvdApiKey: 'test-key' })));

    expect(reports.nvd).toMatchObject({ outcome: 'updated', imported: 5, requests: 4 });
    expect(server.requests.map((r) => r.status)).toEqual([429, 200, 200, 200]);
    expect(server.requests.every((r) => r.headers.apikey === 'test-key')).toBe(true);
  });

  it('paces NVD requests to the configured sliding window (the public limit is 5 per 30 s)', async () => {
    const reports = bySource(
      await syncFeeds(store, options({ sources: ['nvd'], nvdRequestsPerWindow: 2, nvdRateWindowMs: 400 })),
    );

    expect(reports.nvd).toMatchObject({ outcome: 'updated', imported: 5, requests: 3 });
    const [first, , third] = server.requests.map((request) => request.at);
    // A lower bound only: the third request may not leave before the first one's window ends.
    expect((third ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(390);
  });

  it('gives up on a source after bounded retries and still syncs the others', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1)
      server.fail('known_exploited_vulnerabilities.json', { kind: '429', retryAfter: '0' });

    const reports = bySource(await syncFeeds(store, options({ sources: ['kev', 'epss'] })));

    expect(reports.kev).toMatchObject({ outcome: 'failed', requests: 3 });
    expect(reports.kev?.error).toContain('HTTP 429 after 3 attempt(s)');
    expect(reports.epss).toMatchObject({ outcome: 'updated', epss: 10 });
    expect((await store.status()).kevEntries).toBe(0);
  });

  it('leaves the database unchanged when the server dies mid-download, and resumes with a Range request', async () => {
    server.fail('all.zip', { kind: 'die', afterBytes: 1000 });

    const failed = bySource(await syncFeeds(store, options({ sources: ['osv'], ecosystems: ['crates.io'] })));

    expect(failed['osv:crates.io']?.outcome).toBe('failed');
    expect(failed['osv:crates.io']?.error).toMatch(/connection lost|bytes/);
    expect((await store.status()).advisories).toBe(0);
    expect(await store.sourceState('osv:crates.io')).toBeUndefined();
    expect(readdirSync(join(dir, 'downloads'))).toContain('osv-crates.io.zip.part');
    expect(statSync(join(dir, 'downloads', 'osv-crates.io.zip.part')).size).toBe(1000);

    server.clearLog();
    const resumed = bySource(
      await syncFeeds(store, options({ sources: ['osv'], ecosystems: ['crates.io'] })),
    );

    expect(resumed['osv:crates.io']).toMatchObject({ outcome: 'updated', imported: 4 });
    const zip = server.requestsTo('all.zip');
    expect(zip).toHaveLength(1);
    expect(zip[0]?.headers.range).toBe('bytes=1000-');
    expect(zip[0]?.headers['if-range']).toBe('"zip-v1"');
    expect(zip[0]?.status).toBe(206);
    expect(existsSync(join(dir, 'downloads', 'osv-crates.io.zip.part'))).toBe(false);
  });

  it('resumes an NVD sync at the page after the last committed one', async () => {
    server.fail('/nvd/rest/json/cves/2.0', { kind: 'die', afterBytes: 10 }, 1);

    const interrupted = bySource(await syncFeeds(store, options({ sources: ['nvd'], maxRetries: 0 })));

    expect(interrupted.nvd?.outcome).toBe('failed');
    expect((await store.status()).advisories).toBe(2);
    expect((await store.sourceState('nvd'))?.cursor).toMatchObject({ window: 0, startIndex: 2 });
    expect((await store.sourceState('nvd'))?.lastModified).toBeUndefined();

    server.clearLog();
    const resumed = bySource(await syncFeeds(store, options({ sources: ['nvd'] })));

    expect(resumed.nvd).toMatchObject({ outcome: 'updated', imported: 3, requests: 2 });
    expect(server.requests.map((r) => r.query.get('startIndex'))).toEqual(['2', '4']);
    expect((await store.status()).advisories).toBe(5);
    const state = await store.sourceState('nvd');
    expect(state?.cursor).toBeUndefined();
    expect(state?.lastModified).toBeDefined();
  });
});
