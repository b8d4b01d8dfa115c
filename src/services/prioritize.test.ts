/**
 * `ward scan` with prioritisation, end to end over a real SQLite database: Code Red
 * (CVE-2001-0500, fields from the real NVD record in ../shared/data, matched through the MS01-033
 * overlay configuration) on the 2001 web farm of test/fixtures/inventory/nmap-xml, with asset
 * context, a policy and the JSON output validated against schemas/scan-result.schema.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advisoryOf } from '../../test/support/advisories.js';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { sharedData } from '../../test/support/shared-data.js';
import type { CpeConfiguration } from '../advisories/types.js';
import { cycloneDxJsonParser } from '../inventory/cyclonedx-json.js';
import { resolveAsset } from '../prioritize/assets.js';
import { toJsonReport } from '../report/json.js';
import { openStore, type Store } from '../store/store.js';
import { openTriageStore, type TriageStore } from '../store/triage-store.js';
import { assetFromFlags, loadAssets, loadPolicy, preparePrioritization } from './prioritize.js';
import { scanPaths } from './scan.js';
import { historyRecorder, scanScope } from './triage.js';

const addFormats = addFormatsModule.default;
const FLEET = join(PROJECT_ROOT, 'test/fixtures/inventory/nmap-xml/fleet-2001.xml');
const NOW = new Date('2026-11-23T10:00:00Z');

/** MS01-033 overlay (data/overlay/microsoft-bulletins.yaml): IIS 4.0 and 5.0 ship the vulnerable idq.dll. */
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

const ASSETS = `
default: { criticality: medium, environment: production, exposure: internal }
assets:
  - id: web01
    hostnames: [web01.corp.example]
    criticality: critical
    exposure: internet
    owner: web-team@example.com
    tags: [dmz]
  - id: web02
    addresses: [10.1.0.11]
    criticality: high
    exposure: internet
  - id: intranet-lab
    hostnames: [intranet.corp.example, web03.corp.example]
    environment: lab
    criticality: low
    exposure: isolated
`;

const data = sharedData('cves/nvd-api-2.0/CVE-2001-0500.json');

