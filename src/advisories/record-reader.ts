/**
 * Small typed accessors for untrusted parsed JSON/YAML, shared by the source normalisers.
 *
 * Written by hand rather than with ajv: the normalisers need to *keep going* past a bad entry
 * (skip one affected package, keep the advisory) and name the exact field path of every
 * problem, which a whole-document schema validator does not give us in a usable form.
 */
import type { Problem } from '../core/errors.js';

/** Where a record came from, for problem reports. */
export interface RecordContext {
  file: string;
  /** 1-based line of the record (JSON Lines) when known. */
  line?: number;
}

/** What every normaliser returns: the value when usable, plus every problem found. */
export interface NormalizeOutcome<T> {
  value?: T;
  problems: Problem[];
}

/** Thrown inside a normaliser to reject the whole record; caught at its boundary. */
export class RecordRejected extends Error {
  override readonly name = 'RecordRejected';
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Collects problems for one record, all tagged with the record's file and line. */
export class ProblemList {
  readonly problems: Problem[] = [];
  constructor(private readonly context: RecordContext) {}

  warn(field: string | undefined, message: string): void {
    this.push('warning', field, message);
  }

  error(field: string | undefined, message: string): void {
    this.push('error', field, message);
  }

  private push(severity: Problem['severity'], field: string | undefined, message: string): void {
    const problem: Problem = { file: this.context.file, message, severity };
    if (this.context.line !== undefined) problem.line = this.context.line;
    if (field !== undefined) problem.field = field;
    this.problems.push(problem);
  }
}

export function requireObject(value: unknown, field: string): JsonObject {
  if (!isObject(value)) throw new RecordRejected(`expected an object, got ${describeType(value)}`, field);
  return value;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RecordRejected(
      value === undefined
        ? 'required field is missing'
        : `expected a non-empty string, got ${describeType(value)}`,
      field,
    );
  }
  return value;
}

/** Optional string: undefined when absent; rejects the record when present with a wrong type. */
export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new RecordRejected(`expected a string, got ${describeType(value)}`, field);
  return value;
}

/** Optional array: [] when absent; rejects the record when present but not an array. */
export function optionalArray(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RecordRejected(`expected an array, got ${describeType(value)}`, field);
  return value;
}

/** Array of strings; non-string members are reported and dropped. */
export function stringArray(value: unknown, field: string, problems: ProblemList): string[] {
  const out: string[] = [];
  optionalArray(value, field).forEach((item, index) => {
    if (typeof item === 'string') out.push(item);
    else problems.warn(`${field}[${index}]`, `expected a string, got ${describeType(item)}; dropped`);
  });
  return out;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_CLONE_DEPTH = 64;

/**
 * Deep copy of free-form source data (ecosystem_specific, database_specific) into null-prototype
 * objects, dropping `__proto__`/`constructor`/`prototype` keys so that no later merge or lookup
 * by a consumer can reach Object.prototype through data an attacker wrote.
 */
export function cloneFreeForm(
  value: unknown,
  field: string,
  problems: ProblemList,
  depth = 0,
): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    problems.warn(field, `expected an object, got ${describeType(value)}; dropped`);
    return undefined;
  }
  return cloneObject(value, field, problems, depth);
}

function cloneObject(
  value: JsonObject,
  field: string,
  problems: ProblemList,
  depth: number,
): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      problems.warn(`${field}.${key}`, 'forbidden key dropped (prototype pollution guard)');
      continue;
    }
    out[key] = cloneValue(value[key], `${field}.${key}`, problems, depth + 1);
  }
  return out;
}

function cloneValue(value: unknown, field: string, problems: ProblemList, depth: number): unknown {
  if (depth > MAX_CLONE_DEPTH) {
    problems.warn(field, `nested deeper than ${MAX_CLONE_DEPTH} levels; truncated`);
    return null;
  }
  if (Array.isArray(value))
    return value.map((item, index) => cloneValue(item, `${field}[${index}]`, problems, depth + 1));
  if (isObject(value)) return cloneObject(value, field, problems, depth);
  return value;
}

/** Runs a record normaliser, turning a RecordRejected into an 'error' problem. */
export function runNormalizer<T>(
  context: RecordContext,
  body: (problems: ProblemList) => T,
): NormalizeOutcome<T> {
  const problems = new ProblemList(context);
  try {
    const value = body(problems);
    return { value, problems: problems.problems };
  } catch (error) {
    if (!(error instanceof RecordRejected)) throw error;
    problems.error(error.field, error.message);
    return { problems: problems.problems };
  }
}

/** English text from a `[{lang, value}]` list (NVD, CVE 5): the `en` entry, else the first. */
export function englishText(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  let first: string | undefined;
  for (const item of list) {
    if (!isObject(item) || typeof item.value !== 'string') continue;
    if (typeof item.lang === 'string' && item.lang.toLowerCase().startsWith('en')) return item.value;
    first ??= item.value;
  }
  return first;
}
