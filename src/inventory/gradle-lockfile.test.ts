import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { gradleLockfileParser } from './gradle-lockfile.js';

function parseFixture(file: string) {
  return gradleLockfileParser.parse(readInventoryFixture('gradle-lockfile', file), `gradle-lockfile/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/gradle-lockfile', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      '5-pkg',
      [
        [
          'org.springframework.boot:spring-boot-autoconfigure',
          '2.7.4',
          5,
          undefined,
          undefined,
          'pkg:maven/org.springframework.boot/spring-boot-autoconfigure@2.7.4',
        ],
        [
          'org.springframework.boot:spring-boot-configuration-processor',
          '2.7.5',
          6,
          undefined,
          undefined,
          'pkg:maven/org.springframework.boot/spring-boot-configuration-processor@2.7.5',
        ],
        [
          'org.springframework.boot:spring-boot-devtools',
          '2.7.6',
          7,
          undefined,
          undefined,
          'pkg:maven/org.springframework.boot/spring-boot-devtools@2.7.6',
        ],
        [
          'org.springframework.boot:spring-boot-starter-aop',
          '2.7.7',
          8,
          undefined,
          undefined,
          'pkg:maven/org.springframework.boot/spring-boot-starter-aop@2.7.7',
        ],
        [
          'org.springframework.boot:spring-boot-starter-data-jpa',
          '2.7.8',
          9,
          undefined,
          undefined,
          'pkg:maven/org.springframework.boot/spring-boot-starter-data-jpa@2.7.8',
        ],
      ],
      [],
    ],
    [
      'one-pkg',
      [
        [
          'org.springframework.security:spring-security-crypto',
          '5.7.3',
          4,
          undefined,
          undefined,
          'pkg:maven/org.springframework.security/spring-security-crypto@5.7.3',
        ],
      ],
      [],
    ],
    ['only-comments', [], []],
    ['only-empty', [], []],
    [
      'with-bad-pkg',
      [
        [
          'org.springframework.boot:spring-boot-autoconfigure',
          '2.7.4',
          7,
          undefined,
          undefined,
          'pkg:maven/org.springframework.boot/spring-boot-autoconfigure@2.7.4',
        ],
        [
          'org.springframework.boot:spring-boot-configuration-processor',
          '2.7.5',
          14,
          undefined,
          undefined,
          'pkg:maven/org.springframework.boot/spring-boot-configuration-processor@2.7.5',
        ],
      ],
      [
        '3:error: expected group:artifact:version=configurations, got ">>>"',
        '4:error: expected group:artifact:version=configurations, got "////"',
        '9:error: expected group:artifact:version=configurations, got "a"',
        '10:error: expected group:artifact:version=configurations, got "b"',
      ],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`gradle-lockfile/${file}`);
  });
  it('rejects binary content (a NUL byte) with input.invalid naming the file and line', () => {
    const error = captureWardError(() =>
      gradleLockfileParser.parse('a:b:1.0=compileClasspath\n\u0000', 'gradle-lockfile/broken'),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe('gradle-lockfile/broken');
    expect(error.line).toBe(2);
    expect(error.describe()).not.toContain('\n');
  });
});
