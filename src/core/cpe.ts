/**
 * CPE 2.3 names: well-formed names (WFN), their two bindings, and name matching.
 *
 * - NISTIR 7695 (CPE Naming 2.3, https://csrc.nist.gov/pubs/ir/7695/final): WFNs, the URI
 *   binding (`cpe:/a:vendor:product:…`, percent-encoding, packed `~` edition) and the formatted
 *   string binding (`cpe:2.3:a:vendor:product:…`, backslash quoting).
 * - NISTIR 7696 (CPE Name Matching 2.3, https://csrc.nist.gov/pubs/ir/7696/final): attribute
 *   comparison relations and the name comparison relations built from them.
 *
 * Written by hand because no maintained npm package does both. Checked 2026-11: `npm view cpe`
 * and `npm view cpe-utils` are 404; the npm package list holds one CPE parser,
 * `@thefaultvault/tfv-cpe-parser@1.3.0`, which splits on every ':' (so `\:` breaks it), does not
 * percent-decode URIs and has no NISTIR 7696 matching. (`npm search` is not served here.)
 *
 * All scanning is single-pass over the input; there are no regular expressions on untrusted text.
 */
import { WardError } from './errors.js';

/** The eleven WFN attributes in binding order (NISTIR 7695 §5.2). */
export const CPE_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'sw_edition',
  'target_sw',
  'target_hw',
  'other',
] as const;

export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/** The two logical values: ANY (any value, including none) and NA (not applicable). */
export interface CpeLogicalValue {
  readonly logical: 'ANY' | 'NA';
}

export const ANY: CpeLogicalValue = Object.freeze({ logical: 'ANY' });
export const NA: CpeLogicalValue = Object.freeze({ logical: 'NA' });

/**
 * A WFN attribute value: a logical value, or a string in WFN form (NISTIR 7695 §5.3.2):
 * letters, digits and `_` as they are, every other printable character quoted with `\`
 * (`8\.0\.6001`), and unquoted `*` / `?` as wildcards at the start or end only.
 */
export type CpeValue = CpeLogicalValue | string;

export type Wfn = { readonly [K in CpeAttribute]: CpeValue };

/** Attribute comparison relations (NISTIR 7696 §6.1, Table 6-2). */
export type CpeRelation = 'SUPERSET' | 'SUBSET' | 'EQUAL' | 'DISJOINT' | 'UNDEFINED';

export interface CpeComparison {
  readonly attributes: { readonly [K in CpeAttribute]: CpeRelation };
  /** Some attribute is DISJOINT: the names share no product (CPE_DISJOINT). */
  readonly isDisjoint: boolean;
  /** Every attribute is EQUAL (CPE_EQUAL). */
  readonly isEqual: boolean;
  /** Every attribute is SUBSET or EQUAL: source ⊆ target (CPE_SUBSET). */
  readonly isSubset: boolean;
  /** Every attribute is SUPERSET or EQUAL: source ⊇ target, i.e. the source matches (CPE_SUPERSET). */
  readonly isSuperset: boolean;
}

const FS_PREFIX = 'cpe:2.3:';
const URI_PREFIX = 'cpe:/';
const URI_COMPONENTS = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language'] as const;
const PACKED = ['edition', 'sw_edition', 'target_sw', 'target_hw', 'other'] as const;

// ---------------------------------------------------------------------------------------------
// Characters and value tokens

function isAlphanumeric(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95
  );
}

/** Printable ASCII other than letters, digits and `_`: the characters WFNs quote. */
function isPunctuation(code: number): boolean {
  return code >= 0x21 && code <= 0x7e && !isAlphanumeric(code);
}

