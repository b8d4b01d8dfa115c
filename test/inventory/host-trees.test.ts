/**
 * Host file trees through the scan service's reader: /etc/os-release gives the release of the
 * package databases beside it (dpkg status, apk installed, rpm -qa), so distro advisories for the
 * right release apply. Fixtures: test/fixtures/inventory/{dpkg-status,apk-installed,rpm-qa}.
 */
import { describe, expect, it } from 'vitest';
import { readInventories } from '../../src/services/inventory-files.js';
import { INVENTORY_FIXTURES } from '../support/inventory-fixtures.js';

const rows = (components: Awaited<ReturnType<typeof readInventories>>['components']) =>
  components.map((c) => [
    c.location.file,
    c.location.line,
    c.ecosystem,
    c.name,
    c.version,
    c.sourceName,
    c.sourceVersion,
  ]);

describe('host trees: os-release qualifies the packages beside it', () => {
  it('Debian 12 root: installed dpkg packages with their source packages, as Debian:12', async () => {
    const read = await readInventories([`${INVENTORY_FIXTURES}dpkg-status/debian-12-root`], {
      relativeTo: `${INVENTORY_FIXTURES}dpkg-status/debian-12-root`,
    });
    expect(read.files.map((file) => [file.file, file.parser])).toEqual([
      ['etc/os-release', 'os-release'],
      ['var/lib/dpkg/status', 'dpkg-status'],
    ]);
    expect(rows(read.components)).toEqual([
      ['var/lib/dpkg/status', 1, 'Debian:12', 'bash', '5.2.15-2+b2', 'bash', '5.2.15-2'],
      ['var/lib/dpkg/status', 22, 'Debian:12', 'libc6', '2.36-9+deb12u4', 'glibc', '2.36-9+deb12u4'],
      ['var/lib/dpkg/status', 38, 'Debian:12', 'libssl3', '3.0.11-1~deb12u2', 'openssl', '3.0.11-1~deb12u2'],
      ['var/lib/dpkg/status', 55, 'Debian:12', 'zlib1g', '1:1.2.13.dfsg-1', 'zlib', '1:1.2.13.dfsg-1'],
      // libgnutls30 (deinstall ok config-files) is not installed software.
      ['var/lib/dpkg/status', 84, 'Debian:12', 'tzdata', '2024a-0+deb12u1', 'tzdata', '2024a-0+deb12u1'],
    ]);
  });

  it('Alpine 3.19 root: apk packages with their aports origin, as Alpine:v3.19', async () => {
    const read = await readInventories([`${INVENTORY_FIXTURES}apk-installed/alpine-3.19-root`], {
      relativeTo: `${INVENTORY_FIXTURES}apk-installed/alpine-3.19-root`,
    });
    expect(rows(read.components)).toEqual([
      [
        'lib/apk/db/installed',
        2,
        'Alpine:v3.19',
        'musl',
        '1.2.4_git20230717-r4',
        'musl',
        '1.2.4_git20230717-r4',
      ],
      ['lib/apk/db/installed', 24, 'Alpine:v3.19', 'libcrypto3', '3.1.4-r2', 'openssl', '3.1.4-r2'],
      ['lib/apk/db/installed', 44, 'Alpine:v3.19', 'libssl3', '3.1.4-r2', 'openssl', '3.1.4-r2'],
      ['lib/apk/db/installed', 60, 'Alpine:v3.19', 'busybox', '1.36.1-r15', 'busybox', '1.36.1-r15'],
    ]);
  });

  it('Rocky 9.3 report folder: rpm -qa listing and os-release side by side, as Rocky Linux:9', async () => {
    const read = await readInventories([`${INVENTORY_FIXTURES}rpm-qa/rocky-9.3`], {
      relativeTo: `${INVENTORY_FIXTURES}rpm-qa`,
    });
    expect(read.files.map((file) => file.parser)).toEqual(['os-release', 'rpm-qa']);
    expect(read.components).toHaveLength(7);
    expect(new Set(read.components.map((component) => component.ecosystem))).toEqual(
      new Set(['Rocky Linux:9']),
    );
  });

  it('host packages carry purls with the release once os-release is known (rpm epoch as qualifier)', async () => {
    const purls = async (dir: string) =>
      (
        await readInventories([`${INVENTORY_FIXTURES}${dir}`], { relativeTo: `${INVENTORY_FIXTURES}${dir}` })
      ).components.map((component) => component.purl);
    expect(await purls('dpkg-status/debian-12-root')).toContain(
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12',
    );
    expect(await purls('apk-installed/alpine-3.19-root')).toContain(
      'pkg:apk/alpine/musl@1.2.4_git20230717-r4?distro=alpine-3.19',
    );
    expect(await purls('rpm-qa/rocky-9.3')).toEqual(
      expect.arrayContaining([
        'pkg:rpm/rocky/bash@5.1.8-6.el9_1?distro=rocky-9',
        'pkg:rpm/rocky/openssl@3.0.7-24.el9?distro=rocky-9&epoch=1',
      ]),
    );
    expect(await purls('dpkg-status/debian-12-root/var')).toContain(
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2',
    );
  });

  it('without an os-release the packages keep the bare distro name', async () => {
    const read = await readInventories([`${INVENTORY_FIXTURES}dpkg-status/debian-12-root/var`], {
      relativeTo: `${INVENTORY_FIXTURES}dpkg-status/debian-12-root`,
    });
    expect(new Set(read.components.map((component) => component.ecosystem))).toEqual(new Set(['Debian']));
  });
});
