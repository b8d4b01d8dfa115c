/**
 * `npm run bench [suite...]`: runs every suite registered below (or the named ones) and prints a
 * table with each figure, its ratio to its baseline from the same run, and the goal.
 */
import os from 'node:os';
import { advisoriesSuite } from './advisories.js';
import { type BenchFigure, type BenchSuite, formatNumber } from './harness.js';
import { prioritizeSuite } from './prioritize.js';
import { scanSuite } from './scan.js';
import { simulateSuite } from './simulate.js';
import { storeSuite } from './store.js';
import { versionsSuite } from './versions.js';

/** Every suite, alphabetical. Adding a suite = one import and one entry here. */
const SUITES: readonly BenchSuite[] = [
  advisoriesSuite,
  prioritizeSuite,
  scanSuite,
  simulateSuite,
  storeSuite,
  versionsSuite,
];

const wanted = new Set(process.argv.slice(2));
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `ward bench — node ${process.version}, ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);

for (const suite of SUITES) {
  if (wanted.size > 0 && !wanted.has(suite.name)) continue;
  console.log(`\n## ${suite.name}`);
  const figures = await suite.run();
  const byName = new Map(figures.map((figure) => [figure.name, figure]));
  for (const figure of figures) printFigure(figure, byName);
}

function printFigure(figure: BenchFigure, byName: Map<string, BenchFigure>): void {
  const base = figure.baseline ? byName.get(figure.baseline) : undefined;
  const ratio = base ? `  ${(figure.value / base.value).toFixed(2)}× ${base.name}` : '';
  const goal = figure.goal ? `  goal ${figure.goal} ${figure.goalMet ? 'met' : 'NOT met'}` : '';
  const note = figure.note ? `  (${figure.note})` : '';
  console.log(
    `${figure.name.padEnd(48)} ${formatNumber(figure.value).padStart(14)} ${figure.unit}${ratio}${goal}${note}`,
  );
}
