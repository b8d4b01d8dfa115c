import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { pubspecLockParser } from './pubspec-lock.js';

function parseFixture(file: string) {
  return pubspecLockParser.parse(readInventoryFixture('pubspec-lock', file), `pubspec-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/pubspec-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.lock', [], []],
    [
      'mixed-packages.lock',
      [
        ['back_button_interceptor', '6.0.1', 4, true, 'runtime', 'pkg:pub/back_button_interceptor@6.0.1'],
        ['build_runner', '2.2.1', 11, true, 'dev', 'pkg:pub/build_runner@2.2.1'],
        ['shelf', '1.3.2', 18, false, 'runtime', 'pkg:pub/shelf@1.3.2'],
        ['shelf_web_socket', '1.0.2', 25, false, 'runtime', 'pkg:pub/shelf_web_socket@1.0.2'],
      ],
      [],
    ],
    [
      'one-package.lock',
      [['back_button_interceptor', '6.0.1', 4, true, 'runtime', 'pkg:pub/back_button_interceptor@6.0.1']],
      [],
    ],
    ['source-path.lock', [], []],
    ['source-sdk.lock', [], []],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`pubspec-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-yaml.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`pubspec-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
