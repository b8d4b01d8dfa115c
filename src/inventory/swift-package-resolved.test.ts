import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { swiftPackageResolvedParser } from './swift-package-resolved.js';

function parseFixture(file: string) {
  return swiftPackageResolvedParser.parse(
    readInventoryFixture('swift-package-resolved', file),
    `swift-package-resolved/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/swift-package-resolved', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'cve-packages',
      [
        [
          'github.com/apple/swift-crypto',
          '3.0.0',
          7,
          undefined,
          undefined,
          'pkg:swift/github.com/apple/swift-crypto@3.0.0',
        ],
        [
          'github.com/apple/swift-nio',
          '2.65.0',
          16,
          undefined,
          undefined,
          'pkg:swift/github.com/apple/swift-nio@2.65.0',
        ],
        [
          'github.com/apple/swift-nio-http2',
          '1.29.0',
          25,
          undefined,
          undefined,
          'pkg:swift/github.com/apple/swift-nio-http2@1.29.0',
        ],
      ],
      [],
    ],
    [
      'valid',
      [
        [
          'github.com/apple/swift-algorithms',
          '1.0.0',
          7,
          undefined,
          undefined,
          'pkg:swift/github.com/apple/swift-algorithms@1.0.0',
        ],
        [
          'github.com/apple/swift-async-algorithms',
          '0.1.0',
          16,
          undefined,
          undefined,
          'pkg:swift/github.com/apple/swift-async-algorithms@0.1.0',
        ],
        [
          'github.com/apple/swift-atomics',
          '1.1.0',
          25,
          undefined,
          undefined,
          'pkg:swift/github.com/apple/swift-atomics@1.1.0',
        ],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`swift-package-resolved/${file}`);
  });

  it.each<[string, number | undefined]>([
    ['empty', 1],
    ['invalid', 2],
  ])('rejects %s with input.invalid naming the file and line', (file, line) => {
    const error = captureWardError(() => parseFixture(file));

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe(`swift-package-resolved/${file}`);
    expect(error.line).toBe(line);
    expect(error.describe()).not.toContain('\n');
  });
});
