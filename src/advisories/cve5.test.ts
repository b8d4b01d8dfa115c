/**
 * CVE JSON 5 records (CVEProject/cvelistV5): Code Red as the CVE Program keeps it (product "n/a",
 * no metrics) and the complete Log4Shell record (CNA container plus CISA's ADP container).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { looksLikeCve5, normalizeCve5 } from './cve5.js';

const DIR = join(PROJECT_ROOT, 'test/fixtures/advisories/cve5');
const raw = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>;

describe('advisories/cve5', () => {
  it('Code Red: id, dates and the CNA affected list kept as data although it says only "n/a"', () => {
    const record = raw('CVE-2001-0500.json');

    const outcome = normalizeCve5(record, { file: 'CVE-2001-0500.json' });

    expect(looksLikeCve5(record)).toBe(true);
    expect(outcome.problems).toEqual([]);
    expect(outcome.value).toMatchObject({
      id: 'CVE-2001-0500',
      source: 'cve5',
      modified: '2024-08-08T04:21:38.559Z',
      affected: [],
      cpeConfigurations: [],
    });
    expect(outcome.value?.databaseSpecific?.cve5Affected).toEqual([
      { product: 'n/a', vendor: 'n/a', versions: [{ status: 'affected', version: 'n/a' }] },
    ]);
  });

  it("Log4Shell: CISA-ADP's CVSS 3.1 vector, CWEs from every container, the CNA's version changes kept", () => {
    const outcome = normalizeCve5(raw('CVE-2021-44228.json'), { file: 'CVE-2021-44228.json' });

    const advisory = outcome.value;
    expect(outcome.problems).toEqual([]);
    expect(advisory?.severity).toEqual([
      {
        type: 'CVSS_V3',
        score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
        publishedBaseScore: 10,
        source: 'CISA-ADP',
      },
    ]);
    expect([...(advisory?.weaknesses ?? [])].sort()).toEqual(['CWE-20', 'CWE-400', 'CWE-502']);
    expect(advisory?.published).toBe('2021-12-10T00:00:00.000Z');
    const [log4j] = (advisory?.databaseSpecific?.cve5Affected ?? []) as {
      versions: { changes: unknown[] }[];
    }[];
    expect(log4j?.versions[0]?.changes).toHaveLength(5);
    expect(advisory?.references.length).toBeGreaterThan(10);
  });

  it('rejects a record without cveId and marks a REJECTED record withdrawn', () => {
    const record = raw('CVE-2001-0500.json') as { cveMetadata: Record<string, unknown> };
    const rejected = structuredClone(record);
    delete record.cveMetadata.cveId;
    rejected.cveMetadata.state = 'REJECTED';

    const missing = normalizeCve5(record, { file: 'a.json' });
    const withdrawn = normalizeCve5(rejected, { file: 'b.json' });

    expect(missing.value).toBeUndefined();
    expect(missing.problems).toMatchObject([
      { file: 'a.json', field: 'cveMetadata.cveId', severity: 'error' },
    ]);
    expect(withdrawn.value?.withdrawn).toBe(withdrawn.value?.modified);
  });
});
