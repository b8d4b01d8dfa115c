/**
 * `ward db import PATH...` loads advisory files (the offline / air-gapped path), `ward db status`
 * shows what the database holds and how old it is, `ward db update` syncs the public feeds.
 * Every subcommand takes `--db FILE|URL` (else $WARD_DB, else the per-user data directory).
 */

import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { FEED_IDS, type FeedId, resolveEndpoints } from '../../advisories/feeds/endpoints.js';
import { WardError } from '../../core/errors.js';
import { importAdvisoryFiles } from '../../services/advisory-import.js';
import { databaseReport, formatAge } from '../../services/db-status.js';
import { type FeedProgress, syncFeeds } from '../../services/feed-sync.js';
import { resolveDatabaseLocation } from '../../store/location.js';
import { isPostgresUrl, openStore, type Store } from '../../store/store.js';

const DB_OPTION = ['--db <file|url>', 'database (default: $WARD_DB or the per-user data directory)'] as const;
/** Problems listed in full; the rest are counted. */
const LISTED_PROBLEMS = 20;

async function withStore<T>(option: string | undefined, body: (store: Store) => Promise<T>): Promise<T> {
  const location = resolveDatabaseLocation(option, process.env);
  let store: Store;
  try {
    store = await openStore(location);
  } catch (error) {
    if (error instanceof WardError) throw error;
    throw new WardError(
      'store.failed',
      `could not open the database ${location}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

function countBySource(entries: readonly { key: string; count: number }[]): Map<string, number> {
  return new Map(entries.map((entry) => [entry.key, entry.count]));
}

export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('manage the local advisory database');

  db.command('import')
    .description(
      'import advisory files or directories (OSV, NVD, CVE 5, CSAF, KEV, EPSS; zip/gzip) in one transaction',
    )
    .argument('<paths...>', 'files or directories')
    .option(...DB_OPTION)
    .option('--json', 'print the result as JSON')
    .action(async (paths: string[], options: { db?: string; json?: boolean }) => {
      await withStore(options.db, async (store) => {
        const before = countBySource((await store.status()).bySource);
        const progress = progressBar();
        const result = await importAdvisoryFiles(store, paths, {
          onProgress: (step) => progress.update(`${step.read} records, ${step.problems} problems`, step.file),
        });
        progress.done();
        const after = await store.status();
        const perSource = after.bySource.map((entry) => ({
          source: entry.key,
          total: entry.count,
          added: entry.count - (before.get(entry.key) ?? 0),
        }));
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...result, perSource }, null, 2)}\n`);
          return;
        }
        const out: string[] = [];
        out.push(
          `imported ${result.imported}, updated ${result.updated}, unchanged ${result.unchanged} advisories; ${result.kev} KEV entries; ${result.epss} EPSS scores`,
        );
        for (const entry of perSource) out.push(`  ${entry.source}: ${entry.total} stored (+${entry.added})`);
        const problems = [
          ...result.skipped,
          ...result.failed.map((item) => ({ file: `${item.source}:${item.id}`, reason: item.reason })),
        ];
        out.push(
          `skipped ${result.skipped.length}, failed ${result.failed.length}, warnings ${result.warnings.length}`,
        );
        for (const problem of problems.slice(0, LISTED_PROBLEMS)) {
          const where = [problem.file, 'line' in problem ? problem.line : undefined]
            .filter((part) => part !== undefined)
            .join(':');
          const field = 'field' in problem && problem.field ? ` ${problem.field}:` : '';
          out.push(`  skipped ${where}:${field} ${problem.reason}`);
        }
        if (problems.length > LISTED_PROBLEMS)
          out.push(`  … and ${problems.length - LISTED_PROBLEMS} more (use --json)`);
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  db.command('status')
    .description('show sources, record counts, last sync and data age')
    .option(...DB_OPTION)
    .option('--json', 'print the status as JSON')
    .action(async (options: { db?: string; json?: boolean }) => {
      await withStore(options.db, async (store) => {
        const report = await databaseReport(store);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        const out: string[] = [];
        out.push(`database: ${report.location} (${report.kind})`);
        out.push(
          `advisories: ${report.advisories} (${report.withdrawn} withdrawn), vulnerabilities: ${report.vulnerabilities}`,
        );
        for (const entry of report.bySource) out.push(`  ${entry.key}: ${entry.count}`);
        out.push(
          `KEV entries: ${report.kevEntries}${report.kevCatalogVersion ? ` (catalog ${report.kevCatalogVersion})` : ''}`,
        );
        out.push(
          `EPSS scores: ${report.epssScores}${report.epssScoreDate ? ` (scored ${report.epssScoreDate})` : ''}`,
        );
        if (report.byEcosystem.length > 0) {
          out.push(
            `ecosystems: ${report.byEcosystem.map((entry) => `${entry.key} ${entry.count}`).join(', ')}`,
          );
        }
        out.push('sources:');
        if (report.sources.length === 0) out.push('  (none: run `ward db update` or `ward db import PATH`)');
        for (const source of report.sources) {
          const parts = [`${source.records} records`];
          parts.push(`last sync ${source.lastSyncAt ?? 'never'}`);
          parts.push(`last success ${source.lastSuccessAt ?? 'never'}`);
          if (report.resumable.includes(source.name)) parts.push('interrupted: resumes on next update');
          out.push(`  ${source.name}: ${parts.join(', ')}`);
        }
        out.push(
          `last sync: ${report.lastSuccessAt ?? 'never'}${report.ageSeconds === undefined ? '' : ` (${formatAge(report.ageSeconds)} ago)`}`,
        );
        out.push(
          `newest record: ${report.newestModified ?? 'none'}${report.newestModifiedAgeSeconds === undefined ? '' : ` (data age ${formatAge(report.newestModifiedAgeSeconds)})`}`,
        );
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  db.command('update')
    .description('fetch OSV, NVD, CISA KEV and EPSS incrementally (resumes an interrupted run)')
    .option(...DB_OPTION)
    .addOption(new Option('--source <ids...>', 'sources to sync (default all)').choices([...FEED_IDS]))
    .option('--ecosystem <names...>', 'OSV ecosystems (default every one in the bucket)')
    .option('--nvd-api-key <key>', 'NVD API key (default $NVD_API_KEY): 50 instead of 5 requests per 30 s')
    .option('--osv-url <url>', 'OSV bucket base URL (default $WARD_OSV_URL or the public bucket)')
    .option('--nvd-url <url>', 'NVD CVE API 2.0 URL (default $WARD_NVD_URL or NVD)')
    .option('--kev-url <url>', 'KEV catalog URL (default $WARD_KEV_URL or CISA)')
    .option('--epss-url <url>', 'EPSS CSV URL (default $WARD_EPSS_URL or FIRST)')
    .option('--download-dir <dir>', 'where partial downloads are kept between runs')
    .option('--retries <n>', 'retries of a request after 429/5xx/network errors (default 4)', parseCount)
    .option('--json', 'print the per-source results as JSON')
    .action(
      async (options: {
        db?: string;
        source?: FeedId[];
        ecosystem?: string[];
        nvdApiKey?: string;
        osvUrl?: string;
        nvdUrl?: string;
        kevUrl?: string;
        epssUrl?: string;
        downloadDir?: string;
        retries?: number;
        json?: boolean;
      }) => {
        const location = resolveDatabaseLocation(options.db, process.env);
        const endpoints = resolveEndpoints(process.env, {
          ...(options.osvUrl ? { osv: options.osvUrl } : {}),
          ...(options.nvdUrl ? { nvd: options.nvdUrl } : {}),
          ...(options.kevUrl ? { kev: options.kevUrl } : {}),
          ...(options.epssUrl ? { epss: options.epssUrl } : {}),
        });
        const downloadDir =
          options.downloadDir ??
          (isPostgresUrl(location) ? join(tmpdir(), 'ward-downloads') : join(dirname(location), 'downloads'));
        const apiKey = options.nvdApiKey ?? process.env.NVD_API_KEY;
        const controller = new AbortController();
        const onSignal = () => controller.abort();
        process.once('SIGINT', onSignal);
        try {
          await withStore(location, async (store) => {
            const progress = progressBar();
            const reports = await syncFeeds(store, {
              endpoints,
              downloadDir,
              ...(options.source ? { sources: options.source } : {}),
              ...(options.ecosystem ? { ecosystems: options.ecosystem } : {}),
              ...(apiKey ? { nvdApiKey: apiKey } : {}),
              ...(options.retries === undefined ? {} : { maxRetries: options.retries }),
              signal: controller.signal,
              onProgress: (step: FeedProgress) =>
                progress.update(
                  describeProgress(step),
                  step.source,
                  step.total === undefined ? undefined : step.done / step.total,
                ),
            });
            progress.done();
            if (options.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
            else {
              const out = reports.map((report) => {
                const counts = `${report.imported} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.kev} KEV, ${report.epss} EPSS, ${report.skipped} skipped`;
                const tail = report.error ? `: ${report.error}` : '';
                return `${report.source}: ${report.outcome} (${counts}; ${report.requests} requests)${tail}`;
              });
              process.stdout.write(`${out.join('\n')}\n`);
            }
            if (reports.some((report) => report.outcome === 'failed')) process.exitCode = 3;
          });
        } finally {
          process.off('SIGINT', onSignal);
        }
      },
    );
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(`expected a whole number, got '${text}'`);
  return Number(text);
}

function describeProgress(step: FeedProgress): string {
  if (step.phase === 'download') {
    const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
    return step.total === undefined ? `${mb(step.done)} MB` : `${mb(step.done)}/${mb(step.total)} MB`;
  }
  return step.total === undefined ? `${step.done} records` : `${step.done}/${step.total} records`;
}

/** A one-line progress bar on stderr, only when stderr is a terminal; redrawn at most 10×/s. */
function progressBar(): { update(text: string, label: string, fraction?: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let drawn = false;
  return {
    update(text, label, fraction) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = 24;
      const bar =
        fraction === undefined
          ? ''
          : `[${'#'.repeat(Math.round(Math.min(1, fraction) * width)).padEnd(width, ' ')}] ${Math.floor(Math.min(1, fraction) * 100)}% `;
      const columns = process.stderr.columns ?? 80;
      process.stderr.write(`\r\x1b[2K${`${bar}${label} ${text}`.slice(0, columns - 1)}`);
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[2K');
    },
  };
}
