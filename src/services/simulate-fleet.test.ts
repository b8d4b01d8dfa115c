import { describe, expect, it } from 'vitest';
import { WardError } from '../core/errors.js';
import { parseIpv4 } from '../simulate/fleet.js';
import { fleetFromScanReport, loadFleetFile, loadFleetFromScan } from './simulate-fleet.js';

const SCAN = 'test/fixtures/simulate/scan-2001.json';
const ASSETS = 'examples/demo/assets.yaml';

describe('services/simulate-fleet', () => {
  it('joins CVE-2001-0500 findings with the demo assets: addresses, exposure and the due-date lag', async () => {
    const { fleet, skipped } = await loadFleetFromScan(SCAN, ASSETS, 'cve-2001-0500');
    const byId = new Map(fleet.hosts.map((host) => [host.id, host]));

    expect(fleet.cve).toBe('CVE-2001-0500');
    expect(skipped).toEqual([]);
    expect(fleet.hosts.filter((host) => host.vulnerable).map((host) => host.id)).toEqual([
      'web01.corp.example',
      'web02.corp.example',
      'intranet.corp.example',
      '10.1.7.40',
    ]);
    expect(byId.get('web01.corp.example')).toMatchObject({
      address: parseIpv4('10.1.0.10'),
      internetFacing: true,
      // published 2001-06-18 → due 2001-07-18, end of that day: 31 days (rounded to 0.01 h).
      patchLagHours: 744,
    });
    // Listed under MS01-033 with the CVE as an alias; an internal host.
    expect(byId.get('intranet.corp.example')).toMatchObject({ internetFacing: false, vulnerable: true });
    // Not vulnerable (Apache) but still on the network.
    expect(byId.get('www.example.org')?.vulnerable).toBe(false);
    // The unknown address takes the asset file's default exposure (internal) and its first-seen clock.
    expect(byId.get('10.1.7.40')).toMatchObject({ internetFacing: false, patchLagHours: 744 });
  });

  it('leaves out suppressed findings and names vulnerable hosts it cannot place', () => {
    const report = {
      findings: [
        { vulnerabilityId: 'CVE-2001-0500', aliases: [], asset: { id: 'kiosk' }, suppression: null },
        {
          vulnerabilityId: 'CVE-2001-0500',
          aliases: [],
          asset: { id: 'vexed', address: '10.0.0.9' },
          suppression: { state: 'not_affected' },
        },
      ],
    };
    const { fleet, skipped } = fleetFromScanReport(report, { assets: [] }, 'CVE-2001-0500');

    expect(fleet.hosts).toEqual([]);
    expect(skipped).toEqual(['kiosk: finding for CVE-2001-0500 without an IPv4 address']);
  });

  it('rejects a report without findings and a malformed CVE id, naming the field', () => {
    expect(() => fleetFromScanReport({ results: [] }, { assets: [] }, 'CVE-2001-0500', 'x.json')).toThrow(
      /findings/,
    );
    try {
      fleetFromScanReport({ findings: [] }, { assets: [] }, 'MS01-033');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WardError);
      expect((error as WardError).field).toBe('cve');
    }
  });

  it('reads a fleet document, subnets included', async () => {
    const fleet = await loadFleetFile('test/fixtures/simulate/fleet-2001.json');

    expect(fleet.hosts).toHaveLength(8);
    expect(fleet.hosts.find((host) => host.id === 'lab-iis')?.address).toBe(parseIpv4('10.9.0.0'));
  });
});
