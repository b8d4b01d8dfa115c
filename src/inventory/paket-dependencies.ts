/**
 * Paket `paket.dependencies`: `nuget Name [constraint]` lines (plus `github`/`http`/`git` source
 * files, which are not NuGet packages). Only `= 1.2.3` and `== 1.2.3` pin one version (a bare
 * `1.2.3` means >= in Paket); ranges are reported once (paket.lock has the versions). Comments
 * start with `//` or `#`. https://fsprojects.github.io/Paket/nuget-dependencies.html
 */
import {
  baseName,
  declaredRangesProblem,
  emptyResult,
  makeComponent,
  rejectBinary,
  splitLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const paketDependenciesParser: InventoryParser = {
  id: 'paket-dependencies',
  description: 'Paket paket.dependencies (declared NuGet packages)',
  matches(path) {
    return baseName(path) === 'paket.dependencies';
  },
  parse: parsePaketDependencies,
};

/** Top-level directives of paket.dependencies (options may follow on indented lines). */
const DIRECTIVES = new Set([
  'source',
  'nuget',
  'github',
  'gist',
  'http',
  'git',
  'group',
  'framework',
  'restriction',
  'storage',
  'references',
  'strategy',
  'lowest_matching',
  'redirects',
  'content',
  'copy_local',
  'copy_content_to_output_dir',
  'import_targets',
  'license_download',
  'generate_load_scripts',
  'version',
  'clitool',
  'cache',
  'specific',
  'external_lock',
  'condition',
  'prerelease',
  'download_license',
  'auto-detect',
  'framework:',
  'content:',
]);

export function parsePaketDependencies(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('paket-dependencies');
  const ranged: string[] = [];
  const seen = new Set<string>();
  splitLines(text).forEach((raw, index) => {
    const line = raw.replace(/(\/\/|#).*$/, '').trim();
    if (line === '') return;
    const directive = line.split(/\s/)[0]?.toLowerCase() ?? '';
    if (!DIRECTIVES.has(directive) && !raw.startsWith(' ') && !raw.startsWith('\t')) {
      result.problems.push({
        file: path,
        line: index + 1,
        message: `expected a paket.dependencies directive (source, nuget, github, group …), got ${JSON.stringify(line.slice(0, 60))}`,
        severity: 'error',
      });
      return;
    }
    if (directive !== 'nuget') return;
    const fields = line.slice(6).trim().split(/\s+/);
    const name = fields[0];
    if (name === undefined || name === '') {
      result.problems.push({
        file: path,
        line: index + 1,
        message: 'nuget line without a package name',
        severity: 'error',
      });
      return;
    }
    const operator = fields[1];
    const version = fields[2];
    if ((operator === '=' || operator === '==') && version !== undefined && /^\d/.test(version)) {
      if (seen.has(`${name}@${version}`)) return;
      seen.add(`${name}@${version}`);
      result.components.push(makeComponent('NuGet', name, version, path, index + 1, { direct: true }));
      return;
    }
    ranged.push(name);
  });
  if (ranged.length > 0) result.problems.push(declaredRangesProblem(path, ranged, 'paket.lock'));
  return result;
}
