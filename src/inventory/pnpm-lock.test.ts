import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { pnpmLockParser } from './pnpm-lock.js';

function parseFixture(file: string) {
  return pnpmLockParser.parse(readInventoryFixture('pnpm-lock', file), `pnpm-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/pnpm-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.yaml', [], []],
    [
      'exotic.yaml',
      [
        ['foo', '1.0.0', 10, false, undefined, 'pkg:npm/foo@1.0.0'],
        ['@foo/bar', '1.0.0', 11, false, undefined, 'pkg:npm/%40foo/bar@1.0.0'],
        ['foo', '1.1.0', 12, false, undefined, 'pkg:npm/foo@1.1.0'],
        ['@foo/bar', '1.1.0', 13, false, undefined, 'pkg:npm/%40foo/bar@1.1.0'],
        ['foo', '1.2.0', 15, false, undefined, 'pkg:npm/foo@1.2.0'],
        ['foo', '1.3.0', 16, false, undefined, 'pkg:npm/foo@1.3.0'],
        ['foo', '1.4.0', 17, false, undefined, 'pkg:npm/foo@1.4.0'],
      ],
      [
        '14:error: cannot read a package name and version from "github.com/kevva/is-positive"',
        '18:error: cannot read a package name and version from "/foo/bar"',
      ],
    ],
    ['files.yaml', [], []],
    [
      'invalid-path.yaml',
      [['acorn', '8.7.0', 11, false, 'runtime', 'pkg:npm/acorn@8.7.0']],
      ['17:error: cannot read a package name and version from "invalidpath"'],
    ],
    [
      'mixed-groups.v54.yaml',
      [
        ['ansi-regex', '5.0.1', 19, true, 'runtime', 'pkg:npm/ansi-regex@5.0.1'],
        ['is-number', '7.0.0', 24, true, 'dev', 'pkg:npm/is-number@7.0.0'],
        ['uuid', '8.3.2', 29, true, 'optional', 'pkg:npm/uuid@8.3.2'],
      ],
      [],
    ],
    [
      'mixed-groups.v9.yaml',
      [
        ['ansi-regex', '5.0.1', 25, true, 'runtime', 'pkg:npm/ansi-regex@5.0.1'],
        ['is-number', '7.0.0', 29, true, 'dev', 'pkg:npm/is-number@7.0.0'],
        ['uuid', '8.3.2', 33, true, 'optional', 'pkg:npm/uuid@8.3.2'],
      ],
      [],
    ],
    ['one-package-v6-lockfile.yaml', [['acorn', '8.7.0', 10, true, 'runtime', 'pkg:npm/acorn@8.7.0']], []],
    ['one-package.v9.yaml', [['acorn', '8.11.3', 17, true, 'runtime', 'pkg:npm/acorn@8.11.3']], []],
    ['one-package.yaml', [['acorn', '8.7.0', 11, true, 'runtime', 'pkg:npm/acorn@8.7.0']], []],
    [
      'peer-dependencies-v6.yaml',
      [
        ['js-tokens', '4.0.0', 14, false, 'runtime', 'pkg:npm/js-tokens@4.0.0'],
        ['loose-envify', '1.4.0', 18, false, 'runtime', 'pkg:npm/loose-envify@1.4.0'],
        ['react-dom', '18.2.0', 25, true, 'runtime', 'pkg:npm/react-dom@18.2.0'],
        ['react', '18.2.0', 35, false, 'runtime', 'pkg:npm/react@18.2.0'],
        ['scheduler', '0.23.0', 42, false, 'runtime', 'pkg:npm/scheduler@0.23.0'],
      ],
      [],
    ],
    [
      'scoped-packages.v9.yaml',
      [
        [
          '@typescript-eslint/types',
          '5.62.0',
          17,
          true,
          'runtime',
          'pkg:npm/%40typescript-eslint/types@5.62.0',
        ],
      ],
      [],
    ],
    [
      'tarball.yaml',
      [['@my-org/my-package', '3.2.3', 10, true, 'dev', 'pkg:npm/%40my-org/my-package@3.2.3']],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`pnpm-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-yaml.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`pnpm-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
