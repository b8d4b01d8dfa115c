import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { cabalProjectFreezeParser } from './cabal-project-freeze.js';

function parseFixture(file: string) {
  return cabalProjectFreezeParser.parse(
    readInventoryFixture('cabal-project-freeze', file),
    `cabal-project-freeze/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/cabal-project-freeze', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['invalid', [], []],
    [
      'valid',
      [
        ['AC-Angle', '1.0', 1, undefined, undefined, 'pkg:hackage/AC-Angle@1.0'],
        ['ALUT', '2.4.0.3', 2, undefined, undefined, 'pkg:hackage/ALUT@2.4.0.3'],
        ['ANum', '0.2.0.2', 3, undefined, undefined, 'pkg:hackage/ANum@0.2.0.2'],
        ['Agda', '2.6.4.3', 4, undefined, undefined, 'pkg:hackage/Agda@2.6.4.3'],
        ['Allure', '0.11.0.0', 6, undefined, undefined, 'pkg:hackage/Allure@0.11.0.0'],
      ],
      [],
    ],
    [
      'valid_2',
      [
        ['AC-Angle', '1.0', 3, undefined, undefined, 'pkg:hackage/AC-Angle@1.0'],
        ['foo', '2.4.0.3', 4, undefined, undefined, 'pkg:hackage/foo@2.4.0.3'],
        ['ANum', '0.2.0.2', 5, undefined, undefined, 'pkg:hackage/ANum@0.2.0.2'],
        ['Agda', '2.6.4.3', 6, undefined, undefined, 'pkg:hackage/Agda@2.6.4.3'],
        ['Allure', '0.11.0.0', 8, undefined, undefined, 'pkg:hackage/Allure@0.11.0.0'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`cabal-project-freeze/${file}`);
  });
  it('rejects binary content (a NUL byte) with input.invalid naming the file and line', () => {
    const error = captureWardError(() =>
      cabalProjectFreezeParser.parse(
        'constraints: any.a ==1.0,\n             any.b ==\u0000',
        'cabal-project-freeze/broken',
      ),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe('cabal-project-freeze/broken');
    expect(error.line).toBe(2);
    expect(error.describe()).not.toContain('\n');
  });
});
