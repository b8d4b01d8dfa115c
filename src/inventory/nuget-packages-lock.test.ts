import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { nugetPackagesLockParser } from './nuget-packages-lock.js';

function parseFixture(file: string) {
  return nugetPackagesLockParser.parse(
    readInventoryFixture('nuget-packages-lock', file),
    `nuget-packages-lock/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/nuget-packages-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'valid/packages.lock.json',
      [
        ['Core.Dep', '1.24.0', 5, true, undefined, 'pkg:nuget/Core.Dep@1.24.0'],
        ['Some.Dep.One', '1.1.1', 20, false, undefined, 'pkg:nuget/Some.Dep.One@1.1.1'],
        ['Some.Dep.Two', '4.6.0', 25, false, undefined, 'pkg:nuget/Some.Dep.Two@4.6.0'],
        ['Some.Dep.Three', '1.0.2', 30, false, undefined, 'pkg:nuget/Some.Dep.Three@1.0.2'],
        ['Some.Dep.Four', '4.5.0', 39, false, undefined, 'pkg:nuget/Some.Dep.Four@4.5.0'],
        ['Some.Longer.Name.Dep', '4.7.2', 44, false, undefined, 'pkg:nuget/Some.Longer.Name.Dep@4.7.2'],
        ['Some.Dep.Five', '4.7.2', 49, false, undefined, 'pkg:nuget/Some.Dep.Five@4.7.2'],
        ['Another.Longer.Name.Dep', '4.5.4', 54, false, undefined, 'pkg:nuget/Another.Longer.Name.Dep@4.5.4'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`nuget-packages-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['invalid/invalid', 2]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`nuget-packages-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
