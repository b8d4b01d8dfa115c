/**
 * PDM `pdm.lock` (TOML): one `[[package]]` table per distribution, with the dependency `groups`
 * that pull it in (`default` is the runtime group). The lockfile does not record which packages
 * pyproject.toml names, so `direct` stays undefined.
 * https://pdm-project.org/latest/usage/lockfile/
 */
import {
  baseName,
  emptyResult,
  makeComponent,
  packageIdentity,
  parseToml,
  tableArray,
  tableArrayLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const pdmLockParser: InventoryParser = {
  id: 'pdm-lock',
  description: 'PDM pdm.lock',
  matches(path) {
    return baseName(path) === 'pdm.lock';
  },
  parse: parsePdmLock,
};

export function parsePdmLock(text: string, path: string): InventoryResult {
  const document = parseToml(text, path);
  const result = emptyResult('pdm-lock');
  const lines = tableArrayLines(text, 'package');
  tableArray(document, 'package', path).forEach((entry, index) => {
    const line = lines[index];
    const identity = packageIdentity(entry, result, path, line);
    if (identity === undefined) return;
    const { name, version } = identity;
    const groups = Array.isArray(entry.groups) ? entry.groups : [];
    const scope = groups.length === 0 || groups.includes('default') ? 'runtime' : 'dev';
    result.components.push(makeComponent('PyPI', name, version, path, line, { scope }));
  });
  return result;
}
