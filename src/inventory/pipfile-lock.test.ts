import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { pipfileLockParser } from './pipfile-lock.js';

function parseFixture(file: string) {
  return pipfileLockParser.parse(readInventoryFixture('pipfile-lock', file), `pipfile-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/pipfile-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.json', [], []],
    [
      'no-version.json',
      [],
      [
        '19:warning: markupsafe has no pinned version (git or path dependency?); not inventoried',
        '26:warning: itsdangerous has no pinned version (git or path dependency?); not inventoried',
      ],
    ],
    [
      'one-package-dev.json',
      [['markupsafe', '2.1.1', 20, undefined, 'dev', 'pkg:pypi/markupsafe@2.1.1']],
      [],
    ],
    [
      'two-packages.json',
      [
        ['itsdangerous', '2.1.2', 19, undefined, 'runtime', 'pkg:pypi/itsdangerous@2.1.2'],
        ['markupsafe', '2.1.1', 29, undefined, 'dev', 'pkg:pypi/markupsafe@2.1.1'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`pipfile-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-json.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`pipfile-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
