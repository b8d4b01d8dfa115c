/**
 * SPDX 2.3 JSON and 2.2 tag-value on the same hand-written document (test/fixtures/inventory/spdx):
 * the same packages, the relationship graph's direct/transitive split (reverse relationships
 * included), purl or CPE identity, and lines.
 */
import { describe, expect, it } from 'vitest';
import { captureWardError, readInventoryFixture } from '../../test/support/inventory-fixtures.js';
import { spdxJsonParser } from './spdx-json.js';
import { spdxTagValueParser } from './spdx-tag-value.js';
import { spdxYamlParser } from './spdx-yaml.js';
import type { InventoryResult } from './types.js';

const json = readInventoryFixture('spdx', 'shop-api.spdx.json');
const tagValue = readInventoryFixture('spdx', 'shop-api.spdx');
const yaml = readInventoryFixture('spdx', 'shop-api.spdx.yaml');

const identity = (result: InventoryResult) =>
  result.components.map((c) => [c.ecosystem, c.name, c.version, c.purl ?? c.cpe, c.direct]);

const EXPECTED = [
  // The described package is the root: neither direct nor transitive, and it has no identity to match.
  ['', 'shop-api', '2.4.0', undefined, undefined],
  ['npm', 'express', '4.17.1', 'pkg:npm/express@4.17.1', true],
  // `body-parser DEPENDENCY_OF express`: reverse edge, one level further.
  ['npm', 'body-parser', '1.19.0', 'pkg:npm/body-parser@1.19.0', false],
  ['CPE', 'openssl', '1.1.1k', 'cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*', true],
];

describe('inventory/spdx-json and spdx-tag-value', () => {
  it('claim their files', () => {
    expect(spdxJsonParser.matches('sbom.json', json.slice(0, 4096))).toBe(true);
    expect(spdxTagValueParser.matches('shop-api.spdx', tagValue)).toBe(true);
  });

  it('JSON: packages, graph, identity and lines', () => {
    const result = spdxJsonParser.parse(json, 'shop-api.spdx.json');
    expect(identity(result)).toEqual(EXPECTED);
    expect(result.components.map((c) => c.location.line)).toEqual([11, 17, 26, 35]);
    expect(result.assets).toEqual([{ id: 'shop-api@2.4.0' }]);
  });

  it('tag-value: the same inventory, a multi-line <text> value skipped over', () => {
    const result = spdxTagValueParser.parse(tagValue, 'shop-api.spdx');
    expect(identity(result)).toEqual(EXPECTED);
    expect(result.components.map((c) => c.location.line)).toEqual([11, 16, 22, 30]);
    for (const component of result.components) {
      expect(tagValue.split('\n')[(component.location.line ?? 0) - 1]).toMatch(/^PackageName: /);
    }
  });

  it('YAML: the same inventory, lines from the SPDXID keys whatever their quoting', () => {
    expect(spdxYamlParser.matches('shop-api.spdx.yaml', yaml)).toBe(true);
    expect(spdxYamlParser.matches('pnpm-lock.yaml', 'lockfileVersion: 9.0')).toBe(false);
    const result = spdxYamlParser.parse(yaml, 'shop-api.spdx.yaml');
    expect(result.parser).toBe('spdx-yaml');
    expect(identity(result)).toEqual(EXPECTED);
    expect(result.components.map((c) => c.location.line)).toEqual([13, 17, 25, 33]);
    expect(
      captureWardError(() => spdxYamlParser.parse('spdxVersion: SPDX-2.3\npackages: [\n', 'cut.spdx.yaml'))
        .file,
    ).toBe('cut.spdx.yaml');
    const bomb = `spdxVersion: SPDX-2.3\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    expect(captureWardError(() => spdxYamlParser.parse(bomb, 'bomb.spdx.yaml')).message).toMatch(/alias/i);
  });

  it('rejects what is no SPDX 2.x with file and line', () => {
    expect(
      captureWardError(() =>
        spdxJsonParser.parse('{"spdxVersion": "SPDX-2.3", "packages": [', 'cut.spdx.json'),
      ).line,
    ).toBe(1);
    expect(
      captureWardError(() => spdxTagValueParser.parse('Not an sbom at all!\n', 'x.spdx')).describe(),
    ).toMatch(/^x\.spdx:1: SPDXVersion: expected an SPDX 2\.x tag-value document/);
  });
});
