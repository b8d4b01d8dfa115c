/**
 * Shared plumbing for the lockfile and manifest parsers: turning syntax errors into one-line
 * WardErrors that name the file and line, locating JSON keys' lines, and building purls.
 * Pure: no fs, no env, no network.
 */
import { type XMLParser, XMLValidator } from 'fast-xml-parser';
import { PackageURL } from 'packageurl-js';
import { parse as parseTomlDocument, TomlError } from 'smol-toml';
import { WardError } from '../core/errors.js';
import { yaml } from '../core/yaml.js';
import type { Component, InventoryResult } from './types.js';

/** `new WardError('input.invalid', …)` naming the file and, when known, the line. */
export function invalidInput(path: string, message: string, line?: number, field?: string): WardError {
  const options: { file: string; line?: number; field?: string } = { file: path };
  if (line !== undefined) options.line = line;
  if (field !== undefined) options.field = field;
  return new WardError('input.invalid', oneLine(message), options);
}

/** Collapse a (library) message to its first non-empty line, so the CLI prints one line. */
export function oneLine(message: string): string {
  const first = message.split('\n').find((part) => part.trim() !== '') ?? message;
  return first.trim();
}

/**
 * Text files never hold NUL; a file that does is binary (an image, an archive, a database) or
 * UTF-16, and feeding it to a text parser yields nonsense errors. Fail early with the line.
 */
export function rejectBinary(text: string, path: string): void {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    throw invalidInput(path, 'expected a text file, got binary content (NUL byte)', lineOfOffset(text, nul));
  }
}

