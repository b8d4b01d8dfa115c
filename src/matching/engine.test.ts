import { describe, expect, it } from 'vitest';
import { advisoryOf } from '../../test/support/advisories.js';
import type { Component } from '../inventory/types.js';
import { matchComponents } from './engine.js';
import { MemoryAdvisoryIndex } from './memory-index.js';

function component(
  ecosystem: string,
  name: string,
  version: string,
  extra: Partial<Component> = {},
): Component {
  return { ecosystem, name, version, location: { file: 'lock', line: 1 }, ...extra };
}

// GO-2022-0344 (golang/vulndb), containerd: [0, 1.4.13), [1.5.0, 1.5.10), [1.6.0, 1.6.1).
const containerdRanges: Array<{ type: 'SEMVER'; events: Array<Record<string, string>> }> = [
  {
    type: 'SEMVER',
    events: [
      { introduced: '0' },
      { fixed: '1.4.13' },
      { introduced: '1.5.0' },
      { fixed: '1.5.10' },
      { introduced: '1.6.0' },
      { fixed: '1.6.1' },
    ],
  },
];

describe('matching/engine', () => {
  it('merges advisories that share an alias into one finding with every id', async () => {
    const index = new MemoryAdvisoryIndex([
      advisoryOf(
        'PYSEC-2023-62',
        [
          {
            ecosystem: 'PyPI',
            name: 'flask',
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.2.5' }] }],
          },
        ],
        { aliases: ['CVE-2023-30861', 'GHSA-m2qf-hxjv-5gpq'] },
      ),
      advisoryOf(
        'GHSA-m2qf-hxjv-5gpq',
        [
          {
            ecosystem: 'PyPI',
            name: 'Flask',
            ranges: [
              {
                type: 'ECOSYSTEM',
                events: [
                  { introduced: '0' },
                  { fixed: '2.2.5' },
                  { introduced: '2.3.0' },
                  { fixed: '2.3.2' },
                ],
              },
            ],
          },
        ],
        { aliases: ['CVE-2023-30861'] },
      ),
    ]);

    const result = await matchComponents([component('PyPI', 'Flask', '1.0.0')], index);

    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.vulnerabilityId).toBe('CVE-2023-30861');
    expect(result.findings[0]!.aliases).toEqual(['GHSA-m2qf-hxjv-5gpq', 'PYSEC-2023-62']);
    expect(result.findings[0]!.evidence.map((item) => item.advisoryId).sort()).toEqual([
      'GHSA-m2qf-hxjv-5gpq',
      'PYSEC-2023-62',
    ]);
  });

  it('recommends the smallest upgrade that fixes every finding on the component', async () => {
    const index = new MemoryAdvisoryIndex([
      advisoryOf('GO-2022-0344', [
        { ecosystem: 'Go', name: 'github.com/containerd/containerd', ranges: containerdRanges },
      ]),
      // A second vulnerability fixed later in the 1.5 line: 1.5.10 alone is not enough.
      advisoryOf('GO-TEST-0002', [
        {
          ecosystem: 'Go',
          name: 'github.com/containerd/containerd',
          ranges: [{ type: 'SEMVER', events: [{ introduced: '1.5.0' }, { fixed: '1.5.13' }] }],
        },
      ]),
    ]);

    const result = await matchComponents(
      [component('Go', 'github.com/containerd/containerd', 'v1.5.5')],
      index,
    );

    expect(result.findings.map((finding) => finding.vulnerabilityId)).toEqual([
      'GO-2022-0344',
      'GO-TEST-0002',
    ]);
    expect(result.findings[0]!.fixedVersions).toEqual(['1.5.10', '1.6.1']);
    expect(result.findings.map((finding) => finding.recommendedVersion)).toEqual(['1.5.13', '1.5.13']);
  });

  it('does not report a component outside every range (negative control)', async () => {
    const index = new MemoryAdvisoryIndex([
      advisoryOf('GO-2022-0344', [
        { ecosystem: 'Go', name: 'github.com/containerd/containerd', ranges: containerdRanges },
      ]),
    ]);

    const result = await matchComponents(
      [component('Go', 'github.com/containerd/containerd', 'v1.5.10')],
      index,
    );

    expect(result.findings).toEqual([]);
  });

  it('matches distro advisories by source package and release only', async () => {
    const index = new MemoryAdvisoryIndex([
      advisoryOf('DSA-TEST-1', [
        {
          ecosystem: 'Debian:12',
          name: 'openssl',
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u1' }] }],
        },
      ]),
      advisoryOf('DSA-TEST-2', [
        {
          ecosystem: 'Debian:11',
          name: 'openssl',
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.1w-0+deb11u1' }] }],
        },
      ]),
    ]);
    const libssl = component('Debian:12', 'libssl3', '3.0.9-1', { sourceName: 'openssl' });

    const result = await matchComponents([libssl], index);

    expect(result.findings.map((finding) => finding.vulnerabilityId)).toEqual(['DSA-TEST-1']);
    expect(result.findings[0]!.recommendedVersion).toBe('3.0.11-1~deb12u1');
  });

  it('evaluates the binary package at its version and the source package at the source version', async () => {
    // A binNMU: binary libssl3 3.0.9-1+b1 built from source openssl 3.0.9-1, with an advisory
    // naming each. Both findings come out, each saying which version it evaluated.
    const index = new MemoryAdvisoryIndex([
      advisoryOf('DSA-TEST-SRC', [
        {
          ecosystem: 'Debian:12',
          name: 'openssl',
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.9-2' }] }],
        },
      ]),
      advisoryOf('DSA-TEST-BIN', [
        {
          ecosystem: 'Debian:12',
          name: 'libssl3',
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '3.0.9-1+b1' }, { fixed: '3.0.9-1+b2' }] }],
        },
      ]),
    ]);
    const libssl = component('Debian:12', 'libssl3', '3.0.9-1+b1', {
      sourceName: 'openssl',
      sourceVersion: '3.0.9-1',
    });

    const { findings } = await matchComponents([libssl], index);

    expect(findings.map(({ vulnerabilityId, evidence }) => [vulnerabilityId, evidence[0]!.detail])).toEqual([
      ['DSA-TEST-BIN', '3.0.9-1+b1 in [introduced 3.0.9-1+b1, fixed 3.0.9-1+b2) (Debian)'],
      ['DSA-TEST-SRC', '3.0.9-1 in [0, fixed 3.0.9-2) (Debian)'],
    ]);
    // The one upgrade that clears both, found among both advisories' fixed versions.
    expect(findings.map((finding) => finding.recommendedVersion)).toEqual(['3.0.9-2', '3.0.9-2']);
  });

  it('counts components of ecosystems without a version scheme instead of guessing', async () => {
    const result = await matchComponents([component('NoSuchEcosystem', 'x', '1')], new MemoryAdvisoryIndex());

    expect(result.stats.unsupportedEcosystems).toEqual({ NoSuchEcosystem: 1 });
  });

  it('reports GIT-only advisories as undetermined, not as findings', async () => {
    const index = new MemoryAdvisoryIndex([
      advisoryOf('OSV-TEST-GIT', [
        {
          ecosystem: 'PyPI',
          name: 'x',
          ranges: [
            {
              type: 'GIT',
              repo: 'https://example.org/x',
              events: [{ introduced: '0' }, { fixed: 'abcdef' }],
            },
          ],
        },
      ]),
    ]);

    const result = await matchComponents([component('PyPI', 'x', '1.0')], index);

    expect(result.findings).toEqual([]);
    expect(result.undetermined.map((item) => item.advisoryId)).toEqual(['OSV-TEST-GIT']);
  });

  it('attaches KEV and EPSS through any CVE alias', async () => {
    const index = new MemoryAdvisoryIndex(
      [
        advisoryOf(
          'GHSA-jfh8-c2jp-5v3q',
          [
            {
              ecosystem: 'Maven',
              name: 'org.apache.logging.log4j:log4j-core',
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }] }],
            },
          ],
          { aliases: ['CVE-2021-44228'] },
        ),
      ],
      [
        {
          cveId: 'CVE-2021-44228',
          vendorProject: 'Apache',
          product: 'Log4j2',
          vulnerabilityName: 'Log4Shell',
          dateAdded: '2021-12-10',
          shortDescription: '',
          requiredAction: 'Apply updates',
          dueDate: '2021-12-24',
          knownRansomwareCampaignUse: 'Known',
          notes: '',
          cwes: [],
        },
      ],
      [{ cveId: 'CVE-2021-44228', epss: 0.99999, percentile: 1 }],
    );

    const result = await matchComponents(
      [component('Maven', 'org.apache.logging.log4j:log4j-core', '2.14.1')],
      index,
    );

    expect(result.findings[0]!.kev?.dueDate).toBe('2021-12-24');
    expect(result.findings[0]!.epss?.epss).toBe(0.99999);
    expect(result.findings[0]!.recommendedVersion).toBe('2.15.0');
  });
});
