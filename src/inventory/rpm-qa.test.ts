import { describe, expect, it } from 'vitest';
import { captureWardError, goldenRows, readInventoryFixture } from '../../test/support/inventory-fixtures.js';
import { parseRpmQa, parseSourceRpm, rpmQaParser } from './rpm-qa.js';

describe('inventory/rpm-qa', () => {
  it("reads rpm -qa --qf '%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE} %{ARCH}\\n' output", () => {
    const text = readInventoryFixture('rpm-qa', 'rocky-9.3/rpm-qa.txt');
    expect(rpmQaParser.matches('rocky-9.3/rpm-qa.txt', text)).toBe(true);
    const result = parseRpmQa(text, 'rpm-qa.txt');
    // `(none)` epochs are left out of the EVR, set ones kept; gpg-pubkey (line 7) is a key, not software.
    expect(goldenRows(result)).toEqual([
      ['bash', '5.1.8-6.el9_1', 1, undefined],
      ['glibc', '2.34-83.el9.7', 2, undefined],
      ['openssl', '1:3.0.7-24.el9', 3, undefined],
      ['openssl-libs', '1:3.0.7-24.el9', 4, undefined],
      ['curl', '7.76.1-26.el9_3.2', 5, undefined],
      ['sudo', '1.9.5p2-9.el9', 6, undefined],
      ['tzdata', '2023c-1.el9', 8, undefined],
    ]);
    expect(result.components.every((component) => component.ecosystem === 'Red Hat')).toBe(true);
    expect(result.problems).toEqual([]);
  });

  it('reads the source package from an optional %{SOURCERPM} column', () => {
    const result = parseRpmQa(readInventoryFixture('rpm-qa', 'with-sourcerpm.txt'), 'with-sourcerpm.txt');
    expect(result.components.map((c) => [c.name, c.version, c.sourceName, c.sourceVersion])).toEqual([
      ['openssl-libs', '1:3.0.7-24.el9', 'openssl', '1:3.0.7-24.el9'],
      ['krb5-libs', '1.21.1-1.el9', 'krb5', '1.21.1-1.el9'],
      ['python3-libs', '3.9.18-1.el9_3', 'python3.9', '3.9.18-1.el9_3'],
    ]);
    expect(parseSourceRpm('glibc-2.34-83.el9.7.src.rpm')).toEqual({
      name: 'glibc',
      version: '2.34-83.el9.7',
    });
    expect(parseSourceRpm('(none)')).toBeUndefined();
  });

  it('takes the distro release from options (os-release beside it)', () => {
    const result = parseRpmQa('bash (none):5.1.8-6.el9_1 x86_64\n', 'rpm-qa.txt', {
      distro: 'Rocky Linux:9',
    });
    expect(result.components[0]?.ecosystem).toBe('Rocky Linux:9');
    expect(result.distro).toBe('Rocky Linux:9');
  });

  it('rejects plain rpm -qa output (NAME-VERSION-RELEASE.ARCH cannot be split) at its first line', () => {
    const text = readInventoryFixture('rpm-qa', 'default-format.txt');
    expect(rpmQaParser.matches('default-format.txt', text)).toBe(false);
    const error = captureWardError(() => parseRpmQa(text, 'default-format.txt'));
    expect(error.describe()).toBe(
      "default-format.txt:1: expected rpm -qa lines 'NAME EPOCH:VERSION-RELEASE ARCH', got none (first bad line 1)",
    );
  });

  it('keeps good lines and reports bad ones with their line', () => {
    const result = parseRpmQa(
      'bash (none):5.1.8-6.el9_1 x86_64\ngarbage\nzlib x:1.2.11-40.el9 x86_64\n',
      'mixed.txt',
    );
    expect(goldenRows(result)).toEqual([['bash', '5.1.8-6.el9_1', 1, undefined]]);
    expect(result.problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "2: expected 'NAME EPOCH:VERSION-RELEASE ARCH', got 'garbage'",
      "3: epoch 'x' is not a number; skipped",
    ]);
  });
});