describe.skipIf(!data.present)('src/services/prioritize (scan with assets and policy, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-prioritize-'));
  const dbPath = join(dir, 'ward.db');
  let store: Store;
  let triage: TriageStore;

  beforeAll(async () => {
    const cve = JSON.parse(readFileSync(data.path, 'utf8')) as {
      published: string;
      descriptions: { value: string }[];
      metrics: { cvssMetricV2: { source: string; cvssData: { vectorString: string } }[] };
      references: { url: string }[];
    };
    const v2 = cve.metrics.cvssMetricV2[0];
    store = await openStore(dbPath);
    const session = await store.beginImport();
    await session.writeAdvisories([
      advisoryOf('CVE-2001-0500', [], {
        source: 'nvd',
        summary: cve.descriptions[0]?.value ?? '',
        severity: v2 ? [{ type: 'CVSS_V2', score: v2.cvssData.vectorString, source: v2.source }] : [],
        references: cve.references.map((ref) => ({ type: 'WEB', url: ref.url })),
        published: `${cve.published}Z`,
        cpeConfigurations: [overlayIis],
      }),
    ]);
    await session.writeEpss([
      { cveId: 'CVE-2001-0500', epss: 0.96671, percentile: 0.99883, scoreDate: '2026-09-29' },
    ]);
    await session.commit();
    triage = await openTriageStore(dbPath);
    writeFileSync(join(dir, 'assets.yaml'), ASSETS);
  });

  afterAll(async () => {
    await triage.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function scan(now: Date) {
    return scanPaths([FLEET], {
      index: store,
      database: { location: dbPath, advisories: 1 },
      now,
      prioritization: {
        assets: await loadAssets(join(dir, 'assets.yaml')),
        policy: await loadPolicy('ward-default'),
        history: historyRecorder(triage, scanScope([FLEET])),
      },
    });
  }

  it('Code Red is Act on the internet-facing IIS hosts and not on the isolated lab host; JSON validates', async () => {
    const report = await scan(NOW);
    const json = toJsonReport(report);
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/scan-result.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);

    const valid = validate(json);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const byHost = new Map(report.findings.map((row) => [row.finding.component.asset?.hostname, row]));
    expect([...byHost.keys()].sort()).toEqual([
      'intranet.corp.example',
      'web01.corp.example',
      'web02.corp.example',
    ]);
    expect(byHost.get('web01.corp.example')).toMatchObject({
      priority: { level: 'critical' },
      ssvc: { decision: 'Act' },
      firstSeen: NOW.toISOString(),
      dueDate: '2026-12-08',
      slaState: 'within',
    });
    expect(byHost.get('web02.corp.example')?.ssvc?.decision).toBe('Act');
    expect(byHost.get('intranet.corp.example')?.ssvc?.decision).not.toBe('Act');
    const explanation = byHost.get('web01.corp.example')?.explanation ?? [];
    expect(explanation.some((line) => line.startsWith('exposure: internet'))).toBe(true);
    expect(
      explanation.some((line) =>
        line.startsWith('asset: web01 (matched by hostname), owner web-team@example.com'),
      ),
    ).toBe(true);
    expect(report.policy).toMatchObject({ name: 'ward-default', failed: true });
    expect(report.policy?.reasons.some((reason) => reason.includes("gate 'act'"))).toBe(true);
    expect(report.remediation?.length).toBe(3);
  });

  it('a later scan keeps first-seen and, past the due date, is breached', async () => {
    const later = new Date('2027-01-05T10:00:00Z');

    const report = await scan(later);

    const web01 = report.findings.find(
      (row) => row.finding.component.asset?.hostname === 'web01.corp.example',
    );
    expect(web01?.firstSeen).toBe(NOW.toISOString());
    expect(web01?.slaState).toBe('breached');
  });

  it('rejects a policy naming an unknown field with its path', async () => {
    writeFileSync(
      join(dir, 'bad-policy.yaml'),
      'name: bad\nrules:\n  - name: r\n    when: { severity: [high] }\n',
    );

    await expect(loadPolicy(join(dir, 'bad-policy.yaml'))).rejects.toMatchObject({
      code: 'input.invalid',
      line: 4,
      field: 'rules[0].when',
      message: expect.stringContaining("unknown field 'severity'"),
    });
  });
});

const portsmash = sharedData('advisories/osv-schema-testdata/osv-linter/CVE-2018-5407.json');

