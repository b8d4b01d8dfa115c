/**
 * Native range syntaxes of the SemVer-family ecosystems, evaluated with the scheme's own comparator
 * (no string fallback, no node-semver quirks): Cargo requirements, Elixir requirements and Pub
 * constraints. A comparator's version may be partial (`1.2`, `1.*`), meaning "any patch".
 */
import { isAllDigits, stripLeadingZeros } from './numeric.js';
import { parseSemverLike, type SemverIdentifier, type SemverLike } from './semver-like.js';

type Compare = (a: SemverLike, b: SemverLike) => -1 | 0 | 1;
type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '^' | '~>';

interface PartialVersion {
  /** Number of numeric components written (wildcards excluded). */
  readonly given: number;
  /** Padded to three components with zeros. */
  readonly full: SemverLike;
}

/** Lowest possible pre-release: `X.Y.Z-0` sorts before every other pre-release of X.Y.Z. */
const LOWEST_PRE: readonly SemverIdentifier[] = [{ digits: '0', text: '0' }];

function parsePartial(text: string): PartialVersion | undefined {
  const match = /^v?([0-9]+|[*xX])(?:\.([0-9]+|[*xX]))?(?:\.([0-9]+|[*xX]))?([-+].*)?$/.exec(text.trim());
  if (!match) return undefined;
  const numbers: string[] = [];
  for (const part of [match[1], match[2], match[3]]) {
    if (part === undefined || !isAllDigits(part)) break;
    numbers.push(stripLeadingZeros(part));
  }
  const given = numbers.length;
  while (numbers.length < 3) numbers.push('0');
  const full = parseSemverLike(`${numbers.join('.')}${match[4] ?? ''}`);
  return full ? { given, full } : undefined;
}

/** The smallest version above every version sharing the first `index + 1` components. */
function bump(version: SemverLike, index: number): SemverLike {
  const numbers = version.numbers.slice(0, 3).map((part, i) => {
    if (i < index) return part;
    return i === index ? (BigInt(part) + 1n).toString() : '0';
  });
  return { raw: numbers.join('.'), numbers, pre: LOWEST_PRE, build: [] };
}

function within(version: SemverLike, lower: SemverLike, upper: SemverLike, compare: Compare): boolean {
  return compare(version, lower) >= 0 && compare(version, upper) < 0;
}

function testComparator(
  version: SemverLike,
  op: Operator,
  partial: PartialVersion,
  compare: Compare,
): boolean {
  const { full, given } = partial;
  if (given === 0) return op !== '!=' && op !== '<' && op !== '>';
  const exact = given >= 3;
  switch (op) {
    case '=':
      return exact ? compare(version, full) === 0 : within(version, full, bump(full, given - 1), compare);
    case '!=':
      return exact ? compare(version, full) !== 0 : !within(version, full, bump(full, given - 1), compare);
    case '>':
      return exact ? compare(version, full) > 0 : compare(version, bump(full, given - 1)) >= 0;
    case '>=':
      return compare(version, full) >= 0;
    case '<':
      return compare(version, full) < 0;
    case '<=':
      return exact ? compare(version, full) <= 0 : compare(version, bump(full, given - 1)) < 0;
    case '~':
      return within(version, full, bump(full, given >= 2 ? 1 : 0), compare);
    case '^': {
      const [major, minor] = full.numbers;
      const index = major !== '0' || given === 1 ? 0 : minor !== '0' || given === 2 ? 1 : 2;
      return within(version, full, bump(full, index), compare);
    }
    case '~>':
      return within(version, full, bump(full, Math.max(0, given - 2)), compare);
  }
}

const OPERATOR = /^(~>|==|!=|>=|<=|=|>|<|~|\^)?\s*(.+)$/;

function splitComparator(text: string): { op: string | undefined; version: string } | undefined {
  const match = OPERATOR.exec(text.trim());
  if (!match || match[2] === undefined) return undefined;
  return { op: match[1], version: match[2] };
}

function evaluateAll(
  version: SemverLike,
  parts: readonly string[],
  bare: Operator,
  allowed: ReadonlySet<string>,
  compare: Compare,
): boolean | undefined {
  let result = true;
  for (const part of parts) {
    const split = splitComparator(part);
    if (!split) return undefined;
    const op = (split.op === '==' ? '=' : (split.op ?? bare)) as Operator;
    if (split.op !== undefined && !allowed.has(split.op)) return undefined;
    const partial = parsePartial(split.version);
    if (!partial) return undefined;
    if (!testComparator(version, op, partial, compare)) result = false;
  }
  return result;
}

const CARGO_OPERATORS = new Set(['=', '>', '>=', '<', '<=', '~', '^']);
const ELIXIR_OPERATORS = new Set(['==', '!=', '>', '>=', '<', '<=', '~>']);
const PUB_OPERATORS = new Set(['>', '>=', '<', '<=', '^']);

/** Cargo: `>=1.2, <1.5`, `1.2.3` (= `^1.2.3`), `~1.2`, `1.*`, `*`. */
export function satisfiesCargoRequirement(
  version: SemverLike,
  range: string,
  compare: Compare,
): boolean | undefined {
  const trimmed = range.trim();
  if (trimmed === '') return undefined;
  return evaluateAll(version, trimmed.split(','), '^', CARGO_OPERATORS, compare);
}

/** Elixir: `~> 2.0 and >= 2.0.1 or == 3.0.0`; a bare version means `==`. */
export function satisfiesElixirRequirement(
  version: SemverLike,
  range: string,
  compare: Compare,
): boolean | undefined {
  const alternatives = range.trim().split(/\s+or\s+/);
  let any = false;
  for (const alternative of alternatives) {
    const result = evaluateAll(version, alternative.split(/\s+and\s+/), '=', ELIXIR_OPERATORS, compare);
    if (result === undefined) return undefined;
    any ||= result;
  }
  return any;
}

/** Pub: `any`, `^1.2.3`, `>=1.0.0 <2.0.0`, or an exact version. */
export function satisfiesPubConstraint(
  version: SemverLike,
  range: string,
  compare: Compare,
): boolean | undefined {
  const trimmed = range.trim();
  if (trimmed === 'any') return true;
  if (trimmed === '') return undefined;
  // Pub writes comparators without a space between operator and version, separated by spaces.
  return evaluateAll(version, trimmed.split(/\s+/), '=', PUB_OPERATORS, compare);
}
