import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { goModParser } from './go-mod.js';
import { goSumParser } from './go-sum.js';

function parseFixture(file: string) {
  return goModParser.parse(readInventoryFixture('go-mod', file), `go-mod/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/go-mod', () => {
  it.each<[string, DetailRow[], string[]]>([
    ['empty.mod', [], []],
    [
      'indirect-1.23.mod',
      [
        [
          'github.com/sirupsen/logrus',
          '1.9.3',
          5,
          true,
          undefined,
          'pkg:golang/github.com/sirupsen/logrus@v1.9.3',
        ],
        [
          'golang.org/x/sys',
          '0.0.0-20220715151400-c0bba94af5f8',
          7,
          false,
          undefined,
          'pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8',
        ],
        ['stdlib', '1.23.0', 3, true, undefined, 'pkg:golang/stdlib@1.23.0'],
      ],
      [],
    ],
    [
      'one-package.mod',
      [
        [
          'github.com/BurntSushi/toml',
          '1.0.0',
          4,
          true,
          undefined,
          'pkg:golang/github.com/BurntSushi/toml@v1.0.0',
        ],
      ],
      [],
    ],
    [
      'replace-different.mod',
      [
        ['example.com/fork/foe', '1.4.5', 2, true, undefined, 'pkg:golang/example.com/fork/foe@v1.4.5'],
        ['example.com/fork/foe', '1.4.2', 3, true, undefined, 'pkg:golang/example.com/fork/foe@v1.4.2'],
      ],
      [],
    ],
    [
      'replace-local.mod',
      [
        [
          'github.com/BurntSushi/toml',
          '1.0.0',
          3,
          true,
          undefined,
          'pkg:golang/github.com/BurntSushi/toml@v1.0.0',
        ],
      ],
      ['7:warning: golang.org/x/net is replaced by the local directory ./fork/net; not inventoried'],
    ],
    [
      'replace-mixed.mod',
      [
        ['example.com/fork/net', '1.4.5', 2, true, undefined, 'pkg:golang/example.com/fork/net@v1.4.5'],
        ['golang.org/x/net', '0.5.6', 3, true, undefined, 'pkg:golang/golang.org/x/net@v0.5.6'],
      ],
      [],
    ],
    [
      'replace-no-version.mod',
      [['example.com/fork/net', '1.4.5', 2, true, undefined, 'pkg:golang/example.com/fork/net@v1.4.5']],
      [],
    ],
    [
      'replace-not-required.mod',
      [
        ['golang.org/x/net', '0.5.6', 2, true, undefined, 'pkg:golang/golang.org/x/net@v0.5.6'],
        [
          'github.com/BurntSushi/toml',
          '1.0.0',
          3,
          true,
          undefined,
          'pkg:golang/github.com/BurntSushi/toml@v1.0.0',
        ],
      ],
      [],
    ],
    [
      'replace-one.mod',
      [['example.com/fork/net', '1.4.5', 2, true, undefined, 'pkg:golang/example.com/fork/net@v1.4.5']],
      [],
    ],
    [
      'toolchain-with-suffix.mod',
      [
        [
          'github.com/BurntSushi/toml',
          '1.0.0',
          8,
          true,
          undefined,
          'pkg:golang/github.com/BurntSushi/toml@v1.0.0',
        ],
        ['stdlib', '1.23.6', 5, true, undefined, 'pkg:golang/stdlib@1.23.6'],
      ],
      [],
    ],
    [
      'two-packages.mod',
      [
        [
          'github.com/BurntSushi/toml',
          '1.0.0',
          6,
          true,
          undefined,
          'pkg:golang/github.com/BurntSushi/toml@v1.0.0',
        ],
        ['gopkg.in/yaml.v2', '2.4.0', 7, true, undefined, 'pkg:golang/gopkg.in/yaml.v2@v2.4.0'],
        ['stdlib', '1.17.0', 3, true, undefined, 'pkg:golang/stdlib@1.17.0'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`go-mod/${file}`);
  });

  it.each<[string, number | undefined]>([['not-go-mod.mod', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`go-mod/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
  it('go.sum: one component per module version with a content hash (go.mod-only lines are not)', () => {
    const result = goSumParser.parse(
      readInventoryFixture('go-mod', 'indirect-1.16.sum'),
      'go-mod/indirect-1.16.sum',
    );

    expect(result.components.length).toBe(6);
    expect(result.problems).toEqual([]);
    for (const component of result.components) expect(component.purl).toMatch(/^pkg:golang\//);
  });

  it('go.sum: a malformed line is reported with its line', () => {
    const result = goSumParser.parse('not a go.sum line\n', 'go.sum');

    expect(problemLines(result)).toEqual(['1:error: expected `module version hash`']);
  });
});