describe.skipIf(!portsmash.present)(
  'src/services/prioritize (exploit evidence from stored advisories)',
  () => {
    it("reads typed references the finding does not carry: OSV EVIDENCE on PortSmash's PoC repository is public PoC", async () => {
      const record = JSON.parse(readFileSync(portsmash.path, 'utf8')) as {
        details: string;
        references: { type: string; url: string }[];
      };
      const dir = mkdtempSync(join(tmpdir(), 'ward-evidence-'));
      const store = await openStore(join(dir, 'ward.db'));
      try {
        const session = await store.beginImport();
        await session.writeAdvisories([
          advisoryOf('CVE-2018-5407', [], { details: record.details, references: record.references }),
        ]);
        await session.commit();
        const finding = {
          component: {
            ecosystem: 'Debian:9',
            name: 'openssl',
            version: '1.1.0f-3',
            location: { file: 'status' },
          },
          vulnerabilityId: 'CVE-2018-5407',
          aliases: [],
          severity: [],
          fixedVersions: [],
          evidence: [],
          weaknesses: [],
          references: [],
        };

        const context = await preparePrioritization(
          { advisoryLookup: (ids) => store.advisoriesByIds(ids) },
          [finding],
          NOW,
        );

        const details = (context.exploitEvidence?.get('CVE-2018-5407') ?? []).map(
          (item) => `${item.level} ${item.detail}`,
        );
        expect(details).toContain('poc reference typed EVIDENCE: https://github.com/bbbrumley/portsmash');
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe('src/services/prioritize (files and flags)', () => {
  it('loads built-in policies by name and refuses a missing policy file, listing the built-ins', async () => {
    expect((await loadPolicy('pci-dss-4.0')).name).toBe('pci-dss-4.0');
    expect((await loadPolicy('builtin:cisa-bod-22-01')).name).toBe('cisa-bod-22-01');
    await expect(loadPolicy('no-such-policy.yaml')).rejects.toThrow(
      'no policy file no-such-policy.yaml (built-in policies: cisa-bod-22-01, pci-dss-4.0, ward-default)',
    );
  });

  it('asset flags override the assets file default and leave its assets alone', async () => {
    const inventory = await loadAssets(join(PROJECT_ROOT, 'examples/demo/assets.yaml'));

    const merged = assetFromFlags({ exposure: 'internet', owner: 'me@example.com', tags: ['ci'] }, inventory);
    const none = assetFromFlags({}, inventory);

    expect(merged?.defaultAsset).toMatchObject({
      exposure: 'internet',
      owner: 'me@example.com',
      tags: ['ci'],
      criticality: 'medium',
    });
    expect(merged?.assets).toHaveLength(inventory.assets.length);
    expect(none).toBe(inventory);
  });
});

describe('src/services/prioritize (asset context from SBOM metadata)', () => {
  const sbom = (properties: { name: string; value: string }[]) =>
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      metadata: {
        component: {
          type: 'container',
          'bom-ref': 'registry.example.com/shop/api@sha256:0f1e',
          name: 'shop-api',
          version: '2026.11.2',
          tags: ['pci'],
          properties,
        },
      },
      components: [
        {
          type: 'library',
          name: 'django',
          version: '2.2.13',
          purl: 'pkg:pypi/django@2.2.13',
          'bom-ref': 'django',
        },
      ],
    });

  it('reads ward:asset:* properties of metadata.component, keyed like the inventory keys the subject', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-sbom-assets-'));
    const file = join(dir, 'shop.cdx.json');
    const text = sbom([
      { name: 'ward:asset:criticality', value: 'critical' },
      { name: 'ward:asset:exposure', value: 'internet' },
      { name: 'ward:asset:owner', value: 'shop-team@example.com' },
      { name: 'ward:asset:tag', value: 'dmz' },
      { name: 'cdx:host:hostname', value: 'shop-api-7f9c' },
    ]);
    writeFileSync(file, text);

    const inventory = await loadAssets(file);
    const scanned = cycloneDxJsonParser.parse(text, file);
    const django = scanned.components.find((component) => component.name === 'django');

    expect(inventory.assets[0]).toMatchObject({
      id: 'registry.example.com/shop/api@sha256:0f1e',
      criticality: 'critical',
      exposure: 'internet',
      owner: 'shop-team@example.com',
      tags: ['pci', 'dmz'],
      hostnames: ['shop-api-7f9c'],
    });
    expect(django && resolveAsset(django, inventory)).toMatchObject({ asset: { exposure: 'internet' } });
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [
      [{ name: 'ward:asset:exposure', value: 'public' }],
      'metadata.component.properties[0]',
      'expected one of internet, internal, isolated',
    ],
    [
      [{ name: 'ward:asset:__proto__', value: 'x' }],
      'metadata.component.properties[0]',
      'unknown asset property ward:asset:__proto__',
    ],
  ])('refuses a bad asset property %#', async (properties, field, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-sbom-assets-'));
    const file = join(dir, 'bad.cdx.json');
    writeFileSync(file, sbom(properties));

    await expect(loadAssets(file)).rejects.toMatchObject({
      code: 'input.invalid',
      field,
      message: expect.stringContaining(message),
    });
    rmSync(dir, { recursive: true, force: true });
  });
});
