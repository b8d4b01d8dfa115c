/**
 * Windows hosts against CSAF KB remediations. The advisory is shaped as src/advisories/csaf.ts
 * reads a Microsoft CSAF document: the known_affected products' CPEs become one vulnerable OR
 * configuration (origin 'csaf'), `remediations` carry the KB articles. Data: CVE-2017-0144
 * (EternalBlue). The affected Windows CPEs are the platform list of the real NVD record
 * (../shared/data/cves/nvd-api-2.0/CVE-2017-0144.json, copied below); the KBs are those of
 * Microsoft bulletin MS17-010 (KB4013429 Windows Server 2016 / 10 1607, KB4012213 + KB4012216
 * Windows Server 2012 R2 / 8.1, KB4012212 + KB4012215 Windows 7 / 2008 R2).
 */
import { describe, expect, it } from 'vitest';
import { advisoryOf } from '../../test/support/advisories.js';
import { readInventoryFixture } from '../../test/support/inventory-fixtures.js';
import type { Remediation } from '../advisories/types.js';
import type { Component } from '../inventory/types.js';
import { parseWindowsHotfix } from '../inventory/windows-hotfix.js';
import { matchComponents } from './engine.js';
import { fixingKbs, kbVerdict } from './kb-match.js';
import { MemoryAdvisoryIndex } from './memory-index.js';

// The Windows platform node of NVD's CVE-2017-0144 configuration (15 entries).
const AFFECTED = [
  'cpe:2.3:o:microsoft:windows_10_1507:-:*:*:*:*:*:x64:*',
  'cpe:2.3:o:microsoft:windows_10_1507:-:*:*:*:*:*:x86:*',
  'cpe:2.3:o:microsoft:windows_10_1511:-:*:*:*:*:*:x64:*',
  'cpe:2.3:o:microsoft:windows_10_1511:-:*:*:*:*:*:x86:*',
  'cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:x64:*',
  'cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:x86:*',
  'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*',
  'cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*',
  'cpe:2.3:o:microsoft:windows_rt_8.1:-:*:*:*:*:*:*:*',
  'cpe:2.3:o:microsoft:windows_server_2008:-:sp2:*:*:*:*:*:*',
  'cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*',
  'cpe:2.3:o:microsoft:windows_server_2012:-:*:*:*:*:*:*:*',
  'cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*',
  'cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*',
  'cpe:2.3:o:microsoft:windows_vista:-:sp2:*:*:*:*:*:*',
];

const fix = (kb: string, productIds: string[]): Remediation => ({
  category: 'vendor_fix',
  details: kb,
  url: `https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB${kb}`,
  productIds,
  kbArticles: [kb],
});

const eternalBlue = advisoryOf('CVE-2017-0144', [], {
  source: 'csaf',
  summary: 'Windows SMB Remote Code Execution Vulnerability',
  cpeConfigurations: [
    {
      operator: 'OR',
      negate: false,
      origin: 'csaf',
      nodes: [
        {
          operator: 'OR',
          negate: false,
          cpeMatch: AFFECTED.map((criteria) => ({ vulnerable: true, criteria })),
        },
      ],
    },
  ],
  remediations: [
    fix('4013429', [
      'cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*',
      'cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:x64:*',
    ]),
    fix('4012213', [
      'cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*',
      'cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*',
    ]),
    fix('4012216', [
      'cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*',
      'cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*',
    ]),
    fix('4012212', [
      'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*',
      'cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*',
    ]),
    { category: 'workaround', details: 'Disable SMBv1 (KB2696547)', productIds: [], kbArticles: ['2696547'] },
  ],
});

const hosts: Component[] = [
  ...parseWindowsHotfix(readInventoryFixture('windows-hotfix', 'web01-hotfix.csv'), 'web01-hotfix.csv')
    .components,
  ...parseWindowsHotfix(
    readInventoryFixture('windows-hotfix', 'fleet-computerinfo.json'),
    'fleet-computerinfo.json',
  ).components,
];
const host = (id: string): Component => {
  const found = hosts.find((component) => component.asset?.id === id);
  if (!found) throw new Error(`no host ${id}`);
  return found;
};

describe('matching/kb-match', () => {
  it('picks the KB fixes of the host’s product (workarounds do not fix)', () => {
    expect(fixingKbs(eternalBlue, host('WEB01'))).toEqual(['4013429']);
    expect(fixingKbs(eternalBlue, host('DC01'))).toEqual(['4012213', '4012216']);
  });

  it('decides by installed KB: present → fixed, absent → missing', () => {
    expect(kbVerdict(eternalBlue, host('WEB01'))).toEqual({ state: 'fixed', kb: '4013429' });
    expect(kbVerdict(eternalBlue, host('WEB02'))).toEqual({ state: 'missing', kbs: ['4013429'] });
    expect(kbVerdict(eternalBlue, host('DC01'))).toEqual({ state: 'fixed', kb: '4012216' });
    expect(kbVerdict({ remediations: [] }, host('WEB02'))).toEqual({ state: 'no-kb-data' });
  });

  it('uses every KB fix when the remediations name products only by CSAF product id', () => {
    const byProductId = {
      remediations: eternalBlue.remediations.map((remediation) => ({
        ...remediation,
        productIds: ['11923'],
      })),
    };
    expect(fixingKbs(byProductId, host('WEB02'))).toEqual(['4013429', '4012213', '4012216', '4012212']);
    expect(kbVerdict(byProductId, host('WEB02')).state).toBe('missing');
    expect(kbVerdict(byProductId, host('WEB01')).state).toBe('fixed');
  });

  it('through the engine: a finding only on the Windows Server 2016 host lacking KB4013429', async () => {
    const result = await matchComponents(hosts, new MemoryAdvisoryIndex([eternalBlue]));
    expect(result.findings.map((finding) => finding.component.asset?.id)).toEqual(['WEB02']);
    const [finding] = result.findings;
    expect(finding?.fixedVersions).toEqual(['KB4013429']);
    expect(finding?.evidence.map((evidence) => evidence.rule)).toEqual(['csaf', 'kb']);
    expect(finding?.evidence[1]?.detail).toBe('WEB02 has none of KB4013429 installed (2 KBs reported)');
    // LEGACY (Windows 2000) is not an affected product: no finding either way.
  });

  it('leaves CPE findings alone when the advisory names no KB fix', async () => {
    const noKbs = { ...eternalBlue, id: 'CVE-TEST-NO-KB', remediations: [] };
    const result = await matchComponents(hosts, new MemoryAdvisoryIndex([noKbs]));
    expect(result.findings.map((finding) => finding.component.asset?.id).sort()).toEqual([
      'DC01',
      'WEB01',
      'WEB02',
    ]);
    expect(
      result.findings.every((finding) => finding.evidence.every((evidence) => evidence.rule !== 'kb')),
    ).toBe(true);
  });
});
