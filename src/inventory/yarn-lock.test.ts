import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type GoldenRow,
  goldenRows,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { parseYarnLock, yarnLockParser } from './yarn-lock.js';

function parseFixture(file: string) {
  return parseYarnLock(readInventoryFixture('yarn-lock', file), `yarn-lock/${file}`);
}

describe('src/inventory/yarn-lock', () => {
  it.each<[string, GoldenRow[]]>([
    ['empty.v1.lock', []],
    ['metadata-only.v2.lock', []],
    ['one-package.v1.lock', [['balanced-match', '1.0.2', 5, undefined]]],
    // A selector without a range (`balanced-match:`) still names the package.
    ['no-version.v1.lock', [['balanced-match', '1.0.2', 5, undefined]]],
    [
      'two-packages.v2.lock',
      [
        ['compare-func', '2.0.0', 8, false],
        ['concat-map', '0.0.1', 18, false],
      ],
    ],
    // Classic: quoted field names; `npm:` aliases install the real package.
    [
      'with-quotes.v1.lock',
      [
        ['concat-map', '0.0.1', 5, undefined],
        ['concat-stream', '1.6.2', 10, undefined],
      ],
    ],
    [
      'with-aliases.v1.lock',
      [
        ['ansi-regex', '5.0.1', 5, undefined],
        ['ansi-regex', '6.0.1', 10, undefined],
        ['@babel/helper-validator-identifier', '7.22.20', 15, undefined],
      ],
    ],
    // Berry: the workspace's own dependency descriptors mark the direct entries; the workspace
    // entry itself is not a component.
    [
      'with-aliases.v2.lock',
      [
        ['ansi-regex', '5.0.1', 8, true],
        ['ansi-regex', '6.0.1', 15, true],
        ['@babel/helper-validator-identifier', '7.22.20', 22, true],
      ],
    ],
    ['exclude-root.v2.lock', [['ansi-regex', '6.1.0', 16, true]]],
    // `link:` and pure `file:` entries are local code; a selector list mixing a registry range
    // keeps the entry.
    [
      'files.v1.lock',
      [
        ['etag', '1.8.1', 5, undefined],
        ['lodash', '1.3.1', 12, undefined],
        // `"sprintf-js@file:./mocks/sprintf-js", sprintf-js@~1.0.2` is the local copy.
      ],
    ],
    [
      'commits.v2.lock',
      [
        ['@my-scope/my-first-package', '0.0.6', 8, false],
        ['my-second-package', '0.2.2', 12, false],
        ['@typegoose/typegoose', '7.2.0', 21, false],
        ['vuejs', '2.5.0', 37, false],
        ['my-third-package', '0.16.1-dev', 45, false],
        ['my-node-sdk', '1.1.0', 50, false],
        ['is-really-great', '1.0.0', 58, false],
      ],
    ],
  ])('%s', (file, expected) => {
    const result = parseFixture(file);

    expect(goldenRows(result)).toEqual(expected);
    expect(result.problems).toEqual([]);
  });

  it('reads a berry patch: entry as the patched package and version', () => {
    const text = [
      '__metadata:',
      '  version: 6',
      '',
      '"resolve@patch:resolve@^1.22.1#~builtin<compat/resolve>":',
      '  version: 1.22.1',
      '  resolution: "resolve@patch:resolve@npm%3A1.22.1#~builtin<compat/resolve>::version=1.22.1&hash=c3c19d"',
      '',
    ].join('\n');

    expect(goldenRows(parseYarnLock(text, 'yarn.lock'))).toEqual([['resolve', '1.22.1', 4, false]]);
  });

  it('reports a classic entry without a version as a problem', () => {
    const result = parseYarnLock('a@^1.0.0:\n  resolved "x"\n', 'yarn.lock');

    expect(result.components).toEqual([]);
    expect(result.problems).toMatchObject([{ line: 1, severity: 'error' }]);
  });

  it('rejects a classic file that is not a lockfile, naming the line', () => {
    const error = captureWardError(() =>
      parseYarnLock('# yarn lockfile v1\n\nthis is not a lockfile\n', 'yarn.lock'),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.line).toBe(3);
  });

  it('rejects broken berry YAML with its line', () => {
    const error = captureWardError(() =>
      parseYarnLock('__metadata:\n  version: 6\n"a@npm:1":\n  version: [1\n', 'yarn.lock'),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.line).toBeGreaterThanOrEqual(4);
  });

  it('matches yarn.lock', () => {
    expect(yarnLockParser.matches('x/yarn.lock', '')).toBe(true);
    expect(yarnLockParser.matches('x/my-yarn.lock', '')).toBe(false);
  });
});
