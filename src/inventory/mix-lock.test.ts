import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { mixLockParser } from './mix-lock.js';

function parseFixture(file: string) {
  return mixLockParser.parse(readInventoryFixture('mix-lock', file), `mix-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/mix-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'elixir/invalid',
      [['bunt', '1.0.0', 2, undefined, undefined, 'pkg:hex/bunt@1.0.0']],
      ['3:error: expected "name": {:hex, :name, "version", …}, got "\\"certifi\\": {:hex, },"'],
    ],
    ['empty.lock', [], []],
    [
      'git.lock',
      [],
      [
        '2:warning: foe comes from :git, not Hex; no version to match, not inventoried',
        '3:warning: foo comes from :git, not Hex; no version to match, not inventoried',
        '4:warning: bar comes from :git, not Hex; no version to match, not inventoried',
      ],
    ],
    ['one-package.lock', [['plug', '1.11.1', 2, undefined, undefined, 'pkg:hex/plug@1.11.1']], []],
    [
      'two-packages.lock',
      [
        ['plug', '1.11.1', 2, undefined, undefined, 'pkg:hex/plug@1.11.1'],
        ['plug_crypto', '1.2.2', 3, undefined, undefined, 'pkg:hex/plug_crypto@1.2.2'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`mix-lock/${file}`);
  });
  it('rejects a map that never closes (truncated) with input.invalid naming the file and line', () => {
    const error = captureWardError(() =>
      mixLockParser.parse(
        '%{\n  "plug": {:hex, :plug, "1.14.0", "x", [:mix], [], "hexpm", "y"},\n',
        'mix-lock/broken',
      ),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe('mix-lock/broken');
    expect(error.line).toBe(2);
    expect(error.describe()).not.toContain('\n');
  });
});
