/**
 * Go `go.mod`: `require` lines (one-line or block form), `// indirect` marking transitive
 * modules (Go 1.17+ lists every module the build needs), and `replace` directives applied the
 * way the go command does (a versioned `old v => new v` replaces that version only, an
 * unversioned one every version; a replacement by a local directory leaves nothing to match).
 * The `go`/`toolchain` directive becomes a `stdlib` component in ecosystem Go, as osv-scanner
 * reports it, because Go standard library advisories are filed under that name.
 *
 * Read by hand: the only complete reader is Go's golang.org/x/mod/modfile; the grammar is a
 * small line format (https://go.dev/ref/mod#go-mod-file-grammar) scanned here in linear time.
 */
import type { Problem } from '../core/errors.js';
import {
  baseName,
  buildPurl,
  emptyResult,
  invalidInput,
  makeComponent,
  rejectBinary,
  splitLines,
} from './lockfile-support.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

const DIRECTIVES = new Set([
  'module',
  'go',
  'toolchain',
  'godebug',
  'require',
  'replace',
  'exclude',
  'retract',
  'tool',
  'ignore',
]);

export const goModParser: InventoryParser = {
  id: 'go-mod',
  description: 'Go go.mod (require, replace, go/toolchain → stdlib)',
  matches(path) {
    return baseName(path) === 'go.mod';
  },
  parse: parseGoMod,
};

interface Requirement {
  path: string;
  version: string;
  line: number;
  indirect: boolean;
}

interface Replacement {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  newVersion?: string;
  line: number;
}

export function parseGoMod(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('go-mod');
  const requirements: Requirement[] = [];
  const replacements: Replacement[] = [];
  let goVersion: { version: string; line: number } | undefined;
  let toolchain: { version: string; line: number } | undefined;
  let block: string | undefined;
  splitLines(text).forEach((raw, index) => {
    const lineNumber = index + 1;
    const comment = raw.indexOf('//');
    const indirect = comment !== -1 && /^\/\/\s*indirect\b/.test(raw.slice(comment).trim());
    const content = (comment === -1 ? raw : raw.slice(0, comment)).trim();
    if (content === '') return;
    if (block !== undefined) {
      if (content === ')') {
        block = undefined;
        return;
      }
      readDirective(block, tokens(content), lineNumber, indirect);
      return;
    }
    const words = tokens(content);
    const verb = words[0] ?? '';
    if (!DIRECTIVES.has(verb)) {
      throw invalidInput(
        path,
        `expected a go.mod directive (module, go, require, replace, …), got ${JSON.stringify(verb.slice(0, 40))}`,
        lineNumber,
      );
    }
    if (words[1] === '(' && words.length === 2) {
      block = verb;
      return;
    }
    readDirective(verb, words.slice(1), lineNumber, indirect);
  });
  if (block !== undefined)
    throw invalidInput(path, `expected ')' to close the ${block} block, got end of file`);

  function readDirective(verb: string, args: string[], line: number, indirect: boolean): void {
    switch (verb) {
      case 'go':
        if (args[0] !== undefined) goVersion = { version: args[0], line };
        return;
      case 'toolchain':
        if (args[0] !== undefined) toolchain = { version: args[0], line };
        return;
      case 'require': {
        const [modulePath, version] = args;
        if (modulePath === undefined || version === undefined) {
          result.problems.push({
            file: path,
            line,
            message: 'require needs a module path and a version',
            severity: 'error',
          });
          return;
        }
        requirements.push({ path: modulePath, version, line, indirect });
        return;
      }
      case 'replace': {
        const arrow = args.indexOf('=>');
        if (arrow < 1 || arrow > 2 || args.length - arrow < 2) {
          result.problems.push({
            file: path,
            line,
            message: 'replace needs `old [version] => new [version]`',
            severity: 'error',
          });
          return;
        }
        const replacement: Replacement = { oldPath: args[0] ?? '', newPath: args[arrow + 1] ?? '', line };
        if (arrow === 2 && args[1] !== undefined) replacement.oldVersion = args[1];
        if (args[arrow + 2] !== undefined) replacement.newVersion = args[arrow + 2];
        replacements.push(replacement);
        return;
      }
      default:
        return;
    }
  }

  const seen = new Set<string>();
  for (const requirement of requirements) {
    const component = applyReplacements(requirement, replacements, path, result.problems);
    // Two requirements replaced by the same module version are one component.
    if (component === undefined || seen.has(`${component.name}@${component.version}`)) continue;
    seen.add(`${component.name}@${component.version}`);
    result.components.push(component);
  }
  const stdlib = stdlibComponent(toolchain ?? goVersion, path);
  if (stdlib !== undefined) result.components.push(stdlib);
  return result;
}

