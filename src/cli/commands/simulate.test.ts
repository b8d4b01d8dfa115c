import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWard } from '../../../test/support/cli.js';
import { loadFleetFile } from '../../services/simulate-fleet.js';
import { runScenario } from '../../simulate/scenarios.js';
import type { SimulationResult } from '../../simulate/types.js';

const FLEET = 'test/fixtures/simulate/fleet-2001.json';

// Each case starts the real CLI as a child process; cases that need no process (determinism, the
// parameter checks) are in src/simulate/validation.test.ts and compare in-process here.
describe('src/cli/commands/simulate', () => {
  it('prints the JSON contract for codered-v2-2001, equal to the library result for the same seed', async () => {
    const run = await runWard([
      'simulate',
      'codered-v2-2001',
      '--runs',
      '8',
      '--seed',
      '7',
      '-p',
      'hours=14',
      '--format',
      'json',
    ]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as SimulationResult;
    expect(result).toEqual(await runScenario('codered-v2-2001', { hours: '14' }, { runs: 8, seed: 7 }));
    expect(result.scenario).toBe('codered-v2-2001');
    expect(result.parameters.hours).toBe(14);
    expect(result.series).toHaveLength(14 * 60 + 1);
    expect(result.series[840]?.t).toBe(14 * 3600);
    expect(Object.keys(result.series[0] ?? {})).toEqual([
      't',
      'susceptible',
      'infected',
      'removed',
      'everInfected',
    ]);
    expect(result.summary.finalInfected).toBeGreaterThan(340_000);
    expect(result.summary.t10).toBeLessThan(result.summary.t50 ?? 0);
    expect(result.summary.t50).toBeLessThan(result.summary.t90 ?? 0);
    expect(result.bands?.p95).toHaveLength(841);
    expect(result.measured.map((point) => point.infected)).toContain(359_104);
  });

  it('writes CSV with one row per step and the band columns; draws SVG with axes, legend and measured points, and PNG with --output', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ward-simulate-'));
    const file = join(folder, 'crv2.png');
    const [csv, svg, png] = await Promise.all([
      runWard(['simulate', 'slammer-2003', '--runs', '3', '-p', 'hours=0.1', '-f', 'csv']),
      runWard(['simulate', 'codered-v2-2001', '--runs', '4', '-f', 'svg']),
      runWard(['simulate', 'codered-v2-2001', '--runs', '4', '-f', 'png', '-o', file]),
    ]);

    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('t,susceptible,infected,removed,everInfected,infectedP05,infectedP50,infectedP95');
    expect(lines).toHaveLength(1 + 360 / 0.25 + 1);
    expect(svg.code).toBe(0);
    expect(svg.stdout.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.stdout).toContain('time since release (hours)');
    expect(svg.stdout).toContain('infected, 5–95% of 4 runs');
    expect(svg.stdout).toContain('CAIDA: 359,104 unique IPs');
    expect(png.code).toBe(0);
    expect(png.stdout).toBe('');
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('compares patch regimes for a fleet: a 72-hour SLA lets no more hosts be infected than 30 days', async () => {
    const run = await runWard([
      'simulate',
      'fleet',
      '--fleet',
      FLEET,
      '--runs',
      '40',
      '-f',
      'json',
      '-p',
      'worm=codered-v2-2001',
    ]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as SimulationResult;
    expect(result.fleet?.vulnerable).toBe(6);
    expect(result.fleet?.internetFacing).toBe(3);
    const regimes = new Map(result.fleet?.regimes.map((regime) => [regime.id, regime]));
    expect([...regimes.keys()]).toEqual(['current', 'pci-30d', 'kev', '7d', '72h']);
    // Code Red saturates the internet in hours, so the three exposed hosts are infected under any
    // SLA measured in days, unless the patch came before the worm (leadDays).
    expect(regimes.get('72h')?.expectedInfected).toBeLessThanOrEqual(
      regimes.get('pci-30d')?.expectedInfected ?? 0,
    );
    expect(regimes.get('pci-30d')?.expectedInfected).toBeGreaterThanOrEqual(2.5);

    // With the patch out 25 days before the worm (Code Red: 18 June → 19 July 2001), a 72 h SLA has
    // patched everything; 30 days leaves about 1/6 of each host's window open.
    const withLead = await runScenario(
      'fleet',
      { worm: 'codered-v2-2001', leadDays: 25, slaHours: '72,720' },
      { runs: 40, seed: 1, fleet: await loadFleetFile(FLEET) },
    );
    const byId = new Map(withLead.fleet?.regimes.map((regime) => [regime.id, regime]));
    expect(byId.get('72h')?.expectedInfected).toBe(0);
    expect(byId.get('720h')?.expectedInfected).toBeLessThan(regimes.get('pci-30d')?.expectedInfected ?? 0);
  });

  it('takes the fleet from a saved scan and the asset file', async () => {
    const run = await runWard([
      'simulate',
      'fleet',
      '--scan',
      'test/fixtures/simulate/scan-2001.json',
      '--assets',
      'examples/demo/assets.yaml',
      '--cve',
      'CVE-2001-0500',
      '--runs',
      '10',
      '-f',
      'table',
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('fleet: 4 vulnerable of');
    expect(run.stdout).toContain('current policy');
    expect(run.stdout).toContain('72 hours');
  });

  it('exits 2 naming the problem for an unknown scenario, a value out of range and a fleet without hosts; --list prints scenarios and sources', async () => {
    const [unknown, value, fleet, list] = await Promise.all([
      runWard(['simulate', 'nimda-2001']),
      runWard(['simulate', 'slammer-2003', '-p', 'scanRate=-1']),
      runWard(['simulate', 'fleet']),
      runWard(['simulate', '--list']),
    ]);

    expect([unknown.code, value.code, fleet.code]).toEqual([2, 2, 2]);
    expect(unknown.stderr).toContain('got "nimda-2001"');
    expect(value.stderr).toContain('param.scanRate');
    expect(fleet.stderr).toContain('--fleet FILE');
    expect(list.code).toBe(0);
    for (const name of ['codered-v2-2001', 'codered-ii-2001', 'slammer-2003', 'fleet']) {
      expect(list.stdout).toContain(`${name}:`);
    }
    expect(list.stdout).toContain('Inside the Slammer Worm');
  });
});
