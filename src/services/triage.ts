/**
 * Triage as use cases over the triage store: record a decision about a finding, import and export
 * VEX, and build the scan's triage context (stored statements, finding history).
 */
import { resolve } from 'node:path';
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import type { Finding } from '../matching/types.js';
import {
  type FindingRecord,
  TRIAGE_STATUSES,
  type TriageStatement,
  type TriageStatus,
  VEX_JUSTIFICATIONS,
  type VexJustification,
} from '../prioritize/triage.js';
import { exportVex, type VexFormat } from '../prioritize/vex/index.js';
import type { TriageStore } from '../store/triage-store.js';
import { loadVexStatements } from './prioritize.js';

export interface TriageDecision {
  vulnerabilityId: string;
  status: TriageStatus;
  products?: string[];
  justification?: string;
  reason?: string;
  approver?: string;
  expires?: string;
  author?: string;
}

/** Validates a person's decision (the rules VEX and Ward's risk acceptance impose) and builds the statement. */
export function decisionToStatement(decision: TriageDecision, now: Date): TriageStatement {
  if (!TRIAGE_STATUSES.includes(decision.status)) {
    throw new WardError(
      'input.invalid',
      `unknown status ${decision.status} (expected ${TRIAGE_STATUSES.join(', ')})`,
      { field: 'status' },
    );
  }
  const justification = decision.justification as VexJustification | undefined;
  if (justification !== undefined && !VEX_JUSTIFICATIONS.includes(justification)) {
    throw new WardError(
      'input.invalid',
      `unknown justification ${decision.justification} (expected ${VEX_JUSTIFICATIONS.join(', ')})`,
      {
        field: 'justification',
      },
    );
  }
  if (decision.status === 'not-affected' && !justification) {
    throw new WardError('input.invalid', 'not-affected needs a VEX --justification', {
      field: 'justification',
    });
  }
  if (decision.status === 'false-positive' && !decision.reason) {
    throw new WardError('input.invalid', 'false-positive needs a --reason', { field: 'reason' });
  }
  if (decision.status === 'risk-accepted') {
    for (const field of ['reason', 'approver', 'expires'] as const) {
      if (!decision[field]) throw new WardError('input.invalid', `risk-accepted needs --${field}`, { field });
    }
  }
  let expires: string | undefined;
  if (decision.expires !== undefined) {
    const parsed = Date.parse(
      decision.expires.length === 10 ? `${decision.expires}T00:00:00Z` : decision.expires,
    );
    if (Number.isNaN(parsed))
      throw new WardError('input.invalid', `expected a date, got ${decision.expires}`, { field: 'expires' });
    expires = new Date(parsed).toISOString();
  }
  const statement: TriageStatement = {
    vulnerabilityId: decision.vulnerabilityId,
    products: decision.products ?? [],
    status: decision.status,
    timestamp: now.toISOString(),
    source: 'manual',
  };
  if (justification) statement.justification = justification;
  if (decision.reason) statement.detail = decision.reason;
  if (decision.approver) statement.approver = decision.approver;
  if (expires) statement.expires = expires;
  if (decision.author) statement.author = decision.author;
  return statement;
}

export async function importVexIntoStore(
  store: TriageStore,
  paths: readonly string[],
): Promise<{ added: number; unchanged: number; problems: Problem[] }> {
  const { statements, problems } = await loadVexStatements(paths);
  const { added, unchanged } = await store.addStatements(statements);
  return { added, unchanged, problems };
}

export async function exportVexFromStore(
  store: TriageStore,
  format: VexFormat,
  options: { author: string; now: Date; id?: string },
): Promise<string> {
  const statements = await store.statements();
  const timestamp = options.now.toISOString();
  return exportVex(format, statements, {
    author: options.author,
    timestamp,
    id: options.id ?? `urn:uuid:${crypto.randomUUID()}`,
  });
}

/** The scope a scan's history is kept under: its targets, resolved and sorted. */
export function scanScope(targets: readonly string[], parserId?: string): string {
  return targets
    .map((target) => (target === '-' ? `-:${parserId ?? ''}` : resolve(target)))
    .sort()
    .join('\n');
}

/** The history hook of a scan: records it in the store under `scope`. */
export function historyRecorder(
  store: TriageStore,
  scope: string,
): (findings: readonly Finding[], scannedAt: string) => Promise<readonly FindingRecord[]> {
  return (findings, scannedAt) => store.recordScan(scope, findings, scannedAt);
}
