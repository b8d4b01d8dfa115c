import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { bunLockParser } from './bun-lock.js';

function parseFixture(file: string) {
  return bunLockParser.parse(readInventoryFixture('bun-lock', file), `bun-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/bun-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'alias.json5',
      [
        ['has-flag', '4.0.0', 13, false, undefined, 'pkg:npm/has-flag@4.0.0'],
        ['supports-color', '7.2.0', 15, true, 'runtime', 'pkg:npm/supports-color@7.2.0'],
        ['supports-color', '6.1.0', 17, true, 'runtime', 'pkg:npm/supports-color@6.1.0'],
        ['has-flag', '3.0.0', 19, false, undefined, 'pkg:npm/has-flag@3.0.0'],
      ],
      [],
    ],
    [
      'bad-tuple.json5',
      [['wrappy', '1.0.2', 13, true, 'runtime', 'pkg:npm/wrappy@1.0.2']],
      [
        '12:error: expected ["name@version", …], got [123,"",{},"sha512-l4Sp/DRseor9wL6EvV2+TuQn63dMkPjZ/sp9XkghT',
        '14:error: expected ["name@version", …], got [{},"",{},"sha512-l4Sp/DRseor9wL6EvV2+TuQn63dMkPjZ/sp9XkghTE',
      ],
    ],
    [
      'blog-sample.json5',
      [],
      [
        '11:warning: uWebSockets.js comes from github:uNetworking/uWebSockets.js#6609a88 (git or tarball), not a registry version; not inventoried',
      ],
    ],
    [
      'commits.json5',
      [
        [
          '@babel/helper-plugin-utils',
          '7.26.5',
          22,
          false,
          undefined,
          'pkg:npm/%40babel/helper-plugin-utils@7.26.5',
        ],
        [
          '@babel/helper-string-parser',
          '7.25.9',
          24,
          false,
          undefined,
          'pkg:npm/%40babel/helper-string-parser@7.25.9',
        ],
        [
          '@babel/helper-validator-identifier',
          '7.25.9',
          26,
          false,
          undefined,
          'pkg:npm/%40babel/helper-validator-identifier@7.25.9',
        ],
        ['@babel/parser', '7.26.5', 28, false, undefined, 'pkg:npm/%40babel/parser@7.26.5'],
        ['@babel/types', '7.26.5', 30, false, undefined, 'pkg:npm/%40babel/types@7.26.5'],
        ['jquery', '3.7.1', 42, false, undefined, 'pkg:npm/jquery@3.7.1'],
        ['lodash', '1.3.1', 44, true, 'runtime', 'pkg:npm/lodash@1.3.1'],
        ['make-synchronized', '0.2.9', 46, false, undefined, 'pkg:npm/make-synchronized@0.2.9'],
        ['php-parser', '2.2.0', 48, false, undefined, 'pkg:npm/php-parser@2.2.0'],
        ['prettier', '3.4.2', 50, false, undefined, 'pkg:npm/prettier@3.4.2'],
        ['stopwords', '0.0.1', 56, true, 'runtime', 'pkg:npm/stopwords@0.0.1'],
      ],
      [
        '32:warning: @prettier/sync comes from github:prettier/prettier-synchronized#527e8ce (git or tarball), not a registry version; not inventoried',
        '34:warning: babel-preset-php comes from git+ssh://gitlab:kornelski/babel-preset-php#1ae6dc1267500360b411ec711b8aeac8c68b2246 (git or tarball), not a registry version; not inventoried',
        '36:warning: is-number comes from github:jonschlinkert/is-number#98e8ff1 (git or tarball), not a registry version; not inventoried',
        '38:warning: is-number comes from github:jonschlinkert/is-number#d5ac058 (git or tarball), not a registry version; not inventoried',
        '40:warning: is-number comes from github:jonschlinkert/is-number#b7aef34 (git or tarball), not a registry version; not inventoried',
        '52:warning: raven-js comes from github:getsentry/raven-js#91ef2d4 (git or tarball), not a registry version; not inventoried',
        '54:warning: slick-carousel comes from github:brianfryer/slick#fc6f7d8 (git or tarball), not a registry version; not inventoried',
      ],
    ],
    ['empty.json5', [], []],
    ['files.json5', [['lodash', '1.3.1', 17, true, 'runtime', 'pkg:npm/lodash@1.3.1']], []],
    [
      'nested-dependencies-dup.json5',
      [
        ['ansi-styles', '4.3.0', 16, false, undefined, 'pkg:npm/ansi-styles@4.3.0'],
        ['chalk', '4.1.2', 18, true, 'dev', 'pkg:npm/chalk@4.1.2'],
        ['color-convert', '2.0.1', 20, false, undefined, 'pkg:npm/color-convert@2.0.1'],
        ['color-name', '1.1.4', 22, false, undefined, 'pkg:npm/color-name@1.1.4'],
        ['has-flag', '2.0.0', 24, true, 'runtime', 'pkg:npm/has-flag@2.0.0'],
        ['supports-color', '7.2.0', 26, true, 'runtime', 'pkg:npm/supports-color@7.2.0'],
        ['has-flag', '4.0.0', 28, false, undefined, 'pkg:npm/has-flag@4.0.0'],
      ],
      [],
    ],
    [
      'nested-dependencies.json5',
      [
        ['ansi-styles', '4.3.0', 16, false, undefined, 'pkg:npm/ansi-styles@4.3.0'],
        ['chalk', '4.1.2', 18, true, 'dev', 'pkg:npm/chalk@4.1.2'],
        ['color-convert', '2.0.1', 20, false, undefined, 'pkg:npm/color-convert@2.0.1'],
        ['color-name', '1.1.4', 22, false, undefined, 'pkg:npm/color-name@1.1.4'],
        ['has-flag', '2.0.0', 24, true, 'runtime', 'pkg:npm/has-flag@2.0.0'],
        ['supports-color', '5.5.0', 26, true, 'runtime', 'pkg:npm/supports-color@5.5.0'],
        ['supports-color', '7.2.0', 28, false, undefined, 'pkg:npm/supports-color@7.2.0'],
        ['has-flag', '3.0.0', 30, false, undefined, 'pkg:npm/has-flag@3.0.0'],
        ['has-flag', '4.0.0', 32, false, undefined, 'pkg:npm/has-flag@4.0.0'],
      ],
      [],
    ],
    ['no-packages.json5', [], []],
    ['one-package-dev.json5', [['wrappy', '1.0.2', 12, true, 'runtime', 'pkg:npm/wrappy@1.0.2']], []],
    ['one-package.json5', [['wrappy', '1.0.2', 12, true, 'runtime', 'pkg:npm/wrappy@1.0.2']], []],
    [
      'optional-package.json5',
      [
        ['acorn', '8.14.0', 15, true, 'runtime', 'pkg:npm/acorn@8.14.0'],
        ['fsevents', '0.3.8', 17, true, 'optional', 'pkg:npm/fsevents@0.3.8'],
        ['nan', '2.22.0', 19, false, undefined, 'pkg:npm/nan@2.22.0'],
      ],
      [],
    ],
    [
      'peer-dependencies-explicit.json5',
      [
        ['acorn', '8.14.0', 13, true, 'runtime', 'pkg:npm/acorn@8.14.0'],
        ['acorn-jsx', '5.3.2', 15, true, 'runtime', 'pkg:npm/acorn-jsx@5.3.2'],
      ],
      [],
    ],
    [
      'peer-dependencies-implicit.json5',
      [
        ['acorn', '8.14.0', 12, false, undefined, 'pkg:npm/acorn@8.14.0'],
        ['acorn-jsx', '5.3.2', 14, true, 'runtime', 'pkg:npm/acorn-jsx@5.3.2'],
      ],
      [],
    ],
    [
      'same-package-different-groups.json5',
      [
        ['has-flag', '3.0.0', 15, true, 'dev', 'pkg:npm/has-flag@3.0.0'],
        ['supports-color', '5.5.0', 17, true, 'runtime', 'pkg:npm/supports-color@5.5.0'],
      ],
      [],
    ],
    [
      'scoped-packages-mixed.json5',
      [
        ['@babel/code-frame', '7.26.2', 15, true, 'runtime', 'pkg:npm/%40babel/code-frame@7.26.2'],
        [
          '@babel/helper-validator-identifier',
          '7.25.9',
          17,
          false,
          undefined,
          'pkg:npm/%40babel/helper-validator-identifier@7.25.9',
        ],
        ['js-tokens', '4.0.0', 19, false, undefined, 'pkg:npm/js-tokens@4.0.0'],
        ['picocolors', '1.1.1', 21, false, undefined, 'pkg:npm/picocolors@1.1.1'],
        ['wrappy', '1.0.2', 23, true, 'dev', 'pkg:npm/wrappy@1.0.2'],
      ],
      [],
    ],
    [
      'scoped-packages.json5',
      [
        [
          '@typescript-eslint/types',
          '5.62.0',
          12,
          true,
          'runtime',
          'pkg:npm/%40typescript-eslint/types@5.62.0',
        ],
      ],
      [],
    ],
    [
      'two-packages.json5',
      [
        ['has-flag', '4.0.0', 13, true, 'runtime', 'pkg:npm/has-flag@4.0.0'],
        ['wrappy', '1.0.2', 15, true, 'runtime', 'pkg:npm/wrappy@1.0.2'],
      ],
      [],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`bun-lock/${file}`);
  });

  it.each<[string, number | undefined]>([['not-json.txt', 1]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`bun-lock/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
