/** FIRST EPSS CSV: the real 49-row subset of the 2026-09-29 file, with its model comment line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { looksLikeEpss, parseEpssCsv, parseEpssMetadata } from './epss.js';

const text = readFileSync(
  join(PROJECT_ROOT, 'test/fixtures/advisories/epss/epss_scores-2026-09-29.subset.csv'),
  'utf8',
);

describe('advisories/epss', () => {
  it('reads the model version and score date from the comment line, and every row', () => {
    const { scores, problems } = parseEpssCsv(text, 'epss.csv');

    expect(looksLikeEpss(text)).toBe(true);
    expect(parseEpssMetadata(text.split('\n')[0] ?? '')).toEqual({
      modelVersion: 'v2026.06.15',
      scoreDate: '2026-09-29',
    });
    expect(problems).toEqual([]);
    expect(scores).toHaveLength(text.split('\n').filter((line) => line.startsWith('CVE-')).length);
    expect(scores.find((score) => score.cveId === 'CVE-2001-0500')).toEqual({
      cveId: 'CVE-2001-0500',
      epss: 0.96671,
      percentile: expect.any(Number),
      modelVersion: 'v2026.06.15',
      scoreDate: '2026-09-29',
    });
    expect(scores.find((score) => score.cveId === 'CVE-2021-44228')).toMatchObject({
      epss: 0.99999,
      percentile: 1,
    });
  });

  it('reports a row with a probability outside 0..1 or a bad CVE id and keeps the others', () => {
    const broken = `${text.trimEnd()}\nCVE-2099-0001,1.5,0.3\nnot-a-cve,0.1,0.1\n`;

    const { scores, problems } = parseEpssCsv(broken, 'epss.csv');

    expect(scores.map((score) => score.cveId)).not.toContain('CVE-2099-0001');
    expect(problems).toHaveLength(2);
    expect(problems.every((problem) => problem.file === 'epss.csv' && problem.line !== undefined)).toBe(true);
  });
});
