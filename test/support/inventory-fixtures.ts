/**
 * Reading inventory parser fixtures (test/fixtures/inventory/<format>/) and summarising results
 * as golden rows: [name, version, line, direct].
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WardError } from '../../src/core/errors.js';
import type { InventoryResult } from '../../src/inventory/types.js';

export const INVENTORY_FIXTURES = fileURLToPath(new URL('../fixtures/inventory/', import.meta.url));

export type GoldenRow = [
  name: string,
  version: string,
  line: number | undefined,
  direct: boolean | undefined,
];

export function readInventoryFixture(format: string, file: string): string {
  return readFileSync(`${INVENTORY_FIXTURES}${format}/${file}`, 'utf8');
}

export function goldenRows(result: InventoryResult): GoldenRow[] {
  return result.components.map((component) => [
    component.name,
    component.version,
    component.location.line,
    component.direct,
  ]);
}

/** Problems as `line:severity` plus the message, for compact assertions. */
export function problemLines(result: InventoryResult): string[] {
  return result.problems.map((problem) => `${problem.line ?? '-'}:${problem.severity}: ${problem.message}`);
}

/** The WardError `run` throws (fails the test if it throws something else or nothing). */
export function captureWardError(run: () => unknown): WardError {
  try {
    run();
  } catch (error) {
    if (error instanceof WardError) return error;
    throw error;
  }
  throw new Error('expected a WardError, got no error');
}

/** Everything a parser says about each component, for golden assertions beyond `goldenRows`. */
export type DetailRow = [
  name: string,
  version: string,
  line: number | undefined,
  direct: boolean | undefined,
  scope: string | undefined,
  purl: string | undefined,
];

export function detailRows(result: InventoryResult): DetailRow[] {
  return result.components.map((component) => [
    component.name,
    component.version,
    component.location.line,
    component.direct,
    component.scope,
    component.purl,
  ]);
}