/** Split on whitespace, keeping "quoted" and `raw` strings as one word without their quotes. */
function tokens(content: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < content.length) {
    const c = content[i] ?? '';
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '"' || c === '`') {
      const end = content.indexOf(c, i + 1);
      const stop = end === -1 ? content.length : end;
      out.push(content.slice(i + 1, stop));
      i = stop + 1;
      continue;
    }
    let j = i;
    while (j < content.length && content[j] !== ' ' && content[j] !== '\t') j++;
    out.push(content.slice(i, j));
    i = j;
  }
  return out;
}

function applyReplacements(
  requirement: Requirement,
  replacements: readonly Replacement[],
  file: string,
  problems: Problem[],
): Component | undefined {
  // A versioned replace wins over an unversioned one for the same module (go.dev/ref/mod#go-mod-file-replace).
  const replacement =
    replacements.find((r) => r.oldPath === requirement.path && r.oldVersion === requirement.version) ??
    replacements.find((r) => r.oldPath === requirement.path && r.oldVersion === undefined);
  let modulePath = requirement.path;
  let version = requirement.version;
  if (replacement !== undefined) {
    if (replacement.newVersion === undefined) {
      problems.push({
        file,
        line: replacement.line,
        message: `${requirement.path} is replaced by the local directory ${replacement.newPath}; not inventoried`,
        severity: 'warning',
      });
      return undefined;
    }
    modulePath = replacement.newPath;
    version = replacement.newVersion;
  }
  return goComponent(modulePath, version, file, requirement.line, !requirement.indirect);
}

function goComponent(
  modulePath: string,
  version: string,
  file: string,
  line: number,
  direct: boolean,
): Component {
  // OSV's Go ranges are written without the `v` prefix (osv-scanner strips it too); the purl keeps it.
  const bare = version.startsWith('v') ? version.slice(1) : version;
  const component = makeComponent('Go', modulePath, bare, file, line, { direct });
  const slash = modulePath.lastIndexOf('/');
  const purl =
    slash === -1
      ? buildPurl('golang', undefined, modulePath, version)
      : buildPurl('golang', modulePath.slice(0, slash), modulePath.slice(slash + 1), version);
  if (purl === undefined) delete component.purl;
  else component.purl = purl;
  return component;
}

/**
 * `toolchain go1.23.6` (when present) or `go 1.23`: the Go release that builds the module. A
 * two-part `go 1.21` means release 1.21.0 (go.dev/doc/toolchain#version), and OSV's Go
 * database writes first releases as `1.16.0` too; a toolchain suffix
 * (`go1.23.6-xyz`, custom builds) is dropped.
 */
function stdlibComponent(
  directive: { version: string; line: number } | undefined,
  file: string,
): Component | undefined {
  if (directive === undefined) return undefined;
  let version = directive.version.startsWith('go') ? directive.version.slice(2) : directive.version;
  const dash = version.indexOf('-');
  if (dash !== -1) version = version.slice(0, dash);
  if (/^\d+\.\d+$/.test(version)) version = `${version}.0`;
  return makeComponent('Go', 'stdlib', version, file, directive.line, { direct: true });
}
