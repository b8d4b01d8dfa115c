/**
 * Nmap XML (-sV service detection, -O OS detection) → one asset per host that is up, one CPE
 * component per open port with an identified product, named the NVD way through the alias table.
 */
import { describe, expect, it } from 'vitest';
import { captureWardError, readInventoryFixture } from '../../test/support/inventory-fixtures.js';
import { parseNmapAliases } from './nmap-aliases.js';
import { nmapXmlParser, parseNmapXml } from './nmap-xml.js';

const fleet = readInventoryFixture('nmap-xml', 'fleet-2001.xml');

describe('inventory/nmap-xml', () => {
  const result = parseNmapXml(fleet, 'fleet-2001.xml');
  const rows = result.components.map((component) => [
    component.asset?.address,
    component.asset?.port,
    component.cpe,
    component.location.line,
  ]);

  it('claims Nmap XML by its <nmaprun> root, not other XML', () => {
    expect(nmapXmlParser.matches('scan.xml', fleet.slice(0, 4096))).toBe(true);
    expect(nmapXmlParser.matches('pom.xml', '<project xmlns="http://maven.apache.org/POM/4.0.0">')).toBe(
      false,
    );
  });

  it('makes one asset per host that is up (address, hostname; a user-given name wins over PTR)', () => {
    expect(result.assets).toEqual([
      { id: 'web01.corp.example', hostname: 'web01.corp.example', address: '10.1.0.10' },
      { id: 'web02.corp.example', hostname: 'web02.corp.example', address: '10.1.0.11' },
      { id: 'intranet.corp.example', hostname: 'intranet.corp.example', address: '10.1.0.12' },
      { id: 'www.example.org', hostname: 'www.example.org', address: '10.1.0.20' },
      { id: 'mail.example.org', hostname: 'mail.example.org', address: '10.1.0.21' },
      { id: '10.1.0.40', address: '10.1.0.40' },
    ]);
    // 10.1.0.30 is down: no asset, no component.
    expect(result.components.some((component) => component.asset?.address === '10.1.0.30')).toBe(false);
  });

  it('renames the web servers to NVD vendor:product, with the port and the <port> line', () => {
    const web = rows.filter(([, port]) => port === 80 || port === 443);
    expect(web).toEqual([
      ['10.1.0.10', 80, 'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*', 23],
      ['10.1.0.11', 80, 'cpe:2.3:a:microsoft:internet_information_server:4.0:*:*:*:*:*:*:*', 44],
      ['10.1.0.12', 80, 'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*', 63],
      ['10.1.0.12', 443, 'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*', 64],
      ['10.1.0.20', 80, 'cpe:2.3:a:apache:http_server:1.3.19:*:*:*:*:*:*:*', 81],
      ['10.1.0.20', 443, 'cpe:2.3:a:apache:http_server:1.3.19:*:*:*:*:*:*:*', 82],
      ['10.1.0.21', 80, 'cpe:2.3:a:apache:http_server:1.3.20:*:*:*:*:*:*:*', 101],
    ]);
    for (const line of web.map((row) => row[3] as number))
      expect(fleet.split('\n')[line - 1]).toMatch(/^<port /);
    const iis = result.components.find((component) => component.asset?.port === 80);
    expect(iis).toMatchObject({
      ecosystem: 'CPE',
      name: 'Microsoft IIS httpd',
      version: '5.0',
      asset: { id: 'web01.corp.example', port: 80, protocol: 'tcp' },
    });
  });

  it('takes the CPE version where the alias says so and drops a version that is not the product’s', () => {
    // SQL Server: NVD versions by release name (2000), Nmap's version attribute is the build.
    expect(rows).toContainEqual(['10.1.0.10', 1433, 'cpe:2.3:a:microsoft:sql_server:2000:*:*:*:*:*:*:*', 27]);
    // Coyote 1.1 is the connector's version, not Tomcat's: version-less, and said so.
    expect(rows).toContainEqual(['10.1.0.40', 8080, 'cpe:2.3:a:apache:tomcat:*:*:*:*:*:*:*:*', 116]);
    expect(rows).toContainEqual(['10.1.0.21', 21, 'cpe:2.3:a:vsftpd_project:vsftpd:1.0.1:*:*:*:*:*:*:*', 98]);
    expect(rows).toContainEqual(['10.1.0.40', 3306, 'cpe:2.3:a:oracle:mysql:*:*:*:*:*:*:*:*', 114]);
  });

  it('inventories a confident OS match and reports a weak one', () => {
    const os = result.components.filter((component) => component.asset?.port === undefined).map((c) => c.cpe);
    expect(os).toEqual([
      'cpe:2.3:o:microsoft:windows_2000:*:*:*:*:*:*:*:*',
      'cpe:2.3:o:microsoft:windows_nt:4.0:*:*:*:*:*:*:*',
      'cpe:2.3:o:linux:linux_kernel:2.4:*:*:*:*:*:*:*',
    ]);
    expect(result.problems.map((problem) => `${problem.line}: ${problem.message}`)).toContain(
      "54: intranet.corp.example: OS guess 'Microsoft Windows 2000 SP2' is only 72% accurate; not inventoried",
    );
  });

  it('reports open ports it cannot inventory, and version-less products, at their line', () => {
    const messages = result.problems.map((problem) => `${problem.line}: ${problem.message}`);
    expect(messages).toContain(
      "115: 10.1.0.40 5432/tcp: open, but no product identified (service 'postgresql', guessed from the port number); not inventoried",
    );
    expect(messages).toContain(
      "114: 10.1.0.40 3306/tcp: 'MySQL' has no version; it cannot be checked against version ranges",
    );
    // Closed ports (web02 443) are not inventoried and not reported.
    expect(messages.some((message) => message.includes('web02.corp.example 443'))).toBe(false);
    // web01 5 (ftp, IIS, RPC, SQL Server + OS), web02 3, intranet 2, www 4, mail 4, 10.1.0.40 2.
    expect(result.components).toHaveLength(20);
  });

  it("folds port services that only name the host's OS into one OS component per host", () => {
    const web01 = rows
      .filter(([address]) => address === '10.1.0.10')
      .map(([, port, cpe]) => `${port ?? 'os'} ${cpe}`);
    // 139 repeats RPC's generic `o:microsoft:windows`; 445 names windows_2000 like the OS match.
    expect(web01).toEqual([
      '21 cpe:2.3:a:microsoft:ftp_service:*:*:*:*:*:*:*:*',
      '80 cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*',
      '135 cpe:2.3:o:microsoft:windows:*:*:*:*:*:*:*:*',
      '1433 cpe:2.3:a:microsoft:sql_server:2000:*:*:*:*:*:*:*',
      'os cpe:2.3:o:microsoft:windows_2000:*:*:*:*:*:*:*:*',
    ]);
    expect(
      result.problems.some((problem) => /web01\.corp\.example (139|445)\/tcp/.test(problem.message)),
    ).toBe(false);
  });

  it('uses a product string when Nmap printed no CPE', () => {
    const scan = `<?xml version="1.0"?><nmaprun scanner="nmap">
<host><status state="up"/><address addr="192.0.2.7" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="80"><state state="open"/><service name="http" product="Microsoft IIS httpd" version="5.0"/></port></ports></host>
</nmaprun>`;
    const parsed = parseNmapXml(scan, 'one.xml');
    expect(parsed.components.map((component) => component.cpe)).toEqual([
      'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*',
    ]);
  });

  it('accepts a caller-supplied alias table', () => {
    const table = parseNmapAliases(
      'version: 1\naliases:\n  - id: t\n    cpe: a:microsoft:iis\n    nvd: a:microsoft:internet_information_services\n    source: test\n    rationale: test\n',
      'test.yaml',
    );
    const parsed = parseNmapXml(fleet, 'fleet-2001.xml', table);
    expect(parsed.components.find((component) => component.asset?.port === 80)?.cpe).toBe(
      'cpe:2.3:a:microsoft:internet_information_services:5.0:*:*:*:*:*:*:*',
    );
  });

  it('rejects truncated scans, other XML and entity tricks with file and line', () => {
    const truncated = captureWardError(() => parseNmapXml(fleet.slice(0, 3000), 'cut.xml'));
    expect(truncated.file).toBe('cut.xml');
    expect(truncated.line).toBeGreaterThan(0);
    expect(truncated.message).toMatch(/truncated/);
    expect(captureWardError(() => parseNmapXml('<project/>', 'pom.xml')).message).toMatch(/<nmaprun>/);
    expect(captureWardError(() => parseNmapXml('', 'empty.xml')).line).toBe(1);
    const xxe = `<?xml version="1.0"?><!DOCTYPE nmaprun [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<nmaprun><host><status state="up"/><address addr="192.0.2.1" addrtype="ipv4"/><hostnames><hostname name="&x;"/></hostnames></host></nmaprun>`;
    let outcome: string;
    try {
      const parsed = parseNmapXml(xxe, 'xxe.xml');
      outcome = JSON.stringify(parsed.assets);
    } catch (error) {
      outcome = (error as Error).message;
    }
    expect(outcome).not.toMatch(/root:/);
  });
});
