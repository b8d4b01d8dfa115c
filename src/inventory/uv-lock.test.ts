import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { uvLockParser } from './uv-lock.js';

function parseFixture(file: string) {
  return uvLockParser.parse(readInventoryFixture('uv-lock', file), `uv-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/uv-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.lock', [], []],
    [
      'grouped-packages.lock',
      [
        ['black', '24.10.0', 4, true, 'optional', 'pkg:pypi/black@24.10.0'],
        ['click', '8.1.7', 38, true, 'optional', 'pkg:pypi/click@8.1.7'],
        ['colorama', '0.4.6', 50, false, undefined, 'pkg:pypi/colorama@0.4.6'],
        ['emoji', '2.14.0', 59, true, 'runtime', 'pkg:pypi/emoji@2.14.0'],
        ['flake8', '7.1.1', 68, true, 'optional', 'pkg:pypi/flake8@7.1.1'],
        ['mccabe', '0.7.0', 82, false, undefined, 'pkg:pypi/mccabe@0.7.0'],
        ['mypy-extensions', '1.0.0', 91, false, undefined, 'pkg:pypi/mypy-extensions@1.0.0'],
        ['packaging', '24.2', 100, false, undefined, 'pkg:pypi/packaging@24.2'],
        ['pathspec', '0.12.1', 109, false, undefined, 'pkg:pypi/pathspec@0.12.1'],
        ['platformdirs', '4.3.6', 118, false, undefined, 'pkg:pypi/platformdirs@4.3.6'],
        ['pycodestyle', '2.12.1', 127, false, undefined, 'pkg:pypi/pycodestyle@2.12.1'],
        ['pyflakes', '3.2.0', 136, false, undefined, 'pkg:pypi/pyflakes@3.2.0'],
        ['tomli', '2.2.1', 145, false, undefined, 'pkg:pypi/tomli@2.2.1'],
        ['typing-extensions', '4.12.2', 184, false, undefined, 'pkg:pypi/typing-extensions@4.12.2'],
      ],
      [],
    ],
    ['one-package.lock', [['emoji', '2.14.0', 4, true, 'runtime', 'pkg:pypi/emoji@2.14.0']], []],
    ['source-git.lock', [['ruff', '0.8.1', 4, true, 'runtime', 'pkg:pypi/ruff@0.8.1']], []],
    [
      'two-packages.lock',
      [
        ['emoji', '2.14.0', 4, true, 'runtime', 'pkg:pypi/emoji@2.14.0'],
        ['protobuf', '4.25.5', 13, true, 'runtime', 'pkg:pypi/protobuf@4.25.5'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`uv-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-toml.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`uv-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
