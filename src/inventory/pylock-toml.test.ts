import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { pylockTomlParser } from './pylock-toml.js';

function parseFixture(file: string) {
  return pylockTomlParser.parse(readInventoryFixture('pylock-toml', file), `pylock-toml/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/pylock-toml', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'commits.toml',
      [
        ['click', '8.2.1', 7, undefined, undefined, 'pkg:pypi/click@8.2.1'],
        ['mleroc', '0.1.0', 14, undefined, undefined, 'pkg:pypi/mleroc@0.1.0'],
        ['packaging', '24.2', 23, undefined, undefined, 'pkg:pypi/packaging@24.2'],
        ['pathspec', '0.12.1', 30, undefined, undefined, 'pkg:pypi/pathspec@0.12.1'],
        ['python-dateutil', '2.9.0.post0', 37, undefined, undefined, 'pkg:pypi/python-dateutil@2.9.0.post0'],
        ['scikit-learn', '1.6.1', 44, undefined, undefined, 'pkg:pypi/scikit-learn@1.6.1'],
        ['tqdm', '4.67.1', 71, undefined, undefined, 'pkg:pypi/tqdm@4.67.1'],
      ],
      [],
    ],
    ['empty.toml', [], []],
    [
      'example.toml',
      [
        ['attrs', '25.1.0', 6, undefined, undefined, 'pkg:pypi/attrs@25.1.0'],
        ['cattrs', '24.1.2', 19, undefined, undefined, 'pkg:pypi/cattrs@24.1.2'],
        ['numpy', '2.2.3', 30, undefined, undefined, 'pkg:pypi/numpy@2.2.3'],
      ],
      [],
    ],
    ['pip-just-self.toml', [], []],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`pylock-toml/${file}`);
  });

  it.each<[string, number | undefined]>([['not-toml.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`pylock-toml/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
