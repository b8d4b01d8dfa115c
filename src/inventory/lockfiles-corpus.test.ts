/**
 * Every lockfile and manifest in ../shared/data/lockfiles goes through Ward's parser for its
 * format. Component counts are checked against counts computed here by a separate, deliberately
 * simple method (a plain JSON/TOML/YAML walk or a line count that never calls the parser), so a
 * parser that silently drops or duplicates components fails. Files that are malformed on purpose
 * must fail with a WardError naming the file.
 *
 * Not covered here: the host package databases (dpkg-status, apk-installed, pacman-local-desc,
 * os-release, Windows) and the SBOMs inside osv-scanner-e2e, which sbom-host-corpus.test.ts
 * checks, and osv-scanner-e2e's ground-truth JSONL, which the matching tests use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { sharedData } from '../../test/support/shared-data.js';
import { WardError } from '../core/errors.js';
import { detectParsers, getParser } from './registry.js';
import type { InventoryParser } from './types.js';

const corpus = sharedData('lockfiles');

/** Folders another test owns (host databases) — not lockfiles. */
const OTHER_TESTS = new Set(['apk-installed', 'dpkg-status', 'pacman-local-desc']);

const NOT_DATA = /(^|\/)(README\.md|LICENSE(\.md)?)$/;

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

// ----- independent counts ----------------------------------------------------------------------
// Each returns the number of distinct name@version components the file declares, by the rules the
// format documents (which entries are the project itself, which are local code).

type Counter = (text: string, file: string) => number;

const distinct = (keys: Iterable<string>): number => new Set(keys).size;
const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const lines = (text: string): string[] => text.split(/\r?\n/);

/** package-lock v2/v3 `packages` (install paths, minus links and the root); v1 `dependencies` tree. */
const countPackageLock: Counter = (text) => {
  const lock = asRecord(JSON.parse(text));
  const keys: string[] = [];
  const packages = asRecord(lock.packages);
  if (Object.keys(packages).length > 0) {
    for (const [path, value] of Object.entries(packages)) {
      const entry = asRecord(value);
      const cut = path.lastIndexOf('node_modules/');
      if (cut === -1 || entry.link === true || typeof entry.version !== 'string') continue;
      const name = typeof entry.name === 'string' ? entry.name : path.slice(cut + 'node_modules/'.length);
      keys.push(`${name}@${entry.version}`);
    }
    return distinct(keys);
  }
  const visit = (dependencies: unknown) => {
    for (const [name, value] of Object.entries(asRecord(dependencies))) {
      const entry = asRecord(value);
      let version = String(entry.version);
      let realName = name;
      if (version.startsWith('npm:')) {
        const at = version.lastIndexOf('@');
        realName = version.slice(4, at);
        version = version.slice(at + 1);
      }
      if (!version.startsWith('file:')) keys.push(`${realName}@${version}`);
      visit(entry.dependencies);
    }
  };
  visit(lock.dependencies);
  return distinct(keys);
};

/** yarn.lock: entry headers (unindented lines ending in ':'), minus berry's workspace entries. */
const countYarnLock: Counter = (text) => {
  const keys: string[] = [];
  let header: string | undefined;
  for (const line of lines(text)) {
    if (line !== '' && !line.startsWith(' ') && !line.startsWith('#') && line.endsWith(':')) {
      header = line === '__metadata:' ? undefined : line;
      continue;
    }
    const version = /^ {2}"?version"?:? "?([^"\s]+)"?$/.exec(line);
    if (header !== undefined && version?.[1] !== undefined) {
      if (!/@(workspace|link|portal|file):/.test(header)) {
        const first = (header.split(',')[0] ?? '').trim().replace(/^"/, '');
        const at = first.indexOf('@', 1);
        const name = first.slice(0, at);
        const alias = /@npm:(@?[^@]+)@/.exec(first);
        keys.push(`${alias?.[1] ?? name}@${version[1]}`);
      }
      header = undefined;
    }
  }
  return distinct(keys);
};

/**
 * pnpm-lock.yaml: entries of `packages` (v5–v9; v9 keeps peer variants in `snapshots` only), by
 * their `name`/`version` fields when present (git and tarball entries), else by the key.
 */
