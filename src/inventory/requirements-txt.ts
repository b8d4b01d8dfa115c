/**
 * pip `requirements.txt` (and `*-requirements.txt`, `requirements/*.txt` naming variants).
 *
 * Only exact pins (`==1.2.3`, `===1.2.3`) say which version is installed, so only they become
 * components. Ranges, bare names, URLs, local paths and editable installs are reported as
 * warnings: the file alone cannot tell which version runs. `-r`/`-c` includes are returned in
 * `includes` for the scan service to follow (the parser is pure and never opens files).
 *
 * Read by hand: pip's format is a line format with its own continuation, comment and option
 * rules (https://pip.pypa.io/en/stable/reference/requirements-file-format/); there is no
 * maintained JavaScript reader, and the rules below are linear-time string scans.
 */
import type { Problem } from '../core/errors.js';
import { normalizePackageName } from '../core/package-name.js';
import { baseName, emptyResult, makeComponent, rejectBinary, splitLines } from './lockfile-support.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

const INCLUDE_OPTIONS = new Map([
  ['-r', 'requirement'],
  ['--requirement', 'requirement'],
  ['-c', 'constraint'],
  ['--constraint', 'constraint'],
]);
/** PEP 508 name: letters/digits, with `.`, `_`, `-` inside. One character-class quantifier. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*/;

export const requirementsTxtParser: InventoryParser = {
  id: 'requirements-txt',
  description: 'pip requirements.txt (exact pins; -r/-c includes listed)',
  matches(path) {
    const name = baseName(path).toLowerCase();
    return name.endsWith('.txt') && name.includes('requirements');
  },
  parse: parseRequirementsTxt,
};

interface LogicalLine {
  text: string;
  line: number;
}

export function parseRequirementsTxt(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('requirements-txt');
  const includes: string[] = [];
  const seen = new Set<string>();
  for (const { text: logical, line } of logicalLines(text)) {
    const content = stripComment(logical).trim();
    if (content === '') continue;
    if (content.startsWith('-')) {
      readOption(content, line, path, includes, result.problems);
      continue;
    }
    const component = readRequirement(content, line, path, result.problems);
    if (component === undefined) continue;
    const key = `${normalizePackageName('PyPI', component.name)}@${component.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.components.push(component);
  }
  result.includes = includes;
  return result;
}

/** Join `\`-continued lines; each logical line keeps the number of its first physical line. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  splitLines(text).forEach((raw, index) => {
    const continued = raw.endsWith('\\');
    const body = continued ? raw.slice(0, -1) : raw;
    if (pending === undefined) pending = { text: body, line: index + 1 };
    else pending.text += ` ${body}`;
    if (!continued) {
      out.push(pending);
      pending = undefined;
    }
  });
  if (pending !== undefined) out.push(pending);
  return out;
}

/** pip: a `#` at line start or after whitespace starts a comment. */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return line.slice(0, i);
  }
  return line;
}

function readOption(
  content: string,
  line: number,
  path: string,
  includes: string[],
  problems: Problem[],
): void {
  const { option, value } = splitOption(content);
  if (INCLUDE_OPTIONS.has(option)) {
    if (value === '')
      problems.push({ file: path, line, message: `${option} needs a file name`, severity: 'error' });
    else includes.push(value);
    return;
  }
  if (option === '-e' || option === '--editable') {
    problems.push({
      file: path,
      line,
      message: `editable requirement ${value} has no pinned version; not inventoried`,
      severity: 'warning',
    });
  }
  // Other options (--index-url, --hash on its own line, --pre, …) configure pip, not packages.
}

/** `-r file`, `-rfile`, `--requirement=file`, `--requirement file`. */
function splitOption(content: string): { option: string; value: string } {
  if (content.startsWith('--')) {
    const cut = content.search(/[\s=]/);
    if (cut === -1) return { option: content, value: '' };
    return { option: content.slice(0, cut), value: content.slice(cut + 1).trim() };
  }
  return { option: content.slice(0, 2), value: content.slice(2).trim() };
}

function readRequirement(
  content: string,
  line: number,
  path: string,
  problems: Problem[],
): Component | undefined {
  // Per-requirement options (`--hash=…`, `-C …`) start at the first whitespace-separated `-` token.
  const optionAt = content.search(/\s-/);
  const requirement = (optionAt === -1 ? content : content.slice(0, optionAt)).trim();
  // Environment markers (`; python_version < "3"`) choose *whether* to install, not the version.
  const semicolon = requirement.indexOf(';');
  const spec = (semicolon === -1 ? requirement : requirement.slice(0, semicolon)).trim();
  if (spec.includes('://') || spec.startsWith('.') || spec.startsWith('/')) {
    // Whitespace removed first: two optional \s* around the extras would backtrack quadratically.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?@/.test(spec.replace(/\s+/g, ''))) {
      problems.push({
        file: path,
        line,
        message: `URL or path requirement ${JSON.stringify(spec)} has no pinned version; not inventoried`,
        severity: 'warning',
      });
      return undefined;
    }
  }
  const nameMatch = NAME.exec(spec);
  if (nameMatch === null) {
    problems.push({
      file: path,
      line,
      message: `expected a requirement (name and version), got ${JSON.stringify(spec)}`,
      severity: 'error',
    });
    return undefined;
  }
  const name = nameMatch[0];
  let rest = spec.slice(name.length).trimStart();
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) {
      problems.push({
        file: path,
        line,
        message: `unclosed extras in ${JSON.stringify(spec)}`,
        severity: 'error',
      });
      return undefined;
    }
    rest = rest.slice(close + 1).trimStart();
  }
  if (rest.startsWith('@')) {
    problems.push({
      file: path,
      line,
      message: `${name} is installed from a URL, not a pinned version; not inventoried`,
      severity: 'warning',
    });
    return undefined;
  }
  if (rest === '') {
    problems.push({
      file: path,
      line,
      message: `${name} is not pinned (no version); not inventoried`,
      severity: 'warning',
    });
    return undefined;
  }
  const specifiers = rest.split(',').map((part) => part.trim());
  const pins = specifiers.filter((part) => part.startsWith('=='));
  const pin = pins.length === 1 && specifiers.length === 1 ? pins[0] : undefined;
  if (!/^(==|===|!=|<=|>=|~=|<|>)/.test(specifiers[0] ?? '')) {
    problems.push({
      file: path,
      line,
      message: `expected a version specifier after ${name}, got ${JSON.stringify(rest)}`,
      severity: 'error',
    });
    return undefined;
  }
  if (pin === undefined) {
    problems.push({
      file: path,
      line,
      message: `${name} ${rest} is a range, not a pin; not inventoried`,
      severity: 'warning',
    });
    return undefined;
  }
  const version = pin.slice(pin.startsWith('===') ? 3 : 2).trim();
  if (version === '') {
    problems.push({ file: path, line, message: `${name}== has no version`, severity: 'error' });
    return undefined;
  }
  if (version.includes('*') || version.includes('$') || /\s/.test(version)) {
    problems.push({
      file: path,
      line,
      message: `${name}==${version} is not one exact version (wildcard or variable); not inventoried`,
      severity: 'warning',
    });
    return undefined;
  }
  return makeComponent('PyPI', name, version, path, line);
}