/** A value as a sequence of characters, each either literal or an unquoted wildcard. */
interface Token {
  readonly char: string;
  readonly wildcard: boolean;
}

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code >= 0x21 && code <= 0x7e ? `'${char}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Checks the placement rule shared by every form (NISTIR 7695 §5.3.2): wildcards only at the
 * start and end, there either one `*` or a run of `?`, and at least one literal character.
 */
function checkWildcards(tokens: readonly Token[], fail: (message: string) => never): void {
  let start = 0;
  while (start < tokens.length && tokens[start]?.wildcard) start += 1;
  let end = tokens.length;
  while (end > start && tokens[end - 1]?.wildcard) end -= 1;
  if (start === end) fail('a value cannot consist of wildcards only');
  for (let i = start; i < end; i += 1) {
    if (tokens[i]?.wildcard)
      fail(`unquoted '${tokens[i]?.char}' is only allowed at the start or end of a value`);
  }
  for (const [from, to] of [
    [0, start],
    [end, tokens.length],
  ] as const) {
    const run = tokens.slice(from, to).map((token) => token.char);
    if (run.includes('*') && run.length > 1) fail("an unquoted '*' cannot be combined with other wildcards");
  }
}

/** Tokens → WFN string (quote every literal that is not a letter, digit or `_`). */
function tokensToWfn(tokens: readonly Token[]): string {
  let out = '';
  for (const token of tokens) {
    out += token.wildcard || isAlphanumeric(token.char.charCodeAt(0)) ? token.char : `\\${token.char}`;
  }
  return out;
}

/** WFN string → tokens, validating the WFN quoting rules. */
function wfnTokens(value: string, fail: (message: string) => never): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i] as string;
    const code = char.charCodeAt(0);
    if (char === '\\') {
      const next = value[i + 1];
      if (next === undefined) fail('a value cannot end with an unpaired backslash');
      if (!isPunctuation(next.charCodeAt(0)))
        fail(`'\\' may only quote punctuation, not ${describeChar(next)}`);
      tokens.push({ char: next, wildcard: false });
      i += 1;
    } else if (char === '*' || char === '?') {
      tokens.push({ char, wildcard: true });
    } else if (isAlphanumeric(code)) {
      tokens.push({ char, wildcard: false });
    } else if (isPunctuation(code)) {
      fail(`${describeChar(char)} must be quoted with '\\' in a WFN value`);
    } else {
      fail(`${describeChar(char)} is not allowed in a CPE value (printable ASCII only)`);
    }
  }
  checkWildcards(tokens, fail);
  return tokens;
}

/** Untrusted input echoed in a message, cut so a hostile string cannot flood logs. */
function excerpt(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}… (${text.length} characters)` : text;
}

function isLogical(value: CpeValue): value is CpeLogicalValue {
  return typeof value !== 'string';
}

function isAny(value: CpeValue): boolean {
  return typeof value !== 'string' && value.logical === 'ANY';
}

// ---------------------------------------------------------------------------------------------
// Construction

/**
 * Builds a WFN from attribute values given in WFN form; missing attributes are ANY. Throws
 * WardError('input.invalid') for a value that breaks the WFN rules.
 */
export function createWfn(values: Partial<Record<CpeAttribute, CpeValue>>): Wfn {
  const wfn = Object.create(null) as Record<CpeAttribute, CpeValue>;
  for (const attribute of CPE_ATTRIBUTES) {
    const value = values[attribute] ?? ANY;
    const fail = (message: string): never => {
      throw new WardError('input.invalid', `WFN ${attribute}: ${message}, got '${excerpt(String(value))}'`, {
        field: attribute,
      });
    };
    if (isLogical(value)) {
      wfn[attribute] = value.logical === 'ANY' ? ANY : NA;
    } else {
      wfnTokens(value, fail);
      wfn[attribute] = value;
    }
  }
  checkPart(wfn.part, (message) => {
    throw new WardError('input.invalid', `WFN part: ${message}`, { field: 'part' });
  });
  return Object.freeze(wfn);
}

