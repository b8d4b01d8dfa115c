import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { sharedData } from '../../test/support/shared-data.js';
import type { Advisory } from '../advisories/types.js';
import { WardError } from '../core/errors.js';
import { readAdvisoryFiles } from '../services/advisory-files.js';
import { decodeStoredAdvisory, prepareAdvisory } from './prepared-advisory.js';

const SNAPSHOT = join(PROJECT_ROOT, 'data/snapshot');

/** The advisory items a read of `paths` yields, with the OSV record text when there is one. */
async function advisoryItems(paths: string[]): Promise<{ advisory: Advisory; osvRecord?: string }[]> {
  const items: { advisory: Advisory; osvRecord?: string }[] = [];
  for await (const item of readAdvisoryFiles(paths)) if (item.kind === 'advisory') items.push(item);
  return items;
}

/** Encodes each item as an import does and checks that reading the row gives its advisory back. */
function expectRoundTrips(items: { advisory: Advisory; osvRecord?: string }[]): void {
  for (const { advisory, osvRecord } of items) {
    const prepared = prepareAdvisory(advisory, osvRecord);
    expect(prepared.encoding).toBe(osvRecord === undefined ? 'advisory' : 'osv');
    expect(prepared.json).toBe(osvRecord ?? JSON.stringify(advisory));
    // Compared as JSON text: same fields, same values, same key order (what reports print).
    expect(JSON.stringify(decodeStoredAdvisory(prepared)), `${advisory.source}/${advisory.id}`).toBe(
      JSON.stringify(advisory),
    );
  }
}

describe('src/store/prepared-advisory encoding', () => {
  it('keeps OSV records as read and reads them back as the advisory the import normalised', async () => {
    const files = readdirSync(SNAPSHOT)
      .filter((name) => name.startsWith('osv-'))
      .map((name) => join(SNAPSHOT, name));
    const items = await advisoryItems(files);

    expect(items.length).toBeGreaterThan(100);
    expect(items.every((item) => item.osvRecord !== undefined)).toBe(true);
    expectRoundTrips(items);
  });

  it('keeps NVD and CVE 5 records normalised (their texts carry far more than the advisory)', async () => {
    const items = await advisoryItems(['nvd', 'cve5'].map((name) => join(SNAPSHOT, name)));

    expect(items.length).toBeGreaterThan(5);
    expect(items.every((item) => item.osvRecord === undefined)).toBe(true);
    expectRoundTrips(items);
  });

  const corpus = sharedData('advisories');
  it.skipIf(!corpus.present)(
    'round-trips every OSV record of ../shared/data/advisories (pypa, RustSec, Go, GHSA)',
    async () => {
      const names = [
        'pypa-advisory-database',
        'rustsec-advisory-db',
        'golang-vulndb',
        'ghsa-subset-from-scalibr',
      ];
      const items = await advisoryItems(names.map((name) => join(corpus.path, name, 'osv.jsonl.gz')));

      expect(items).toHaveLength(8514);
      expectRoundTrips(items);
    },
    60_000,
  );

  it('names the record and the remedy when a stored OSV record no longer normalises', () => {
    const row = { source: 'osv', id: 'GHSA-fixt-0001-aaaa', encoding: 'osv' as const };

    const attempts = [
      { ...row, json: '{"id":"GHSA-fixt-0001-aaaa","modified":"not a date"' },
      { ...row, json: '{"id":"GHSA-fixt-0001-aaaa","affected":[]}' },
      { ...row, json: '{"id":"GHSA-other","modified":"2024-05-01T00:00:00Z"}' },
    ];

    for (const attempt of attempts) {
      let thrown: unknown;
      try {
        decodeStoredAdvisory(attempt);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(WardError);
      expect(thrown).toMatchObject({ code: 'store.failed' });
      expect((thrown as Error).message).toMatch(/^stored advisory osv\/GHSA-fixt-0001-aaaa no longer reads/);
      expect((thrown as Error).message).toContain('ward db import');
    }
    expect(() => decodeStoredAdvisory(attempts[2]!)).toThrow(/it holds GHSA-other/);
    expect(() => decodeStoredAdvisory(attempts[1]!)).toThrow(/modified/);
  });

  it('refuses an encoding it does not know instead of guessing', () => {
    const row = { source: 'osv', id: 'X-1', encoding: 'zstd' as never, json: '{}' };

    expect(() => decodeStoredAdvisory(row)).toThrow(
      /encoding 'zstd', which this version of Ward does not read/,
    );
  });
});
