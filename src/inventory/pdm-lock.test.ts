import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { pdmLockParser } from './pdm-lock.js';

function parseFixture(file: string) {
  return pdmLockParser.parse(readInventoryFixture('pdm-lock', file), `pdm-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/pdm-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'dev-dependency.toml',
      [
        ['pyroute2', '0.7.11', 10, undefined, 'dev', 'pkg:pypi/pyroute2@0.7.11'],
        ['toml', '0.10.2', 22, undefined, 'runtime', 'pkg:pypi/toml@0.10.2'],
        ['win-inet-pton', '1.1.0', 33, undefined, 'dev', 'pkg:pypi/win-inet-pton@1.1.0'],
      ],
      [],
    ],
    ['empty.toml', [], []],
    ['git-dependency.toml', [['toml', '0.10.2', 10, undefined, 'runtime', 'pkg:pypi/toml@0.10.2']], []],
    ['single-package.toml', [['toml', '0.10.2', 10, undefined, 'runtime', 'pkg:pypi/toml@0.10.2']], []],
    [
      'two-packages.toml',
      [
        ['six', '1.16.0', 10, undefined, 'runtime', 'pkg:pypi/six@1.16.0'],
        ['toml', '0.10.2', 21, undefined, 'runtime', 'pkg:pypi/toml@0.10.2'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`pdm-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-toml.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`pdm-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