const countPnpmLock: Counter = (text) => {
  const lock = asRecord(parseYaml(text));
  const keys: string[] = [];
  for (const [key, value] of Object.entries(asRecord(lock.packages))) {
    const entry = asRecord(value);
    // `file:` entries are local folders and tarballs, not registry packages.
    if (key.startsWith('file:')) continue;
    if (typeof entry.name === 'string' && typeof entry.version === 'string') {
      keys.push(`${entry.name}@${entry.version}`);
      continue;
    }
    // `/name/1.0.0_peer`, `/name@1.0.0(peer)` or `name@1.0.0`: strip peers, then split at the last
    // separator between name and version.
    const bare = key.replace(/^\//, '').replace(/\(.*$/, '');
    // Git and tarball keys without a semver-looking version are not registry packages.
    if (!/[@/]\d[^/]*$/.test(bare)) continue;
    const at = bare.lastIndexOf('@');
    if (at > 0) {
      keys.push(bare);
      continue;
    }
    const slash = bare.lastIndexOf('/');
    keys.push(`${bare.slice(0, slash)}@${bare.slice(slash + 1).replace(/_.*$/, '')}`);
  }
  return distinct(keys);
};

/** requirements.txt: lines pinning a name with `==` / `===` (comments and options dropped). */
const countRequirements: Counter = (text) => {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const keys: string[] = [];
  for (const raw of lines(joined)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const pin =
      /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*===?\s*([A-Za-z0-9][A-Za-z0-9.!+_-]*)\s*(;.*)?(\s-.*)?$/.exec(
        line,
      );
    if (pin?.[1] !== undefined && pin[3] !== undefined && !pin[3].includes('*')) {
      keys.push(`${pin[1].toLowerCase().replace(/[-_.]+/g, '-')}@${pin[3]}`);
    }
  }
  return distinct(keys);
};

/** TOML `[[package]]` tables with a version, minus the project itself (uv's virtual/editable root). */
const countTomlPackages: Counter = (text) => {
  if (text.trim() === '') return 0;
  const document = parseToml(text) as Record<string, unknown>;
  const packages = Array.isArray(document.package)
    ? document.package
    : Array.isArray(document.packages)
      ? document.packages
      : [];
  const keys: string[] = [];
  for (const item of packages) {
    const entry = asRecord(item);
    const source = asRecord(entry.source);
    if (typeof entry.version !== 'string') continue;
    if ('virtual' in source || 'editable' in source) continue;
    keys.push(`${String(entry.name).toLowerCase()}@${entry.version}`);
  }
  return distinct(keys);
};

/** Cargo.lock: `[[package]]` with a `source` (no source = the workspace's own crates). */
const countCargoLock: Counter = (text) => {
  const document = parseToml(text) as Record<string, unknown>;
  const packages = Array.isArray(document.package) ? document.package : [];
  return distinct(
    packages
      .map(asRecord)
      .flatMap((entry) => (entry.source === undefined ? [] : [`${entry.name}@${entry.version}`])),
  );
};

/** Pipfile.lock: entries of `default` and `develop` with a `==` version. */
const countPipfileLock: Counter = (text) => {
  const lock = asRecord(JSON.parse(text));
  const keys: string[] = [];
  for (const group of ['default', 'develop']) {
    for (const [name, value] of Object.entries(asRecord(lock[group]))) {
      const version = asRecord(value).version;
      if (typeof version === 'string') keys.push(`${name}@${version.replace(/^==/, '')}`);
    }
  }
  return distinct(keys);
};

/** composer.lock: `packages` plus `packages-dev`. */
const countComposerLock: Counter = (text) => {
  const lock = asRecord(JSON.parse(text));
  const all = [lock.packages, lock['packages-dev']].flatMap((list) => (Array.isArray(list) ? list : []));
  return distinct(all.map((item) => `${asRecord(item).name}@${asRecord(item).version}`));
};

/** Gemfile.lock: four-space-indented `name (version)` lines in the specs of GEM/GIT/PATH sections. */
const countGemfileLock: Counter = (text) => {
  const keys: string[] = [];
  let section = '';
  for (const line of lines(text)) {
    if (/^[A-Z]/.test(line)) section = line.trim();
    // PATH gems are the project's own code, not dependencies.
    if (section !== 'GEM' && section !== 'GIT' && section !== 'PLUGIN SOURCE') continue;
    const spec = /^ {4}([^\s(]+) \(([^)]+)\)$/.exec(line);
    if (spec)
      keys.push(`${spec[1]}@${(spec[2] ?? '').replace(/-(x86|arm|aarch|java|x64|universal).*$/, '')}`);
  }
  return distinct(keys);
};

/**
 * go.mod: `require` lines (single or in a block), by module path and version, plus the Go
 * standard library named by the `go` (or `toolchain`) directive.
 */
const countGoMod: Counter = (text) => {
  const keys: string[] = [];
  if (/^go\s+\d/m.test(text)) keys.push('stdlib');
  let inBlock = false;
  for (const raw of lines(text)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (line === 'require (') {
      inBlock = true;
      continue;
    }
    if (inBlock && line === ')') {
      inBlock = false;
      continue;
    }
    const require = inBlock ? /^(\S+)\s+(v\S+)$/.exec(line) : /^require\s+(\S+)\s+(v\S+)$/.exec(line);
    if (require) keys.push(`${require[1]}@${require[2]}`);
  }
  // A module replaced by a local folder (`=> ./x`, `=> ../x`) is the project's own code.
  const local = new Set(
    lines(text).flatMap(
      (line) => /^\s*(?:replace\s+)?(\S+)(?:\s+v\S+)?\s+=>\s+\.{1,2}\//.exec(line)?.[1] ?? [],
    ),
  );
  // Other replacements swap the module (and version) for another: `old [v] => new v`.
  const swaps = lines(text).flatMap((line) => {
    const swap = /^\s*(?:replace\s+)?(\S+)(?:\s+(v\S+))?\s+=>\s+([^.\s]\S*)\s+(v\S+)/.exec(line);
    return swap ? [{ from: swap[1]!, fromVersion: swap[2], to: `${swap[3]}@${swap[4]}` }] : [];
  });
  return distinct(
    keys.flatMap((key) => {
      const [module, version] = [key.slice(0, key.lastIndexOf('@')), key.slice(key.lastIndexOf('@') + 1)];
      if (local.has(module)) return [];
      const swap = swaps.find(
        (s) => s.from === module && (s.fromVersion === undefined || s.fromVersion === version),
      );
      return [swap?.to ?? key];
    }),
  );
};

/** go.sum: module hash lines (the `/go.mod`-only lines are not downloaded modules). */
const countGoSum: Counter = (text) =>
  distinct(
    lines(text).flatMap((line) => {
      const [module, version, hash, extra] = line.trim().split(/\s+/);
      const valid = module && version && hash?.startsWith('h1:') && extra === undefined;
      return valid && !version.endsWith('/go.mod') ? [`${module}@${version}`] : [];
    }),
  );

/** gradle.lockfile: `group:artifact:version=configurations` lines. */
const countGradleLockfile: Counter = (text) =>
  distinct(
    lines(text).flatMap((line) => (/^[^#:=\s]+:[^:=\s]+:[^:=\s]+=/.test(line) ? [line.split('=')[0]!] : [])),
  );

/** mix.lock: `"name": {:hex, :name, "version", …` entries (git deps have no Hex version). */
const countMixLock: Counter = (text) =>
  distinct(
    lines(text).flatMap(
      (line) => /^\s*"([^"]+)": \{:hex, :[^,]+, "([^"]+)"/.exec(line)?.slice(1, 3).join('@') ?? [],
    ),
  );

/** pubspec.lock: `packages` entries whose source is hosted or git (sdk/path are not packages). */
const countPubspecLock: Counter = (text) => {
  const lock = asRecord(parseYaml(text));
  return Object.entries(asRecord(lock.packages)).filter(([, value]) => {
    const source = asRecord(value).source;
    return source === 'hosted' || source === 'git';
  }).length;
};

/** NuGet packages.lock.json: dependencies of every target framework, minus project references. */
const countNugetLock: Counter = (text) => {
  const keys: string[] = [];
  for (const target of Object.values(asRecord(asRecord(JSON.parse(text)).dependencies))) {
    for (const [name, value] of Object.entries(asRecord(target))) {
      const entry = asRecord(value);
      if (entry.type !== 'Project') keys.push(`${name.toLowerCase()}@${entry.resolved}`);
    }
  }
  return distinct(keys);
};

/**
 * pom.xml: `<dependency>` elements with a groupId, artifactId and a version that is literal or a
 * `${property}` defined in the file, outside <dependencyManagement>, <plugins> and inactive <profile>s;
 * by a plain regex walk over the elements.
 */
const countPomXml: Counter = (text) => {
  const uncommented = text.replace(/<!--[\s\S]*?-->/g, '');
  // <dependencyManagement> pins versions of dependencies declared without one.
  const managed = new Map<string, string>();
  const management = /<dependencyManagement>([\s\S]*?)<\/dependencyManagement>/.exec(uncommented)?.[1] ?? '';
  for (const match of management.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const field = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(match[1]!)?.[1]?.trim();
    managed.set(`${field('groupId')}:${field('artifactId')}`, field('version') ?? '');
  }
  const body = uncommented
    .replace(/<dependencyManagement>[\s\S]*?<\/dependencyManagement>/g, '')
    .replace(/<plugins>[\s\S]*?<\/plugins>/g, '')
    // Profiles apply only when activated; <activeByDefault> ones always are.
    .replace(/<profile>[\s\S]*?<\/profile>/g, (profile) =>
      profile.includes('<activeByDefault>true</activeByDefault>') ? profile : '',
    );
  const properties = new Map<string, string>();
  const propertiesBlock = /<properties>([\s\S]*?)<\/properties>/.exec(body)?.[1] ?? '';
  for (const match of propertiesBlock.matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g))
    properties.set(match[1]!, match[2]!.trim());
  const projectVersion = /<project[\s\S]*?<version>([^<]+)<\/version>/.exec(
    body.replace(/<parent>[\s\S]*?<\/parent>/, ''),
  )?.[1];
  if (projectVersion !== undefined) properties.set('project.version', projectVersion.trim());
  const resolve = (value: string, depth = 0): string | undefined => {
    const unresolved = value.replace(
      /\$\{([^}]+)\}/g,
      (whole, name: string) => properties.get(name) ?? whole,
    );
    if (!unresolved.includes('${')) return unresolved;
    return depth < 5 && unresolved !== value ? resolve(unresolved, depth + 1) : undefined;
  };
  const keys: string[] = [];
  for (const match of body.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const field = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(match[1]!)?.[1]?.trim();
    const [group, artifact] = [field('groupId'), field('artifactId')];
    const version = field('version') ?? managed.get(`${group}:${artifact}`);
    if (group === undefined || artifact === undefined || version === undefined) continue;
    const resolved = resolve(version);
    // Version ranges (`[1.0,2.0)`) are not one version.
    if (resolved !== undefined && resolved !== '' && !/^[[(]/.test(resolved))
      keys.push(`${resolve(group)}:${resolve(artifact)}@${resolved}`);
  }
  return distinct(keys);
};

/** bun.lock: `packages` tuples whose resolution is `name@<registry version>` (JSONC: trailing commas dropped). */
const countBunLock: Counter = (text) => {
  const lock = asRecord(JSON.parse(text.replace(/,(\s*[}\]])/g, '$1')));
  return distinct(
    Object.values(asRecord(lock.packages)).flatMap((entry) => {
      const resolution = Array.isArray(entry) ? entry[0] : undefined;
      if (typeof resolution !== 'string') return [];
      const at = resolution.indexOf('@', 1);
      return /^\d/.test(resolution.slice(at + 1)) ? [resolution] : [];
    }),
  );
};

/** cabal.project.freeze: `any.name ==version` constraints. */
const countCabalFreeze: Counter = (text) =>
  distinct(
    [...text.matchAll(/(?:any\.)?([A-Za-z0-9-]+) ==([0-9.]+)/g)].map((match) => `${match[1]}@${match[2]}`),
  );

/** conan.lock: references under requires/build_requires/python_requires, or graph nodes but the root. */
const countConanLock: Counter = (text) => {
  const lock = asRecord(JSON.parse(text));
  const references: string[] = [];
  const nodes = asRecord(asRecord(lock.graph_lock).nodes);
  for (const node of Object.values(nodes).map(asRecord)) {
    if ('path' in node || node.pref === null) continue;
    const reference = node.ref ?? node.pref;
    if (typeof reference === 'string') references.push(reference);
  }
  for (const field of ['requires', 'build_requires', 'python_requires']) {
    if (Array.isArray(lock[field])) references.push(...(lock[field] as unknown[]).map(String));
  }
  return distinct(
    references
      .map((reference) => reference.split(/[@#%:]/)[0] ?? '')
      .filter((ref) => /^[^/]+\/[^/]+$/.test(ref)),
  );
};

/** MSBuild items `<PackageReference|PackageVersion Include="…" Version="…">` with both set. */
const countPackageReferences: Counter = (text) =>
  [...text.matchAll(/<Package(?:Reference|Version)\b([^>]*)>/g)].filter((match) => {
    const include = /Include="([^"]*)"/.exec(match[1] ?? '')?.[1];
    const version = /Version="([^"]*)"/.exec(match[1] ?? '')?.[1];
    return include && version;
  }).length;

/** .deps.json: `libraries` keys `Name/Version` of type package. */
const countDepsJson: Counter = (text) =>
  Object.entries(asRecord(asRecord(JSON.parse(text)).libraries)).filter(
    ([id, info]) => asRecord(info).type === 'package' && /^[^/]+\/[^/]+$/.test(id),
  ).length;

/** vendor/modules.txt: module headers, local replacements (no version) excluded. */
const countVendorModules: Counter = (text) =>
  distinct(
    lines(text).flatMap((line) => {
      // `# module [vX] [=> replacement [vY]]` (no vX: a wildcard replace of every version).
      const header = /^# (\S+)(?: (v\S+))?(?: => (\S+)(?: (v\S+))?)?$/.exec(line);
      if (!header || (header[2] === undefined && header[3] === undefined)) return [];
      if (header[3] !== undefined) return header[4] === undefined ? [] : [`${header[3]}@${header[4]}`];
      return [`${header[1]}@${header[2]}`];
    }),
  );

/** Gradle verification-metadata.xml: `<component>` tags with group, name and version attributes. */
const countVerificationMetadata: Counter = (text) =>
  distinct(
    [...text.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<component\b([^>]*)>/g)].flatMap((match) => {
      const attribute = (name: string) =>
        new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(match[1] ?? '')?.[1];
      const [group, name, version] = [attribute('group'), attribute('name'), attribute('version')];
      return group && name && version ? [`${group}:${name}@${version}`] : [];
    }),
  );

