/**
 * A small but realistic scan report for renderer tests: real advisory ranges (Log4Shell's GHSA,
 * a PYSEC record) matched by the real engine against two components, one of them suppressed.
 */
import { matchComponents } from '../../src/matching/engine.js';
import { MemoryAdvisoryIndex } from '../../src/matching/memory-index.js';
import type { ReportFinding, ScanReport } from '../../src/report/types.js';
import { rateFinding } from '../../src/services/scan.js';
import { advisoryOf } from './advisories.js';

export async function sampleReport(): Promise<ScanReport> {
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
        {
          aliases: ['CVE-2021-44228'],
          summary: 'Remote code injection in Log4j',
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
          weaknesses: ['CWE-502', 'CWE-917'],
          references: [{ type: 'ADVISORY', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' }],
        },
      ),
      advisoryOf(
        'PYSEC-2005-1',
        [
          {
            ecosystem: 'PyPI',
            name: 'trac',
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '0.10' }] }],
          },
        ],
        {
          aliases: ['CVE-2005-4644'],
          details:
            'Cross-site scripting (XSS) vulnerability in the HTML WikiProcessor in Edgewall Trac 0.9.2 | with =cmd',
        },
      ),
    ],
    [
      {
        cveId: 'CVE-2021-44228',
        vendorProject: 'Apache',
        product: 'Log4j2',
        vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
        dateAdded: '2021-12-10',
        shortDescription: '',
        requiredAction: 'Apply updates per vendor instructions.',
        dueDate: '2021-12-24',
        knownRansomwareCampaignUse: 'Known',
        notes: '',
        cwes: ['CWE-20'],
      },
    ],
    [{ cveId: 'CVE-2021-44228', epss: 0.99999, percentile: 1, scoreDate: '2026-09-29' }],
  );
  const components = [
    {
      ecosystem: 'Maven',
      name: 'org.apache.logging.log4j:log4j-core',
      version: '2.14.1',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      location: { file: 'search/pom.xml', line: 42 },
      direct: true,
    },
    {
      ecosystem: 'PyPI',
      name: 'trac',
      version: '0.9.2',
      purl: 'pkg:pypi/trac@0.9.2',
      location: { file: 'wiki/requirements.txt', line: 3 },
      direct: true,
    },
  ];
  const matched = await matchComponents(components, index);
  const findings: ReportFinding[] = matched.findings.map((finding) => ({ finding, ...rateFinding(finding) }));
  const trac = findings.find((row) => row.finding.component.name === 'trac')!;
  trac.suppression = {
    state: 'ignored',
    reason: 'wiki is internal only',
    source: 'ignore-file',
    expires: '2027-01-31',
  };
  return {
    schemaVersion: '1.1.0',
    tool: { name: 'ward', version: '0.1.0' },
    generatedAt: '2026-11-23T00:00:00.000Z',
    targets: ['.'],
    database: { location: 'memory', advisories: 2 },
    findings,
    undetermined: [],
    problems: [
      { file: 'broken/package-lock.json', line: 7, message: 'expected a JSON object', severity: 'error' },
    ],
    stats: {
      filesScanned: 2,
      filesFailed: 1,
      components: 2,
      distinctPackages: 2,
      advisoriesConsidered: 2,
      findings: 1,
      suppressed: 1,
      undetermined: 0,
      bySeverity: { critical: 1, high: 0, medium: 0, low: 0, none: 0, unknown: 0 },
      unsupportedEcosystems: {},
      durationMs: 1,
    },
  };
}
