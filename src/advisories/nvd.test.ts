/**
 * NVD CVE API 2.0 records (fkie-cad/nvd-json-data-feeds copies of real NVD records and a real API
 * response page from google/osv.dev testdata; test/fixtures/advisories/nvd/README.md): CVSS
 * vectors with NVD's published scores, and CPE configurations kept exactly — AND/OR, negate,
 * `vulnerable`, versionStart/End Including/Excluding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { looksLikeNvdPage, normalizeNvdCve } from './nvd.js';
import type { Advisory } from './types.js';

const DIR = join(PROJECT_ROOT, 'test/fixtures/advisories/nvd');
const raw = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>;

function normalize(name: string, value: unknown = raw(name)): Advisory {
  const outcome = normalizeNvdCve(value, { file: name });
  expect(outcome.problems).toEqual([]);
  if (!outcome.value) throw new Error(`${name} rejected`);
  return outcome.value;
}

describe('advisories/nvd', () => {
  it('Code Red: CVSS v2 with its published score, versionEndIncluding on an IIS beta, NVD status', () => {
    const advisory = normalize('CVE-2001-0500.json');

    expect(advisory).toMatchObject({
      id: 'CVE-2001-0500',
      source: 'nvd',
      modified: '2024-11-20T23:35:31.103Z',
    });
    expect(advisory.severity).toEqual([
      {
        type: 'CVSS_V2',
        score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C',
        publishedBaseScore: 10,
        source: 'nvd@nist.gov',
      },
    ]);
    expect(advisory.cpeConfigurations).toHaveLength(1);
    const [configuration] = advisory.cpeConfigurations;
    expect(configuration).toMatchObject({ operator: 'OR', negate: false, origin: 'nvd' });
    expect(configuration?.nodes[0]?.cpeMatch.map((match) => match.criteria)).toEqual([
      'cpe:2.3:a:microsoft:index_server:2.0:*:*:*:*:*:*:*',
      'cpe:2.3:a:microsoft:indexing_service:*:*:windows_2000:*:*:*:*:*',
      'cpe:2.3:a:microsoft:internet_information_server:*:beta:*:*:*:*:*:*',
    ]);
    expect(configuration?.nodes[0]?.cpeMatch[2]?.versionEndIncluding).toBe('6.0');
    expect(advisory.databaseSpecific).toMatchObject({ vulnStatus: 'Modified' });
  });

  it('Log4Shell: three versionStartIncluding/versionEndExcluding ranges, and an AND of firmware over non-vulnerable hardware', () => {
    const advisory = normalize('CVE-2021-44228.excerpt.json');

    const [siemens, log4j] = advisory.cpeConfigurations;
    expect(siemens).toMatchObject({ operator: 'AND', negate: false });
    expect(
      siemens?.nodes.map((node) =>
        node.cpeMatch.map((match) => [match.vulnerable, match.versionEndExcluding]),
      ),
    ).toEqual([[[true, '2.7.0']], [[false, undefined]]]);
    const bounds = log4j?.nodes[0]?.cpeMatch
      .filter((match) => match.versionStartIncluding !== undefined)
      .map((match) => [match.versionStartIncluding, match.versionEndExcluding]);
    expect(bounds).toEqual([
      ['2.0.1', '2.3.1'],
      ['2.4.0', '2.12.2'],
      ['2.13.0', '2.15.0'],
    ]);
    expect(advisory.weaknesses).toEqual(['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917']);
    expect(advisory.databaseSpecific).toMatchObject({
      cisaExploitAdd: '2021-12-10',
      cisaActionDue: '2021-12-24',
    });
    expect(advisory.severity.map((vector) => vector.type)).toEqual(['CVSS_V3', 'CVSS_V3', 'CVSS_V2']);
  });

  it('EternalBlue: every configuration kept, SMBv1 running on 15 non-vulnerable Windows platforms', () => {
    const advisory = normalize('CVE-2017-0144.json');
    const configurations = raw('CVE-2017-0144.json').configurations as unknown[];

    expect(advisory.cpeConfigurations).toHaveLength(configurations.length);
    const smb = advisory.cpeConfigurations[0];
    expect(smb?.operator).toBe('AND');
    expect(smb?.nodes[0]?.cpeMatch).toMatchObject([
      { vulnerable: true, criteria: 'cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*' },
    ]);
    expect(smb?.nodes[1]?.cpeMatch).toHaveLength(15);
    expect(smb?.nodes[1]?.cpeMatch.every((match) => !match.vulnerable)).toBe(true);
  });

  it('keeps negate on configurations and nodes (same record with negate set, as NVD allows)', () => {
    const value = raw('CVE-2017-0144.json');
    const configurations = value.configurations as { negate?: boolean; nodes: { negate: boolean }[] }[];
    const first = configurations[0];
    if (!first?.nodes[1]) throw new Error('fixture changed');
    first.negate = true;
    first.nodes[1].negate = true;

    const advisory = normalize('CVE-2017-0144.json', value);

    expect(advisory.cpeConfigurations[0]?.negate).toBe(true);
    expect(advisory.cpeConfigurations[0]?.nodes.map((node) => node.negate)).toEqual([false, true]);
  });

  it('reads an API 2.0 response page element by element', () => {
    const page = raw('api-page-CVE-2022-29194.json');

    const elements = page.vulnerabilities as { cve: unknown }[];

    expect(looksLikeNvdPage(page)).toBe(true);
    expect(elements.map((element) => normalize('page', element.cve).id)).toEqual(['CVE-2022-29194']);
  });

  it('rejects a record without id, or with configurations of the wrong type, naming the field', () => {
    const value = raw('CVE-2001-0500.json');
    const noId = { ...value, id: undefined };
    const badNodes = { ...value, configurations: [{ nodes: 'OR' }] };

    const missing = normalizeNvdCve(noId, { file: 'x.json' });
    const wrong = normalizeNvdCve(badNodes, { file: 'y.json' });

    expect(missing.value).toBeUndefined();
    expect(missing.problems).toEqual([
      { file: 'x.json', field: 'cve.id', severity: 'error', message: 'required field is missing' },
    ]);
    expect(wrong.value).toBeUndefined();
    expect(wrong.problems).toEqual([
      {
        file: 'y.json',
        field: 'cve.configurations[0].nodes',
        severity: 'error',
        message: 'expected an array, got string',
      },
    ]);
  });
});
