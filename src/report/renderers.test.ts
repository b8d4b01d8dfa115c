/**
 * Every renderer on one realistic report; machine formats are validated against their official
 * schemas (SARIF 2.1.0, CycloneDX 1.6, Ward's own scan-result schema).
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { sampleReport } from '../../test/support/sample-report.js';
import { sharedData } from '../../test/support/shared-data.js';
import { getRenderer, REPORT_RENDERERS } from './registry.js';

const render = async (format: string) => getRenderer(format)!.render(await sampleReport(), { color: false });

describe('report/renderers', () => {
  it('registers every format once, alphabetically', () => {
    const formats = REPORT_RENDERERS.map((renderer) => renderer.format);

    expect(formats).toEqual([...formats].sort());
    expect(formats).toEqual(['csv', 'cyclonedx-vex', 'json', 'markdown', 'sarif', 'table']);
  });

  it('json validates against schemas/scan-result.schema.json', async () => {
    const schema = JSON.parse(readFileSync(`${PROJECT_ROOT}schemas/scan-result.schema.json`, 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const document = JSON.parse(await render('json'));

    expect(validate(document) ? [] : validate.errors).toEqual([]);
    expect(document.findings[0]).toMatchObject({
      vulnerabilityId: 'CVE-2021-44228',
      aliases: ['GHSA-jfh8-c2jp-5v3q'],
      severity: 'critical',
      cvss: { score: 10, version: '3.1' },
      fixedVersions: ['2.15.0'],
      recommendedVersion: '2.15.0',
      kev: { dueDate: '2021-12-24', knownRansomwareCampaignUse: 'Known' },
      epss: { score: 0.99999 },
      location: { file: 'search/pom.xml', line: 42 },
    });
  });

  it('sarif validates against the SARIF 2.1.0 schema and points at the lockfile line', async () => {
    const schema = JSON.parse(
      readFileSync(`${PROJECT_ROOT}test/fixtures/report/sarif/sarif-2.1.0-rtm.5.json`, 'utf8'),
    );
    // ajv-draft-04 is CommonJS; under NodeNext its class is the `default` of module.exports.
    const AjvDraft04 = AjvDraft04Module.default;
    // The published schema's language pattern is not valid under the 'u' flag; plain RegExp it is.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const document = JSON.parse(await render('sarif'));

    expect(validate(document) ? [] : validate.errors).toEqual([]);
    const run = document.runs[0];
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['CVE-2021-44228']);
    expect(run.tool.driver.rules[0].properties['security-severity']).toBe('10.0');
    expect(run.results).toHaveLength(1); // the suppressed finding is not an alert
    expect(run.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'search/pom.xml' },
      region: { startLine: 42 },
    });
  });

  const cdxSchemas = sharedData('schemas/cyclonedx');
  it.skipIf(!cdxSchemas.present)(
    'cyclonedx-vex validates against the CycloneDX 1.6 JSON schema',
    async () => {
      // CycloneDX's schemas are draft-07 and reference the SPDX licence list, JSF and crypto defs.
      const load = (name: string) => JSON.parse(readFileSync(`${cdxSchemas.path}/${name}`, 'utf8'));
      const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
      for (const name of ['spdx.schema.json', 'jsf-0.82.schema.json', 'cryptography-defs.schema.json'])
        ajv.addSchema(load(name), name);
      const validate = ajv.compile(load('bom-1.6.schema.json'));
      const document = JSON.parse(await render('cyclonedx-vex'));

      expect(validate(document) ? [] : validate.errors).toEqual([]);
      expect(
        document.vulnerabilities
          .map((item: { id: string; analysis: { state: string } }) => [item.id, item.analysis.state])
          .sort(),
      ).toEqual([
        ['CVE-2005-4644', 'in_triage'],
        ['CVE-2021-44228', 'in_triage'],
      ]);
    },
  );

  it('csv neutralises spreadsheet formulas in untrusted text', async () => {
    const rows: Array<Record<string, string>> = parseCsv(
      await getRenderer('csv')!.render(await sampleReport(), { color: false, showSuppressed: true }),
      { columns: true },
    );

    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.name === 'trac')?.summary).toContain('| with =cmd');
  });

  it('table and markdown show the finding and the unreadable file', async () => {
    const table = await render('table');
    const markdown = await render('markdown');

    expect(table).toContain('CVE-2021-44228');
    expect(table).toContain('org.apache.logging.log4j:log4j-core 2.14.1');
    expect(table).toContain('broken/package-lock.json:7: expected a JSON object');
    expect(table).not.toContain('trac'); // suppressed
    expect(markdown).toContain('| critical |');
    expect(markdown).toContain('yes (due 2021-12-24)');
  });
});
