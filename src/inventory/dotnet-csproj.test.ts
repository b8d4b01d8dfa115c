import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { dotnetCsprojParser } from './dotnet-csproj.js';

function parseFixture(file: string) {
  return dotnetCsprojParser.parse(readInventoryFixture('dotnet-csproj', file), `dotnet-csproj/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/dotnet-csproj', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['emptyinclude', [], ['3:error: package item has no Include; not inventoried']],
    ['emptyversion', [], ['3:warning: LiteDB has no Version here (centrally managed?); not inventoried']],
    ['nopackage', [], ['3:error: package item has no Include; not inventoried']],
    ['noversion', [], ['3:warning: LiteDB has no Version here (centrally managed?); not inventoried']],
    ['valid', [['LiteDB', '5.0.12', 3, true, undefined, 'pkg:nuget/LiteDB@5.0.12']], []],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`dotnet-csproj/${file}`);
  });

  it.each<[string, number | undefined]>([['invalid', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`dotnet-csproj/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
