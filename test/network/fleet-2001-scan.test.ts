/**
 * The 2001 question, end to end: "which of our hosts answer as IIS 4.0/5.0 and so get Code Red?"
 * `scanPaths` reads the demo Nmap scan (examples/demo/network/fleet-2001.nmap.xml) and matches it
 * against the real NVD records in ../shared/data/cves/nvd-api-2.0 plus Ward's overlay
 * (data/overlay, MS01-033): CVE-2001-0500 must be found on the IIS hosts, on every IIS port,
 * and nowhere else (the Apache, OpenSSH, Sendmail and database hosts are negative controls).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOverlay } from '../../src/advisories/overlay.js';
import type { Advisory } from '../../src/advisories/types.js';
import { MemoryAdvisoryIndex } from '../../src/matching/memory-index.js';
import type { ScanReport } from '../../src/report/types.js';
import { loadOverlayRules, readAdvisoryFiles } from '../../src/services/advisory-files.js';
import { scanPaths } from '../../src/services/scan.js';
import { sharedData } from '../support/shared-data.js';

const FLEET = fileURLToPath(new URL('../../examples/demo/network/fleet-2001.nmap.xml', import.meta.url));
const nvd = sharedData('cves/nvd-api-2.0');

describe.skipIf(!nvd.present)('ward scan of the 2001 fleet (Nmap XML × NVD + overlay)', () => {
  let report: ScanReport;
  let advisories: Advisory[];

  beforeAll(async () => {
    const rules = await loadOverlayRules();
    advisories = [];
    // The top-level NVD API 2.0 records (Code Red, Slammer, Blaster, Conficker, WannaCry, Log4Shell).
    for await (const item of readAdvisoryFiles([nvd.path])) {
      if (item.kind === 'advisory') advisories.push(applyOverlay(item.advisory, rules));
    }
    report = await scanPaths([FLEET], {
      index: new MemoryAdvisoryIndex(advisories),
      database: { location: 'memory:nvd-api-2.0+overlay', advisories: advisories.length },
      relativeTo: fileURLToPath(new URL('../../', import.meta.url)),
    });
  });

  it('reads the scan as one file of host services', () => {
    expect(advisories.some((advisory) => advisory.id === 'CVE-2001-0500')).toBe(true);
    expect(report.stats).toMatchObject({ filesScanned: 1, filesFailed: 0, components: 20 });
  });

  it('finds CVE-2001-0500 on exactly the IIS 4.0 and 5.0 services, through the MS01-033 rule', () => {
    const codeRed = report.findings.filter((row) => row.finding.vulnerabilityId === 'CVE-2001-0500');
    const where = codeRed
      .map(
        ({ finding }) =>
          `${finding.component.asset?.address}:${finding.component.asset?.port} ${finding.component.name} ${finding.component.version}`,
      )
      .sort();
    expect(where).toEqual([
      '10.1.0.10:80 Microsoft IIS httpd 5.0',
      '10.1.0.11:80 Microsoft IIS httpd 4.0',
      '10.1.0.12:443 Microsoft IIS httpd 5.0',
      '10.1.0.12:80 Microsoft IIS httpd 5.0',
    ]);
    for (const { finding } of codeRed) {
      expect(finding.evidence.map((evidence) => evidence.rule)).toContain('overlay:ms01-033-iis');
      expect(finding.component.location).toMatchObject({ file: 'examples/demo/network/fleet-2001.nmap.xml' });
      expect(finding.component.location.line).toBeGreaterThan(0);
    }
  });

  it('reports an OS CVE once per host (Blaster on the Windows 2000 and NT 4.0 hosts, not per SMB/RPC port)', () => {
    const blaster = report.findings
      .filter(({ finding }) => finding.vulnerabilityId === 'CVE-2003-0352')
      .map(({ finding }) => finding.component.asset?.address);
    // intranet (10.1.0.12) is Windows too, but its OS guess is 72% sure and not inventoried.
    expect(blaster.sort()).toEqual(['10.1.0.10', '10.1.0.11']);
  });

  it('flags no Apache, OpenSSH, Sendmail, vsftpd or database service with Code Red', () => {
    const iisAddresses = new Set(['10.1.0.10', '10.1.0.11', '10.1.0.12']);
    const elsewhere = report.findings.filter(
      ({ finding }) =>
        finding.vulnerabilityId === 'CVE-2001-0500' &&
        !iisAddresses.has(finding.component.asset?.address ?? ''),
    );
    expect(elsewhere).toEqual([]);
  });
});
