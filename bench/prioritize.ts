/**
 * Prioritisation throughput: findings ranked per second (CVSS, exploit evidence, asset context,
 * SSVC, rank score, triage, SLA under a policy), against the baseline of what a scan did before
 * prioritisation (rate each finding by its CVSS vector, sort by score), measured in the same run. Findings use real vectors of famous CVEs
 * (NVD records in ../shared/data/cves) spread over the assets of examples/demo/assets.yaml.
 */
import { readFileSync } from 'node:fs';
import type { SeverityVector } from '../src/advisories/types.js';
import type { Finding } from '../src/matching/types.js';
import { parseAssets } from '../src/prioritize/assets.js';
import { selectCvss } from '../src/prioritize/cvss.js';
import { builtinPolicyUrl, parsePolicy } from '../src/prioritize/policy.js';
import { prioritizeFindings } from '../src/prioritize/prioritize.js';
import type { TriageStatement } from '../src/prioritize/triage.js';
import { type BenchFigure, type BenchSuite, opsPerSecond } from './harness.js';

const VECTORS: SeverityVector[][] = [
  [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' }],
  [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
  [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H' }],
  [
    { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' },
    { type: 'CVSS_V2', score: 'AV:N/AC:M/Au:N/C:N/I:P/A:P' },
  ],
  [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N' }],
  [],
];
const HOSTS = [
  'web01.corp.example',
  'web02.corp.example',
  'intranet.corp.example',
  'www.example.org',
  '10.1.0.40',
];

function syntheticFindings(count: number): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    component: {
      ecosystem: 'npm',
      name: `pkg-${i % 500}`,
      version: '1.0.0',
      purl: `pkg:npm/pkg-${i % 500}@1.0.0`,
      location: { file: `examples/demo/${['shop-api', 'search', 'gateway', 'billing'][i % 4]}/lock` },
      ...(i % 3 === 0 ? { asset: { id: HOSTS[i % HOSTS.length] as string } } : {}),
    },
    vulnerabilityId: `CVE-2024-${10000 + i}`,
    aliases: [`GHSA-${i}`],
    summary: i % 7 === 0 ? 'as exploited in the wild in 2024' : 'A flaw.',
    severity: VECTORS[i % VECTORS.length] as SeverityVector[],
    fixedVersions: ['1.0.1'],
    evidence: [],
    weaknesses: [],
    references: i % 5 === 0 ? [`https://www.exploit-db.com/exploits/${i}`] : [],
    published: '2026-09-01T00:00:00Z',
    ...(i % 11 === 0
      ? {
          kev: {
            cveId: `CVE-2024-${10000 + i}`,
            vendorProject: 'x',
            product: 'x',
            vulnerabilityName: 'x',
            dateAdded: '2026-10-01',
            shortDescription: '',
            requiredAction: '',
            dueDate: '2026-10-22',
            knownRansomwareCampaignUse: 'Known' as const,
            notes: '',
            cwes: [],
          },
        }
      : {}),
    ...(i % 2 === 0
      ? { epss: { cveId: `CVE-2024-${10000 + i}`, epss: (i % 100) / 100, percentile: 0.5 } }
      : {}),
  }));
}

export const prioritizeSuite: BenchSuite = {
  name: 'prioritize',
  async run(): Promise<BenchFigure[]> {
    const count = 2_000;
    const findings = syntheticFindings(count);
    const assets = parseAssets(
      readFileSync(new URL('../examples/demo/assets.yaml', import.meta.url), 'utf8'),
      'assets.yaml',
    );
    const policyUrl = builtinPolicyUrl('ward-default');
    const policy = parsePolicy(readFileSync(policyUrl, 'utf8'), policyUrl.pathname);
    const statements: TriageStatement[] = Array.from({ length: 200 }, (_, i) => ({
      vulnerabilityId: `CVE-2024-${10000 + i * 10}`,
      products: [`pkg:npm/pkg-${(i * 10) % 500}`],
      status: 'not-affected',
      justification: 'vulnerable_code_not_present',
      timestamp: '2026-11-01T00:00:00Z',
      source: 'bench',
    }));
    const now = new Date('2026-11-23T10:00:00Z');

    // Baseline: what a scan did before prioritisation — rate each finding by its CVSS and sort.
    const baseline = opsPerSecond(() => {
      findings
        .map((finding) => ({ finding, score: selectCvss(finding.severity).primary?.score.baseScore ?? -1 }))
        .sort((a, b) => b.score - a.score);
    }, count);
    const full = opsPerSecond(() => {
      prioritizeFindings(findings, { assets, policy, now, triage: { statements } });
    }, count);
    return [
      { name: 'CVSS rating + sort (baseline)', value: baseline, unit: 'findings/s' },
      {
        name: 'full prioritisation (SSVC, rank, triage, SLA)',
        value: full,
        unit: 'findings/s',
        baseline: 'CVSS rating + sort (baseline)',
        note: `${count} findings, 200 VEX statements, ward-default policy`,
      },
    ];
  },
};
