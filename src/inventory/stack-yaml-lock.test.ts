import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { stackYamlLockParser } from './stack-yaml-lock.js';

function parseFixture(file: string) {
  return stackYamlLockParser.parse(readInventoryFixture('stack-yaml-lock', file), `stack-yaml-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/stack-yaml-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['invalid', [], []],
    [
      'valid',
      [
        ['fuzzyset', '0.2.4', 8, undefined, undefined, 'pkg:hackage/fuzzyset@0.2.4'],
        ['hasql-pool', '1.0.1', 15, undefined, undefined, 'pkg:hackage/hasql-pool@1.0.1'],
        ['jose-jwt', '0.10.0', 22, undefined, undefined, 'pkg:hackage/jose-jwt@0.10.0'],
        ['postgresql-libpq', '0.10.1.0', 29, undefined, undefined, 'pkg:hackage/postgresql-libpq@0.10.1.0'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`stack-yaml-lock/${file}`);
  });
  it('rejects a YAML syntax error with input.invalid naming the file and line', () => {
    const error = captureWardError(() =>
      stackYamlLockParser.parse('packages:\n- completed: [unclosed\n', 'stack-yaml-lock/broken'),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe('stack-yaml-lock/broken');
    expect(error.line).toBeGreaterThan(0);
    expect(error.describe()).not.toContain('\n');
  });
});
