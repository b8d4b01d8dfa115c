import { describe, expect, it } from 'vitest';
import type { KevEntry } from '../advisories/types.js';
import type { Component } from '../inventory/types.js';
import type { Finding } from '../matching/types.js';
import { planRemediation } from './remediation.js';

const KEV: KevEntry = {
  cveId: 'CVE-0000-0001',
  vendorProject: 'x',
  product: 'x',
  vulnerabilityName: 'x',
  dateAdded: '2026-01-01',
  shortDescription: '',
  requiredAction: 'Apply updates per vendor instructions.',
  dueDate: '2026-01-22',
  knownRansomwareCampaignUse: 'Unknown',
  notes: '',
  cwes: [],
};

function finding(
  component: Component,
  id: string,
  fixedVersions: string[],
  extra: Partial<Finding> = {},
): Finding {
  return {
    component,
    vulnerabilityId: id,
    aliases: [],
    severity: [],
    fixedVersions,
    evidence: [],
    weaknesses: [],
    references: [],
    ...extra,
  };
}

const django: Component = {
  ecosystem: 'PyPI',
  name: 'django',
  version: '2.2.13',
  purl: 'pkg:pypi/django@2.2.13',
  location: { file: 'requirements.txt', line: 4 },
};

describe('src/prioritize/remediation', () => {
  it('plans the smallest upgrade fixing all findings and, separately, the one fixing the KEV/Act ones', () => {
    const findings = [
      finding(django, 'VULN-A', ['2.2.24', '3.1.12']),
      finding(django, 'VULN-B', ['2.2.28', '3.2.14']),
      finding(django, 'CVE-0000-0001', ['2.2.20'], { kev: KEV }),
    ];

    const [plan] = planRemediation(findings);

    expect(plan?.fixesAll).toEqual({
      version: '2.2.28',
      basis: 'first-fix',
      fixes: ['CVE-0000-0001', 'VULN-A', 'VULN-B'],
    });
    expect(plan?.fixesUrgent).toMatchObject({ version: '2.2.20', fixes: ['CVE-0000-0001'] });
    expect(plan?.summary).toBe(
      'upgrade django@2.2.13 to 2.2.28 to fix all 3; at least 2.2.20 now for CVE-0000-0001 (KEV/Act)',
    );
  });

  it('orders by the ecosystem scheme, not as text (PEP 440: 2.2.9 < 2.2.10)', () => {
    const [plan] = planRemediation([
      finding(django, 'VULN-A', ['2.2.9']),
      finding(django, 'VULN-B', ['2.2.10']),
    ]);

    expect(plan?.fixesAll?.version).toBe('2.2.10');
  });

  it("prefers the matcher's range-aware recommendation when it has one", () => {
    const findings = [finding(django, 'VULN-A', ['2.2.24'], { recommendedVersion: '2.2.24' })];

    expect(planRemediation(findings)[0]?.fixesAll).toMatchObject({ version: '2.2.24', basis: 'engine' });
  });

  it('names findings no version fixes and plans no upgrade for all', () => {
    const [plan] = planRemediation([finding(django, 'VULN-A', ['2.2.24']), finding(django, 'VULN-C', [])]);

    expect(plan?.fixesAll).toBeUndefined();
    expect(plan?.noFix).toEqual(['VULN-C']);
    expect(plan?.summary).toContain('no fixed version for VULN-C');
  });

  it('for a distro package names the source package the distro ships the fix in', () => {
    const libssl: Component = {
      ecosystem: 'Debian:12',
      name: 'libssl3',
      version: '3.0.11-1~deb12u1',
      sourceName: 'openssl',
      sourceVersion: '3.0.11-1~deb12u1',
      purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?distro=debian-12',
      location: { file: 'var/lib/dpkg/status', line: 120 },
    };

    const [plan] = planRemediation([
      finding(libssl, 'VULN-D', ['3.0.13-1~deb12u1']),
      finding(libssl, 'VULN-E', ['3.0.11-1~deb12u2']),
    ]);

    expect(plan?.distroPackage).toEqual({
      distro: 'Debian:12',
      package: 'openssl',
      version: '3.0.13-1~deb12u1',
    });
    expect(plan?.summary).toContain('(Debian:12 package openssl)');
  });

  it('for a Windows host lists the KB articles to install', () => {
    const host: Component = {
      ecosystem: 'Windows',
      name: 'Windows Server 2016',
      version: '10.0.14393',
      cpe: 'cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*',
      location: { file: 'hotfixes.csv' },
      installedKbs: ['5034119'],
    };

    const [plan] = planRemediation([
      finding(host, 'VULN-W', ['KB5034767'], {
        evidence: [
          {
            rule: 'kb',
            detail: 'srv01 has none of KB5034767 installed (1 KBs reported)',
            advisoryId: 'VULN-W',
            confidence: 'affected',
          },
        ],
      }),
    ]);

    expect(plan?.kbArticles).toEqual(['5034767']);
    expect(plan?.summary).toContain('install KB5034767');
  });

  it('keeps components on different hosts apart', () => {
    const onA = { ...django, purl: undefined, asset: { id: 'a' } } as Component;
    const onB = { ...django, purl: undefined, asset: { id: 'b' } } as Component;

    expect(
      planRemediation([finding(onA, 'VULN-A', ['2.2.24']), finding(onB, 'VULN-A', ['2.2.24'])]),
    ).toHaveLength(2);
  });
});
