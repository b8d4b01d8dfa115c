import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type GoldenRow,
  goldenRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { packageLockParser, parsePackageLock } from './package-lock.js';

function parseFixture(file: string) {
  return parsePackageLock(readInventoryFixture('package-lock', file), `package-lock/${file}`);
}

describe('src/inventory/package-lock', () => {
  it.each<[string, GoldenRow[]]>([
    ['empty.v2.json', []],
    ['one-package.v1.json', [['wrappy', '1.0.2', 5, undefined]]],
    [
      'two-packages.v2.json',
      [
        ['wrappy', '1.0.2', 13, true],
        ['supports-color', '5.5.0', 18, true],
      ],
    ],
    // npm: aliases install the real package under another folder name.
    [
      'alias.v1.json',
      [
        ['@babel/code-frame', '7.0.0', 5, undefined],
        ['string-width', '5.1.2', 13, undefined],
        ['string-width', '4.2.0', 23, undefined],
      ],
    ],
    [
      'alias.v2.json',
      [
        ['@babel/code-frame', '7.0.0', 13, true],
        ['string-width', '5.1.2', 22, true],
        ['string-width', '4.2.0', 32, true],
      ],
    ],
    [
      'bundled-dependencies.v3.json',
      [
        ['ansi-regex', '6.2.2', 22, false],
        ['semver', '7.7.2', 35, true],
        ['strip-ansi', '7.1.2', 49, true],
      ],
    ],
    // Workspace folders (`deps/etag`) and `link: true` entries are not components; nested
    // node_modules under a workspace are.
    [
      'files.v2.json',
      [
        ['abbrev', '1.0.9', 36, false],
        ['abbrev', '2.3.4', 42, false],
      ],
    ],
    // The same name@version at two install paths is one component.
    [
      'nested-dependencies-dup.v2.json',
      [
        ['supports-color', '6.1.0', 10, false],
        ['supports-color', '2.0.0', 32, false],
      ],
    ],
    [
      'optional-package.v2.json',
      [
        ['wrappy', '1.0.2', 10, true],
        ['supports-color', '5.5.0', 16, false],
      ],
    ],
  ])('%s', (file, expected) => {
    const result = parseFixture(file);

    expect(goldenRows(result)).toEqual(expected);
    expect(result.problems).toEqual([]);
  });

  it('reports a git dependency without a version as a problem and keeps the rest', () => {
    const result = parseFixture('commits.v2.json');

    expect(result.components).toHaveLength(11);
    expect(problemLines(result)).toEqual(['163:error: package raven-js has no version']);
  });

  it('labels optional scope and builds npm purls', () => {
    const result = parseFixture('optional-package.v2.json');

    expect(result.components.map((c) => [c.name, c.scope, c.purl])).toEqual([
      ['wrappy', 'optional', 'pkg:npm/wrappy@1.0.2'],
      // devOptional: optional for production, so it may run there.
      ['supports-color', 'optional', 'pkg:npm/supports-color@5.5.0'],
    ]);
    expect(parseFixture('bundled-dependencies.v3.json').components.map((c) => c.scope)).toEqual([
      'runtime',
      'dev',
      'runtime',
    ]);
    expect(parseFixture('alias.v2.json').components[0]?.purl).toBe('pkg:npm/%40babel/code-frame@7.0.0');
  });

  it.each([
    ['not-json.txt', 1],
    ['null.v2.jsontest', 1],
  ])('rejects %s with input.invalid naming the file and line', (file, line) => {
    const error = captureWardError(() => parseFixture(file));

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe(`package-lock/${file}`);
    expect(error.line).toBe(line);
    expect(error.describe()).not.toContain('\n');
  });

  it('rejects a truncated lockfile with the line where it stops', () => {
    const text = readInventoryFixture('package-lock', 'two-packages.v2.json');
    const truncated = text.slice(0, text.indexOf('"node_modules/supports-color"') + 10);

    const error = captureWardError(() => parsePackageLock(truncated, 'package-lock.json'));

    expect(error.code).toBe('input.invalid');
    expect(error.line).toBe(18);
  });

  it('rejects an unknown lockfileVersion', () => {
    expect(() => parsePackageLock('{"lockfileVersion": 7}', 'package-lock.json')).toThrow(/lockfileVersion/);
  });

  it('matches package-lock.json and npm-shrinkwrap.json only', () => {
    expect(packageLockParser.matches('a/package-lock.json', '')).toBe(true);
    expect(packageLockParser.matches('a\\npm-shrinkwrap.json', '')).toBe(true);
    expect(packageLockParser.matches('a/package.json', '')).toBe(false);
  });
});
