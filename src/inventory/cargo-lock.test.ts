import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { cargoLockParser } from './cargo-lock.js';

function parseFixture(file: string) {
  return cargoLockParser.parse(readInventoryFixture('cargo-lock', file), `cargo-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/cargo-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.lock', [], []],
    ['one-package.lock', [['addr2line', '0.15.2', 5, false, undefined, 'pkg:cargo/addr2line@0.15.2']], []],
    [
      'package-with-build-string.lock',
      [
        [
          'wasi',
          '0.10.2+wasi-snapshot-preview1',
          5,
          false,
          undefined,
          'pkg:cargo/wasi@0.10.2+wasi-snapshot-preview1',
        ],
      ],
      [],
    ],
    [
      'two-packages-with-local.lock',
      [['addr2line', '0.15.2', 5, false, undefined, 'pkg:cargo/addr2line@0.15.2']],
      [],
    ],
    [
      'two-packages.lock',
      [
        ['addr2line', '0.15.2', 5, false, undefined, 'pkg:cargo/addr2line@0.15.2'],
        ['syn', '1.0.73', 14, false, undefined, 'pkg:cargo/syn@1.0.73'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`cargo-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-toml.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`cargo-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
