/**
 * R `renv.lock` (JSON): `Packages` maps each package to `{Package, Version, Source, Repository}`.
 * CRAN and Bioconductor packages are identified by name and version; GitHub and other remote
 * sources are still the same R packages, so they are kept (the version is the one the package
 * declares). https://rstudio.github.io/renv/articles/lockfile.html
 */
import {
  baseName,
  emptyResult,
  isRecord,
  keyLine,
  locateJsonKeys,
  makeComponent,
  parseJsonObject,
  recordField,
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const renvLockParser: InventoryParser = {
  id: 'renv-lock',
  description: 'R renv.lock',
  matches(path) {
    return baseName(path) === 'renv.lock';
  },
  parse: parseRenvLock,
};

export function parseRenvLock(text: string, path: string): InventoryResult {
  const lock = parseJsonObject(text, path, 'an renv.lock');
  const result = emptyResult('renv-lock');
  const lines = locateJsonKeys(text, 2);
  for (const [key, entry] of Object.entries(recordField(lock, 'Packages') ?? {})) {
    const line = keyLine(lines, 'Packages', key);
    const name = isRecord(entry) ? (stringField(entry, 'Package') ?? key) : key;
    const version = isRecord(entry) ? stringField(entry, 'Version') : undefined;
    if (version === undefined || version === '') {
      result.problems.push({
        file: path,
        line,
        message: `package ${name} has no Version`,
        severity: 'error',
      });
      continue;
    }
    // OSV files Bioconductor packages under their own ecosystem.
    const ecosystem =
      isRecord(entry) && stringField(entry, 'Source') === 'Bioconductor' ? 'Bioconductor' : 'CRAN';
    result.components.push(makeComponent(ecosystem, name, version, path, line));
  }
  return result;
}
