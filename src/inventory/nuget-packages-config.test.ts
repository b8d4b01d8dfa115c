import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { nugetPackagesConfigParser } from './nuget-packages-config.js';

function parseFixture(file: string) {
  return nugetPackagesConfigParser.parse(
    readInventoryFixture('nuget-packages-config', file),
    `nuget-packages-config/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/nuget-packages-config', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'nopackage',
      [
        [
          'Microsoft.CodeDom.Providers.DotNetCompilerPlatform',
          '1.0.0',
          3,
          undefined,
          'runtime',
          'pkg:nuget/Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0',
        ],
      ],
      ['4:error: <package> needs both id and version (got id="", version="1.0.0"); not inventoried'],
    ],
    [
      'noversion',
      [
        [
          'Microsoft.CodeDom.Providers.DotNetCompilerPlatform',
          '1.0.0',
          3,
          undefined,
          'runtime',
          'pkg:nuget/Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0',
        ],
      ],
      [
        '4:error: <package> needs both id and version (got id="Microsoft.Net.Compilers", version=""); not inventoried',
      ],
    ],
    [
      'valid',
      [
        [
          'Microsoft.CodeDom.Providers.DotNetCompilerPlatform',
          '1.0.0',
          3,
          undefined,
          'runtime',
          'pkg:nuget/Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0',
        ],
        ['Microsoft.Net.Compilers', '1.0.0', 4, undefined, 'dev', 'pkg:nuget/Microsoft.Net.Compilers@1.0.0'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`nuget-packages-config/${file}`);
  });

  it.each<[string, number | undefined]>([['invalid', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`nuget-packages-config/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
