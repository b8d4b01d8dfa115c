import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { gemfileParser } from './gemfile.js';

describe('src/inventory/gemfile', () => {
  it('reads exact pins with line, scope and purl; reports git/path gems and ranges', () => {
    const result = gemfileParser.parse(readInventoryFixture('gemfile', 'Gemfile'), 'gemfile/Gemfile');

    expect(detailRows(result)).toEqual([
      ['rails', '6.0.0', 4, true, 'runtime', 'pkg:gem/rails@6.0.0'],
      ['nokogiri', '1.10.10', 6, true, 'runtime', 'pkg:gem/nokogiri@1.10.10'],
      ['rspec-rails', '4.0.0', 13, true, 'dev', 'pkg:gem/rspec-rails@4.0.0'],
      ['byebug', '11.1.3', 15, true, 'dev', 'pkg:gem/byebug@11.1.3'],
      // :mysql is not a dev group, so the gem may run in production.
      ['mysql2', '0.5.3', 20, true, 'runtime', 'pkg:gem/mysql2@0.5.3'],
      ['minitest', '5.14.0', 23, true, 'dev', 'pkg:gem/minitest@5.14.0'],
    ]);
    expect(problemLines(result)).toEqual([
      '9:warning: internal comes from git or a local path, not a rubygems.org version; not inventoried',
      '10:warning: forked comes from git or a local path, not a rubygems.org version; not inventoried',
      '-:warning: 3 dependencies are declared by range, not one version (puma, rack, pg); scan Gemfile.lock for the installed versions',
    ]);
  });

  it('rejects binary content with input.invalid naming the file and line', () => {
    const error = captureWardError(() => gemfileParser.parse('gem "a"\n\u0000', 'Gemfile'));

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe('Gemfile');
    expect(error.line).toBe(2);
  });

  it('matches Gemfile and gems.rb', () => {
    expect(gemfileParser.matches('app/Gemfile', '')).toBe(true);
    expect(gemfileParser.matches('gems.rb', '')).toBe(true);
    expect(gemfileParser.matches('Gemfile.lock', '')).toBe(false);
  });
});
