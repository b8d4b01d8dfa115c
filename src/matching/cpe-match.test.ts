/**
 * CPE configuration matching. The NVD configuration below is copied from the real record of
 * CVE-2001-0500 (Code Red; ../shared/data/cves/nvd-api-2.0/CVE-2001-0500.json): it names Index
 * Server 2.0, the Windows 2000 Indexing Service and an IIS *beta*, so NVD alone does not flag an
 * IIS 5.0 host — which is why Ward carries an overlay rule from the vendor bulletin MS01-033.
 */
import { describe, expect, it } from 'vitest';
import { advisoryOf } from '../../test/support/advisories.js';
import type { CpeConfiguration } from '../advisories/types.js';
import type { Component } from '../inventory/types.js';
import { matchComponents } from './engine.js';
import { MemoryAdvisoryIndex } from './memory-index.js';

const nvdCodeRed: CpeConfiguration = {
  operator: 'OR',
  negate: false,
  origin: 'nvd',
  nodes: [
    {
      operator: 'OR',
      negate: false,
      cpeMatch: [
        { vulnerable: true, criteria: 'cpe:2.3:a:microsoft:index_server:2.0:*:*:*:*:*:*:*' },
        { vulnerable: true, criteria: 'cpe:2.3:a:microsoft:indexing_service:*:*:windows_2000:*:*:*:*:*' },
        {
          vulnerable: true,
          criteria: 'cpe:2.3:a:microsoft:internet_information_server:*:beta:*:*:*:*:*:*',
          versionEndIncluding: '6.0',
        },
      ],
    },
  ],
};

const overlayIis: CpeConfiguration = {
  operator: 'OR',
  negate: false,
  origin: 'overlay:ms01-033-iis',
  nodes: [
    {
      operator: 'OR',
      negate: false,
      cpeMatch: [
        { vulnerable: true, criteria: 'cpe:2.3:a:microsoft:internet_information_server:4.0:*:*:*:*:*:*:*' },
        { vulnerable: true, criteria: 'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*' },
      ],
    },
  ],
};

function service(address: string, cpe: string, version: string): Component {
  return {
    ecosystem: 'CPE',
    name: cpe.split(':')[4] ?? cpe,
    version,
    cpe,
    location: { file: 'fleet.xml', line: 1 },
    asset: { id: address, address, port: 80, protocol: 'tcp' },
  };
}

const fleet = [
  service('10.0.0.1', 'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*', '5.0'),
  service('10.0.0.2', 'cpe:2.3:a:microsoft:internet_information_server:4.0:*:*:*:*:*:*:*', '4.0'),
  service('10.0.0.3', 'cpe:2.3:a:apache:http_server:1.3.20:*:*:*:*:*:*:*', '1.3.20'),
  service('10.0.0.4', 'cpe:2.3:a:microsoft:internet_information_server:6.0:*:*:*:*:*:*:*', '6.0'),
];

describe('matching/cpe-match', () => {
  it("NVD's own configuration for CVE-2001-0500 does not name a released IIS", async () => {
    const index = new MemoryAdvisoryIndex([
      advisoryOf('CVE-2001-0500', [], { source: 'nvd', cpeConfigurations: [nvdCodeRed] }),
    ]);

    const result = await matchComponents(fleet, index);

    expect(result.findings).toEqual([]);
  });

  it('with the MS01-033 overlay, CVE-2001-0500 is found exactly on the IIS 4.0 and 5.0 hosts, naming the rule', async () => {
    const index = new MemoryAdvisoryIndex([
      advisoryOf('CVE-2001-0500', [], { source: 'nvd', cpeConfigurations: [nvdCodeRed, overlayIis] }),
    ]);

    const result = await matchComponents(fleet, index);

    expect(result.findings.map((finding) => finding.component.asset?.address).sort()).toEqual([
      '10.0.0.1',
      '10.0.0.2',
    ]);
    expect(result.findings[0]!.evidence[0]).toMatchObject({
      rule: 'overlay:ms01-033-iis',
      advisoryId: 'CVE-2001-0500',
    });
  });

  it('honours version bounds and AND platform nodes', async () => {
    const bounded: CpeConfiguration = {
      operator: 'AND',
      negate: false,
      origin: 'nvd',
      nodes: [
        {
          operator: 'OR',
          negate: false,
          cpeMatch: [
            {
              vulnerable: true,
              criteria: 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*',
              versionStartIncluding: '1.3.0',
              versionEndExcluding: '1.3.27',
            },
          ],
        },
        {
          operator: 'OR',
          negate: false,
          cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows:*:*:*:*:*:*:*:*' }],
        },
      ],
    };
    const index = new MemoryAdvisoryIndex([
      advisoryOf('CVE-TEST-APACHE-WIN', [], { source: 'nvd', cpeConfigurations: [bounded] }),
    ]);
    const linuxHost = [service('10.0.0.3', 'cpe:2.3:a:apache:http_server:1.3.20:*:*:*:*:*:*:*', '1.3.20')];
    const windowsHost = [
      ...linuxHost,
      { ...service('10.0.0.3', 'cpe:2.3:o:microsoft:windows:*:*:*:*:*:*:*:*', ''), name: 'windows' },
    ];
    const patchedWindowsHost = [
      service('10.0.0.3', 'cpe:2.3:a:apache:http_server:1.3.27:*:*:*:*:*:*:*', '1.3.27'),
      windowsHost[1]!,
    ];

    expect((await matchComponents(linuxHost, index)).findings).toEqual([]);
    expect(
      (await matchComponents(windowsHost, index)).findings.map((finding) => finding.component.name),
    ).toEqual(['http_server']);
    expect((await matchComponents(windowsHost, index)).findings[0]!.fixedVersions).toEqual(['1.3.27']);
    expect((await matchComponents(patchedWindowsHost, index)).findings).toEqual([]);
  });
});
