import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { paketLockParser } from './paket-lock.js';

function parseFixture(file: string) {
  return paketLockParser.parse(readInventoryFixture('paket-lock', file), `paket-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/paket-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty-lock-dir/paket.lock', [], []],
    [
      'paket.lock',
      [
        ['NUnit', '2.6.4', 3, undefined, undefined, 'pkg:nuget/NUnit@2.6.4'],
        ['FSharp.Core', '4.5.0', 5, undefined, undefined, 'pkg:nuget/FSharp.Core@4.5.0'],
        ['Newtonsoft.Json', '12.0.3', 6, undefined, undefined, 'pkg:nuget/Newtonsoft.Json@12.0.3'],
        [
          'Microsoft.Extensions.Logging',
          '6.0.0',
          7,
          undefined,
          undefined,
          'pkg:nuget/Microsoft.Extensions.Logging@6.0.0',
        ],
        ['FAKE', '5.20.4', 9, undefined, undefined, 'pkg:nuget/FAKE@5.20.4'],
        ['Paket', '7.0.0', 10, undefined, undefined, 'pkg:nuget/Paket@7.0.0'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`paket-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['invalid-lock/paket.lock', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`paket-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
