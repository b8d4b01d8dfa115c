import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { poetryLockParser } from './poetry-lock.js';

function parseFixture(file: string) {
  return poetryLockParser.parse(readInventoryFixture('poetry-lock', file), `poetry-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/poetry-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.lock', [], []],
    [
      'multiple-packages.v2.lock',
      [
        ['async-timeout', '5.0.1', 3, undefined, 'optional', 'pkg:pypi/async-timeout@5.0.1'],
        ['factory-boy', '3.3.1', 16, undefined, 'dev', 'pkg:pypi/factory-boy@3.3.1'],
        ['faker', '33.3.0', 35, undefined, 'dev', 'pkg:pypi/faker@33.3.0'],
        ['proto-plus', '1.22.0', 51, undefined, 'runtime', 'pkg:pypi/proto-plus@1.22.0'],
        ['proto-plus', '1.23.0', 70, undefined, 'runtime', 'pkg:pypi/proto-plus@1.23.0'],
        ['protobuf', '4.25.5', 89, undefined, 'runtime', 'pkg:pypi/protobuf@4.25.5'],
        ['python-dateutil', '2.9.0.post0', 110, undefined, 'dev', 'pkg:pypi/python-dateutil@2.9.0.post0'],
        ['redis', '5.2.1', 125, undefined, 'optional', 'pkg:pypi/redis@5.2.1'],
        ['six', '1.17.0', 145, undefined, 'runtime', 'pkg:pypi/six@1.17.0'],
        ['typing-extensions', '4.12.2', 157, undefined, 'dev', 'pkg:pypi/typing-extensions@4.12.2'],
        ['urllib3', '2.3.0', 169, undefined, 'dev', 'pkg:pypi/urllib3@2.3.0'],
      ],
      [],
    ],
    [
      'names-outside-package-block.lock',
      [
        ['first-pkg', '1.0.0', 3, undefined, 'runtime', 'pkg:pypi/first-pkg@1.0.0'],
        ['second-pkg', '2.0.0', 15, undefined, 'runtime', 'pkg:pypi/second-pkg@2.0.0'],
      ],
      [],
    ],
    ['one-package.lock', [['numpy', '1.23.3', 1, undefined, 'runtime', 'pkg:pypi/numpy@1.23.3']], []],
    ['optional-package.lock', [['numpy', '1.23.3', 1, undefined, 'optional', 'pkg:pypi/numpy@1.23.3']], []],
    [
      'two-packages.lock',
      [
        ['proto-plus', '1.22.0', 1, undefined, 'runtime', 'pkg:pypi/proto-plus@1.22.0'],
        ['protobuf', '4.21.5', 15, undefined, 'runtime', 'pkg:pypi/protobuf@4.21.5'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`poetry-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-toml.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`poetry-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
