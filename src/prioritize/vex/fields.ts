/**
 * Small typed readers over parsed JSON that throw WardError naming the file and field, so every
 * VEX reader reports "vulnerabilities[2].analysis.state: expected one of …, got 'x'" the same way.
 */
import { WardError } from '../../core/errors.js';

export type Json = Record<string, unknown>;

export interface FieldContext {
  file: string;
  format: string;
}

export function fail(ctx: FieldContext, field: string, message: string): never {
  throw new WardError('input.invalid', `invalid ${ctx.format}: ${message}`, { file: ctx.file, field });
}

export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export function objectAt(ctx: FieldContext, value: unknown, field: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(ctx, field, `expected an object, got ${value === undefined ? 'nothing' : show(value)}`);
  }
  return value as Json;
}

export function arrayAt(ctx: FieldContext, value: unknown, field: string): unknown[] {
  if (!Array.isArray(value))
    fail(ctx, field, `expected an array, got ${value === undefined ? 'nothing' : show(value)}`);
  return value;
}

export function stringAt(ctx: FieldContext, value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    fail(ctx, field, `expected a non-empty string, got ${value === undefined ? 'nothing' : show(value)}`);
  }
  return value;
}

export function optionalString(ctx: FieldContext, value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : stringAt(ctx, value, field);
}

export function enumAt<T extends string>(
  ctx: FieldContext,
  value: unknown,
  allowed: readonly T[],
  field: string,
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(
      ctx,
      field,
      `expected one of ${allowed.join(', ')}, got ${value === undefined ? 'nothing' : show(value)}`,
    );
  }
  return value as T;
}

export function timestampAt(ctx: FieldContext, value: unknown, field: string): string {
  const text = stringAt(ctx, value, field);
  if (Number.isNaN(Date.parse(text))) fail(ctx, field, `expected an RFC 3339 timestamp, got ${show(text)}`);
  return text;
}

export function parseJsonDocument(text: string, ctx: FieldContext): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WardError('input.invalid', `could not parse ${ctx.format}: ${(error as Error).message}`, {
      file: ctx.file,
      cause: error,
    });
  }
  return objectAt(ctx, value, '(document)');
}
