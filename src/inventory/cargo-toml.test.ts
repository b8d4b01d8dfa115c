import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { cargoTomlParser } from './cargo-toml.js';

function parseFixture(file: string) {
  return cargoTomlParser.parse(readInventoryFixture('cargo-toml', file), `cargo-toml/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/cargo-toml', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'git-dependency-tagged.toml',
      [],
      ['6:warning: regex is a git or path dependency, not a crates.io version; not inventoried'],
    ],
    [
      'git-dependency-with-commit.toml',
      [],
      ['6:warning: regex is a git or path dependency, not a crates.io version; not inventoried'],
    ],
    [
      'git-dependency-with-pr.toml',
      [],
      ['6:warning: regex is a git or path dependency, not a crates.io version; not inventoried'],
    ],
    ['invalid-dependency.toml', [], ['7:error: regex: expected git/path to be a string']],
    ['no-dependency.toml', [], []],
    [
      'only-version-dependency.toml',
      [],
      [
        '-:warning: 1 dependency is declared by range, not one version (regex); scan Cargo.lock for the installed versions',
      ],
    ],
    [
      'two-dependencies.toml',
      [],
      [
        '6:warning: regex is a git or path dependency, not a crates.io version; not inventoried',
        '-:warning: 1 dependency is declared by range, not one version (futures); scan Cargo.lock for the installed versions',
      ],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`cargo-toml/${file}`);
  });

  it.each<[string, number | undefined]>([['not-toml.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`cargo-toml/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
