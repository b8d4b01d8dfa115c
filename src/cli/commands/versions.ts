/**
 * `ward versions compare ECOSYSTEM A B` prints `<`, `=` or `>` (like `dpkg --compare-versions`);
 * `ward versions sort ECOSYSTEM` reads one version per line on stdin and prints them ascending,
 * equal versions in input order (like `sort -V`, but with the ecosystem's own rules).
 * Unknown ecosystem or unparsable version → WardError → exit 2.
 */
import type { Command } from 'commander';
import { WardError } from '../../core/errors.js';
import {
  compareVersions,
  listVersionEcosystems,
  requireVersionScheme,
  sortVersions,
} from '../../versions/index.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function symbolFor(diff: -1 | 0 | 1): string {
  if (diff < 0) return '<';
  return diff > 0 ? '>' : '=';
}

export function registerVersionsCommand(program: Command): void {
  const versions = program
    .command('versions')
    .description(
      `Compare and sort versions with an ecosystem's own ordering (${listVersionEcosystems().join(', ')})`,
    );

  versions
    .command('compare')
    .description('print <, = or > as version A sorts before, equal to or after version B')
    .argument('<ecosystem>', 'OSV ecosystem name, e.g. npm, PyPI, Debian:12')
    .argument('<a>', 'first version')
    .argument('<b>', 'second version')
    .action((ecosystem: string, a: string, b: string) => {
      process.stdout.write(`${symbolFor(compareVersions(ecosystem, a, b))}\n`);
    });

  versions
    .command('sort')
    .description('read one version per line on stdin and print them in ascending order (blank lines ignored)')
    .argument('<ecosystem>', 'OSV ecosystem name, e.g. npm, PyPI, Debian:12')
    .action(async (ecosystem: string) => {
      requireVersionScheme(ecosystem);
      const lines = (await readStdin()).split(/\r?\n/);
      const entries = lines
        .map((text, index) => ({ text: text.trim(), line: index + 1 }))
        .filter((e) => e.text !== '');
      let sorted: string[];
      try {
        sorted = sortVersions(
          ecosystem,
          entries.map((entry) => entry.text),
        );
      } catch (error) {
        // sortVersions counts non-blank entries; report the line number of the input instead.
        if (error instanceof WardError && error.line !== undefined) {
          const entry = entries[error.line - 1];
          throw new WardError(
            'input.invalid',
            `expected a ${ecosystem} version, got '${entry?.text ?? ''}'`,
            {
              file: '<stdin>',
              line: entry?.line ?? error.line,
            },
          );
        }
        throw error;
      }
      process.stdout.write(sorted.map((version) => `${version}\n`).join(''));
    });
}
