/**
 * `--ignore-file` rules: every entry needs an id and a reason; an expiry is a date after which
 * the finding is reported again (a date-only expiry lasts to the end of that day, UTC).
 */
import { describe, expect, it } from 'vitest';
import { WardError } from '../core/errors.js';
import type { Finding } from '../matching/types.js';
import { findIgnoreRule, parseIgnoreRules } from './ignore-file.js';

const finding = {
  component: {
    ecosystem: 'PyPI',
    name: 'protobuf',
    version: '3.14.0',
    location: { file: 'requirements.txt', line: 1 },
  },
  vulnerabilityId: 'CVE-2021-22570',
  aliases: ['GHSA-77rm-9x9h-xj3g', 'PYSEC-2022-48'],
  severity: [],
  fixedVersions: ['3.15.0'],
  evidence: [],
  weaknesses: [],
  references: [],
} satisfies Finding;

function errorOf(text: string): WardError {
  try {
    parseIgnoreRules(text, '.wardignore.yaml');
  } catch (error) {
    if (error instanceof WardError) return error;
    throw error;
  }
  throw new Error('expected a WardError');
}

describe('parseIgnoreRules', () => {
  it('reads YAML and JSON with id, package, reason and expiry', () => {
    const yaml = parseIgnoreRules(
      'ignore:\n  - id: GHSA-77rm-9x9h-xj3g\n    package: protobuf\n    reason: trusted input only\n    expires: 2027-01-31\n',
      'a.yaml',
    );
    const json = parseIgnoreRules(
      '{"ignore":[{"id":"GHSA-77rm-9x9h-xj3g","package":"protobuf","reason":"trusted input only","expires":"2027-01-31"}]}',
      'a.json',
    );
    const expected = [
      { id: 'GHSA-77rm-9x9h-xj3g', package: 'protobuf', reason: 'trusted input only', expires: '2027-01-31' },
    ];
    expect(yaml).toEqual(expected);
    expect(json).toEqual(expected);
  });

  it('names the field that is missing or wrong', () => {
    expect(errorOf('ignore:\n  - id: CVE-2021-22570\n').field).toBe('ignore[0].reason');
    expect(errorOf('ignore:\n  - reason: x\n').field).toBe('ignore[0].id');
    expect(errorOf('ignore:\n  - id: X\n    reason: y\n    expires: next week\n').field).toBe(
      'ignore[0].expires',
    );
    expect(errorOf('ignore:\n  - id: X\n    reason: y\n    expires: 2027-02-30\n').field).toBe(
      'ignore[0].expires',
    );
    expect(errorOf('ignored: []\n').field).toBe('ignore');
  });

  it('gives the line of a YAML syntax error', () => {
    const error = errorOf('ignore:\n  - id: X\n   reason: [unclosed\n');
    expect(error.file).toBe('.wardignore.yaml');
    expect(error.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses YAML alias bombs', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    bomb.push('ignore: *i');
    expect(() => parseIgnoreRules(bomb.join('\n'), 'bomb.yaml')).toThrow(WardError);
  });
});

describe('findIgnoreRule', () => {
  const rules = parseIgnoreRules(
    'ignore:\n  - id: PYSEC-2022-48\n    reason: accepted\n    expires: 2027-01-31\n  - id: CVE-2021-22570\n    package: grpcio\n    reason: other package\n',
    'a.yaml',
  );

  it('matches any id or alias of the finding, and only the named package', () => {
    expect(findIgnoreRule(rules, finding, new Date('2026-11-23T00:00:00Z'))?.reason).toBe('accepted');
    expect(findIgnoreRule(rules.slice(1), finding, new Date('2026-11-23T00:00:00Z'))).toBeUndefined();
  });

  it('a date-only expiry holds through that whole day (UTC) and lapses after it', () => {
    expect(findIgnoreRule(rules, finding, new Date('2027-01-31T23:59:59.999Z'))).toBeDefined();
    expect(findIgnoreRule(rules, finding, new Date('2027-02-01T00:00:00.000Z'))).toBeUndefined();
  });
});
