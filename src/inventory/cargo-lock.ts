/**
 * Cargo `Cargo.lock` (TOML, versions 1 to 4): one `[[package]]` table per crate. Crates without
 * a `source` are the workspace's own (path) crates: they are not dependencies, but their
 * `dependencies` lists say which crates are direct.
 * https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html
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

export const cargoLockParser: InventoryParser = {
  id: 'cargo-lock',
  description: 'Cargo Cargo.lock',
  matches(path) {
    return baseName(path) === 'Cargo.lock';
  },
  parse: parseCargoLock,
};

export function parseCargoLock(text: string, path: string): InventoryResult {
  const document = parseToml(text, path);
  const result = emptyResult('cargo-lock');
  const lines = tableArrayLines(text, 'package');
  const packages = tableArray(document, 'package', path);
  // Dependency entries are `name`, `name version` or `name version (source)`.
  const direct = new Set<string>();
  const directNames = new Set<string>();
  for (const entry of packages) {
    if (entry.source !== undefined || !Array.isArray(entry.dependencies)) continue;
    for (const dependency of entry.dependencies) {
      if (typeof dependency !== 'string') continue;
      const [name, version] = dependency.split(' ');
      if (name === undefined) continue;
      if (version === undefined) directNames.add(name);
      else direct.add(`${name} ${version}`);
    }
  }
  packages.forEach((entry, index) => {
    const line = lines[index];
    const identity = packageIdentity(entry, result, path, line);
    if (identity === undefined) return;
    const { name, version } = identity;
    if (entry.source === undefined) return;
    const isDirect = directNames.has(name) || direct.has(`${name} ${version}`);
    result.components.push(makeComponent('crates.io', name, version, path, line, { direct: isDirect }));
  });
  return result;
}
