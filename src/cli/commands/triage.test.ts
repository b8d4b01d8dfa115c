/**
 * The real CLI (child process) over a real SQLite database holding Code Red (CVE-2001-0500, fields
 * from the real NVD record, MS01-033 overlay configuration): `ward scan --policy` fails the run
 * (exit 1) on SSVC Act; `ward triage set … not-affected` suppresses it with its justification and
 * the run passes; an invalid VEX document is refused (exit 2) naming the field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advisoryOf } from '../../../test/support/advisories.js';
import { PROJECT_ROOT, runWard } from '../../../test/support/cli.js';
import { sharedData } from '../../../test/support/shared-data.js';
import { openStore } from '../../store/store.js';

const FLEET = join(PROJECT_ROOT, 'test/fixtures/inventory/nmap-xml/fleet-2001.xml');
const data = sharedData('cves/nvd-api-2.0/CVE-2001-0500.json');

interface JsonFinding {
  name: string;
  asset: { hostname?: string } | null;
  priority: { level: string } | null;
  ssvc: { decision: string } | null;
  suppression: { state: string; justification?: string } | null;
}

describe.skipIf(!data.present)('src/cli/commands/triage (ward scan --policy, ward triage, ward vex)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-cli-triage-'));
  const db = join(dir, 'ward.db');
  const assets = join(dir, 'assets.yaml');

  beforeAll(async () => {
    const cve = JSON.parse(readFileSync(data.path, 'utf8')) as {
      published: string;
      descriptions: { value: string }[];
      metrics: { cvssMetricV2: { source: string; cvssData: { vectorString: string } }[] };
    };
    const v2 = cve.metrics.cvssMetricV2[0];
    const store = await openStore(db);
    const session = await store.beginImport();
    await session.writeAdvisories([
      advisoryOf('CVE-2001-0500', [], {
        source: 'nvd',
        summary: cve.descriptions[0]?.value ?? '',
        severity: v2 ? [{ type: 'CVSS_V2', score: v2.cvssData.vectorString, source: v2.source }] : [],
        published: `${cve.published}Z`,
        cpeConfigurations: [
          {
            operator: 'OR',
            negate: false,
            origin: 'overlay:ms01-033-iis',
            nodes: [
              {
                operator: 'OR',
                negate: false,
                cpeMatch: [
                  {
                    vulnerable: true,
                    criteria: 'cpe:2.3:a:microsoft:internet_information_server:4.0:*:*:*:*:*:*:*',
                  },
                  {
                    vulnerable: true,
                    criteria: 'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*',
                  },
                ],
              },
            ],
          },
        ],
      }),
    ]);
    await session.commit();
    await store.close();
    writeFileSync(
      assets,
      'assets:\n  - id: web01\n    hostnames: [web01.corp.example]\n    criticality: critical\n    exposure: internet\n',
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the run on the policy gate, then passes once the finding is triaged not affected', async () => {
    const scanArgs = [
      'scan',
      FLEET,
      '--db',
      db,
      '--assets',
      assets,
      '--policy',
      'ward-default',
      '--format',
      'json',
    ];

    const before = await runWard(scanArgs);
    const set = await runWard([
      'triage',
      'set',
      'CVE-2001-0500',
      '--db',
      db,
      '--status',
      'not-affected',
      '--justification',
      'inline_mitigations_already_exist',
      '--reason',
      'URLScan blocks .ida/.idq requests',
    ]);
    const after = await runWard(scanArgs);

    expect(before.code).toBe(1);
    expect(before.stderr).toContain(
      "gate 'act': CVE-2001-0500 in Microsoft IIS httpd@5.0 on web01.corp.example",
    );
    const web01 = (JSON.parse(before.stdout).findings as JsonFinding[]).find(
      (f) => f.asset?.hostname === 'web01.corp.example',
    );
    expect(web01).toMatchObject({
      priority: { level: 'critical' },
      ssvc: { decision: 'Act' },
      suppression: null,
    });
    expect(set.code).toBe(0);
    expect(after.code).toBe(0);
    const findings = JSON.parse(after.stdout).findings as JsonFinding[];
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.suppression).toMatchObject({
        state: 'not-affected',
        justification: 'inline_mitigations_already_exist',
      });
    }
  }, 180_000); // three CLI child processes: generous under a loaded 2-core machine

  it('refuses an invalid VEX document with exit 2, naming the field', async () => {
    const bad = join(dir, 'bad.openvex.json');
    writeFileSync(
      bad,
      '{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a","timestamp":"2026-01-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-2001-0500"},"status":"not_affected"}]}',
    );

    const result = await runWard(['vex', 'import', bad, '--db', db]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('statements[0].justification');
  });
});