/** libs.versions.toml: `[libraries]` entries with a version (string, version.ref or rich). */
const countVersionCatalog: Counter = (text) => {
  const catalog = parseToml(text) as Record<string, unknown>;
  return Object.values(asRecord(catalog.libraries)).filter((value) => {
    if (typeof value === 'string') return value.split(':').length === 3;
    const version = asRecord(value).version;
    return typeof version === 'string' || Object.keys(asRecord(version)).length > 0;
  }).length;
};

/** packages.config: `<package>` elements with an id and a version. */
const countPackagesConfig: Counter = (text) =>
  [...text.matchAll(/<package\b([^>]*)>/g)].filter(
    (match) => /\bid="[^"]+"/.test(match[1] ?? '') && /\bversion="[^"]+"/.test(match[1] ?? ''),
  ).length;

/** paket.lock: four-space `Name (version)` lines inside NUGET sections. */
const countPaketLock: Counter = (text) => {
  let section = '';
  const keys: string[] = [];
  for (const line of lines(text)) {
    if (/^\S/.test(line)) section = line.trim();
    const entry = /^ {4}(\S+) \(([^)]+)\)/.exec(line);
    if (section === 'NUGET' && entry) keys.push(`${entry[1]}@${entry[2]}`);
  }
  return distinct(keys);
};

