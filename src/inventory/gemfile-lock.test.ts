import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { gemfileLockParser } from './gemfile-lock.js';

function parseFixture(file: string) {
  return gemfileLockParser.parse(readInventoryFixture('gemfile-lock', file), `gemfile-lock/${file}`);
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/gemfile-lock', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'has-git-gem.lock',
      [
        ['hanami-controller', '2.0.0.alpha1', 6, false, undefined, 'pkg:gem/hanami-controller@2.0.0.alpha1'],
        ['hanami-utils', '2.0.0.alpha1', 15, true, undefined, 'pkg:gem/hanami-utils@2.0.0.alpha1'],
        ['concurrent-ruby', '1.1.7', 22, false, undefined, 'pkg:gem/concurrent-ruby@1.1.7'],
        ['rack', '2.2.3', 23, false, undefined, 'pkg:gem/rack@2.2.3'],
        ['transproc', '1.1.1', 24, false, undefined, 'pkg:gem/transproc@1.1.1'],
      ],
      [],
    ],
    [
      'has-local-gem.lock',
      [
        ['actionpack', '7.0.2.2', 14, false, undefined, 'pkg:gem/actionpack@7.0.2.2'],
        ['actionview', '7.0.2.2', 21, false, undefined, 'pkg:gem/actionview@7.0.2.2'],
        ['activesupport', '7.0.2.2', 27, false, undefined, 'pkg:gem/activesupport@7.0.2.2'],
        ['builder', '3.2.4', 32, false, undefined, 'pkg:gem/builder@3.2.4'],
        ['coffee-script', '2.4.1', 33, false, undefined, 'pkg:gem/coffee-script@2.4.1'],
        ['coffee-script-source', '1.12.2', 36, false, undefined, 'pkg:gem/coffee-script-source@1.12.2'],
        ['concurrent-ruby', '1.1.9', 37, false, undefined, 'pkg:gem/concurrent-ruby@1.1.9'],
        ['crass', '1.0.6', 38, false, undefined, 'pkg:gem/crass@1.0.6'],
        ['eco', '1.0.0', 39, false, undefined, 'pkg:gem/eco@1.0.0'],
        ['eco-source', '1.1.0.rc.1', 43, false, undefined, 'pkg:gem/eco-source@1.1.0.rc.1'],
        ['ejs', '1.1.1', 44, false, undefined, 'pkg:gem/ejs@1.1.1'],
        ['erubi', '1.10.0', 45, false, undefined, 'pkg:gem/erubi@1.10.0'],
        ['execjs', '2.8.1', 46, false, undefined, 'pkg:gem/execjs@2.8.1'],
        ['i18n', '1.10.0', 47, false, undefined, 'pkg:gem/i18n@1.10.0'],
        ['jquery-rails', '4.4.0', 49, false, undefined, 'pkg:gem/jquery-rails@4.4.0'],
        ['loofah', '2.14.0', 53, false, undefined, 'pkg:gem/loofah@2.14.0'],
        ['method_source', '1.0.0', 56, false, undefined, 'pkg:gem/method_source@1.0.0'],
        ['minitest', '5.15.0', 57, false, undefined, 'pkg:gem/minitest@5.15.0'],
        ['nokogiri', '1.13.3', 58, false, undefined, 'pkg:gem/nokogiri@1.13.3'],
        ['racc', '1.6.0', 60, false, undefined, 'pkg:gem/racc@1.6.0'],
        ['rack', '2.2.3', 61, false, undefined, 'pkg:gem/rack@2.2.3'],
        ['rack-test', '1.1.0', 62, false, undefined, 'pkg:gem/rack-test@1.1.0'],
        ['rails-dom-testing', '2.0.3', 64, false, undefined, 'pkg:gem/rails-dom-testing@2.0.3'],
        ['rails-html-sanitizer', '1.4.2', 67, false, undefined, 'pkg:gem/rails-html-sanitizer@1.4.2'],
        ['railties', '7.0.2.2', 69, false, undefined, 'pkg:gem/railties@7.0.2.2'],
        ['rake', '13.0.6', 76, false, undefined, 'pkg:gem/rake@13.0.6'],
        ['thor', '1.2.1', 77, false, undefined, 'pkg:gem/thor@1.2.1'],
        ['tzinfo', '2.0.4', 78, false, undefined, 'pkg:gem/tzinfo@2.0.4'],
        ['zeitwerk', '2.5.4', 80, false, undefined, 'pkg:gem/zeitwerk@2.5.4'],
      ],
      [],
    ],
    ['invalid.lock', [], ['4:error: expected `name (version)`, got "invalid-name"']],
    ['no-gems.lock', [], []],
    ['one-gem.lock', [['ast', '2.4.2', 4, true, undefined, 'pkg:gem/ast@2.4.2']], []],
    [
      'some-gems.lock',
      [
        ['coderay', '1.1.3', 4, false, undefined, 'pkg:gem/coderay@1.1.3'],
        ['method_source', '1.0.0', 5, false, undefined, 'pkg:gem/method_source@1.0.0'],
        ['pry', '0.14.1', 6, true, undefined, 'pkg:gem/pry@0.14.1'],
      ],
      [],
    ],
    ['source-section-at-end.lock', [['ast', '2.4.2', 16, true, undefined, 'pkg:gem/ast@2.4.2']], []],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components) expect(component.location.file).toBe(`gemfile-lock/${file}`);
  });
  it('rejects binary content (a NUL byte) with input.invalid naming the file and line', () => {
    const error = captureWardError(() =>
      gemfileLockParser.parse('GEM\n  specs:\n    rack (2.2.3)\n\u0000', 'gemfile-lock/broken'),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe('gemfile-lock/broken');
    expect(error.line).toBe(4);
    expect(error.describe()).not.toContain('\n');
  });
});
