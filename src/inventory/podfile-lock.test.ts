import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { podfileLockParser } from './podfile-lock.js';

function parseFixture(file: string) {
  return podfileLockParser.parse(readInventoryFixture('podfile-lock', file), `podfile-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/podfile-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty', [], []],
    [
      'valid',
      [
        ['GlossButtonNode', '3.1.2', 2, true, undefined, 'pkg:cocoapods/GlossButtonNode@3.1.2'],
        ['PINCache', '3.0.3', 5, false, undefined, 'pkg:cocoapods/PINCache@3.0.3'],
      ],
      [],
    ],
    [
      'valid2',
      [
        ['GlossButtonNode', '3.1.2', 2, true, undefined, 'pkg:cocoapods/GlossButtonNode@3.1.2'],
        ['PINCache', '3.0.3', 3, false, undefined, 'pkg:cocoapods/PINCache@3.0.3'],
        ['Reveal-SDK', '1.5.0', 4, true, undefined, 'pkg:cocoapods/Reveal-SDK@1.5.0'],
        ['SwiftGen', '6.0.0', 5, true, undefined, 'pkg:cocoapods/SwiftGen@6.0.0'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`podfile-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['invalid', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`podfile-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
