/**
 * Rust `Cargo.toml`: `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]` and their
 * `[target.<cfg>.…]` forms. A bare `"1.2"` is a caret range in Cargo, so only `=1.2.3` pins one
 * version; git and path dependencies have no registry version and are reported; ranges are
 * reported once (Cargo.lock has the versions).
 * https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html
 */
import {
  baseName,
  declaredRangesProblem,
  emptyResult,
  isRecord,
  makeComponent,
  parseToml,
  recordField,
  splitLines,
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const cargoTomlParser: InventoryParser = {
  id: 'cargo-toml',
  description: 'Rust Cargo.toml (declared dependencies)',
  matches(path) {
    return baseName(path) === 'Cargo.toml';
  },
  parse: parseCargoToml,
};

const TABLES = [
  ['dependencies', 'runtime'],
  ['dev-dependencies', 'dev'],
  ['build-dependencies', 'dev'],
] as const;

export function parseCargoToml(text: string, path: string): InventoryResult {
  const manifest = parseToml(text, path);
  const result = emptyResult('cargo-toml');
  const textLines = splitLines(text);
  const lineOf = (name: string): number | undefined => {
    // Plain string comparison (a quoted TOML key may hold any character; no regex built from it).
    const index = textLines.findIndex(
      (line) =>
        line
          .split('=')[0]
          ?.trim()
          .replace(/^"(.*)"$/, '$1') === name,
    );
    return index === -1 ? undefined : index + 1;
  };
  const ranged: string[] = [];
  const tables: [Record<string, unknown>, string][] = [];
  for (const [key, scope] of TABLES) {
    const table = recordField(manifest, key);
    if (table !== undefined) tables.push([table, scope]);
  }
  for (const target of Object.values(recordField(manifest, 'target') ?? {})) {
    if (!isRecord(target)) continue;
    for (const [key, scope] of TABLES) {
      const table = recordField(target, key);
      if (table !== undefined) tables.push([table, scope]);
    }
  }
  for (const [table, scope] of tables) {
    for (const [key, spec] of Object.entries(table)) {
      const line = lineOf(key);
      const detail = isRecord(spec) ? spec : undefined;
      const name = (detail && stringField(detail, 'package')) ?? key;
      if (detail !== undefined && (detail.git !== undefined || detail.path !== undefined)) {
        const valid = typeof (detail.git ?? detail.path) === 'string';
        result.problems.push({
          file: path,
          line,
          field: key,
          message: valid
            ? `${name} is a git or path dependency, not a crates.io version; not inventoried`
            : `${name}: expected git/path to be a string`,
          severity: valid ? 'warning' : 'error',
        });
        continue;
      }
      if (detail?.workspace === true) continue; // declared in the workspace root manifest
      const requirement =
        typeof spec === 'string' ? spec : detail === undefined ? undefined : stringField(detail, 'version');
      const exact =
        requirement === undefined ? undefined : /^=\s*(\d+\.\d+\.\d+\S*)$/.exec(requirement.trim())?.[1];
      if (exact === undefined) {
        ranged.push(name);
        continue;
      }
      result.components.push(makeComponent('crates.io', name, exact, path, line, { direct: true, scope }));
    }
  }
  if (ranged.length > 0) result.problems.push(declaredRangesProblem(path, ranged, 'Cargo.lock'));
  return result;
}
