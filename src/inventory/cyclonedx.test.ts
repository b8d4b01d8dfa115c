/**
 * CycloneDX JSON and XML on the same hand-written SBOM (test/fixtures/inventory/cyclonedx): both
 * serialisations must give the same inventory, with the dependency graph's direct/transitive
 * split, nested components, purl or CPE identity and the declaration's line.
 */
import { describe, expect, it } from 'vitest';
import { captureWardError, readInventoryFixture } from '../../test/support/inventory-fixtures.js';
import { cycloneDxJsonParser, parseCycloneDxJson } from './cyclonedx-json.js';
import { cycloneDxXmlParser, parseCycloneDxXml } from './cyclonedx-xml.js';
import type { InventoryResult } from './types.js';

const json = readInventoryFixture('cyclonedx', 'shop-api.cdx.json');
const xml = readInventoryFixture('cyclonedx', 'shop-api.cdx.xml');

const identity = (result: InventoryResult) =>
  result.components.map((c) => [c.ecosystem, c.name, c.version, c.purl ?? c.cpe, c.direct, c.scope]);

const EXPECTED = [
  ['npm', 'express', '4.17.1', 'pkg:npm/express@4.17.1', true, undefined],
  ['npm', 'body-parser', '1.19.0', 'pkg:npm/body-parser@1.19.0', false, undefined],
  [
    'Maven',
    'org.apache.logging.log4j:log4j-core',
    '2.14.1',
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    true,
    'required',
  ],
  // Nested in log4j-core (and reached through it in the graph): transitive.
  [
    'Maven',
    'org.apache.logging.log4j:log4j-api',
    '2.14.1',
    'pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1',
    false,
    undefined,
  ],
  // Outside the graph: the SBOM does not say whether it is direct.
  ['CPE', 'nginx', '1.20.0', 'cpe:2.3:a:f5:nginx:1.20.0:*:*:*:*:*:*:*', undefined, undefined],
];

describe('inventory/cyclonedx-json and cyclonedx-xml', () => {
  it('claim their files by name or content', () => {
    expect(cycloneDxJsonParser.matches('bom.json', json.slice(0, 4096))).toBe(true);
    expect(cycloneDxJsonParser.matches('x.cdx.json', '')).toBe(true);
    expect(cycloneDxJsonParser.matches('package.json', '{"name":"x"}')).toBe(false);
    expect(cycloneDxXmlParser.matches('bom.xml', xml.slice(0, 4096))).toBe(true);
    expect(cycloneDxXmlParser.matches('pom.xml', '<project xmlns="http://maven.apache.org/POM/4.0.0">')).toBe(
      false,
    );
  });

  it('JSON: components with identity, direct/transitive from the graph, and lines', () => {
    const result = parseCycloneDxJson(json, 'shop-api.cdx.json');
    expect(identity(result)).toEqual(EXPECTED);
    expect(result.components.map((c) => c.location.line)).toEqual([18, 25, 32, 41, 51]);
    expect(result.assets).toEqual([{ id: 'shop-api' }]);
    expect(result.problems).toEqual([]);
  });

  it('XML: the same inventory (pedigree ancestors are not inventory; CDATA purls read)', () => {
    const result = parseCycloneDxXml(xml, 'shop-api.cdx.xml');
    expect(identity(result)).toEqual(EXPECTED);
    expect(result.components.map((c) => c.location.line)).toEqual([10, 15, 20, 36, 44]);
    for (const component of result.components) {
      expect(xml.split('\n')[(component.location.line ?? 0) - 1]).toMatch(/<component /);
    }
  });

  it('XML: entities are never expanded (no XXE, no billion laughs)', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>&x;</name><version>1</version></component></components></bom>`;
    let names: string[];
    try {
      names = parseCycloneDxXml(xxe, 'xxe.xml').components.map((component) => component.name);
    } catch (error) {
      names = [(error as Error).message];
    }
    expect(names.join()).not.toMatch(/root:/);
    const laughs = `<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>&c;</name><version>1</version></component></components></bom>`;
    let longest = 0;
    try {
      longest = Math.max(
        ...parseCycloneDxXml(laughs, 'laughs.xml').components.map((component) => component.name.length),
      );
    } catch {
      longest = 0;
    }
    expect(longest).toBeLessThan(100);
  });

  it('rejects what is no CycloneDX with file and line', () => {
    const truncated = captureWardError(() => parseCycloneDxJson(json.slice(0, 400), 'cut.cdx.json'));
    expect(truncated.file).toBe('cut.cdx.json');
    expect(truncated.line).toBeGreaterThan(0);
    const cutXml = captureWardError(() => parseCycloneDxXml(xml.slice(0, 600), 'cut.cdx.xml'));
    expect(cutXml.describe()).toMatch(/^cut\.cdx\.xml:\d+: expected well-formed CycloneDX XML/);
    expect(captureWardError(() => parseCycloneDxJson('{"bomFormat":"SPDX"}', 'x.json')).message).toMatch(
      /bomFormat/,
    );
    expect(captureWardError(() => parseCycloneDxXml('<project/>', 'pom.xml')).message).toMatch(/<bom> root/);
    expect(captureWardError(() => parseCycloneDxJson('\u0000\u0001PK', 'bin.json')).message).toMatch(
      /binary/,
    );
  });
});
