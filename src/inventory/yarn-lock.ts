/**
 * `yarn.lock`, both generations:
 * - classic (Yarn 1, "# yarn lockfile v1"): Yarn's own text format, read by hand below. It looks
 *   like YAML but is not (`version "1.0.2"` pairs, unquoted `a@^1, a@^2` selector lists), and the
 *   only reader, `@yarnpkg/lockfile`, has been unmaintained since 2018; the format itself is a
 *   few line rules, so a line scanner is simpler and safer than a dependency.
 * - berry (Yarn 2+, has `__metadata`): real YAML, read with `yaml`. Each entry's `resolution`
 *   (`name@npm:1.2.3`) names the package actually installed.
 * Classic lockfiles do not record the project's own dependency lists, so `direct` stays
 * undefined; berry records workspaces, whose dependency descriptors mark the direct entries.
 * https://classic.yarnpkg.com/lang/en/docs/yarn-lock/ · https://yarnpkg.com/advanced/lockfile
 */
import type { Problem } from '../core/errors.js';
import {
  baseName,
  emptyResult,
  invalidInput,
  isRecord,
  makeComponent,
  parseYamlWithLines,
  rejectBinary,
  splitLines,
  stringField,
} from './lockfile-support.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

/** Protocols whose packages live in the project itself, not in a registry. */
const LOCAL_PROTOCOLS = ['workspace:', 'link:', 'portal:', 'file:'] as const;

export const yarnLockParser: InventoryParser = {
  id: 'yarn-lock',
  description: 'Yarn yarn.lock (classic v1 and berry v2+)',
  matches(path) {
    return baseName(path) === 'yarn.lock';
  },
  parse: parseYarnLock,
};

export function parseYarnLock(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  // Berry files start with a comment header and then `__metadata:`; classic files never have it.
  return /^__metadata:/m.test(text) ? parseBerry(text, path) : parseClassic(text, path);
}

/** Split `"a@^1", a@npm:b@^2` into selectors without quotes. */
function splitSelectors(header: string): string[] {
  return header
    .split(',')
    .map((part) => unquote(part.trim()))
    .filter((part) => part !== '');
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** `@scope/a@^1.0.0` → [`@scope/a`, `^1.0.0`]; the name's own leading `@` is not the separator. */
function splitDescriptor(descriptor: string): [string, string] {
  const at = descriptor.indexOf('@', 1);
  return at === -1 ? [descriptor, ''] : [descriptor.slice(0, at), descriptor.slice(at + 1)];
}

function isLocalRange(range: string): boolean {
  return LOCAL_PROTOCOLS.some((protocol) => range.startsWith(protocol));
}

/** Name to report for a selector: an `npm:` alias (`x@npm:real@^1`) installs `real`. */
function installedName(selector: string): string {
  const [name, range] = splitDescriptor(selector);
  if (range.startsWith('npm:')) {
    const [aliased, aliasRange] = splitDescriptor(range.slice(4));
    if (aliasRange !== '') return aliased;
  }
  return name;
}

function parseClassic(text: string, path: string): InventoryResult {
  const result = emptyResult('yarn-lock');
  const lines = splitLines(text);
  let current: { selectors: string[]; line: number; version?: string } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    addClassicEntry(current, path, result.components, result.problems);
    current = undefined;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      flush();
      if (!line.endsWith(':')) {
        throw invalidInput(
          path,
          `expected a yarn.lock entry header ending in ':', got ${JSON.stringify(line.slice(0, 80))}`,
          index + 1,
        );
      }
      current = { selectors: splitSelectors(line.slice(0, -1)), line: index + 1 };
      continue;
    }
    if (current === undefined) {
      throw invalidInput(path, 'expected a yarn.lock entry header, got an indented line', index + 1);
    }
    // Only the entry's own fields (two spaces) matter; deeper lines list its dependencies.
    if (line.startsWith('  ') && !line.startsWith('   ')) {
      const field = line.trim();
      const space = field.indexOf(' ');
      if (space !== -1 && unquote(field.slice(0, space)) === 'version') {
        current.version = unquote(field.slice(space + 1).trim());
      }
    }
  }
  flush();
  return result;
}

function addClassicEntry(
  entry: { selectors: string[]; line: number; version?: string },
  path: string,
  components: Component[],
  problems: Problem[],
): void {
  const first = entry.selectors[0];
  if (first === undefined) return;
  // Selectors that resolve alike share one entry, so one local selector (`file:`, `link:`) means
  // the entry is that local package (it has no registry `resolved` URL), whatever the others say.
  if (entry.selectors.some((selector) => isLocalRange(splitDescriptor(selector)[1]))) return;
  const name = installedName(first);
  if (entry.version === undefined || entry.version === '') {
    problems.push({
      file: path,
      line: entry.line,
      message: `package ${name} has no version`,
      severity: 'error',
    });
    return;
  }
  components.push(makeComponent('npm', name, entry.version, path, entry.line));
}

function parseBerry(text: string, path: string): InventoryResult {
  const result = emptyResult('yarn-lock');
  const parsed = parseYamlWithLines(text, path);
  if (!isRecord(parsed.data)) throw invalidInput(path, 'expected a YAML mapping of yarn.lock entries', 1);
  const keyLines = parsed.keyLines();
  const entries = Object.entries(parsed.data).filter(([key]) => key !== '__metadata');
  const direct = workspaceDescriptors(entries);
  for (const [key, entry] of entries) {
    const line = keyLines.get(key);
    if (!isRecord(entry)) {
      result.problems.push({ file: path, line, message: `entry ${key} is not a mapping`, severity: 'error' });
      continue;
    }
    const resolution = stringField(entry, 'resolution') ?? splitSelectors(key)[0] ?? key;
    const [resolvedName, reference] = splitDescriptor(resolution);
    if (isLocalRange(reference)) continue;
    // `patch:` wraps another locator (`resolve@patch:resolve@npm%3A1.22.1#…`): the package is
    // still `resolve` at `version`, with a local patch applied.
    const version = entry.version === undefined ? undefined : String(entry.version);
    if (version === undefined || version === '') {
      result.problems.push({
        file: path,
        line,
        message: `package ${resolvedName} has no version`,
        severity: 'error',
      });
      continue;
    }
    const selectors = splitSelectors(key);
    result.components.push(
      makeComponent('npm', resolvedName, version, path, line, {
        direct: selectors.some((selector) => direct.has(normaliseDescriptor(selector))),
      }),
    );
  }
  return result;
}

/** Descriptors (`name@npm:^1.0.0`) that some workspace depends on directly. */
function workspaceDescriptors(entries: [string, unknown][]): Set<string> {
  const direct = new Set<string>();
  for (const [, entry] of entries) {
    if (!isRecord(entry)) continue;
    const resolution = stringField(entry, 'resolution') ?? '';
    if (!splitDescriptor(resolution)[1].startsWith('workspace:')) continue;
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
      const deps = entry[field];
      if (!isRecord(deps)) continue;
      for (const [name, range] of Object.entries(deps))
        direct.add(normaliseDescriptor(`${name}@${String(range)}`));
    }
  }
  return direct;
}

/** Berry writes `a@npm:^1` in keys but may write bare `^1` in dependency maps (npm is implied). */
function normaliseDescriptor(descriptor: string): string {
  const [name, range] = splitDescriptor(descriptor);
  return /^[a-z]+:/.test(range) ? `${name}@${range}` : `${name}@npm:${range}`;
}
