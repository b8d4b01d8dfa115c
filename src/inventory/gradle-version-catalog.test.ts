import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { gradleVersionCatalogParser } from './gradle-version-catalog.js';

function parseFixture(file: string) {
  return gradleVersionCatalogParser.parse(
    readInventoryFixture('gradle-version-catalog', file),
    `gradle-version-catalog/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/gradle-version-catalog', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.versions.toml', [], []],
    [
      'libs.versions.toml',
      [
        [
          'com.google.guava:guava',
          '30.1.1-jre',
          7,
          true,
          undefined,
          'pkg:maven/com.google.guava/guava@30.1.1-jre',
        ],
        [
          'com.puppycrawl.tools:checkstyle',
          '8.37',
          10,
          true,
          undefined,
          'pkg:maven/com.puppycrawl.tools/checkstyle@8.37',
        ],
        [
          'org.codehaus.groovy:groovy',
          '3.0.5',
          13,
          true,
          undefined,
          'pkg:maven/org.codehaus.groovy/groovy@3.0.5',
        ],
        [
          'org.apache.commons:commons-lang3',
          '3.12.0',
          16,
          true,
          undefined,
          'pkg:maven/org.apache.commons/commons-lang3@3.12.0',
        ],
        ['org.example:strict', '2.0', 19, true, undefined, 'pkg:maven/org.example/strict@2.0'],
        ['org.example:req', '1.5', 22, true, undefined, 'pkg:maven/org.example/req@1.5'],
        ['org.example:pref', '1.0', 25, true, undefined, 'pkg:maven/org.example/pref@1.0'],
        [
          'org.codehaus.groovy:groovy-json',
          '3.0.5',
          28,
          true,
          undefined,
          'pkg:maven/org.codehaus.groovy/groovy-json@3.0.5',
        ],
      ],
      [
        '31:warning: org.example:noversion has no version here (managed by a platform or BOM?); not inventoried',
      ],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`gradle-version-catalog/${file}`);
  });

  it.each<[string, number | undefined]>([
    ['invalid.versions.toml', 1],
    ['not-toml.txt', 1],
  ])('rejects %s with input.invalid naming the file and line', (file, line) => {
    const error = captureWardError(() => parseFixture(file));

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe(`gradle-version-catalog/${file}`);
    expect(error.line).toBe(line);
    expect(error.describe()).not.toContain('\n');
  });
});
