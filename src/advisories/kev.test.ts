/** CISA KEV catalog entries (an excerpt of catalog 2025.08.25, entries unchanged). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { kevCatalogVersion, looksLikeKevCatalog, normalizeKevEntry } from './kev.js';

const catalog = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'test/fixtures/advisories/kev/catalog-excerpt.json'), 'utf8'),
) as { vulnerabilities: Record<string, unknown>[] };

describe('advisories/kev', () => {
  it('reads every field, incl. dueDate, requiredAction and knownRansomwareCampaignUse', () => {
    const entries = catalog.vulnerabilities.map((entry) => normalizeKevEntry(entry, { file: 'kev.json' }));

    expect(looksLikeKevCatalog(catalog)).toBe(true);
    expect(kevCatalogVersion(catalog)).toBe('2025.08.25');
    expect(entries.flatMap((entry) => entry.problems)).toEqual([]);
    expect(
      entries.map((entry) => [
        entry.value?.cveId,
        entry.value?.dateAdded,
        entry.value?.dueDate,
        entry.value?.knownRansomwareCampaignUse,
      ]),
    ).toEqual([
      ['CVE-2023-44487', '2023-10-10', '2023-10-31', 'Unknown'],
      ['CVE-2017-0144', '2022-02-10', '2022-08-10', 'Known'],
      ['CVE-2021-44228', '2021-12-10', '2021-12-24', 'Known'],
      ['CVE-2025-49704', expect.any(String), '2025-07-23', 'Known'],
    ]);
    expect(entries[1]?.value).toMatchObject({
      vendorProject: 'Microsoft',
      product: 'SMBv1',
      requiredAction: 'Apply updates per vendor instructions.',
      cwes: ['CWE-20'],
    });
  });

  it('rejects an entry with a malformed date or a missing cveID, naming the field', () => {
    const entry = catalog.vulnerabilities[1] ?? {};

    const badDate = normalizeKevEntry({ ...entry, dueDate: '10/08/2022' }, { file: 'kev.json', line: 7 });
    const noId = normalizeKevEntry({ ...entry, cveID: undefined }, { file: 'kev.json' });

    expect(badDate.value).toBeUndefined();
    expect(badDate.problems).toMatchObject([
      { file: 'kev.json', line: 7, field: 'dueDate', severity: 'error' },
    ]);
    expect(noId.problems).toMatchObject([{ field: 'cveID' }]);
  });
});
