/**
 * CSAF 2.0: a real Red Hat advisory (RHSA-2024:4546, from ossf/osv-schema testdata) whose
 * product tree ties RPM purls to Red Hat platform CPEs through relationships, and a
 * Microsoft-style document (hand-written in MSRC's CSAF shape, see the fixture README) whose
 * remediations are "install KB N".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { extractKbArticles, looksLikeCsaf, normalizeCsaf } from './csaf.js';

const DIR = join(PROJECT_ROOT, 'test/fixtures/advisories/csaf');
const raw = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>;

describe('advisories/csaf', () => {
  it('Red Hat: fixed product_status becomes ECOSYSTEM ranges per platform, with epoch, and the errata as vendor_fix', () => {
    const document = raw('rhsa-2024_4546.json');

    const outcome = normalizeCsaf(document, { file: 'rhsa-2024_4546.json' });

    expect(looksLikeCsaf(document)).toBe(true);
    expect(outcome.problems).toEqual([]);
    const advisory = outcome.value;
    expect(advisory).toMatchObject({ id: 'RHSA-2024:4546', aliases: ['CVE-2023-45288'], source: 'csaf' });
    const gitLfs = advisory?.affected.find(
      (entry) =>
        entry.package.name === 'git-lfs' && entry.package.ecosystem === 'Red Hat:rhel_aus:8.6::appstream',
    );
    expect(gitLfs?.package.purl).toBe('pkg:rpm/redhat/git-lfs');
    expect(gitLfs?.ranges).toEqual([
      { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '0:2.13.3-3.el8_6.1' }] },
    ]);
    const fix = advisory?.remediations.find((remediation) => remediation.category === 'vendor_fix');
    expect(fix?.url).toBe('https://access.redhat.com/errata/RHSA-2024:4546');
    expect(fix?.productIds).toContain('AppStream-8.6.0.Z.AUS:git-lfs-0:2.13.3-3.el8_6.1.x86_64');
    expect(advisory?.remediations.map((remediation) => remediation.category)).toContain('workaround');
  });

  it('Microsoft style: known_affected products become a CPE configuration, vendor fixes name their KB articles', () => {
    const outcome = normalizeCsaf(raw('msrc-style-cve-2017-0144.json'), { file: 'msrc.json' });

    const advisory = outcome.value;
    expect(outcome.problems).toEqual([]);
    expect(advisory).toMatchObject({ id: 'CVE-2017-0144', aliases: [], source: 'csaf' });
    expect(advisory?.cpeConfigurations[0]?.nodes[0]?.cpeMatch.map((match) => match.criteria)).toEqual([
      'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*',
      'cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*',
    ]);
    expect(
      advisory?.remediations.map((remediation) => [
        remediation.category,
        remediation.productIds,
        remediation.kbArticles,
      ]),
    ).toEqual([
      ['vendor_fix', ['10047'], ['4012212']],
      ['vendor_fix', ['10816'], ['4013429']],
      ['workaround', ['10047', '10816'], []],
    ]);
    expect(advisory?.severity[0]).toMatchObject({ type: 'CVSS_V3', publishedBaseScore: 8.1 });
  });

  it('finds KB numbers in text without matching longer or shorter digit runs', () => {
    expect(extractKbArticles('see KB4012212, kb4013429 and KB4012212 again')).toEqual(['4012212', '4013429']);
    expect(extractKbArticles('KB123 KB123456789 XKB4012212')).toEqual([]);
  });

  it('rejects a document without tracking id, naming the field', () => {
    const document = raw('msrc-style-cve-2017-0144.json') as {
      document: { tracking: Record<string, unknown> };
    };
    delete document.document.tracking.id;

    const outcome = normalizeCsaf(document, { file: 'msrc.json' });

    expect(outcome.value).toBeUndefined();
    expect(outcome.problems).toMatchObject([
      { file: 'msrc.json', field: 'document.tracking.id', severity: 'error' },
    ]);
  });
});
