/**
 * Prioritisation end to end on real data: CVE-2001-0500 (Code Red) as NVD publishes it
 * (../shared/data/cves/nvd-api-2.0/CVE-2001-0500.json) with its real EPSS score, on an
 * internet-facing IIS web server and on an isolated lab host.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/support/shared-data.js';
import { nmapXmlParser } from '../inventory/nmap-xml.js';
import type { Finding } from '../matching/types.js';
import { type AssetInventory, parseAssets, resolveAsset } from './assets.js';
import { parsePolicy } from './policy.js';
import { prioritizeFinding, prioritizeFindings } from './prioritize.js';

const NOW = new Date('2026-11-23T10:00:00Z');

const ASSETS = `
assets:
  - id: web01.corp.example
    addresses: [10.1.0.10]
    criticality: critical
    environment: production
    exposure: internet
    owner: web-team@example.com
    tags: [dmz, iis]
  - id: lab-iis
    hostnames: [lab-iis.lab.example]
    criticality: low
    environment: lab
    exposure: isolated
    owner: qa@example.com
`;

interface NvdCve {
  id: string;
  published: string;
  descriptions: { lang: string; value: string }[];
  metrics: { cvssMetricV2: { source: string; cvssData: { vectorString: string } }[] };
  references: { url: string }[];
}

function codeRedFinding(root: string, asset: { id: string; hostname?: string; address?: string }): Finding {
  const cve = JSON.parse(readFileSync(join(root, 'cves/nvd-api-2.0/CVE-2001-0500.json'), 'utf8')) as NvdCve;
  const epssRow = readFileSync(join(root, 'epss/epss_scores-2026-09-29.subset.csv'), 'utf8')
    .split('\n')
    .find((line) => line.startsWith('CVE-2001-0500,'));
  const [, epss, percentile] = (epssRow ?? '').split(',');
  const v2 = cve.metrics.cvssMetricV2[0];
  return {
    component: {
      ecosystem: 'CPE',
      name: 'microsoft:internet_information_server',
      version: '5.0',
      cpe: 'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*',
      location: { file: 'fleet-2001.xml', line: 12 },
      asset: { ...asset, port: 80, protocol: 'tcp' },
    },
    vulnerabilityId: cve.id,
    aliases: [],
    summary: cve.descriptions.find((d) => d.lang === 'en')?.value ?? '',
    severity: v2 ? [{ type: 'CVSS_V2', score: v2.cvssData.vectorString, source: v2.source }] : [],
    fixedVersions: [],
    evidence: [
      {
        rule: 'overlay:ms01-033-iis',
        detail: 'IIS 5.0 (MS01-033)',
        advisoryId: cve.id,
        confidence: 'affected',
      },
    ],
    epss: { cveId: cve.id, epss: Number(epss), percentile: Number(percentile), scoreDate: '2026-09-29' },
    weaknesses: [],
    published: `${cve.published}Z`,
    references: cve.references.map((ref) => ref.url),
  };
}

const data = sharedData('cves/nvd-api-2.0/CVE-2001-0500.json');

describe.skipIf(!data.present)('src/prioritize/prioritize (Code Red, real NVD record)', () => {
  const root = join(data.path, '../../..');
  const assets: AssetInventory = parseAssets(ASSETS, 'assets.yaml');

  it('CVE-2001-0500 on an internet-facing IIS host is SSVC Act, critical, with a reason per decision point', () => {
    const finding = codeRedFinding(root, { id: 'web01.corp.example', address: '10.1.0.10' });

    const result = prioritizeFinding(finding, { assets, now: NOW });

    expect(result.ssvc.decision).toBe('Act');
    expect(result.ssvc.points).toEqual({
      exploitation: 'active',
      automatable: 'yes',
      technicalImpact: 'total',
      missionWellBeing: 'high',
    });
    expect(result.ssvc.vector).toBe('SSVCv2/E:A/A:Y/T:T/P:H/B:C/');
    expect(result.ssvc.reasons[0]).toContain('commonly exploited by');
    expect(result.ssvc.reasons[1]).toContain('AV:N/AC:L/Au:N');
    expect(result.ssvc.reasons[2]).toContain('C:C/I:C');
    expect(result.ssvc.reasons[3]).toContain('web01.corp.example');
    expect(result.ssvc.reasons[4]).toContain('row 35');
    expect(result.priority).toBe('critical');
    expect(result.asset).toMatchObject({
      id: 'web01.corp.example',
      exposure: 'internet',
      owner: 'web-team@example.com',
    });
    const inputs = result.explanation.map((item) => item.input);
    for (const input of [
      'cvss',
      'exploitation',
      'kev',
      'epss',
      'asset',
      'exposure',
      'criticality',
      'environment',
      'ssvc',
      'priority',
      'first-seen',
      'sla',
    ]) {
      expect(inputs).toContain(input);
    }
    expect(result.explanation.find((item) => item.input === 'epss')?.value).toContain('0.96671');
  });

  it('the same CVE on an isolated lab host is not Act', () => {
    const finding = codeRedFinding(root, { id: 'lab-iis', hostname: 'lab-iis.lab.example' });

    const result = prioritizeFinding(finding, { assets, now: NOW });

    expect(result.ssvc.decision).not.toBe('Act');
    expect(result.ssvc.decision).toBe('Track');
    expect(result.ssvc.points.automatable).toBe('no');
    expect(result.ssvc.reasons[1]).toContain('isolated');
    expect(result.ssvc.points.missionWellBeing).toBe('low');
    expect(result.priority).not.toBe('critical');
  });

  it('ranks the internet-facing host first and gives it the shorter due date under the default policy', () => {
    const policy = parsePolicy(
      readFileSync(new URL('../../data/policies/ward-default.yaml', import.meta.url), 'utf8'),
      'ward-default.yaml',
    );
    const web = codeRedFinding(root, { id: 'web01.corp.example', address: '10.1.0.10' });
    const lab = codeRedFinding(root, { id: 'lab-iis', hostname: 'lab-iis.lab.example' });

    const ranked = prioritizeFindings([lab, web], { assets, policy, now: NOW });

    expect(ranked.map((f) => f.asset.id)).toEqual(['web01.corp.example', 'lab-iis']);
    expect(ranked[0]?.dueDate).toBe('2026-12-08');
    expect(ranked[0]?.slaState).toBe('within');
    expect((ranked[1]?.dueDate ?? '') > (ranked[0]?.dueDate ?? '')).toBe(true);
  });

  it('an asset matched by address alone still gets its context', () => {
    const finding = codeRedFinding(root, { id: '10.1.0.10', address: '10.1.0.10' });

    const result = prioritizeFinding(finding, { assets, now: NOW });

    expect(result.asset).toMatchObject({ id: 'web01.corp.example', matchedBy: 'address' });
  });
});

describe('src/prioritize/prioritize (SSVC floor)', () => {
  it('SSVC Attend lifts a medium finding to high and its score to the band floor, saying so', () => {
    const finding: Finding = {
      component: {
        ecosystem: 'npm',
        name: 'x',
        version: '1.0.0',
        purl: 'pkg:npm/x@1.0.0',
        location: { file: 'package-lock.json' },
      },
      vulnerabilityId: 'VULN-1',
      aliases: [],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
      fixedVersions: [],
      evidence: [],
      weaknesses: [],
      references: [],
    };
    const assets = parseAssets('default: { criticality: critical }\n', 'assets.yaml');

    const result = prioritizeFinding(finding, { assets, now: NOW });

    expect(result.ssvc.vector).toBe('SSVCv2/E:N/A:Y/T:P/P:H/B:A/');
    expect(result.priority).toBe('high');
    expect(result.rankScore).toBe(60);
    expect(result.explanation.find((item) => item.input === 'ssvc')?.effect).toBe(
      'priority raised to high, rank score to 60',
    );
  });
});

describe('src/prioritize/assets', () => {
  it('rejects an unknown exposure naming the file, line and field', () => {
    let caught: unknown;
    try {
      parseAssets('assets:\n  - id: a\n    exposure: public\n', 'assets.yaml');
    } catch (error) {
      caught = error;
    }

    expect(caught).toMatchObject({
      code: 'input.invalid',
      file: 'assets.yaml',
      line: 3,
      field: 'assets[0].exposure',
    });
    expect((caught as Error).message).toContain(
      'expected one of "internet", "internal", "isolated", got "public"',
    );
  });

  it('refuses __proto__ keys', () => {
    expect(() => parseAssets('assets:\n  - id: a\n    __proto__: { x: 1 }\n', 'a.yaml')).toThrow(
      /not allowed/,
    );
  });
});

describe('examples/demo/assets.yaml', () => {
  const demo = (path: string) => new URL(`../../examples/demo/${path}`, import.meta.url);

  it('is valid and gives every host of the demo Nmap scan and every demo project its own asset', () => {
    const inventory = parseAssets(readFileSync(demo('assets.yaml'), 'utf8'), 'examples/demo/assets.yaml');
    const scan = nmapXmlParser.parse(
      readFileSync(demo('network/fleet-2001.nmap.xml'), 'utf8'),
      'examples/demo/network/fleet-2001.nmap.xml',
    );
    const projects = ['shop-api/requirements.txt', 'search/pom.xml', 'gateway/go.mod', 'billing/Cargo.lock'];

    const hostAssets = scan.components.map((component) => resolveAsset(component, inventory));
    const projectAssets = projects.map((file) =>
      resolveAsset(
        { ecosystem: 'npm', name: 'x', version: '1', location: { file: `examples/demo/${file}` } },
        inventory,
      ),
    );

    expect(scan.components.length).toBeGreaterThan(0);
    expect(
      hostAssets.filter((match) => match.matchedBy === 'default' || match.matchedBy === 'unspecified'),
    ).toEqual([]);
    expect([...new Set(hostAssets.map((match) => match.asset.id))].sort()).toEqual([
      'build-10.1.0.40',
      'intranet.corp.example',
      'mail.example.org',
      'web01.corp.example',
      'web02.corp.example',
      'www.example.org',
    ]);
    expect(projectAssets.map((match) => `${match.asset.id} ${match.matchedBy}`)).toEqual([
      'shop-api path',
      'search path',
      'gateway path',
      'billing path',
    ]);
  });
});
