import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { npmPackageJsonParser } from './npm-package-json.js';

function parseFixture(file: string) {
  return npmPackageJsonParser.parse(
    readInventoryFixture('npm-package-json', file),
    `npm-package-json/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/npm-package-json', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'deps/accepts/package.json',
      [['accepts', '1.3.8', 4, undefined, undefined, 'pkg:npm/accepts@1.3.8']],
      [],
    ],
    ['deps/acorn/package.json', [], ['2:warning: package.json has no name or no version; not inventoried']],
    [
      'deps/acorn-globals/package.json',
      [],
      ['2:warning: package.json has no name or no version; not inventoried'],
    ],
    [
      'deps/no-person-name/package.json',
      [['accepts', '1.3.8', 4, undefined, undefined, 'pkg:npm/accepts@1.3.8']],
      [],
    ],
    [
      'deps/window-size/package.json',
      [],
      ['-:warning: package.json has no name or no version; not inventoried'],
    ],
    [
      'deps/with/deps/acorn/package.json',
      [['acorn', '1.2.2', 6, undefined, undefined, 'pkg:npm/acorn@1.2.2']],
      [],
    ],
    [
      'duplicate-keys.json',
      [['duplicate-keys', '1.0.0', 3, undefined, undefined, 'pkg:npm/duplicate-keys@1.0.0']],
      [],
    ],
    ['not-vscode.json', [['jsonparse', '1.3.1', 5, undefined, undefined, 'pkg:npm/jsonparse@1.3.1']], []],
    [
      'package-with-deps.json',
      [['package-with-deps', '1.2.3', 3, undefined, undefined, 'pkg:npm/package-with-deps@1.2.3']],
      [],
    ],
    ['package.json', [['testdata', '10.46.8', 3, undefined, undefined, 'pkg:npm/testdata@10.46.8']], []],
    ['undici-package.json', [['undici', '5.28.3', 3, undefined, undefined, 'pkg:npm/undici@5.28.3']], []],
    [
      'unity-package.json',
      [],
      ['-:warning: a VS Code extension or Unity package manifest, not an npm package; not inventoried'],
    ],
    [
      'vscode-extension-only-required.json',
      [],
      ['-:warning: a VS Code extension or Unity package manifest, not an npm package; not inventoried'],
    ],
    ['vscode-extension.json', [['pug', '1.0.0', 3, undefined, undefined, 'pkg:npm/pug@1.0.0']], []],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`npm-package-json/${file}`);
  });

  it.each<[string, number | undefined]>([['invalid', 8]])(
    'rejects %s with input.invalid naming the file and line',
    (file, line) => {
      const error = captureWardError(() => parseFixture(file));

      expect(error.code).toBe('input.invalid');
      expect(error.file).toBe(`npm-package-json/${file}`);
      expect(error.line).toBe(line);
      expect(error.describe()).not.toContain('\n');
    },
  );
});
