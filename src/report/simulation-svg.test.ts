import { describe, expect, it } from 'vitest';
import { parseFleet } from '../simulate/fleet.js';
import { runScenario } from '../simulate/scenarios.js';
import { renderSimulationSvg } from './simulation-svg.js';

describe('report/simulation-svg', () => {
  it('draws one curve and legend entry per fleet regime, escaping labels, and is deterministic', async () => {
    const fleet = parseFleet(
      JSON.stringify({
        cve: 'CVE-2001-0500',
        hosts: [
          { id: 'a', address: '192.0.2.1', internetFacing: true, vulnerable: true, patchLagHours: 48 },
          { id: 'b', address: '192.0.2.2', internetFacing: false, vulnerable: true },
        ],
      }),
    );
    const result = await runScenario('fleet', { slaHours: '24,72' }, { runs: 5, seed: 1, fleet, workers: 0 });
    const svg = renderSimulationSvg(result);

    expect(svg).toBe(renderSimulationSvg(result));
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain('current policy (each host&#39;s due date)');
    expect(svg).toContain('SLA 24 h');
    expect(svg).toContain('SLA 72 h');
    expect(svg).not.toContain('5–95%'); // regimes are compared by their means; no band
  });

  it('plots the deterministic model without a band and with the measured points inside the horizon only', async () => {
    const result = await runScenario('codered-v2-2001', { model: 'rcs', hours: 10 }, {});
    const svg = renderSimulationSvg(result);

    expect(svg).toContain('rcs ODE');
    expect(svg).not.toContain('<polygon');
    expect(svg).toContain('CERT: over 250,000 hosts in 9 h');
    expect(svg).not.toContain('CAIDA: 359,104'); // t = 14 h lies beyond a 10 h horizon
  });
});
