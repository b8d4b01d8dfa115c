/**
 * Small typed readers over parsed JSON that throw WardError naming the file and field, so every
 * VEX reader reports "vulnerabilities[2].analysis.state: expected one of …, got 'x'" the same way.
 */
import { WardError } from '../../core/errors.js';
import type { TriageStatement } from '../triage.js';

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

/**
 * OpenVEX and CSAF have no "risk accepted" status: Ward writes an accepted risk as affected with
 * the action "Risk accepted by APPROVER until EXPIRES: REASON" and reads that sentence back, so
 * the acceptance (and its expiry) survives a round trip. Anything else stays plain affected.
 */
export function formatRiskAcceptance(
  approver: string | undefined,
  expires: string | undefined,
  reason: string | undefined,
): string {
  return `Risk accepted by ${approver ?? 'unknown'}${expires ? ` until ${expires}` : ''}${reason ? `: ${reason}` : ''}`;
}

export function parseRiskAcceptance(
  text: string,
): { approver: string; expires?: string; reason?: string } | undefined {
  const prefix = 'Risk accepted by ';
  if (!text.startsWith(prefix)) return undefined;
  let rest = text.slice(prefix.length);
  let reason: string | undefined;
  const colon = rest.indexOf(': ');
  if (colon >= 0) {
    reason = rest.slice(colon + 2);
    rest = rest.slice(0, colon);
  }
  let expires: string | undefined;
  const until = rest.lastIndexOf(' until ');
  if (until >= 0 && !Number.isNaN(Date.parse(rest.slice(until + 7)))) {
    expires = rest.slice(until + 7);
    rest = rest.slice(0, until);
  }
  if (rest === '') return undefined;
  return { approver: rest, ...(expires ? { expires } : {}), ...(reason ? { reason } : {}) };
}

/** Turns an imported affected statement into the risk acceptance its action sentence records. */
export function applyRiskAcceptance(
  statement: TriageStatement,
  accepted: { approver: string; expires?: string; reason?: string },
): void {
  statement.status = 'risk-accepted';
  statement.approver = accepted.approver;
  if (accepted.expires) statement.expires = accepted.expires;
  if (accepted.reason) statement.detail = accepted.reason;
  delete statement.action;
}