/** Podfile.lock: `PODS` items `Name[/Subspec] (version)`, subspecs folded into their pod. */
const countPodfileLock: Counter = (text) => {
  const pods = asRecord(parseYaml(text)).PODS;
  return distinct(
    (Array.isArray(pods) ? pods : []).map((item) => {
      const spec = typeof item === 'string' ? item : (Object.keys(asRecord(item))[0] ?? '');
      return `${spec.split(' (')[0]?.split('/')[0]}@${spec.split(' (')[1]}`;
    }),
  );
};

/** renv.lock: `Packages` entries with a Version. */
const countRenvLock: Counter = (text) =>
  Object.values(asRecord(asRecord(JSON.parse(text)).Packages)).filter(
    (entry) => typeof asRecord(entry).Version === 'string',
  ).length;

/** stack.yaml.lock: `packages[].completed.hackage` entries. */
const countStackLock: Counter = (text) => {
  const packages = asRecord(parseYaml(text)).packages;
  return (Array.isArray(packages) ? packages : []).filter(
    (item) => typeof asRecord(asRecord(item).completed).hackage === 'string',
  ).length;
};

/** Package.resolved: pins (v1 under `object`) whose state has a version. */
const countSwiftResolved: Counter = (text) => {
  const document = asRecord(JSON.parse(text));
  const pins = asRecord(document.object).pins ?? document.pins;
  return (Array.isArray(pins) ? pins : []).filter(
    (pin) => typeof asRecord(asRecord(pin).state).version === 'string',
  ).length;
};