function checkPart(value: CpeValue, fail: (message: string) => never): void {
  if (isLogical(value) ? value.logical === 'NA' : value !== 'a' && value !== 'o' && value !== 'h') {
    fail(
      `expected 'a' (application), 'o' (operating system), 'h' (hardware) or ANY, got ${formatFsValue(value)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Formatted string binding (NISTIR 7695 §6.2)

/**
 * Parses a CPE 2.3 formatted string (`cpe:2.3:a:microsoft:internet_information_server:5.0:*:…`).
 * Throws WardError('input.invalid') naming the component and the rule broken.
 */
export function parseCpeFs(text: string): Wfn {
  const fail = (message: string, field?: string): never => {
    throw new WardError(
      'input.invalid',
      `expected a CPE 2.3 formatted string, got '${excerpt(text)}': ${message}`,
      {
        ...(field === undefined ? {} : { field }),
      },
    );
  };
  if (text.slice(0, FS_PREFIX.length).toLowerCase() !== FS_PREFIX) fail(`it must start with '${FS_PREFIX}'`);
  const raw = splitCpeFs(text, FS_PREFIX.length);
  if (raw.length !== CPE_ATTRIBUTES.length) {
    fail(`it has ${raw.length} attribute components, a formatted string has ${CPE_ATTRIBUTES.length}`);
  }
  const wfn = Object.create(null) as Record<CpeAttribute, CpeValue>;
  CPE_ATTRIBUTES.forEach((attribute, index) => {
    wfn[attribute] = fsValueToWfn(raw[index] ?? '', (message) => fail(`${attribute}: ${message}`, attribute));
  });
  checkPart(wfn.part, (message) => fail(`part: ${message}`, 'part'));
  return Object.freeze(wfn);
}

/**
 * The `:`-separated components of a CPE 2.3 formatted string from `start` on, in one pass, a `\`
 * escape staying with its value (`\:` does not separate). At most `limit` components: it stops
 * after the `limit`-th separator, so a caller wanting the first few does not split the rest.
 */
export function splitCpeFs(text: string, start = 0, limit = Number.POSITIVE_INFINITY): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = start; i < text.length && parts.length < limit; i += 1) {
    const char = text[i] as string;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i += 1;
    } else if (char === ':') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (parts.length < limit) parts.push(current);
  return parts;
}

/** unbind_value_fs: `*` → ANY, `-` → NA, else quote every unquoted punctuation character. */
function fsValueToWfn(raw: string, fail: (message: string) => never): CpeValue {
  if (raw === '*') return ANY;
  if (raw === '-') return NA;
  if (raw === '') fail('the value is empty (use * for ANY or - for NA)');
  const tokens: Token[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const char = raw[i] as string;
    const code = char.charCodeAt(0);
    if (char === '\\') {
      const next = raw[i + 1];
      if (next === undefined) fail('a value cannot end with an unpaired backslash');
      if (!isPunctuation(next.charCodeAt(0)))
        fail(`'\\' may only quote punctuation, not ${describeChar(next)}`);
      tokens.push({ char: next, wildcard: false });
      i += 1;
    } else if (char === '*' || char === '?') {
      tokens.push({ char, wildcard: true });
    } else if (isAlphanumeric(code) || isPunctuation(code)) {
      tokens.push({ char, wildcard: false });
    } else {
      fail(`${describeChar(char)} is not allowed (printable ASCII only)`);
    }
  }
  checkWildcards(tokens, fail);
  return tokensToWfn(tokens);
}

/** Binds a WFN to the CPE 2.3 formatted string, as NVD writes it. */
export function formatCpeFs(wfn: Wfn): string {
  return FS_PREFIX + CPE_ATTRIBUTES.map((attribute) => formatFsValue(wfn[attribute])).join(':');
}

/** bind_value_for_fs: quoted `.`, `-`, `_` need no quoting in a formatted string. */
function formatFsValue(value: CpeValue): string {
  if (isLogical(value)) return value.logical === 'ANY' ? '*' : '-';
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i] as string;
    if (char === '\\' && i + 1 < value.length) {
      const next = value[i + 1] as string;
      out += next === '.' || next === '-' || next === '_' ? next : `\\${next}`;
      i += 1;
    } else {
      out += char;
    }
  }
  // A lone literal '-' must stay quoted, or it would read back as NA.
  return out === '-' ? '\\-' : out;
}

// ---------------------------------------------------------------------------------------------
// URI binding (NISTIR 7695 §6.1)

/**
 * Parses a CPE URI (`cpe:/a:microsoft:internet_information_server:5.0`, CPE 2.2 style, with the
 * 2.3 packed edition `~edition~sw_edition~target_sw~target_hw~other`). Missing or empty
 * components are ANY, `-` is NA; values are lowercased as NISTIR 7695 §6.1.3 requires.
 */
export function parseCpeUri(text: string): Wfn {
  const fail = (message: string, field?: string): never => {
    throw new WardError(
      'input.invalid',
      `expected a CPE URI (cpe:/part:vendor:product:…), got '${excerpt(text)}': ${message}`,
      {
        ...(field === undefined ? {} : { field }),
      },
    );
  };
  if (text.slice(0, URI_PREFIX.length).toLowerCase() !== URI_PREFIX)
    fail(`it must start with '${URI_PREFIX}'`);
  const components = text.slice(URI_PREFIX.length).split(':');
  if (components.length > URI_COMPONENTS.length) {
    fail(`it has ${components.length} components, a CPE URI has at most ${URI_COMPONENTS.length}`);
  }
  const wfn = Object.create(null) as Record<CpeAttribute, CpeValue>;
  for (const attribute of CPE_ATTRIBUTES) wfn[attribute] = ANY;
  URI_COMPONENTS.forEach((attribute, index) => {
    const raw = components[index] ?? '';
    if (attribute === 'edition' && raw.startsWith('~')) {
      // Packed edition: exactly five '~'-separated fields after the leading '~'.
      const fields = raw.slice(1).split('~');
      if (fields.length !== PACKED.length) {
        fail(`a packed edition has ${PACKED.length} '~'-separated fields, got ${fields.length}`, 'edition');
      }
      PACKED.forEach((packed, at) => {
        wfn[packed] = uriValueToWfn(fields[at] ?? '', (message) => fail(`${packed}: ${message}`, packed));
      });
    } else {
      wfn[attribute] = uriValueToWfn(raw, (message) => fail(`${attribute}: ${message}`, attribute));
    }
  });
  checkPart(wfn.part, (message) => fail(`part: ${message}`, 'part'));
  return Object.freeze(wfn);
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** decode (NISTIR 7695 §6.1.3.2): `%01` → `?`, `%02` → `*`, other %XX → quoted punctuation. */
function uriValueToWfn(raw: string, fail: (message: string) => never): CpeValue {
  if (raw === '') return ANY;
  if (raw === '-') return NA;
  const value = raw.toLowerCase();
  const tokens: Token[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i] as string;
    const code = char.charCodeAt(0);
    if (isAlphanumeric(code) || char === '.' || char === '-' || char === '~') {
      tokens.push({ char, wildcard: false });
    } else if (char === '%') {
      const high = hexDigit(value.charCodeAt(i + 1));
      const low = hexDigit(value.charCodeAt(i + 2));
      if (high < 0 || low < 0) fail(`'%' must be followed by two hex digits, got '${value.slice(i, i + 3)}'`);
      const decoded = high * 16 + low;
      if (decoded === 0x01) tokens.push({ char: '?', wildcard: true });
      else if (decoded === 0x02) tokens.push({ char: '*', wildcard: true });
      else if (isPunctuation(decoded)) tokens.push({ char: String.fromCharCode(decoded), wildcard: false });
      else fail(`'${value.slice(i, i + 3)}' does not encode a punctuation character or wildcard`);
      i += 2;
    } else {
      fail(`${describeChar(char)} must be percent-encoded in a CPE URI`);
    }
  }
  checkWildcards(tokens, fail);
  return tokensToWfn(tokens);
}

/** Binds a WFN to a CPE URI, packing the extended attributes into the edition when needed. */
export function formatCpeUri(wfn: Wfn): string {
  const components = URI_COMPONENTS.map((attribute) => {
    if (attribute === 'edition' && !PACKED.slice(1).every((packed) => isAny(wfn[packed]))) {
      return `~${PACKED.map((packed) => formatUriValue(wfn[packed])).join('~')}`;
    }
    return formatUriValue(wfn[attribute]);
  });
  let end = components.length;
  while (end > 0 && components[end - 1] === '') end -= 1;
  return URI_PREFIX + components.slice(0, end).join(':');
}

/** bind_value_for_uri: letters, digits, `_`, `.`, `-` stay; other punctuation is %-encoded. */
function formatUriValue(value: CpeValue): string {
  if (isLogical(value)) return value.logical === 'ANY' ? '' : '-';
  const tokens = wfnTokens(value, (message) => {
    throw new WardError('input.invalid', `invalid WFN value '${excerpt(value)}': ${message}`);
  });
  let out = '';
  for (const token of tokens) {
    const code = token.char.charCodeAt(0);
    if (token.wildcard) out += token.char === '?' ? '%01' : '%02';
    else if (isAlphanumeric(code) || token.char === '.' || token.char === '-') out += token.char;
    else out += `%${code.toString(16).padStart(2, '0')}`;
  }
  // A lone literal '-' must stay encoded, or it would read back as NA.
  return out === '-' ? '%2d' : out;
}

// ---------------------------------------------------------------------------------------------
// Either binding

/** Parses either binding, chosen by prefix (`cpe:2.3:` or `cpe:/`). */
export function parseCpe(text: string): Wfn {
  const trimmed = text.trim();
  const head = trimmed.slice(0, FS_PREFIX.length).toLowerCase();
  if (head === FS_PREFIX) return parseCpeFs(trimmed);
  if (head.startsWith(URI_PREFIX)) return parseCpeUri(trimmed);
  throw new WardError(
    'input.invalid',
    `expected a CPE name ('cpe:2.3:…' formatted string or 'cpe:/…' URI), got '${excerpt(trimmed)}'`,
  );
}

function toWfn(cpe: string | Wfn): Wfn {
  return typeof cpe === 'string' ? parseCpe(cpe) : cpe;
}

/** `cpe:/a:microsoft:iis:5.0` → `cpe:2.3:a:microsoft:iis:5.0:*:*:*:*:*:*:*`. */
export function cpeUriToFs(uri: string): string {
  return formatCpeFs(parseCpeUri(uri));
}

/** `cpe:2.3:a:microsoft:iis:5.0:*:*:*:*:*:*:*` → `cpe:/a:microsoft:iis:5.0`. */
export function cpeFsToUri(fs: string): string {
  return formatCpeUri(parseCpeFs(fs));
}

/**
 * Canonical formatted string of a CPE given in either binding: lowercased (NISTIR 7696 compares
 * case-insensitively) with canonical quoting, so equal names give equal keys.
 */
export function cpeToString(cpe: string | Wfn): string {
  return formatCpeFs(toWfn(cpe)).toLowerCase();
}

/**
 * The advisory-index key `vendor:product`, lowercased, each part as the formatted string writes
 * it (`*` for ANY, `-` for NA, quoted characters kept quoted so the key splits unambiguously).
 */
export function cpeVendorProduct(cpe: string | Wfn): string {
  const wfn = toWfn(cpe);
  return `${formatFsValue(wfn.vendor)}:${formatFsValue(wfn.product)}`.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Name matching (NISTIR 7696)

function hasWildcard(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (char === '\\') i += 1;
    else if (char === '*' || char === '?') return true;
  }
  return false;
}

/**
 * Relation of a source attribute value to a target value (NISTIR 7696 §6.1, Table 6-2). A
 * target with wildcards is UNDEFINED whatever the source (rows 4, 8, 12, 16).
 */
export function compareCpeValues(source: CpeValue, target: CpeValue): CpeRelation {
  if (typeof target === 'string' && hasWildcard(target)) return 'UNDEFINED';
  if (isLogical(source) && isLogical(target)) {
    if (source.logical === target.logical) return 'EQUAL'; // rows 1, 6
    return source.logical === 'ANY' ? 'SUPERSET' : 'SUBSET'; // rows 2, 5
  }
  if (isAny(source)) return 'SUPERSET'; // row 3
  if (isAny(target)) return 'SUBSET'; // rows 9, 13
  if (isLogical(source) || isLogical(target)) return 'DISJOINT'; // rows 7, 10, 14 (NA vs a string)
  return compareStrings(source as string, target as string); // rows 11, 15
}

/**
 * Rows 11 and 15: equal strings are EQUAL; a source with wildcards is a SUPERSET of every
 * target it matches. Case-insensitive, as NISTIR 7696 §6.1 requires. Leading/trailing `?`
 * runs allow up to that many characters, as the specification's compare_strings does.
 */
function compareStrings(source: string, target: string): CpeRelation {
  const fail = (message: string): never => {
    throw new WardError('input.invalid', `invalid WFN value: ${message}`);
  };
  const sourceTokens = wfnTokens(source.toLowerCase(), fail);
  const targetText = wfnTokens(target.toLowerCase(), fail)
    .map((token) => token.char)
    .join('');
  let start = 0;
  while (start < sourceTokens.length && sourceTokens[start]?.wildcard) start += 1;
  let end = sourceTokens.length;
  while (end > start && sourceTokens[end - 1]?.wildcard) end -= 1;
  const body = sourceTokens
    .slice(start, end)
    .map((token) => token.char)
    .join('');
  if (start === 0 && end === sourceTokens.length) return body === targetText ? 'EQUAL' : 'DISJOINT';
  const allowance = (from: number, to: number): number =>
    sourceTokens[from]?.char === '*' ? Number.POSITIVE_INFINITY : to - from;
  const before = allowance(0, start);
  const after = allowance(end, sourceTokens.length);
  // The body must start at some i with i ≤ before and (|target| − i − |body|) ≤ after.
  const lowest = Math.max(0, targetText.length - body.length - after);
  const highest = Math.min(before, targetText.length - body.length);
  if (lowest > highest) return 'DISJOINT';
  const found = targetText.indexOf(body, lowest);
  return found !== -1 && found <= highest ? 'SUPERSET' : 'DISJOINT';
}

/**
 * Compares a source CPE (e.g. an advisory's criteria) with a target (e.g. a host's CPE), per
 * attribute and as a whole (NISTIR 7696 §6.2). `isSuperset` is the usual "criteria matches
 * target" question: `cpe:2.3:a:microsoft:internet_information_server:*:…` is a superset of
 * `cpe:/a:microsoft:internet_information_server:5.0`.
 */
export function compareCpe(source: string | Wfn, target: string | Wfn): CpeComparison {
  const from = toWfn(source);
  const to = toWfn(target);
  const attributes = Object.create(null) as Record<CpeAttribute, CpeRelation>;
  for (const attribute of CPE_ATTRIBUTES)
    attributes[attribute] = compareCpeValues(from[attribute], to[attribute]);
  const relations = Object.values(attributes);
  return {
    attributes: Object.freeze(attributes),
    isDisjoint: relations.includes('DISJOINT'),
    isEqual: relations.every((relation) => relation === 'EQUAL'),
    isSubset: relations.every((relation) => relation === 'SUBSET' || relation === 'EQUAL'),
    isSuperset: relations.every((relation) => relation === 'SUPERSET' || relation === 'EQUAL'),
  };
}
