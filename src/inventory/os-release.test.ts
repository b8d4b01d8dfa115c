import { describe, expect, it } from 'vitest';
import { captureWardError, readInventoryFixture } from '../../test/support/inventory-fixtures.js';
import {
  applyOsReleases,
  distroFromOsRelease,
  osReleaseParser,
  osReleaseScope,
  parseOsRelease,
} from './os-release.js';
import type { Component } from './types.js';

describe('inventory/os-release', () => {
  it.each([
    ['debian-12.os-release', 'Debian:12'],
    ['ubuntu-22.04.os-release', 'Ubuntu:22.04:LTS'],
    ['alpine-3.19.os-release', 'Alpine:v3.19'],
    ['rocky-9.3.os-release', 'Rocky Linux:9'],
  ])('%s → %s', (file, distro) => {
    expect(osReleaseParser.matches(file, '')).toBe(true);
    const result = parseOsRelease(readInventoryFixture('os-release', file), file);
    expect(result).toMatchObject({ parser: 'os-release', components: [], distro, problems: [] });
  });

  it('reports a distribution OSV has no ecosystem for (CentOS 7)', () => {
    const result = parseOsRelease(readInventoryFixture('os-release', 'centos-7.os-release'), 'os-release');
    expect(result.distro).toBeUndefined();
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'no OSV distro ecosystem for ID=centos VERSION_ID=7',
    ]);
  });

  it('maps releases the way OSV names them', () => {
    expect(distroFromOsRelease('ubuntu', '20.04')).toBe('Ubuntu:20.04:LTS');
    expect(distroFromOsRelease('ubuntu', '23.10')).toBe('Ubuntu:23.10');
    expect(distroFromOsRelease('debian', '11')).toBe('Debian:11');
    expect(distroFromOsRelease('alpine', '3.18.4')).toBe('Alpine:v3.18');
    expect(distroFromOsRelease('rhel', '9.3')).toBe('Red Hat:enterprise_linux:9');
    expect(distroFromOsRelease('sles', '15.5')).toBe('SUSE:Linux Enterprise Server 15 SP5');
    expect(distroFromOsRelease('debian', undefined)).toBeUndefined();
  });

  it('rejects a file without ID= naming the file', () => {
    const error = captureWardError(() => parseOsRelease('NAME="Something"\n', 'etc/os-release'));
    expect(error.describe()).toBe('etc/os-release:1: expected an os-release file with an ID= line, got none');
  });

  it('speaks for its folder, and for the whole tree when it sits in <root>/etc or <root>/usr/lib', () => {
    expect(osReleaseScope('host1/os-release')).toEqual({ folder: 'host1' });
    expect(osReleaseScope('images/web/etc/os-release')).toEqual({
      folder: 'images/web/etc',
      root: 'images/web',
    });
    expect(osReleaseScope('rootfs/usr/lib/os-release')).toEqual({ folder: 'rootfs/usr/lib', root: 'rootfs' });
    expect(osReleaseScope('/etc/os-release')).toEqual({ folder: '/etc', root: '' });
  });

  it('qualifies only the host packages in its scope, the deepest root first', () => {
    const at = (file: string, ecosystem: string): Component => ({
      ecosystem,
      name: 'x',
      version: '1',
      location: { file },
    });
    const components = [
      at('a/var/lib/dpkg/status', 'Debian'),
      at('a/nested/var/lib/dpkg/status', 'Debian'),
      at('b/lib/apk/db/installed', 'Alpine'),
      at('a/package-lock.json', 'npm'),
      at('c/status', 'Debian'),
    ];
    applyOsReleases(components, [
      { file: 'a/etc/os-release', distro: 'Debian:12' },
      { file: 'a/nested/etc/os-release', distro: 'Debian:11' },
      { file: 'b/etc/os-release', distro: 'Debian:12' },
    ]);
    expect(components.map((component) => component.ecosystem)).toEqual([
      'Debian:12',
      'Debian:11',
      'Alpine',
      'npm',
      'Debian',
    ]);
  });

  it('corrects the guessed distribution within a package format (dpkg on Ubuntu, rpm on Rocky)', () => {
    const at = (file: string, ecosystem: string): Component => ({
      ecosystem,
      name: 'x',
      version: '1',
      location: { file },
    });
    const components = [at('u/var/lib/dpkg/status', 'Debian'), at('r/rpm-qa.txt', 'Red Hat')];
    applyOsReleases(components, [
      { file: 'u/etc/os-release', distro: 'Ubuntu:18.04:LTS' },
      { file: 'r/os-release', distro: 'Rocky Linux:9' },
    ]);
    expect(components.map((component) => component.ecosystem)).toEqual(['Ubuntu:18.04:LTS', 'Rocky Linux:9']);
  });
});
