import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { renvLockParser } from './renv-lock.js';

function parseFixture(file: string) {
  return renvLockParser.parse(readInventoryFixture('renv-lock', file), `renv-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/renv-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.lock', [], []],
    ['one-package.lock', [['morning', '0.1.0', 7, undefined, undefined, 'pkg:cran/morning@0.1.0']], []],
    [
      'two-packages.lock',
      [
        ['markdown', '1.0', 12, undefined, undefined, 'pkg:cran/markdown@1.0'],
        ['mime', '0.7', 19, undefined, undefined, 'pkg:cran/mime@0.7'],
      ],
      [],
    ],
    [
      'with-bioconductor.lock',
      [
        ['BH', '1.75.0-0', 15, undefined, undefined, 'pkg:cran/BH@1.75.0-0'],
        ['BSgenome', '1.60.0', 22, undefined, undefined, undefined],
      ],
      [],
    ],
    [
      'with-mixed-sources.lock',
      [
        ['markdown', '1.0', 12, undefined, undefined, 'pkg:cran/markdown@1.0'],
        ['mime', '0.12.1', 19, undefined, undefined, 'pkg:cran/mime@0.12.1'],
      ],
      [],
    ],
    [
      'without-repository.lock',
      [['morning', '0.1.0', 7, undefined, undefined, 'pkg:cran/morning@0.1.0']],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`renv-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-json.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`renv-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
