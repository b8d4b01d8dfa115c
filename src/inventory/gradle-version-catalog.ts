/**
 * Gradle version catalog `gradle/libs.versions.toml`: `[libraries]` declares modules as
 * `"group:artifact:version"`, `{ module = "group:artifact", version = … }` or `{ group, name,
 * version }`, the version a string, a `version.ref` into `[versions]`, or a rich version
 * (`strictly`, `require`, `prefer`). `[bundles]` and `[plugins]` are not libraries. Entries
 * without a version (managed by a platform) are reported. These are the build's declared (direct)
 * dependencies. https://docs.gradle.org/current/userguide/platforms.html#sub:version-catalog-declaration
 */
import {
  emptyResult,
  isRecord,
  makeComponent,
  parseToml,
  recordField,
  splitLines,
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const gradleVersionCatalogParser: InventoryParser = {
  id: 'gradle-version-catalog',
  description: 'Gradle version catalog (libs.versions.toml)',
  matches(path) {
    return path.endsWith('.versions.toml');
  },
  parse: parseGradleVersionCatalog,
};

export function parseGradleVersionCatalog(text: string, path: string): InventoryResult {
  const catalog = parseToml(text, path);
  const result = emptyResult('gradle-version-catalog');
  const versions = recordField(catalog, 'versions') ?? {};
  // Line of each library key inside [libraries] (smol-toml drops positions).
  const keyLines = new Map<string, number>();
  let inLibraries = false;
  splitLines(text).forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('[')) inLibraries = line === '[libraries]';
    else if (inLibraries) {
      const key = /^("?)([A-Za-z0-9_.-]+)\1\s*=/.exec(line)?.[2];
      if (key !== undefined && !keyLines.has(key)) keyLines.set(key, index + 1);
    }
  });
  const versionOf = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (!isRecord(value)) return undefined;
    const ref = stringField(value, 'ref');
    if (ref !== undefined) return versionOf(versions[ref]);
    return stringField(value, 'strictly') ?? stringField(value, 'require') ?? stringField(value, 'prefer');
  };
  for (const [key, value] of Object.entries(recordField(catalog, 'libraries') ?? {})) {
    const line = keyLines.get(key);
    let coordinates: string | undefined;
    let version: string | undefined;
    if (typeof value === 'string') {
      const parts = value.split(':');
      coordinates = parts.slice(0, 2).join(':');
      version = parts[2];
      if (parts.length < 2) coordinates = undefined;
    } else if (isRecord(value)) {
      const module = stringField(value, 'module');
      const group = stringField(value, 'group');
      const name = stringField(value, 'name');
      coordinates = module ?? (group !== undefined && name !== undefined ? `${group}:${name}` : undefined);
      version = versionOf(value.version);
    }
    if (coordinates === undefined) {
      result.problems.push({
        file: path,
        line,
        field: `libraries.${key}`,
        message: 'expected a module or group and name',
        severity: 'error',
      });
      continue;
    }
    if (version === undefined || version === '') {
      result.problems.push({
        file: path,
        line,
        field: `libraries.${key}`,
        message: `${coordinates} has no version here (managed by a platform or BOM?); not inventoried`,
        severity: 'warning',
      });
      continue;
    }
    result.components.push(makeComponent('Maven', coordinates, version, path, line, { direct: true }));
  }
  return result;
}