/** An installed package's package.json: the package itself (not VS Code extensions, Unity packages). */
const countPackageJson: Counter = (text) => {
  const manifest = asRecord(JSON.parse(text));
  if ('vscode' in asRecord(manifest.engines) || 'unity' in manifest) return 0;
  const present = (value: unknown) => typeof value === 'string' && value !== '';
  return present(manifest.name) && present(manifest.version) ? 1 : 0;
};

/** pyproject.toml: PEP 508 strings in project dependencies / optional-dependencies pinned with `==`. */
const countPyproject: Counter = (text) => {
  const project = asRecord((parseToml(text) as Record<string, unknown>).project);
  const lists = [project.dependencies, ...Object.values(asRecord(project['optional-dependencies']))];
  return lists
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .filter((item) => /^[A-Za-z0-9._-]+(\[[^\]]*\])?\s*===?\s*[0-9][^\s;,<>]*\s*(;|$)/.test(String(item)))
    .length;
};

/** Cargo.toml: dependencies required with `=x.y.z` (a bare version is a caret range). */
const countCargoToml: Counter = (text) => [...text.matchAll(/=\s*"=\s*\d+\.\d+\.\d+[^"]*"/g)].length;

/** paket.dependencies: `nuget Name = version` / `== version` lines. */
const countPaketDependencies: Counter = (text) =>
  distinct(
    lines(text).flatMap((line) => /^nuget\s+(\S+)\s+==?\s+(\d\S*)/.exec(line)?.slice(1, 3).join('@') ?? []),
  );

/** Gemfile: `gem "name", "X.Y.Z"` (or `"= X.Y.Z"`) lines with one exact requirement, not git/path. */
const countGemfile: Counter = (text) =>
  distinct(
    lines(text).flatMap((line) => {
      const pin = /^\s*gem\s+["']([^"']+)["']\s*,\s*["']=?\s*(\d[\w.-]*)["']\s*(,\s*\w+:.*)?(#.*)?$/.exec(
        line,
      );
      return pin && !/\b(git|github|path):/.test(line) ? [`${pin[1]}@${pin[2]}`] : [];
    }),
  );

// ----- the table -------------------------------------------------------------------------------

interface Format {
  parser: string;
  count: Counter;
  /** Files (relative to the format folder) that are malformed on purpose: must throw a WardError. */
  invalid?: readonly string[];
  /** Per-file parser overrides (go.sum beside go.mod). */
  parserFor?: (file: string) => string;
}

const FORMATS: Record<string, Format> = {
  // Gemfiles occur only in vulnerable-apps (no osv-scalibr folder).
  gemfile: { parser: 'gemfile', count: countGemfile },
  'cargo-toml': { parser: 'cargo-toml', count: countCargoToml, invalid: ['not-toml.txt'] },
  'npm-package-json': { parser: 'npm-package-json', count: countPackageJson, invalid: ['invalid'] },
  'paket-dependencies': { parser: 'paket-dependencies', count: countPaketDependencies },
  'pyproject-toml': { parser: 'pyproject-toml', count: countPyproject, invalid: ['malformed.toml'] },
  'bun-lock': { parser: 'bun-lock', count: countBunLock, invalid: ['not-json.txt'] },
  'cabal-project-freeze': { parser: 'cabal-project-freeze', count: countCabalFreeze },
  'conan-lock': {
    parser: 'conan-lock',
    count: countConanLock,
    invalid: ['not-json.txt', 'null.v2.jsontest'],
  },
  'dotnet-csproj': { parser: 'dotnet-csproj', count: countPackageReferences, invalid: ['invalid'] },
  'dotnet-deps-json': { parser: 'dotnet-deps-json', count: countDepsJson, invalid: ['invalid'] },
  'go-vendor-modules-txt': { parser: 'go-vendor-modules-txt', count: countVendorModules },
  'gradle-verification-metadata': {
    parser: 'gradle-verification-metadata',
    count: countVerificationMetadata,
    invalid: ['not-xml.txt'],
  },
  'gradle-version-catalog': {
    parser: 'gradle-version-catalog',
    count: countVersionCatalog,
    invalid: ['invalid.versions.toml', 'not-toml.txt'],
  },
  'nuget-directory-packages-props': {
    parser: 'nuget-directory-packages-props',
    count: countPackageReferences,
    invalid: ['invalid'],
  },
  'nuget-packages-config': {
    parser: 'nuget-packages-config',
    count: countPackagesConfig,
    invalid: ['invalid'],
  },
  'paket-lock': { parser: 'paket-lock', count: countPaketLock, invalid: ['invalid-lock/paket.lock'] },
  'podfile-lock': { parser: 'podfile-lock', count: countPodfileLock, invalid: ['invalid'] },
  'renv-lock': { parser: 'renv-lock', count: countRenvLock, invalid: ['not-json.txt'] },
  'stack-yaml-lock': { parser: 'stack-yaml-lock', count: countStackLock },
  'swift-package-resolved': {
    parser: 'swift-package-resolved',
    count: countSwiftResolved,
    invalid: ['empty', 'invalid'],
  },
  'cargo-lock': { parser: 'cargo-lock', count: countCargoLock, invalid: ['not-toml.txt'] },
  'composer-lock': {
    parser: 'composer-lock',
    count: countComposerLock,
    invalid: ['not-json.txt', 'null.jsontest'],
  },
  'gemfile-lock': { parser: 'gemfile-lock', count: countGemfileLock },
  'go-mod': {
    parser: 'go-mod',
    count: (text, file) => (file.endsWith('.sum') ? countGoSum(text, file) : countGoMod(text, file)),
    invalid: ['not-go-mod.mod'],
    parserFor: (file) => (file.endsWith('.sum') ? 'go-sum' : 'go-mod'),
  },
  'gradle-lockfile': { parser: 'gradle-lockfile', count: countGradleLockfile },
  'maven-pom-xml': { parser: 'pom-xml', count: countPomXml, invalid: ['invalid-syntax.xml', 'not-pom.txt'] },
  'mix-lock': { parser: 'mix-lock', count: countMixLock },
  'npm-package-lock': {
    parser: 'package-lock',
    count: countPackageLock,
    invalid: ['not-json.txt', 'null.v2.jsontest'],
  },
  'nuget-packages-lock-json': {
    parser: 'nuget-packages-lock',
    count: countNugetLock,
    invalid: ['invalid/invalid'],
  },
  'pdm-lock': { parser: 'pdm-lock', count: countTomlPackages, invalid: ['not-toml.txt'] },
  'pipfile-lock': {
    parser: 'pipfile-lock',
    count: countPipfileLock,
    invalid: ['empty-file', 'not-json.txt'],
  },
  'pnpm-lock': { parser: 'pnpm-lock', count: countPnpmLock, invalid: ['not-yaml.txt'] },
  'poetry-lock': { parser: 'poetry-lock', count: countTomlPackages, invalid: ['not-toml.txt'] },
  'pubspec-lock': { parser: 'pubspec-lock', count: countPubspecLock, invalid: ['not-yaml.txt'] },
  'pylock-toml': { parser: 'pylock-toml', count: countTomlPackages, invalid: ['not-toml.txt'] },
  'requirements-txt': { parser: 'requirements-txt', count: countRequirements },
  'uv-lock': { parser: 'uv-lock', count: countTomlPackages, invalid: ['not-toml.txt'] },
  'yarn-lock': { parser: 'yarn-lock', count: countYarnLock },
};

/**
 * Corpus formats Ward does not read, each with the reason. The test asserts the list is exactly
 * the folders without a parser, so nothing is silently ignored; `ward scan` reports such files
 * as unsupported (lockfile-unsupported.ts) instead of skipping them.
 */
const UNSUPPORTED: Record<string, string> = {};

/**
 * The lockfiles inside osv-scanner-e2e: their format folder (whose counter applies) and whether
 * Ward finds them by name (osv-scanner's tests pass some with an explicit format, e.g.
 * `my-yarn.lock`; Ward's equivalent is `--type`).
 */
const E2E_LOCKFILES: Record<string, { format: string; detected: boolean }> = {
  // A project's root package.json: read with --type (it is detected only under node_modules).
  'source/locks-licenses/package.json': { format: 'npm-package-json', detected: false },
  'source/locks-scalibr/depsjson': { format: 'dotnet-deps-json', detected: false },
  'source/locks-scalibr/stack.yaml.lock': { format: 'stack-yaml-lock', detected: true },
  'source/locks-scalibr/packages.config': { format: 'nuget-packages-config', detected: true },
  'source/locks-scalibr/cabal.project.freeze': { format: 'cabal-project-freeze', detected: true },
  'source/locks-scalibr/Podfile.lock': { format: 'podfile-lock', detected: true },
  'source/locks-scalibr/Package.resolved': { format: 'swift-package-resolved', detected: true },
  'source/locks-dotnet/test.csproj': { format: 'dotnet-csproj', detected: true },
  'source/locks-dotnet/Directory.Packages.props': {
    format: 'nuget-directory-packages-props',
    detected: true,
  },
  'source/locks-insecure/bun.lock': { format: 'bun-lock', detected: true },
  'source/locks-bun-shorthash/bun.lock': { format: 'bun-lock', detected: true },
  'image/java-fixture/app/pom.xml': { format: 'maven-pom-xml', detected: true },
  'image/package-tracing-fixture/go.mod': { format: 'go-mod', detected: true },
  'image/package-tracing-fixture/go.sum': { format: 'go-mod', detected: true },
  'image/python-fixture/requirements.txt': { format: 'requirements-txt', detected: true },
  'image/test-image-with-deprecated/Cargo.lock': { format: 'cargo-lock', detected: true },
  'source/call-analysis-go-project/go.mod': { format: 'go-mod', detected: true },
  'source/call-analysis-go-project/go.sum': { format: 'go-mod', detected: true },
  'source/exp-plugins-pkgdeprecate/clean/Cargo.lock': { format: 'cargo-lock', detected: true },
  'source/exp-plugins-pkgdeprecate/deprecated-novuln/Cargo.lock': { format: 'cargo-lock', detected: true },
  'source/exp-plugins-pkgdeprecate/deprecated-npm/package-lock.json': {
    format: 'npm-package-lock',
    detected: true,
  },
  'source/exp-plugins-pkgdeprecate/deprecated-vuln/Cargo.lock': { format: 'cargo-lock', detected: true },
  'source/go-project/go.mod': { format: 'go-mod', detected: true },
  'source/go-project/nested/go.mod': { format: 'go-mod', detected: true },
  'source/locks-insecure/composer.lock': { format: 'composer-lock', detected: true },
  'source/locks-insecure/my-package-lock.json': { format: 'npm-package-lock', detected: false },
  'source/locks-insecure/my-yarn.lock': { format: 'yarn-lock', detected: false },
  'source/locks-licenses/package-lock.json': { format: 'npm-package-lock', detected: true },
  'source/locks-many-with-insecure/Gemfile.lock': { format: 'gemfile-lock', detected: true },
  'source/locks-many-with-insecure/composer.lock': { format: 'composer-lock', detected: true },
  'source/locks-many-with-insecure/package-lock.json': { format: 'npm-package-lock', detected: true },
  'source/locks-many-with-insecure/replace-local.mod': { format: 'go-mod', detected: false },
  'source/locks-many-with-insecure/yarn.lock': { format: 'yarn-lock', detected: true },
  'source/locks-requirements/my-requirements.txt': { format: 'requirements-txt', detected: true },
  'source/locks-requirements/requirements-dev.txt': { format: 'requirements-txt', detected: true },
  'source/locks-requirements/requirements-transitive.txt': { format: 'requirements-txt', detected: true },
  'source/locks-requirements/requirements.prod.txt': { format: 'requirements-txt', detected: true },
  'source/locks-requirements/requirements.txt': { format: 'requirements-txt', detected: true },
  'source/locks-requirements/the_requirements_for_test.txt': { format: 'requirements-txt', detected: true },
  'source/locks-requirements/unresolvable-requirements.txt': { format: 'requirements-txt', detected: true },
  'source/locks-scalibr/gems.locked': { format: 'gemfile-lock', detected: true },
  'source/locks-scalibr/packages.lock.json': { format: 'nuget-packages-lock-json', detected: true },
  'source/locks-scalibr/uv.lock': { format: 'uv-lock', detected: true },
  'source/maven-transitive/abc.xml': { format: 'maven-pom-xml', detected: false },
  'source/maven-transitive/encoding.xml': { format: 'maven-pom-xml', detected: false },
  'source/maven-transitive/parent.xml': { format: 'maven-pom-xml', detected: false },
  'source/maven-transitive/pom.xml': { format: 'maven-pom-xml', detected: true },
  'source/maven-transitive/registry.xml': { format: 'maven-pom-xml', detected: false },
};

/** vulnerable-apps: real lockfiles of deliberately vulnerable applications (1000+ npm packages). */
const VULNERABLE_APPS: Record<string, { format: string; detected: boolean }> = {
  'nodegoat/package-lock.json': { format: 'npm-package-lock', detected: true },
  'nodegoat/package.json': { format: 'npm-package-json', detected: false },
  'nodejs-goof/package-lock.json': { format: 'npm-package-lock', detected: true },
  'nodejs-goof/package.json': { format: 'npm-package-json', detected: false },
  'pygoat/requirements.txt': { format: 'requirements-txt', detected: true },
  'railsgoat/Gemfile': { format: 'gemfile', detected: true },
  'railsgoat/Gemfile.lock': { format: 'gemfile-lock', detected: true },
  'railsgoat/head-2026/Gemfile': { format: 'gemfile', detected: true },
  'railsgoat/head-2026/Gemfile.lock': { format: 'gemfile-lock', detected: true },
};

/** Everything else in osv-scanner-e2e, with why this test does not parse it as a lockfile. */
const E2E_NOT_LOCKFILES: Record<string, string> = {
  'image/alpine-3.18-alpine-release': 'host data (sbom-host-corpus.test.ts)',
  'image/alpine-3.18-os-release': 'host data (sbom-host-corpus.test.ts)',
  'image/lockfile-fixture/alpine-zlib-16.cdx.json': 'SBOM (sbom-host-corpus.test.ts)',
  'osv-api-cassettes.tar.gz': 'recorded osv.dev HTTP answers (matching tests)',
  'osv-api-ground-truth.jsonl': 'osv.dev answers (matching tests)',
  'source/go-project/go-version-config.toml': 'osv-scanner configuration, not an inventory',
  'source/go-project/nested/go-version-config.toml': 'osv-scanner configuration, not an inventory',
  'source/locks-many-with-insecure/alpine.cdx.xml': 'SBOM (sbom-host-corpus.test.ts)',
  'source/locks-many-with-insecure/installed': 'host data (sbom-host-corpus.test.ts)',
  'source/locks-many-with-insecure/not-a-lockfile.toml': 'negative control: no parser may claim it',
  'source/locks-many-with-insecure/status': 'host data (sbom-host-corpus.test.ts)',
  'source/sbom-insecure/alpine-zlib-16.cdx.json': 'SBOM (sbom-host-corpus.test.ts)',
  'source/sbom-insecure/alpine.cdx.xml': 'SBOM (sbom-host-corpus.test.ts)',
  'source/sbom-insecure/bad-purls.cdx.xml': 'SBOM (sbom-host-corpus.test.ts)',
  'source/sbom-insecure/only-unimportant.spdx.json': 'SBOM (sbom-host-corpus.test.ts)',
  'source/sbom-insecure/postgres-stretch.cdx.xml': 'SBOM (sbom-host-corpus.test.ts)',
  'source/sbom-insecure/with-duplicates.cdx.xml': 'SBOM (sbom-host-corpus.test.ts)',
  'source/locks-insecure/osv-scanner-custom-git-tag.json':
    "osv-scanner's own results JSON (its `-L osv-scanner:FILE` input), not a package manager format: not supported",
  'source/locks-insecure/osv-scanner-custom.json':
    "osv-scanner's own results JSON (its `-L osv-scanner:FILE` input), not a package manager format: not supported",
  'source/locks-insecure/osv-scanner-flutter-deps.json':
    "osv-scanner's own results JSON (its `-L osv-scanner:FILE` input), not a package manager format: not supported",
  'source/locks-insecure/osv-scanner-with-unscannables.json':
    "osv-scanner's own results JSON (its `-L osv-scanner:FILE` input), not a package manager format: not supported",
  'source/locks-insecure/osv-scanner.json':
    "osv-scanner's own results JSON (its `-L osv-scanner:FILE` input), not a package manager format: not supported",
};

function check(format: Format, parserId: string, file: string, label: string, invalid: boolean): void {
  const parser = getParser(parserId) as InventoryParser;
  expect(parser, `parser ${parserId} registered`).toBeDefined();
  const text = readFileSync(file, 'utf8');
  if (invalid) {
    let thrown: unknown;
    try {
      parser.parse(text, label);
    } catch (error) {
      thrown = error;
    }
    expect(thrown, `${label} must be rejected`).toBeInstanceOf(WardError);
    expect((thrown as WardError).file).toBe(label);
    return;
  }
  const result = parser.parse(text, label);
  expect(result.components.length, label).toBe(format.count(text, file));
  for (const component of result.components) {
    expect(component.location.file).toBe(label);
    expect(component.version, `${label} ${component.name}`).not.toBe('');
  }
}

describe.skipIf(!corpus.present)('lockfile corpus (../shared/data/lockfiles)', () => {
  const folders = corpus.present
    ? readdirSync(corpus.path).filter((entry) => statSync(join(corpus.path, entry)).isDirectory())
    : [];

  it('every format folder has a parser or is listed as unsupported with a reason', () => {
    const unclaimed = folders.filter(
      (folder) =>
        !OTHER_TESTS.has(folder) &&
        folder !== 'osv-scanner-e2e' &&
        folder !== 'vulnerable-apps' &&
        FORMATS[folder] === undefined,
    );
    expect(unclaimed.sort()).toEqual(Object.keys(UNSUPPORTED).sort());
  });

  it('every format in the table has its folder (except the Gemfile, found in vulnerable-apps)', () => {
    const missing = Object.keys(FORMATS).filter(
      (folder) => folder !== 'gemfile' && !folders.includes(folder),
    );
    expect(missing).toEqual([]);
    const unclaimed = folders.filter(
      (folder) =>
        !OTHER_TESTS.has(folder) &&
        folder !== 'osv-scanner-e2e' &&
        folder !== 'vulnerable-apps' &&
        FORMATS[folder] === undefined,
    );
    expect(unclaimed.sort()).toEqual(Object.keys(UNSUPPORTED).sort());
  });

  for (const [folder, format] of Object.entries(FORMATS)) {
    if (folder === 'gemfile') continue; // no folder of its own: see vulnerable-apps
    it(`${folder}: every file parses and component counts agree`, () => {
      const root = join(corpus.path, folder);
      let files = 0;
      for (const file of walk(root)) {
        const name = relative(root, file);
        if (NOT_DATA.test(name)) continue;
        files++;
        check(
          format,
          format.parserFor?.(name) ?? format.parser,
          file,
          `${folder}/${name}`,
          format.invalid?.includes(name) ?? false,
        );
      }
      expect(files).toBeGreaterThan(0);
    });
  }

  it('osv-scanner-e2e: every file is accounted for', () => {
    const root = join(corpus.path, 'osv-scanner-e2e');
    const files = [...walk(root)].map((file) => relative(root, file)).filter((name) => !NOT_DATA.test(name));
    const listed = [...Object.keys(E2E_LOCKFILES), ...Object.keys(E2E_NOT_LOCKFILES)];
    expect(files.sort()).toEqual(listed.sort());
    const negative = 'source/locks-many-with-insecure/not-a-lockfile.toml';
    expect(detectParsers(negative, readFileSync(join(root, negative), 'utf8'))).toEqual([]);
  });

  it('osv-scanner-e2e lockfiles parse, are detected by name, and counts agree', () => {
    const root = join(corpus.path, 'osv-scanner-e2e');
    for (const [name, { format: folder, detected }] of Object.entries(E2E_LOCKFILES)) {
      const file = join(root, name);
      const format = FORMATS[folder] as Format;
      const parserId = format.parserFor?.(name) ?? format.parser;
      const found = detectParsers(name, readFileSync(file, 'utf8').slice(0, 4096)).map((parser) => parser.id);
      expect(found, name).toEqual(detected ? [parserId] : []);
      check(format, parserId, file, name, false);
    }
  });
  it('vulnerable-apps: every file parses, is detected by name where expected, and counts agree', () => {
    const root = join(corpus.path, 'vulnerable-apps');
    const files = [...walk(root)].map((file) => relative(root, file)).filter((name) => !NOT_DATA.test(name));
    expect(files.sort()).toEqual(Object.keys(VULNERABLE_APPS).sort());
    for (const [name, { format: folder, detected }] of Object.entries(VULNERABLE_APPS)) {
      const file = join(root, name);
      const format = FORMATS[folder] as Format;
      const found = detectParsers(name, readFileSync(file, 'utf8').slice(0, 4096)).map((parser) => parser.id);
      expect(found, name).toEqual(detected ? [format.parser] : []);
      check(format, format.parser, file, name, false);
    }
  });
});
