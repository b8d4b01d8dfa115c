import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { dotnetDepsJsonParser } from './dotnet-deps-json.js';

function parseFixture(file: string) {
  return dotnetDepsJsonParser.parse(
    readInventoryFixture('dotnet-deps-json', file),
    `dotnet-deps-json/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/dotnet-deps-json', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty', [], []],
    [
      'nopackagename',
      [['AWSSDK.Core', '3.7.10.6', 50, false, undefined, 'pkg:nuget/AWSSDK.Core@3.7.10.6']],
      ['57:error: expected Name/Version, got "Microsoft.Extensions.DependencyInjection"'],
    ],
    [
      'valid',
      [
        ['AWSSDK.Core', '3.7.10.6', 50, false, undefined, 'pkg:nuget/AWSSDK.Core@3.7.10.6'],
        [
          'Microsoft.Extensions.DependencyInjection',
          '6.0.0',
          57,
          true,
          undefined,
          'pkg:nuget/Microsoft.Extensions.DependencyInjection@6.0.0',
        ],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`dotnet-deps-json/${file}`);
  });

  it.each<[string, number | undefined]>([['invalid', 2]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`dotnet-deps-json/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
