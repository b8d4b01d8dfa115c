/**
 * Triage and VEX over a real SQLite database: VEX round trips (export, import into an empty
 * store, same suppression state) in all three formats, invalid documents rejected naming the
 * field, the real CycloneDX VEX examples (../shared/data/sboms/cyclonedx-bom-examples/VEX), and
 * finding history (fixed verified by a later scan, re-opened when it returns).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresTestUrl } from '../../test/support/postgres.js';
import { sharedData } from '../../test/support/shared-data.js';
import type { Finding } from '../matching/types.js';
import { type TriageStatement, triageFinding } from '../prioritize/triage.js';
import { parseVex, VEX_FORMATS } from '../prioritize/vex/index.js';
import { openTriageStore } from '../store/triage-store.js';
import { decisionToStatement, exportVexFromStore, importVexIntoStore } from './triage.js';

const dir = mkdtempSync(join(tmpdir(), 'ward-triage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let dbCount = 0;
const freshDb = () => join(dir, `ward-${++dbCount}.db`);
const NOW = new Date('2026-11-23T10:00:00Z');

function finding(purl: string, vulnerabilityId: string, aliases: string[] = []): Finding {
  const [, typeAndName = '', version = ''] = /^pkg:([^@]+)@(.+)$/.exec(purl) ?? [];
  return {
    component: {
      ecosystem: 'npm',
      name: typeAndName,
      version,
      purl,
      location: { file: 'package-lock.json' },
    },
    vulnerabilityId,
    aliases,
    severity: [],
    fixedVersions: [],
    evidence: [],
    weaknesses: [],
    references: [],
  };
}

const FINDINGS: Finding[] = [
  finding('pkg:npm/lodash@4.17.15', 'CVE-2020-8203', ['GHSA-p6mc-m468-83gw']),
  finding('pkg:npm/minimist@1.2.0', 'CVE-2021-44906'),
  finding('pkg:npm/qs@6.5.2', 'CVE-2022-24999'),
  finding('pkg:npm/express@4.17.1', 'CVE-2022-24999'),
  finding('pkg:npm/axios@0.21.0', 'CVE-2021-3749'),
  finding('pkg:npm/node-fetch@2.6.0', 'CVE-2022-0235'),
  finding('pkg:npm/ws@7.4.5', 'CVE-2021-32640'),
];

const STATEMENTS: TriageStatement[] = [
  decisionToStatement(
    {
      vulnerabilityId: 'CVE-2020-8203',
      status: 'not-affected',
      products: ['pkg:npm/lodash@4.17.15'],
      justification: 'vulnerable_code_not_in_execute_path',
      reason: 'zipObjectDeep is never called',
    },
    NOW,
  ),
  decisionToStatement(
    {
      vulnerabilityId: 'CVE-2021-44906',
      status: 'false-positive',
      products: ['pkg:npm/minimist'],
      reason: 'bundled copy, not loaded',
    },
    NOW,
  ),
  decisionToStatement(
    { vulnerabilityId: 'CVE-2022-24999', status: 'fixed', products: ['pkg:npm/qs@6.5.2'] },
    NOW,
  ),
  decisionToStatement(
    {
      vulnerabilityId: 'CVE-2022-24999',
      status: 'in-progress',
      products: ['pkg:npm/express@4.17.1'],
      reason: 'upgrade scheduled',
    },
    NOW,
  ),
  decisionToStatement(
    { vulnerabilityId: 'CVE-2021-3749', status: 'open', products: ['pkg:npm/axios@0.21.0'] },
    NOW,
  ),
  decisionToStatement(
    {
      vulnerabilityId: 'CVE-2022-0235',
      status: 'not-affected',
      justification: 'component_not_present',
      reason: 'stripped from the bundle',
    },
    NOW,
  ),
  decisionToStatement(
    {
      vulnerabilityId: 'CVE-2021-32640',
      status: 'risk-accepted',
      products: ['pkg:npm/ws@7.4.5'],
      reason: 'internal: only our own clients connect',
      approver: 'ciso@example.com',
      expires: '2026-12-31',
    },
    NOW,
  ),
];

const state = (statements: readonly TriageStatement[], now = NOW) =>
  FINDINGS.map((f) => {
    const result = triageFinding(f, statements, now);
    return {
      id: `${f.vulnerabilityId} ${f.component.purl}`,
      suppressed: result.suppressed,
      status: result.status,
      justification: result.statement?.justification ?? null,
    };
  });

describe('src/services/triage', () => {
  it.each(VEX_FORMATS)(
    '%s VEX round trip: export, import into an empty store, same suppression state',
    async (format) => {
      const source = await openTriageStore(freshDb());
      await source.addStatements(STATEMENTS);
      const text = await exportVexFromStore(source, format, {
        author: 'Example Security',
        now: NOW,
        id: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
      });
      await source.close();
      const file = join(dir, `export.${format}.json`);
      writeFileSync(file, text);
      const target = await openTriageStore(freshDb());

      expect(await target.statements()).toEqual([]);
      const imported = await importVexIntoStore(target, [file]);
      const roundTripped = await target.statements();
      await target.close();

      expect(imported.added).toBe(STATEMENTS.length);
      expect(parseVex(text, file).format).toBe(format);
      // OpenVEX and CSAF have no "false positive": it travels as not_affected (still suppressed),
      // with the justification the exporter had to pick; every other state comes back as it was.
      const expected = state(STATEMENTS).map((row) =>
        row.status === 'false-positive' && format !== 'cyclonedx'
          ? { ...row, status: 'not-affected', justification: 'vulnerable_code_not_present' }
          : row,
      );
      expect(state(roundTripped)).toEqual(expected);
      expect(state(roundTripped).filter((row) => row.suppressed)).toHaveLength(5);
      const expiry = new Date('2027-01-01T00:00:00Z');
      expect(state(roundTripped, expiry).map((row) => row.suppressed)).toEqual(
        state(STATEMENTS, expiry).map((row) => row.suppressed),
      );
      expect(roundTripped.find((statement) => statement.status === 'risk-accepted')).toMatchObject({
        approver: 'ciso@example.com',
        expires: '2026-12-31T00:00:00.000Z',
        detail: 'internal: only our own clients connect',
      });
    },
  );

  it('a CycloneDX round trip keeps risk acceptance (approver, expiry) and it still lapses', async () => {
    const acceptance = decisionToStatement(
      {
        vulnerabilityId: 'CVE-2021-32640',
        status: 'risk-accepted',
        products: ['pkg:npm/ws@7.4.5'],
        reason: 'internal only',
        approver: 'ciso@example.com',
        expires: '2026-12-31',
      },
      NOW,
    );
    const source = await openTriageStore(freshDb());
    await source.addStatements([acceptance]);
    const file = join(dir, 'accepted.cdx.json');
    writeFileSync(file, await exportVexFromStore(source, 'cyclonedx', { author: 'x', now: NOW }));
    await source.close();
    const target = await openTriageStore(freshDb());
    await importVexIntoStore(target, [file]);
    const [back] = await target.statements();
    await target.close();
    const ws = FINDINGS[6] as Finding;

    expect(back).toMatchObject({
      status: 'risk-accepted',
      approver: 'ciso@example.com',
      expires: '2026-12-31T00:00:00.000Z',
    });
    expect(triageFinding(ws, [back as TriageStatement], NOW).suppressed).toBe(true);
    expect(triageFinding(ws, [back as TriageStatement], new Date('2027-01-01T00:00:00Z'))).toMatchObject({
      status: 'open',
      suppressed: false,
    });
  });

  it('importing the same document twice stores its statements once', async () => {
    const store = await openTriageStore(freshDb());
    await store.addStatements(STATEMENTS);

    const again = await store.addStatements(STATEMENTS);

    expect(again).toEqual({ added: 0, unchanged: STATEMENTS.length });
    await store.close();
  });

  it.each([
    ['not json', '{"bomFormat": "CycloneDX",', 'could not parse VEX document'],
    ['unknown document', '{"hello": "world"}', 'not a VEX document'],
    ['XML', '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>', 'XML VEX is not supported'],
    [
      'CycloneDX bad state',
      '{"bomFormat":"CycloneDX","specVersion":"1.6","vulnerabilities":[{"id":"CVE-1","analysis":{"state":"safe"}}]}',
      'vulnerabilities[0].analysis.state: invalid CycloneDX VEX: expected one of resolved',
    ],
    [
      'CycloneDX 1.3',
      '{"bomFormat":"CycloneDX","specVersion":"1.3","vulnerabilities":[]}',
      'specVersion: invalid CycloneDX VEX: expected 1.4, 1.5 or 1.6',
    ],
    [
      'OpenVEX not_affected without justification',
      '{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a","timestamp":"2026-01-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-1"},"status":"not_affected"}]}',
      'statements[0].justification: invalid OpenVEX: a not_affected statement needs a justification or an impact_statement',
    ],
    [
      'OpenVEX bad justification',
      '{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a","timestamp":"2026-01-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-1"},"status":"not_affected","justification":"trust_me"}]}',
      'statements[0].justification: invalid OpenVEX: expected one of component_not_present',
    ],
    [
      'CSAF product not in the tree',
      '{"document":{"category":"csaf_vex","csaf_version":"2.0","publisher":{"name":"p"},"title":"t","tracking":{"id":"1","current_release_date":"2026-01-01T00:00:00Z"}},"product_tree":{"full_product_names":[]},"vulnerabilities":[{"cve":"CVE-1","notes":[],"product_status":{"fixed":["P9"]}}]}',
      'vulnerabilities[0].product_status.fixed: invalid CSAF VEX: product_id "P9" is not in the product_tree',
    ],
  ])(
    'rejects an invalid VEX document (%s) naming the field, and stores nothing',
    async (_name, text, message) => {
      const file = join(dir, 'invalid.json');
      writeFileSync(file, text);
      const store = await openTriageStore(freshDb());

      const error = await importVexIntoStore(store, [file]).catch((caught: unknown) => caught);
      const stored = await store.statements();
      await store.close();

      expect(error).toMatchObject({ file });
      expect((error as { describe(): string }).describe()).toContain(message);
      expect(stored).toEqual([]);
    },
  );

  it.each([
    [{ vulnerabilityId: 'CVE-1', status: 'not-affected' as const }, 'needs a VEX --justification'],
    [
      { vulnerabilityId: 'CVE-1', status: 'risk-accepted' as const, reason: 'r', approver: 'a' },
      'risk-accepted needs --expires',
    ],
    [{ vulnerabilityId: 'CVE-1', status: 'false-positive' as const }, 'false-positive needs a --reason'],
    [
      {
        vulnerabilityId: 'CVE-1',
        status: 'risk-accepted' as const,
        reason: 'r',
        approver: 'a',
        expires: 'soon',
      },
      'expected a date',
    ],
  ])('refuses an incomplete decision %#', (decision, message) => {
    expect(() => decisionToStatement(decision, NOW)).toThrow(message);
  });

  it('history: first seen kept, fixed when a later scan no longer finds it, re-opened when it returns', async () => {
    const store = await openTriageStore(freshDb());
    const [lodash, minimist] = FINDINGS as [Finding, Finding];

    await store.recordScan('/repo', [lodash, minimist], '2026-11-01T00:00:00Z');
    await store.recordScan('/repo', [lodash], '2026-11-10T00:00:00Z');
    const afterFix = await store.records('/repo');
    await store.recordScan('/repo', [lodash, minimist], '2026-11-20T00:00:00Z');
    const afterReturn = await store.records('/repo');
    const other = await store.records('/elsewhere');
    await store.close();

    expect(afterFix.find((r) => r.vulnerabilityId === 'CVE-2020-8203')).toMatchObject({
      firstSeen: '2026-11-01T00:00:00Z',
      lastSeen: '2026-11-10T00:00:00Z',
    });
    expect(afterFix.find((r) => r.vulnerabilityId === 'CVE-2021-44906')).toMatchObject({
      fixedAt: '2026-11-10T00:00:00Z',
    });
    const back = afterReturn.find((r) => r.vulnerabilityId === 'CVE-2021-44906');
    expect(back).toMatchObject({ firstSeen: '2026-11-01T00:00:00Z', reopenedAt: '2026-11-20T00:00:00Z' });
    expect(back?.fixedAt).toBeUndefined();
    expect(other).toEqual([]);
  });
});

describe('src/services/triage (history across an upgrade)', () => {
  it('an upgrade to a version still affected keeps first seen; the fixing upgrade marks it fixed', async () => {
    const store = await openTriageStore(freshDb());
    const on = (version: string) => finding(`pkg:npm/lodash@${version}`, 'CVE-2020-8203');

    await store.recordScan('/repo', [on('4.17.15')], '2026-11-01T00:00:00Z');
    const [stillAffected] = await store.recordScan('/repo', [on('4.17.16')], '2026-11-05T00:00:00Z');
    const [fixed] = await store.recordScan('/repo', [], '2026-11-09T00:00:00Z');
    await store.close();

    expect(stillAffected).toMatchObject({
      firstSeen: '2026-11-01T00:00:00Z',
      lastSeen: '2026-11-05T00:00:00Z',
    });
    expect(stillAffected?.fixedAt).toBeUndefined();
    expect(fixed).toMatchObject({ firstSeen: '2026-11-01T00:00:00Z', fixedAt: '2026-11-09T00:00:00Z' });
  });
});

const examples = sharedData('sboms/cyclonedx-bom-examples/VEX');

describe.skipIf(!examples.present)('src/services/triage (CycloneDX VEX examples)', () => {
  function vexFiles(root: string): string[] {
    return readdirSync(root).flatMap((name) => {
      const path = join(root, name);
      if (statSync(path).isDirectory()) return vexFiles(path);
      return /^vex.*\.json$/.test(name) ? [path] : [];
    });
  }

  it('reads every VEX document of CycloneDX/bom-examples', () => {
    const files = vexFiles(examples.path);

    const parsed = files.map((file) => parseVex(readFileSync(file, 'utf8'), file));

    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(parsed.every((doc) => doc.format === 'cyclonedx')).toBe(true);
    expect(parsed.reduce((sum, doc) => sum + doc.statements.length, 0)).toBeGreaterThan(100);
  });

  it('its not_affected statement for jackson-databind 2.10.0 (a bom-link) suppresses that finding with the justification shown', () => {
    const file = join(examples.path, 'vex.json');
    const { statements } = parseVex(readFileSync(file, 'utf8'), file);
    const jackson: Finding = {
      ...finding('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar', 'CVE-2020-25649', [
        'GHSA-288c-cq4h-88gq',
      ]),
    };
    const other = finding('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8', 'CVE-2020-25649');

    const result = triageFinding(jackson, statements, NOW);

    expect(result).toMatchObject({
      status: 'not-affected',
      suppressed: true,
      statement: { justification: 'vulnerable_code_not_in_execute_path' },
    });
    expect(result.reason).toContain('justification vulnerable_code_not_in_execute_path (code_not_reachable)');
    expect(triageFinding(other, statements, NOW).suppressed).toBe(false);
  });
});

const pgServer = postgresTestUrl();

describe.skipIf(pgServer === undefined)('src/services/triage (PostgreSQL, WARD_TEST_PG_URL)', () => {
  it('round-trips OpenVEX and keeps finding history on PostgreSQL', async () => {
    const source = await createTestDatabase(pgServer as string);
    const target = await createTestDatabase(pgServer as string);
    try {
      const a = await openTriageStore(source.url);
      await a.addStatements(STATEMENTS);
      const file = join(dir, 'pg.openvex.json');
      writeFileSync(file, await exportVexFromStore(a, 'openvex', { author: 'x', now: NOW }));
      await a.recordScan('/repo', FINDINGS.slice(0, 2), '2026-11-01T00:00:00Z');
      await a.recordScan('/repo', FINDINGS.slice(0, 1), '2026-11-10T00:00:00Z');
      const records = await a.records('/repo');
      await a.close();
      const b = await openTriageStore(target.url);
      await importVexIntoStore(b, [file]);
      const back = await b.statements();
      await b.close();

      expect(state(back).map((row) => row.suppressed)).toEqual(
        state(STATEMENTS).map((row) => row.suppressed),
      );
      expect(records.find((r) => r.vulnerabilityId === 'CVE-2021-44906')?.fixedAt).toBe(
        '2026-11-10T00:00:00Z',
      );
    } finally {
      await source.drop();
      await target.drop();
    }
  });
});

const cdxSchemas = sharedData('schemas/cyclonedx');

describe.skipIf(!cdxSchemas.present)(
  'src/services/triage (CycloneDX VEX export against the official schema)',
  () => {
    it('the CycloneDX export of every triage state validates against the CycloneDX 1.6 JSON schema', async () => {
      // CycloneDX's schemas are draft-07 and reference the SPDX licence list, JSF and crypto defs.
      const load = (name: string) => JSON.parse(readFileSync(join(cdxSchemas.path, name), 'utf8'));
      const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
      for (const name of ['spdx.schema.json', 'jsf-0.82.schema.json', 'cryptography-defs.schema.json'])
        ajv.addSchema(load(name), name);
      const validate = ajv.compile(load('bom-1.6.schema.json'));
      const store = await openTriageStore(freshDb());
      await store.addStatements(STATEMENTS);

      const document = JSON.parse(
        await exportVexFromStore(store, 'cyclonedx', {
          author: 'Example Security',
          now: NOW,
          id: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
        }),
      );
      await store.close();

      expect(validate(document) ? [] : validate.errors).toEqual([]);
      expect(document.vulnerabilities).toHaveLength(STATEMENTS.length);
    });
  },
);

const rhsa = sharedData('advisories/osv-schema-testdata/redhat-csaf-to-osv/CSAF/rhsa-2024_4546.json');

describe.skipIf(!rhsa.present)('src/services/triage (a CSAF document that is not VEX)', () => {
  it('refuses a real Red Hat CSAF security advisory as VEX, saying what a VEX document is', async () => {
    const store = await openTriageStore(freshDb());

    const error = await importVexIntoStore(store, [rhsa.path]).catch((caught: unknown) => caught);
    await store.close();

    expect((error as Error).message).toContain('not a VEX document');
    expect((error as Error).message).toContain('CSAF (document.category csaf_vex)');
  });
});
