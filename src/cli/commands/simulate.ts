/**
 * `ward simulate SCENARIO [--param k=v ...] [--runs N] [--seed S] [--format json|csv|svg|png|table]
 * [--output FILE]`: runs an outbreak model (src/simulate; docs/simulator.md) — mathematical
 * modelling only, no network. `fleet` takes its hosts from `--fleet FILE`, or from a saved scan
 * (`--scan scan.json --assets assets.yaml --cve CVE-…`). `ward simulate --list` prints the scenarios
 * and their parameters.
 */
import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { WardError } from '../../core/errors.js';
import { formatDuration, renderSimulationPng, renderSimulationSvg } from '../../report/simulation-svg.js';
import { loadFleetFile, loadFleetFromScan } from '../../services/simulate-fleet.js';
import type { Fleet } from '../../simulate/fleet.js';
import { runScenario, SCENARIOS } from '../../simulate/scenarios.js';
import type { SimulationResult } from '../../simulate/types.js';

const FORMATS = ['json', 'csv', 'svg', 'png', 'table'] as const;
type SimulateFormat = (typeof FORMATS)[number];

interface SimulateCommandOptions {
  param: string[];
  runs?: string;
  seed?: string;
  format: SimulateFormat;
  output?: string;
  fleet?: string;
  scan?: string;
  assets?: string;
  cve?: string;
  workers?: string;
  list?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      `Model how fast a wormable flaw would spread (${SCENARIOS.map((s) => s.name).join(', ')}); mathematical models only`,
    )
    .argument('[scenario]', 'built-in scenario')
    .option('-p, --param <key=value>', 'override a scenario parameter (repeatable; see --list)', collect, [])
    .option('--runs <n>', 'Monte Carlo runs of the stochastic model (default 100)')
    .option('--seed <n>', 'PRNG seed; the same seed gives the same output (default 1)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('table'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--fleet <file>', 'fleet scenario: hosts, addresses, exposure and patch lags (JSON)')
    .option(
      '--scan <file>',
      'fleet scenario: a `ward scan --format json` report to take vulnerable hosts from',
    )
    .option('--assets <file>', 'fleet scenario with --scan: asset context (addresses, exposure)')
    .option('--cve <id>', 'fleet scenario with --scan: the CVE the worm exploits')
    .option(
      '--workers <n>',
      'worker threads for the Monte Carlo (0 = this thread; default from the work size)',
    )
    .option('--list', 'list the scenarios and their parameters')
    .action(async (scenario: string | undefined, options: SimulateCommandOptions) => {
      if (options.list || scenario === undefined) {
        process.stdout.write(listScenarios());
        return;
      }
      const fleet = scenario === 'fleet' ? await loadFleet(options) : undefined;
      const result = await runScenario(scenario, parseParams(options.param), {
        ...(options.runs === undefined ? {} : { runs: parseInteger(options.runs, '--runs') }),
        ...(options.seed === undefined ? {} : { seed: parseInteger(options.seed, '--seed') }),
        ...(options.workers === undefined ? {} : { workers: parseInteger(options.workers, '--workers') }),
        ...(fleet ? { fleet } : {}),
      });
      const output = render(result, options.format);
      if (options.output) await writeFile(options.output, output);
      else process.stdout.write(output);
    });
}

async function loadFleet(options: SimulateCommandOptions): Promise<Fleet> {
  if (options.fleet) return loadFleetFile(options.fleet);
  if (options.scan && options.assets && options.cve) {
    const { fleet, skipped } = await loadFleetFromScan(options.scan, options.assets, options.cve);
    for (const line of skipped) process.stderr.write(`ward: skipped ${line}\n`);
    return fleet;
  }
  throw new WardError(
    'input.invalid',
    'expected --fleet FILE, or --scan FILE --assets FILE --cve ID, for the fleet scenario',
    {
      field: 'fleet',
    },
  );
}

function parseParams(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const key = equals > 0 ? pair.slice(0, equals).trim() : '';
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) {
      throw new WardError('input.invalid', `expected --param key=value, got "${pair}"`, { field: 'param' });
    }
    params[key] = pair.slice(equals + 1);
  }
  return params;
}

