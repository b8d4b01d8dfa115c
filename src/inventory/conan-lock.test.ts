import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { conanLockParser } from './conan-lock.js';

function parseFixture(file: string) {
  return conanLockParser.parse(readInventoryFixture('conan-lock', file), `conan-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/conan-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.v1.json', [], []],
    ['empty.v1.revisions.json', [], []],
    ['empty.v2.json', [], []],
    [
      'nested-dependencies.v1.json',
      [
        ['freetype', '2.12.1', 13, true, 'runtime', 'pkg:conan/freetype@2.12.1'],
        ['libpng', '1.6.39', 26, false, 'runtime', 'pkg:conan/libpng@1.6.39'],
        ['zlib', '1.2.13', 36, false, 'runtime', 'pkg:conan/zlib@1.2.13'],
        ['bzip2', '1.0.8', 43, false, 'runtime', 'pkg:conan/bzip2@1.0.8'],
        ['brotli', '1.0.9', 50, false, 'runtime', 'pkg:conan/brotli@1.0.9'],
      ],
      [],
    ],
    [
      'nested-dependencies.v1.revisions.json',
      [
        ['freetype', '2.12.1', 13, true, 'runtime', 'pkg:conan/freetype@2.12.1'],
        ['libpng', '1.6.39', 26, false, 'runtime', 'pkg:conan/libpng@1.6.39'],
        ['zlib', '1.2.13', 36, false, 'runtime', 'pkg:conan/zlib@1.2.13'],
        ['bzip2', '1.0.8', 43, false, 'runtime', 'pkg:conan/bzip2@1.0.8'],
        ['brotli', '1.0.9', 50, false, 'runtime', 'pkg:conan/brotli@1.0.9'],
      ],
      [],
    ],
    [
      'nested-dependencies.v2.json',
      [
        ['zlib', '1.2.13', 3, undefined, 'runtime', 'pkg:conan/zlib@1.2.13'],
        ['libpng', '1.6.39', 3, undefined, 'runtime', 'pkg:conan/libpng@1.6.39'],
        ['freetype', '2.12.1', 3, undefined, 'runtime', 'pkg:conan/freetype@2.12.1'],
        ['bzip2', '1.0.8', 3, undefined, 'runtime', 'pkg:conan/bzip2@1.0.8'],
        ['brotli', '1.0.9', 3, undefined, 'runtime', 'pkg:conan/brotli@1.0.9'],
      ],
      [],
    ],
    [
      'no-name.v1.json',
      [['zlib', '1.2.11', 13, true, 'runtime', 'pkg:conan/zlib@1.2.11']],
      ['20:error: expected name/version, got "1.2.3"'],
    ],
    [
      'no-name.v1.revisions.json',
      [['zlib', '1.2.11', 13, true, 'runtime', 'pkg:conan/zlib@1.2.11']],
      ['20:error: expected name/version, got "1.2.3#ffa77daf83a57094149707928bdce823"'],
    ],
    [
      'no-name.v2.json',
      [['zlib', '1.2.11', 3, undefined, 'runtime', 'pkg:conan/zlib@1.2.11']],
      ['3:error: expected name/version, got "1.2.3#ffa77daf83a57094149707928bdce823%1667396813.184"'],
    ],
    ['old-format-0.0.json', [['zlib', '1.2.11', 12, true, 'runtime', 'pkg:conan/zlib@1.2.11']], []],
    ['old-format-0.1.json', [['zlib', '1.2.11', 13, true, 'runtime', 'pkg:conan/zlib@1.2.11']], []],
    ['old-format-0.2.json', [['zlib', '1.2.11', 13, true, 'runtime', 'pkg:conan/zlib@1.2.11']], []],
    ['old-format-0.3.json', [['zlib', '1.2.11', 13, true, 'runtime', 'pkg:conan/zlib@1.2.11']], []],
    ['one-package-dev.v1.json', [['ninja', '1.11.1', 13, false, 'runtime', 'pkg:conan/ninja@1.11.1']], []],
    [
      'one-package-dev.v1.revisions.json',
      [['ninja', '1.11.1', 13, false, 'runtime', 'pkg:conan/ninja@1.11.1']],
      [],
    ],
    ['one-package-dev.v2.json', [['ninja', '1.11.1', 4, undefined, 'dev', 'pkg:conan/ninja@1.11.1']], []],
    ['one-package.v1.json', [['zlib', '1.2.11', 13, true, 'runtime', 'pkg:conan/zlib@1.2.11']], []],
    ['one-package.v1.revisions.json', [['zlib', '1.2.11', 13, true, 'runtime', 'pkg:conan/zlib@1.2.11']], []],
    ['one-package.v2.json', [['zlib', '1.2.11', 3, undefined, 'runtime', 'pkg:conan/zlib@1.2.11']], []],
    [
      'two-packages.v1.json',
      [
        ['zlib', '1.2.11', 14, true, 'runtime', 'pkg:conan/zlib@1.2.11'],
        ['bzip2', '1.0.8', 21, true, 'runtime', 'pkg:conan/bzip2@1.0.8'],
      ],
      [],
    ],
    [
      'two-packages.v1.revisions.json',
      [
        ['zlib', '1.2.11', 14, true, 'runtime', 'pkg:conan/zlib@1.2.11'],
        ['bzip2', '1.0.8', 21, true, 'runtime', 'pkg:conan/bzip2@1.0.8'],
      ],
      [],
    ],
    [
      'two-packages.v2.json',
      [
        ['zlib', '1.2.11', 3, undefined, 'runtime', 'pkg:conan/zlib@1.2.11'],
        ['bzip2', '1.0.8', 3, undefined, 'runtime', 'pkg:conan/bzip2@1.0.8'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`conan-lock/${file}`);
  });

  it.each<[string, number | undefined]>([
    ['not-json.txt', 1],
    ['null.v2.jsontest', 1],
  ])('rejects %s with input.invalid naming the file and line', (file, line) => {
    const error = captureWardError(() => parseFixture(file));

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe(`conan-lock/${file}`);
    expect(error.line).toBe(line);
    expect(error.describe()).not.toContain('\n');
  });
});
