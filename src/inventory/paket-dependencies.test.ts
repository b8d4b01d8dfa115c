import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { paketDependenciesParser } from './paket-dependencies.js';

function parseFixture(file: string) {
  return paketDependenciesParser.parse(
    readInventoryFixture('paket-dependencies', file),
    `paket-dependencies/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/paket-dependencies', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'duplicate/paket.dependencies',
      [],
      [
        '-:warning: 2 dependencies are declared by range, not one version (NUnit, NUnit); scan paket.lock for the installed versions',
      ],
    ],
    ['empty-deps/paket.dependencies', [], []],
    [
      'invalid/paket.dependencies',
      [],
      [
        '1:error: expected a paket.dependencies directive (source, nuget, github, group …), got "This is not a valid paket.dependencies file"',
      ],
    ],
    [
      'paket.dependencies',
      [
        ['Newtonsoft.Json', '12.0.3', 5, true, undefined, 'pkg:nuget/Newtonsoft.Json@12.0.3'],
        [
          'Microsoft.NETFramework.ReferenceAssemblies',
          '1.0.0',
          9,
          true,
          undefined,
          'pkg:nuget/Microsoft.NETFramework.ReferenceAssemblies@1.0.0',
        ],
      ],
      [
        '-:warning: 6 dependencies are declared by range, not one version (NUnit, FSharp.Core, Microsoft.Extensions.Logging, System.Text.Json, FAKE, …); scan paket.lock for the installed versions',
      ],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`paket-dependencies/${file}`);
  });
  it('rejects binary content (a NUL byte) with input.invalid naming the file and line', () => {
    const error = captureWardError(() =>
      paketDependenciesParser.parse(
        'source https://api.nuget.org/v3/index.json\n\u0000',
        'paket-dependencies/broken',
      ),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe('paket-dependencies/broken');
    expect(error.line).toBe(2);
    expect(error.describe()).not.toContain('\n');
  });
});