function parseInteger(text: string, flag: string): number {
  if (!/^[0-9]+$/.test(text.trim()))
    throw new WardError('input.invalid', `expected a whole number, got "${text}"`, { field: flag });
  return Number(text);
}

function render(result: SimulationResult, format: SimulateFormat): string | Buffer {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'csv':
      return renderCsv(result);
    case 'svg':
      return renderSimulationSvg(result);
    case 'png':
      return renderSimulationPng(result);
    default:
      return renderTable(result);
  }
}

function renderCsv(result: SimulationResult): string {
  const regimes = result.fleet?.regimes ?? [];
  const header = [
    't',
    'susceptible',
    'infected',
    'removed',
    'everInfected',
    ...(result.bands ? ['infectedP05', 'infectedP50', 'infectedP95'] : []),
    ...regimes.map((regime) => `everInfected_${regime.id}`),
  ];
  const rows = result.series.map((point, i) => [
    point.t,
    point.susceptible,
    point.infected,
    point.removed,
    point.everInfected,
    ...(result.bands ? [result.bands.p05[i], result.bands.p50[i], result.bands.p95[i]] : []),
    ...regimes.map((regime) => regime.everInfected[i]),
  ]);
  return stringify([header, ...rows]);
}

function renderTable(result: SimulationResult): string {
  const { summary } = result;
  const lines = [
    result.title,
    `model: ${result.model}${result.model === 'stochastic' ? ` (${result.runs} runs, seed ${result.seed})` : ''}`,
    `vulnerable hosts:             ${summary.population.toLocaleString('en-US')}`,
    `finally infected:             ${Math.round(summary.finalInfected).toLocaleString('en-US')}`,
    `peak new infections / minute: ${Math.round(summary.peakNewInfectionsPerMinute).toLocaleString('en-US')}`,
    `time to 10% / 50% / 90%:      ${formatDuration(summary.t10)} / ${formatDuration(summary.t50)} / ${formatDuration(summary.t90)}`,
    `early doubling time:          ${formatDuration(summary.doublingTimeSeconds)}`,
  ];
  if (summary.logisticFit) {
    lines.push(
      `logistic fit:                 K = ${summary.logisticFit.kPerHour.toFixed(3)}/h, midpoint ${formatDuration(summary.logisticFit.tMidSeconds)}`,
    );
  }
  if (result.fleet) {
    const fleet = result.fleet;
    lines.push(
      '',
      `fleet: ${fleet.vulnerable} vulnerable of ${fleet.hosts} hosts (${fleet.internetFacing} internet-facing, ${fleet.subnets16} /16s), ${fleet.cve ?? 'no CVE given'}, spreading like ${fleet.worm}`,
      '',
      `${'patch regime'.padEnd(44)} ${'infected before patching'.padStart(26)} ${'5–95%'.padStart(14)} ${'share'.padStart(7)}`,
    );
    for (const regime of fleet.regimes) {
      lines.push(
        `${regime.label.padEnd(44)} ${regime.expectedInfected.toFixed(1).padStart(26)} ${`${regime.p05}–${regime.p95}`.padStart(14)} ${`${(regime.infectedShare * 100).toFixed(1)}%`.padStart(7)}`,
      );
    }
  }
  for (const point of result.measured) lines.push(`measured: ${point.label} (${point.source})`);
  return `${lines.join('\n')}\n`;
}

function listScenarios(): string {
  const lines: string[] = [];
  for (const scenario of SCENARIOS) {
    lines.push(`${scenario.name}: ${scenario.title}`, `  ${scenario.description}`, '  parameters:');
    for (const spec of scenario.parameters) {
      const value = scenario.defaults[spec.key];
      lines.push(
        `    ${spec.key} = ${value === '' ? '(none)' : String(value)}  ${spec.unit ? `[${spec.unit}] ` : ''}${spec.description}`,
      );
    }
    lines.push('  sources:', ...scenario.sources.map((source) => `    - ${source}`), '');
  }
  return `${lines.join('\n')}\n`;
}
