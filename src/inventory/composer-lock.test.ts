import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { composerLockParser } from './composer-lock.js';

function parseFixture(file: string) {
  return composerLockParser.parse(readInventoryFixture('composer-lock', file), `composer-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/composer-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.json', [], []],
    [
      'one-package-dev.json',
      [['sentry/sdk', '2.0.4', 11, undefined, 'dev', 'pkg:composer/sentry/sdk@2.0.4']],
      [],
    ],
    [
      'one-package.json',
      [['sentry/sdk', '2.0.4', 10, undefined, 'runtime', 'pkg:composer/sentry/sdk@2.0.4']],
      [],
    ],
    [
      'two-packages.json',
      [
        ['sentry/sdk', '2.0.4', 10, undefined, 'runtime', 'pkg:composer/sentry/sdk@2.0.4'],
        ['theseer/tokenizer', '1.1.3', 43, undefined, 'dev', 'pkg:composer/theseer/tokenizer@1.1.3'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`composer-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-json.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`composer-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