/** 1-based line of a character offset (linear scan; called once per error, not per entry). */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offsets where each line starts, for many line look-ups in one file. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Lines of the text without their terminators (handles CRLF). */
export function splitLines(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function recordField(
  object: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return isRecord(value) ? value : undefined;
}

/**
 * The `name` and non-empty `version` of a lockfile package entry, or undefined after recording on
 * `result` why the entry is left out (a lockfile entry without both cannot be matched).
 */
export function packageIdentity(
  entry: Record<string, unknown>,
  result: InventoryResult,
  path: string,
  line: number | undefined,
): { name: string; version: string } | undefined {
  const name = stringField(entry, 'name');
  const version = stringField(entry, 'version');
  if (name !== undefined && version !== undefined && version !== '') return { name, version };
  result.problems.push({
    file: path,
    line,
    message: `package ${name ?? '(unnamed)'} has no name or version`,
    severity: 'error',
  });
  return undefined;
}

export function emptyResult(parser: string): InventoryResult {
  return { parser, components: [], problems: [], assets: [] };
}

/** Parse JSON; on failure, throw input.invalid with the line of the first syntax error. */
export function parseJson(text: string, path: string): unknown {
  rejectBinary(text, path);
  if (text.trim() === '') throw invalidInput(path, 'expected JSON, got an empty file', 1);
  try {
    return JSON.parse(stripBom(text));
  } catch (error) {
    // V8 quotes the offending source after the token ("Unexpected token 'x', "…" is not valid
    // JSON"); drop the quote, it can be long and span lines.
    const message = (error instanceof Error ? error.message : String(error)).replace(/, ".*$/s, '');
    const position = /at position (\d+)/.exec(message);
    let line = position?.[1] === undefined ? undefined : lineOfOffset(text, Number(position[1]));
    if (line === undefined) {
      try {
        scanJsonKeys(stripBom(text), () => {});
      } catch (scanError) {
        if (scanError instanceof JsonSyntaxError) line = lineOfOffset(text, scanError.offset);
      }
    }
    throw invalidInput(path, `expected JSON: ${message}`, line);
  }
}

/** Parse a JSON document that must be an object. */
export function parseJsonObject(text: string, path: string, what: string): Record<string, unknown> {
  const value = parseJson(text, path);
  if (!isRecord(value)) {
    throw invalidInput(path, `expected ${what} (a JSON object), got ${describeValue(value)}`, 1);
  }
  return value;
}

/** Parse TOML with smol-toml; syntax errors become input.invalid with the line. */
export function parseToml(text: string, path: string): Record<string, unknown> {
  rejectBinary(text, path);
  try {
    return parseTomlDocument(stripBom(text)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      throw invalidInput(path, `expected TOML: ${oneLine(error.message)}`, error.line);
    }
    throw invalidInput(path, `expected TOML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Separator for key paths in `locateJsonKeys` (a character JSON keys rarely hold). */
export const KEY_PATH_SEPARATOR = '\u0000';

/**
 * Line of every object key in a JSON text, by key path (`['packages', 'node_modules/a']` joined
 * with KEY_PATH_SEPARATOR). A single linear pass over the characters: JSON.parse discards
 * positions, and regexes over untrusted text risk backtracking, so we track the nesting by hand.
 * Only keys up to `maxDepth` levels deep are recorded (array elements count as a level, keyed by
 * their index).
 */
export function locateJsonKeys(text: string, maxDepth = Number.POSITIVE_INFINITY): Map<string, number> {
  const found = new Map<string, number>();
  scanJsonKeys(text, (path, line) => {
    if (path.length <= maxDepth) found.set(path.join(KEY_PATH_SEPARATOR), line);
  });
  return found;
}

interface Frame {
  kind: 'object' | 'array';
  /** Key (object) or index (array) of the child being read; '' before the first. */
  key: string;
  index: number;
}

function scanJsonKeys(text: string, onKey: (path: readonly string[], line: number) => void): void {
  const stack: Frame[] = [];
  const path: string[] = [];
  let line = 1;
  let i = 0;
  // expectKey: inside an object, the next string is a key.
  let expectKey = false;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 44 || c === 58) {
      // whitespace, ',' and ':' — structure is tracked by the brackets and key strings.
      if (c === 44) {
        const top = stack[stack.length - 1];
        if (top?.kind === 'object') expectKey = true;
        else if (top?.kind === 'array') {
          top.index++;
          path[path.length - 1] = String(top.index);
        }
      }
      i++;
      continue;
    }
    if (c === 123 /* { */) {
      stack.push({ kind: 'object', key: '', index: 0 });
      path.push('');
      expectKey = true;
      i++;
      continue;
    }
    if (c === 91 /* [ */) {
      stack.push({ kind: 'array', key: '', index: 0 });
      path.push('0');
      expectKey = false;
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      const top = stack.pop();
      if (top === undefined || (top.kind === 'object') !== (c === 125)) {
        throw new JsonSyntaxError(`unexpected '${String.fromCharCode(c)}'`, i);
      }
      path.pop();
      expectKey = false;
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      const start = i;
      let escaped = false;
      i++;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) {
          escaped = true;
          i += 2;
          continue;
        }
        if (d === 34) break;
        if (d === 10) throw new JsonSyntaxError('unterminated string', start);
        i++;
      }
      if (i >= length) throw new JsonSyntaxError('unterminated string', start);
      i++;
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === 'object') {
        const raw = text.slice(start + 1, i - 1);
        const key = escaped ? decodeJsonString(text.slice(start, i), start) : raw;
        path[path.length - 1] = key;
        onKey(path, line);
        expectKey = false;
      }
      continue;
    }
    // A literal (number, true, false, null): skip to the next delimiter.
    if ((c >= 48 && c <= 57) || c === 45 || c === 116 || c === 102 || c === 110) {
      if (expectKey) throw new JsonSyntaxError('expected a double-quoted property name', i);
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
      continue;
    }
    throw new JsonSyntaxError(`unexpected character '${text[i]}'`, i);
  }
  if (stack.length > 0) throw new JsonSyntaxError('unexpected end of input', length);
}

function decodeJsonString(quoted: string, offset: number): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    throw new JsonSyntaxError('invalid string escape', offset);
  }
}

/** Line of a key path found by `locateJsonKeys`. */
export function keyLine(lines: Map<string, number>, ...path: string[]): number | undefined {
  return lines.get(path.join(KEY_PATH_SEPARATOR));
}

/** A purl string, or undefined when packageurl-js rejects the parts (it validates per type). */
export function buildPurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string>,
): string | undefined {
  try {
    return new PackageURL(type, namespace, name, version, qualifiers, undefined).toString();
  } catch {
    return undefined;
  }
}

/**
 * Purl for a package in one of the language ecosystems the lockfile parsers produce. Not
 * core/purl.ts `packageToPurl`, which the SBOM readers use: that one throws on a bad name, has no
 * CocoaPods/Conan type, and spells PyPI names PEP 503-normalised (`zope-interface`) where this
 * keeps the purl spec's spelling (`zope.interface`). On the 8,168 components of the shared lockfile
 * and SBOM corpus the two agree for every other language package; making them one is a change of
 * output, not a refactor.
 */
export function purlFor(ecosystem: string, name: string, version: string): string | undefined {
  switch (ecosystem) {
    case 'npm': {
      const slash = name.startsWith('@') ? name.indexOf('/') : -1;
      return slash === -1
        ? buildPurl('npm', undefined, name, version)
        : buildPurl('npm', name.slice(0, slash), name.slice(slash + 1), version);
    }
    case 'PyPI':
      return buildPurl('pypi', undefined, name, version);
    case 'crates.io':
      return buildPurl('cargo', undefined, name, version);
    case 'RubyGems':
      return buildPurl('gem', undefined, name, version);
    case 'NuGet':
      return buildPurl('nuget', undefined, name, version);
    case 'Pub':
      return buildPurl('pub', undefined, name, version);
    case 'Hex':
      return buildPurl('hex', undefined, name, version);
    case 'Hackage':
      return buildPurl('hackage', undefined, name, version);
    case 'CRAN':
      return buildPurl('cran', undefined, name, version);
    case 'CocoaPods':
      return buildPurl('cocoapods', undefined, name, version);
    case 'ConanCenter':
      return buildPurl('conan', undefined, name, version);
    case 'SwiftURL': {
      // purl-spec swift type: namespace is the source host and path, name the last segment.
      const slash = name.lastIndexOf('/');
      return slash === -1
        ? undefined
        : buildPurl('swift', name.slice(0, slash), name.slice(slash + 1), version);
    }
    case 'Go':
    case 'Packagist': {
      const type = ecosystem === 'Go' ? 'golang' : 'composer';
      const slash = name.lastIndexOf('/');
      return slash === -1
        ? buildPurl(type, undefined, name, version)
        : buildPurl(type, name.slice(0, slash), name.slice(slash + 1), version);
    }
    case 'Maven': {
      const colon = name.indexOf(':');
      return colon === -1
        ? undefined
        : buildPurl('maven', name.slice(0, colon), name.slice(colon + 1), version);
    }
    default:
      return undefined;
  }
}

/** Fill in a component with its purl computed from ecosystem, name and version. */
export function makeComponent(
  ecosystem: string,
  name: string,
  version: string,
  file: string,
  line: number | undefined,
  extra: Pick<Component, 'direct' | 'scope'> = {},
): Component {
  const component: Component = {
    ecosystem,
    name,
    version,
    location: line === undefined ? { file } : { file, line },
  };
  const purl = purlFor(ecosystem, name, version);
  if (purl !== undefined) component.purl = purl;
  if (extra.direct !== undefined) component.direct = extra.direct;
  if (extra.scope !== undefined) component.scope = extra.scope;
  return component;
}

/** Base name of a path, for `matches` tests (both separators: Windows paths reach us too). */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut === -1 ? path : path.slice(cut + 1);
}

/** A parsed YAML document plus the lines of its mapping keys. */
export interface YamlWithLines {
  data: unknown;
  /** Line of each key of the mapping at `path` (e.g. `['packages']`), by key text. */
  keyLines(...path: string[]): Map<string, number>;
}

/** Like `parseYaml`, also keeping the syntax tree so callers can find the line of a key. */
export function parseYamlWithLines(text: string, path: string): YamlWithLines {
  rejectBinary(text, path);
  const source = stripBom(text);
  // `uniqueKeys: false` tolerates duplicated keys the way the package managers' own readers do;
  // aliases are capped at expansion (toJS) so a small file cannot blow up into a huge one.
  const { isMap, isScalar, parseDocument } = yaml();
  const document = parseDocument(source, { uniqueKeys: false });
  const error = document.errors[0];
  if (error !== undefined) {
    throw invalidInput(path, `expected YAML: ${error.message}`, error.linePos?.[0].line);
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw invalidInput(path, `expected YAML: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const starts = lineStarts(source);
  return {
    data,
    keyLines(...keyPath) {
      const lines = new Map<string, number>();
      const node = keyPath.length === 0 ? document.contents : document.getIn(keyPath, true);
      if (!isMap(node)) return lines;
      for (const item of node.items) {
        const key = item.key;
        if (!isScalar(key) || key.range === undefined || key.range === null) continue;
        lines.set(String(key.value), lineAtOffset(starts, key.range[0]));
      }
      return lines;
    },
  };
}

/** 1-based line of an offset, by binary search over `lineStarts` output. */
export function lineAtOffset(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/**
 * Lines of each `[[header]]` in a TOML text, in order. TOML keeps array-of-tables elements in
 * document order, so the n-th header is the n-th element of the parsed array (smol-toml drops
 * positions, hence this scan).
 */
export function tableArrayLines(text: string, header: string): number[] {
  const wanted = `[[${header}]]`;
  const found: number[] = [];
  splitLines(text).forEach((line, index) => {
    const trimmed = line.trim();
    // `[[package]] # comment` is legal TOML too.
    if (
      trimmed === wanted ||
      (trimmed.startsWith(wanted) && trimmed.slice(wanted.length).trimStart().startsWith('#'))
    ) {
      found.push(index + 1);
    }
  });
  return found;
}

/** The array of tables under `key` (`[[package]]`), or [] when absent; input.invalid if malformed. */
export function tableArray(
  document: Record<string, unknown>,
  key: string,
  path: string,
): Record<string, unknown>[] {
  const value = Object.hasOwn(document, key) ? document[key] : undefined;
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw invalidInput(path, `expected [[${key}]] tables, got ${describeValue(value)}`, undefined, key);
  return value.filter(isRecord);
}

/** One XML start tag found by `xmlStartTags`. */
export interface XmlStartTag {
  /** Attributes by name, entity references decoded (only the five predefined ones). */
  attributes: Map<string, string>;
  /** 1-based line of the `<`. */
  line: number;
  /** Text between this start tag and its end tag (empty for `<tag/>`), for child elements. */
  body: string;
}

/**
 * Every `<tag …>` start tag of one element name, with its attributes and line, after checking
 * that the whole text is well-formed XML (fast-xml-parser's validator, which neither expands
 * entities nor reads DTDs). The manifests this serves (packages.config, *.csproj,
 * Directory.Packages.props, Gradle verification-metadata.xml) keep their data in attributes and
 * need the line of each element, which fast-xml-parser does not report, hence this small scan.
 * The regexes have no nested quantifiers, so they run in linear time on untrusted text.
 */
export function xmlStartTags(text: string, path: string, tag: string, what: string): XmlStartTag[] {
  rejectBinary(text, path);
  const source = stripBom(text);
  if (source.trim() === '') throw invalidInput(path, `expected ${what} (XML), got an empty file`, 1);
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    throw invalidInput(path, `expected ${what} (XML): ${validation.err.msg}`, validation.err.line);
  }
  // Comments are blanked (newlines kept) so commented-out elements are not read.
  const blanked = source.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
  const starts = lineStarts(blanked);
  const found: XmlStartTag[] = [];
  const pattern = new RegExp(`<${tag}(?=[\\s/>])([^>]*)>`, 'g');
  for (const match of blanked.matchAll(pattern)) {
    const raw = match[1] ?? '';
    const selfClosing = raw.endsWith('/');
    const attributes = new Map<string, string>();
    for (const attribute of raw.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes.set(attribute[1] ?? '', decodeXmlEntities(attribute[2] ?? attribute[3] ?? ''));
    }
    const after = match.index + match[0].length;
    let body = '';
    if (!selfClosing) {
      const end = blanked.indexOf(`</${tag}>`, after);
      body = end === -1 ? '' : blanked.slice(after, end);
    }
    found.push({ attributes, line: lineAtOffset(starts, match.index), body });
  }
  return found;
}

/** Text of a simple child element (`<Version>1.0</Version>`) inside an `xmlStartTags` body. */
export function xmlChildText(body: string, tag: string): string | undefined {
  const open = body.indexOf(`<${tag}>`);
  if (open === -1) return undefined;
  const close = body.indexOf(`</${tag}>`, open);
  return close === -1 ? undefined : decodeXmlEntities(body.slice(open + tag.length + 2, close).trim());
}

function decodeXmlEntities(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos);/g, (_whole, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'amp' ? '&' : name === 'quot' ? '"' : "'",
  );
}

/**
 * Manifests (package.json, Cargo.toml, pyproject.toml, paket.dependencies) declare ranges, not
 * installed versions: only exact pins become components. The rest is reported once per file, as
 * one warning naming where the versions really are, rather than one warning per dependency.
 */
export function declaredRangesProblem(
  path: string,
  names: readonly string[],
  lockfile: string,
): InventoryResult['problems'][number] {
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
  return {
    file: path,
    message: `${names.length} dependenc${names.length === 1 ? 'y is' : 'ies are'} declared by range, not one version (${shown}); scan ${lockfile} for the installed versions`,
    severity: 'warning',
  };
}

/**
 * Parse an untrusted XML document with `parser` (configured by the caller, entities off). The
 * validator runs first because only it reports the line and column of a syntax error; a DOCTYPE
 * declaring external entities makes the parser throw, which is the XXE case and is refused.
 * `what` names the expected document ("Nmap XML"); `hint` is appended to syntax errors.
 */
export function parseUntrustedXml(
  parser: XMLParser,
  source: string,
  path: string,
  what: string,
  hint = '',
): unknown {
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    throw new WardError(
      'input.invalid',
      `expected well-formed ${what}, got ${msg} at line ${line}, column ${col}${hint}`,
      {
        file: path,
        line,
      },
    );
  }
  try {
    return parser.parse(source);
  } catch (error) {
    throw new WardError(
      'input.invalid',
      `expected ${what} without external entities, got: ${(error as Error).message}`,
      {
        file: path,
        cause: error,
      },
    );
  }
}
