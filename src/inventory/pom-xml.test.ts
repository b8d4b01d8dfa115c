import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { pomXmlParser } from './pom-xml.js';

function parseFixture(file: string) {
  return pomXmlParser.parse(readInventoryFixture('pom-xml', file), `pom-xml/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/pom-xml', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.xml', [], []],
    [
      'interpolate-drop.xml',
      [
        [
          'com.example:actual-artifact',
          '1.0.0',
          11,
          true,
          'compile',
          'pkg:maven/com.example/actual-artifact@1.0.0',
        ],
      ],
      ['8:error: dependency (no groupId):drop-me has an unresolved or empty groupId/artifactId'],
    ],
    [
      'interpolation.xml',
      [
        ['org.mine:mypackage', '1.0.0', 18, true, 'compile', 'pkg:maven/org.mine/mypackage@1.0.0'],
        ['org.mine:my.package', '2.3.4', 24, true, 'compile', 'pkg:maven/org.mine/my.package@2.3.4'],
      ],
      [
        '30:warning: org.mine:ranged-package has a version range [9.4.35.v20201120,9.5), not one version; not inventoried',
      ],
    ],
    [
      'one-package.xml',
      [
        [
          'org.apache.maven:maven-artifact',
          '1.0.0',
          7,
          true,
          'compile',
          'pkg:maven/org.apache.maven/maven-artifact@1.0.0',
        ],
      ],
      [],
    ],
    [
      'plugin-dependency.xml',
      [['com.example:hijack-lib', '1.0.0', 27, true, 'compile', 'pkg:maven/com.example/hijack-lib@1.0.0']],
      [],
    ],
    [
      'profiles.xml',
      [['org.profile:profile-dep', '1.2.3', 15, true, 'compile', 'pkg:maven/org.profile/profile-dep@1.2.3']],
      [],
    ],
    [
      'two-packages.xml',
      [
        [
          'io.netty:netty-all',
          '4.1.42.Final',
          7,
          true,
          'compile',
          'pkg:maven/io.netty/netty-all@4.1.42.Final',
        ],
        [
          'org.slf4j:slf4j-log4j12',
          '1.7.25',
          12,
          true,
          'compile',
          'pkg:maven/org.slf4j/slf4j-log4j12@1.7.25',
        ],
      ],
      [],
    ],
    [
      'with-dependency-management.xml',
      [
        ['io.netty:netty-all', '4.1.9', 7, true, 'compile', 'pkg:maven/io.netty/netty-all@4.1.9'],
        [
          'org.slf4j:slf4j-log4j12',
          '1.7.25',
          12,
          true,
          'compile',
          'pkg:maven/org.slf4j/slf4j-log4j12@1.7.25',
        ],
      ],
      [],
    ],
    [
      'with-parent.xml',
      [
        ['org.alice:alice', '1.0.0', 18, true, 'compile', 'pkg:maven/org.alice/alice@1.0.0'],
        ['org.bob:bob', '2.0.0', 23, true, 'compile', 'pkg:maven/org.bob/bob@2.0.0'],
        ['org.chuck:chuck', '3.0.0', 28, true, 'compile', 'pkg:maven/org.chuck/chuck@3.0.0'],
      ],
      [
        '32:warning: org.frank:frank has no version here (managed by a parent POM or BOM, not read); not inventoried',
      ],
    ],
    [
      'with-scope.xml',
      [
        ['abc:xyz', '1.2.3', 3, true, 'compile', 'pkg:maven/abc/xyz@1.2.3'],
        ['junit:junit', '4.12', 9, true, 'test', 'pkg:maven/junit/junit@4.12'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`pom-xml/${file}`);
  });

  it.each<[string, number | undefined]>([
    ['invalid-syntax.xml', 3],
    ['not-pom.txt', 1],
  ])('rejects %s with input.invalid naming the file and line', (file, line) => {
    const error = captureWardError(() => parseFixture(file));

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe(`pom-xml/${file}`);
    expect(error.line).toBe(line);
    expect(error.describe()).not.toContain('\n');
  });
});
