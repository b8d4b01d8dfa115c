/**
 * The maintained Nmap → NVD alias table (data/aliases/nmap-cpe-aliases.yaml): it loads, every
 * entry is sourced, the lookups scanners depend on give NVD's names, and where ../shared/data
 * holds the real NVD record the NVD name is checked against that record's configurations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureWardError } from '../../test/support/inventory-fixtures.js';
import { sharedData } from '../../test/support/shared-data.js';
import { loadNmapAliases, parseNmapAliases } from './nmap-aliases.js';

const table = loadNmapAliases();
const nvdOf = (key: { part: string; vendor: string; product: string } | undefined) =>
  key ? `${key.part}:${key.vendor}:${key.product}` : undefined;

describe('inventory/nmap-aliases', () => {
  it('loads the bundled table; every entry has a source and a rationale', () => {
    expect(table.entries.length).toBeGreaterThanOrEqual(20);
    for (const entry of table.entries) {
      expect(entry.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(entry.source.length, entry.id).toBeGreaterThan(5);
      expect(entry.rationale.length, entry.id).toBeGreaterThan(10);
    }
  });

  it.each([
    // [how Nmap says it, NVD vendor:product]
    ['cpe a:microsoft:iis', 'a:microsoft:internet_information_server'],
    ['product Microsoft IIS httpd', 'a:microsoft:internet_information_server'],
    ['cpe a:apache:http_server', 'a:apache:http_server'],
    ['product Apache httpd', 'a:apache:http_server'],
    ['cpe a:igor_sysoev:nginx', 'a:nginx:nginx'],
    ['cpe a:mysql:mysql', 'a:oracle:mysql'],
    ['cpe a:vsftpd:vsftpd', 'a:vsftpd_project:vsftpd'],
    ['cpe a:mortbay:jetty', 'a:eclipse:jetty'],
    ['cpe a:apache:coyote_http_connector', 'a:apache:tomcat'],
    ['cpe a:microsoft:sql_server', 'a:microsoft:sql_server'],
    ['product Microsoft Windows RPC', 'o:microsoft:windows'],
  ])('%s → %s', (nmap, nvd) => {
    const [kind, key] = [nmap.slice(0, nmap.indexOf(' ')), nmap.slice(nmap.indexOf(' ') + 1)];
    const entry = kind === 'cpe' ? table.byCpe.get(key) : table.byProduct.get(key.toLowerCase());
    expect(nvdOf(entry?.nvd)).toBe(nvd);
  });

  it('takes SQL Server versions from the CPE and drops Coyote connector versions', () => {
    expect(table.byCpe.get('a:microsoft:sql_server')?.version).toBe('cpe');
    expect(table.byCpe.get('a:apache:coyote_http_connector')?.version).toBe('none');
    expect(table.byCpe.get('a:microsoft:iis')?.version).toBe('service');
  });

  it('rejects a malformed table naming the entry', () => {
    const duplicate = captureWardError(() =>
      parseNmapAliases(
        'version: 1\naliases:\n  - {id: a, products: [X], nvd: "a:x:x", source: s, rationale: r}\n  - {id: b, products: [x], nvd: "a:y:y", source: s, rationale: r}\n',
        't.yaml',
      ),
    );
    expect(duplicate.describe()).toMatch(/^t\.yaml: aliases\[1\]: .*already mapped by a/);
    expect(
      captureWardError(() =>
        parseNmapAliases('version: 1\naliases:\n  - {id: a, cpe: "a:x:x", nvd: "a:y:y"}\n', 't.yaml'),
      ).message,
    ).toMatch(/source and rationale are required/);
    expect(
      captureWardError(() =>
        parseNmapAliases(
          'version: 1\naliases:\n  - {id: a, cpe: "a:x:x", nvd: "microsoft iis", source: s, rationale: r}\n',
          't.yaml',
        ),
      ).message,
    ).toMatch(/nvd must be 'part:vendor:product'/);
    expect(captureWardError(() => parseNmapAliases('aliases: []\n', 't.yaml')).message).toMatch(/version: 1/);
  });
});

const nvd = sharedData('cves/nvd-api-2.0');

describe.skipIf(!nvd.present)('inventory/nmap-aliases against real NVD records (../shared/data/cves)', () => {
  const productsIn = (cve: string): Set<string> => {
    const text = readFileSync(join(nvd.path, `${cve}.json`), 'utf8');
    return new Set(
      [...text.matchAll(/"criteria"\s*:\s*"cpe:2\.3:([aho]:[^:"]+:[^:"]+)/g)].map((match) => match[1] ?? ''),
    );
  };

  it.each([
    ['microsoft-iis', 'CVE-2001-0500'], // Code Red
    ['microsoft-sql-server', 'CVE-2002-0649'], // SQL Slammer
    ['microsoft-msde', 'CVE-2002-0649'],
  ])('%s names a product that %s’s NVD configurations use', (id, cve) => {
    const entry = table.entries.find((candidate) => candidate.id === id);
    expect(productsIn(cve)).toContain(nvdOf(entry?.nvd));
  });

  it("Nmap's own IIS name appears in no NVD configuration (why the table exists)", () => {
    expect(productsIn('CVE-2001-0500')).not.toContain('a:microsoft:iis');
  });
});
