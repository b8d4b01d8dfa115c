import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_FIXTURES, FeedServer } from '../../../test/fixtures/feeds/feed-server.js';
import { runWard } from '../../../test/support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ward-db-cli-'));
let server: FeedServer;

beforeAll(async () => {
  server = await FeedServer.start();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('src/cli/commands/db', () => {
  it('imports files offline, printing per-source counts and skips, and status shows them (WARD_DB)', async () => {
    const db = join(dir, 'import.db');
    const env = { WARD_DB: db };

    const imported = await runWard(
      ['db', 'import', join(FEED_FIXTURES, 'kev'), 'test/fixtures/store/osv/mixed-with-bad-line.jsonl'],
      { env },
    );
    const status = await runWard(['db', 'status'], { env });

    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /^imported \d+, updated 0, unchanged 0 advisories; 5 KEV entries; 0 EPSS scores$/m,
    );
    expect(imported.stdout).toMatch(/^ {2}osv: \d+ stored \(\+\d+\)$/m);
    expect(imported.stdout).toMatch(/^ {2}skipped .*mixed-with-bad-line\.jsonl:3: invalid JSON/m);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`database: ${db} (sqlite)`);
    expect(status.stdout).toContain('KEV entries: 5 (catalog 2025.08.25)');
    expect(status.stdout).toMatch(/^ {2}file: \d+ records, last sync never, last success 20/m);
    expect(status.stdout).toMatch(/^last sync: 20.* ago\)$/m);
  });

  it('updates from overridden feed URLs, then reports nothing changed', async () => {
    const db = join(dir, 'update.db');
    const args = [
      'db',
      'update',
      '--db',
      db,
      '--source',
      'kev',
      'epss',
      'osv',
      '--ecosystem',
      'crates.io',
      '--osv-url',
      server.endpoints.osv,
      '--kev-url',
      server.endpoints.kev,
    ];
    const env = { WARD_EPSS_URL: server.endpoints.epss };

    const first = await runWard(args, { env });
    const second = await runWard(args, { env });
    const status = await runWard(['db', 'status', '--db', db, '--json']);

    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      'kev: updated (0 new, 0 updated, 0 unchanged, 5 KEV, 0 EPSS, 0 skipped; 1 requests)',
    );
    expect(first.stdout).toContain(
      'epss: updated (0 new, 0 updated, 0 unchanged, 0 KEV, 10 EPSS, 0 skipped; 1 requests)',
    );
    expect(first.stdout).toContain('osv:crates.io: updated (4 new');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /^kev: unchanged \(.*; 1 requests\)\nepss: unchanged \(.*; 1 requests\)\nosv:crates\.io: unchanged \(.*; 1 requests\)\n$/,
    );
    const report = JSON.parse(status.stdout) as { advisories: number; sources: { name: string }[] };
    expect(report.advisories).toBe(4);
    expect(report.sources.map((source) => source.name)).toEqual(['epss', 'kev', 'osv:crates.io']);
  }, 150_000);

  it('exits 3 when a source is unreachable, naming it', async () => {
    const run = await runWard([
      'db',
      'update',
      '--db',
      join(dir, 'down.db'),
      '--source',
      'kev',
      '--kev-url',
      'http://127.0.0.1:9/kev.json',
      '--retries',
      '0',
    ]);

    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^kev: failed .*127\.0\.0\.1:9\/kev\.json/m);
  });
});
