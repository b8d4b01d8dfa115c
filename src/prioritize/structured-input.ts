/**
 * Reading a user's YAML or JSON file (assets, policy) against a JSON Schema, with errors that name
 * the file, the line and the field. YAML is a superset of JSON, so one parser serves both and
 * keeps line numbers for either.
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, SchemaObject, ValidateFunction } from 'ajv';
import type addFormatsModule from 'ajv-formats';
import type { LineCounter } from 'yaml';
import { WardError } from '../core/errors.js';
import { yaml } from '../core/yaml.js';

let ajvInstance: Ajv | undefined;

/**
 * The validator, made on first use: Ajv and its formats are ~80 ms of start-up, and most scans
 * read no assets or policy file. (Both are CommonJS, so they load synchronously here.)
 */
function validator(): Ajv {
  if (!ajvInstance) {
    const require = createRequire(import.meta.url);
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    // ajv-formats is CommonJS with `exports.default`.
    const addFormats = (require('ajv-formats') as typeof addFormatsModule).default;
    ajvInstance = new AjvClass({ allErrors: true, strict: true, verbose: true });
    addFormats(ajvInstance, ['date', 'date-time', 'email', 'uri']);
  }
  return ajvInstance;
}

const compiled = new Map<string, ValidateFunction>();

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses `text`, validates it against `schema`, and returns the plain value. */
export function readStructuredInput(text: string, path: string, schema: SchemaObject, what: string): unknown {
  const lineCounter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new WardError('input.invalid', `could not parse ${what}: ${firstError.message.split('\n')[0]}`, {
      file: path,
      line,
    });
  }
  rejectForbiddenKeys(doc.contents, lineCounter, path, '');
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const id = String(schema.$id ?? what);
  let validate = compiled.get(id);
  if (!validate) {
    validate = validator().compile(schema);
    compiled.set(id, validate);
  }
  if (!validate(value)) {
    const error = mostUsefulError(validate.errors ?? []);
    const segments = error.instancePath.split('/').slice(1).map(decodePointer);
    const node = doc.getIn(segments, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    const field = segmentsToField(segments) || undefined;
    throw new WardError('input.invalid', `invalid ${what}: ${describeError(error)}`, {
      file: path,
      ...(line === undefined ? {} : { line }),
      ...(field === undefined ? {} : { field }),
    });
  }
  return value;
}

function decodePointer(segment: string): string | number {
  const text = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(text) ? Number(text) : text;
}

function segmentsToField(segments: (string | number)[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/** `additionalProperties` and `enum` say the most; `anyOf`/`oneOf` wrappers the least. */
function mostUsefulError(errors: ErrorObject[]): ErrorObject {
  const ranked = [...errors].sort(
    (a, b) => weight(a) - weight(b) || b.instancePath.length - a.instancePath.length,
  );
  const best = ranked[0];
  if (!best)
    return { keyword: 'unknown', instancePath: '', schemaPath: '', params: {}, message: 'is invalid' };
  return best;
}

function weight(error: ErrorObject): number {
  if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') return 3;
  if (error.keyword === 'required' || error.keyword === 'additionalProperties' || error.keyword === 'enum')
    return 0;
  return 1;
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const got = `, got ${JSON.stringify(error.data)?.slice(0, 80)}`;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown field '${String(params.additionalProperty)}'`;
    case 'required':
      return `missing required field '${String(params.missingProperty)}'`;
    case 'enum':
      return `expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${got}`;
    default:
      return `expected a value that ${error.message ?? 'is valid'}${got}`;
  }
}

function rejectForbiddenKeys(node: unknown, lineCounter: LineCounter, path: string, field: string): void {
  const { isMap, isSeq } = yaml();
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      const name = String(key);
      if (FORBIDDEN_KEYS.has(name)) {
        const range = (pair.key as { range?: [number, number, number] }).range;
        throw new WardError('input.invalid', `field name '${name}' is not allowed`, {
          file: path,
          ...(range ? { line: lineCounter.linePos(range[0]).line } : {}),
          field: field ? `${field}.${name}` : name,
        });
      }
      rejectForbiddenKeys(pair.value, lineCounter, path, field ? `${field}.${name}` : name);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      rejectForbiddenKeys(item, lineCounter, path, `${field}[${index}]`);
    });
  }
}
