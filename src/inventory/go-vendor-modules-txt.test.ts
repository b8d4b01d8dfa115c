import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { goVendorModulesTxtParser } from './go-vendor-modules-txt.js';

function parseFixture(file: string) {
  return goVendorModulesTxtParser.parse(
    readInventoryFixture('go-vendor-modules-txt', file),
    `go-vendor-modules-txt/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/go-vendor-modules-txt', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty/vendor/modules.txt', [], []],
    [
      'invalid/vendor/modules.txt',
      [
        [
          'github.com/example/unused',
          '1.2.3',
          5,
          true,
          undefined,
          'pkg:golang/github.com/example/unused@1.2.3',
        ],
        ['github.com/example/v2', '1.0.0', 9, false, undefined, 'pkg:golang/github.com/example/v2@1.0.0'],
      ],
      [
        '3:error: expected "# module vX.Y.Z [=> replacement vX.Y.Z]", got "# github.com/example/no-version"',
        '7:error: expected "# module vX.Y.Z [=> replacement vX.Y.Z]", got "# github.com/example/badversion nope"',
        '11:error: expected "# module vX.Y.Z [=> replacement vX.Y.Z]", got "# github.com/example/replaced v1.0.0 => not a local path"',
      ],
    ],
    [
      'valid/vendor/modules.txt',
      [
        [
          'github.com/BurntSushi/toml',
          '1.2.1',
          1,
          true,
          undefined,
          'pkg:golang/github.com/BurntSushi/toml@1.2.1',
        ],
        ['golang.org/x/crypto', '0.31.0', 4, true, undefined, 'pkg:golang/golang.org/x/crypto@0.31.0'],
        ['example.com/fork/net', '1.4.5', 7, true, undefined, 'pkg:golang/example.com/fork/net@1.4.5'],
        [
          'github.com/example/incompatible',
          '2.0.0+incompatible',
          15,
          true,
          undefined,
          'pkg:golang/github.com/example/incompatible@2.0.0+incompatible',
        ],
        ['example.com/transitive', '0.2.0', 18, false, undefined, 'pkg:golang/example.com/transitive@0.2.0'],
        ['example.com/headeronly', '0.1.0', 24, true, undefined, 'pkg:golang/example.com/headeronly@0.1.0'],
        [
          'example.com/afterheaderonly',
          '0.3.0',
          26,
          false,
          undefined,
          'pkg:golang/example.com/afterheaderonly@0.3.0',
        ],
        [
          'example.com/wildcard-fork',
          '0.2.0',
          29,
          true,
          undefined,
          'pkg:golang/example.com/wildcard-fork@0.2.0',
        ],
      ],
      ['14:error: expected "# module vX.Y.Z [=> replacement vX.Y.Z]", got "# malformed"'],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`go-vendor-modules-txt/${file}`);
  });
  it('rejects binary content (a NUL byte) with input.invalid naming the file and line', () => {
    const error = captureWardError(() =>
      goVendorModulesTxtParser.parse('# a.example/m v1.0.0\n\u0000', 'go-vendor-modules-txt/broken'),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe('go-vendor-modules-txt/broken');
    expect(error.line).toBe(2);
    expect(error.describe()).not.toContain('\n');
  });
});
