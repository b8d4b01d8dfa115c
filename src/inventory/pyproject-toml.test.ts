import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { pyprojectTomlParser } from './pyproject-toml.js';

function parseFixture(file: string) {
  return pyprojectTomlParser.parse(readInventoryFixture('pyproject-toml', file), `pyproject-toml/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/pyproject-toml', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['dynamic_deps.toml', [], []],
    ['empty_deps.toml', [], []],
    [
      'env_markers.toml',
      [['importlib-metadata', '6.0.0', 6, true, 'runtime', 'pkg:pypi/importlib-metadata@6.0.0']],
      [
        '-:warning: 1 dependency is declared by range, not one version (requests); scan the lockfile (uv.lock, poetry.lock, pdm.lock, pylock.toml) for the installed versions',
      ],
    ],
    [
      'extras_syntax.toml',
      [['flask', '3.1.1', 5, true, 'runtime', 'pkg:pypi/flask@3.1.1']],
      [
        '-:warning: 1 dependency is declared by range, not one version (requests); scan the lockfile (uv.lock, poetry.lock, pdm.lock, pylock.toml) for the installed versions',
      ],
    ],
    ['no_project_table.toml', [], []],
    [
      'optional_deps.toml',
      [
        ['requests', '2.32.0', 9, true, 'runtime', 'pkg:pypi/requests@2.32.0'],
        ['black', '23.1.0', 15, true, 'optional', 'pkg:pypi/black@23.1.0'],
      ],
      [
        '-:warning: 2 dependencies are declared by range, not one version (pytest, aiohttp); scan the lockfile (uv.lock, poetry.lock, pdm.lock, pylock.toml) for the installed versions',
      ],
    ],
    [
      'simple_deps.toml',
      [['requests', '2.32.0', 9, true, 'runtime', 'pkg:pypi/requests@2.32.0']],
      [
        '-:warning: 2 dependencies are declared by range, not one version (flask, numpy); scan the lockfile (uv.lock, poetry.lock, pdm.lock, pylock.toml) for the installed versions',
      ],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`pyproject-toml/${file}`);
  });

  it.each<[string, number | undefined]>([['malformed.toml', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`pyproject-toml/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
