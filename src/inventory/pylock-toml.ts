/**
 * PEP 751 `pylock.toml` / `pylock.<name>.toml` (TOML): one `[[packages]]` table per
 * distribution. `version` is optional in the spec (VCS and directory sources may omit it); such
 * VCS entries are reported as warnings, since a package without a version cannot be matched;
 * `directory` entries (the project itself, local trees) are not components.
 * https://packaging.python.org/en/latest/specifications/pylock-toml/
 */
import {
  baseName,
  emptyResult,
  makeComponent,
  parseToml,
  stringField,
  tableArray,
  tableArrayLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const pylockTomlParser: InventoryParser = {
  id: 'pylock-toml',
  description: 'PEP 751 pylock.toml',
  matches(path) {
    const name = baseName(path);
    return name === 'pylock.toml' || (name.startsWith('pylock.') && name.endsWith('.toml'));
  },
  parse: parsePylockToml,
};

export function parsePylockToml(text: string, path: string): InventoryResult {
  const document = parseToml(text, path);
  const result = emptyResult('pylock-toml');
  const lines = tableArrayLines(text, 'packages');
  tableArray(document, 'packages', path).forEach((entry, index) => {
    const line = lines[index];
    // A `directory` source is the project's own tree (often the project itself): not a dependency.
    if (entry.directory !== undefined) return;
    const name = stringField(entry, 'name');
    const version = stringField(entry, 'version');
    if (name === undefined || version === undefined || version === '') {
      result.problems.push({
        file: path,
        line,
        message: `package ${name ?? '(unnamed)'} has no version (VCS or directory source?); not inventoried`,
        severity: 'warning',
      });
      return;
    }
    result.components.push(makeComponent('PyPI', name, version, path, line));
  });
  return result;
}
