/**
 * OpenVEX 0.2.0 (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md).
 */
import type { Problem } from '../../core/errors.js';
import { type TriageStatement, type TriageStatus, VEX_JUSTIFICATIONS } from '../triage.js';
import type { ExportOptions } from './cyclonedx-vex.js';
import {
  applyRiskAcceptance,
  arrayAt,
  enumAt,
  type FieldContext,
  fail,
  formatRiskAcceptance,
  type Json,
  objectAt,
  optionalString,
  parseRiskAcceptance,
  stringAt,
  timestampAt,
} from './fields.js';

const CONTEXT = 'https://openvex.dev/ns/v0.2.0';
const STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
type OpenVexStatus = (typeof STATUSES)[number];

const STATUS_MAP: Record<OpenVexStatus, TriageStatus> = {
  not_affected: 'not-affected',
  affected: 'open',
  fixed: 'fixed',
  under_investigation: 'in-progress',
};

export function isOpenVex(doc: Json): boolean {
  return typeof doc['@context'] === 'string' && doc['@context'].startsWith('https://openvex.dev/ns');
}

export function parseOpenVex(
  doc: Json,
  file: string,
): { statements: TriageStatement[]; problems: Problem[] } {
  const ctx: FieldContext = { file, format: 'OpenVEX' };
  const context = stringAt(ctx, doc['@context'], '@context');
  if (context !== CONTEXT && context !== 'https://openvex.dev/ns') {
    fail(ctx, '@context', `expected "${CONTEXT}", got "${context}"`);
  }
  stringAt(ctx, doc['@id'], '@id');
  const author = stringAt(ctx, doc.author, 'author');
  const documentTime = timestampAt(ctx, doc.timestamp, 'timestamp');
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version) || doc.version < 1) {
    fail(ctx, 'version', `expected a positive integer, got ${JSON.stringify(doc.version)}`);
  }
  const statements: TriageStatement[] = [];
  arrayAt(ctx, doc.statements, 'statements').forEach((raw, index) => {
    const at = `statements[${index}]`;
    const statement = objectAt(ctx, raw, at);
    const vulnerability = objectAt(ctx, statement.vulnerability, `${at}.vulnerability`);
    const name = stringAt(ctx, vulnerability.name, `${at}.vulnerability.name`);
    const status = enumAt(ctx, statement.status, STATUSES, `${at}.status`);
    const justification =
      statement.justification === undefined
        ? undefined
        : enumAt(ctx, statement.justification, VEX_JUSTIFICATIONS, `${at}.justification`);
    const impact = optionalString(ctx, statement.impact_statement, `${at}.impact_statement`);
    const action = optionalString(ctx, statement.action_statement, `${at}.action_statement`);
    if (status === 'not_affected' && !justification && !impact) {
      fail(
        ctx,
        `${at}.justification`,
        'a not_affected statement needs a justification or an impact_statement',
      );
    }
    if (status === 'affected' && !action)
      fail(ctx, `${at}.action_statement`, 'an affected statement needs an action_statement');
    const products: string[] = [];
    if (statement.products !== undefined) {
      arrayAt(ctx, statement.products, `${at}.products`).forEach((rawProduct, p) => {
        const product = objectAt(ctx, rawProduct, `${at}.products[${p}]`);
        const productId = productIdentifier(ctx, product, `${at}.products[${p}]`);
        // The subcomponents are the packages the statement is about, inside the product.
        const subcomponents =
          product.subcomponents === undefined
            ? []
            : arrayAt(ctx, product.subcomponents, `${at}.products[${p}].subcomponents`);
        if (subcomponents.length === 0) products.push(productId);
        subcomponents.forEach((rawSub, s) => {
          const sub = objectAt(ctx, rawSub, `${at}.products[${p}].subcomponents[${s}]`);
          products.push(productIdentifier(ctx, sub, `${at}.products[${p}].subcomponents[${s}]`));
        });
      });
    }
    const result: TriageStatement = {
      vulnerabilityId: name,
      products,
      status: STATUS_MAP[status],
      timestamp:
        statement.timestamp === undefined
          ? documentTime
          : timestampAt(ctx, statement.timestamp, `${at}.timestamp`),
      source: file,
      author,
    };
    if (justification) result.justification = justification;
    const detail = impact ?? optionalString(ctx, statement.status_notes, `${at}.status_notes`);
    if (detail) result.detail = detail;
    if (action) result.action = action;
    const accepted = status === 'affected' && action ? parseRiskAcceptance(action) : undefined;
    if (accepted) applyRiskAcceptance(result, accepted);
    statements.push(result);
  });
  return { statements, problems: [] };
}

function productIdentifier(ctx: FieldContext, product: Json, field: string): string {
  if (typeof product['@id'] === 'string' && product['@id']) return product['@id'];
  if (product.identifiers !== undefined) {
    const identifiers = objectAt(ctx, product.identifiers, `${field}.identifiers`);
    if (typeof identifiers.purl === 'string') return identifiers.purl;
  }
  return fail(ctx, `${field}.@id`, 'a product needs an @id or identifiers.purl');
}

const EXPORT_STATUS: Record<TriageStatus, OpenVexStatus> = {
  open: 'affected',
  'in-progress': 'under_investigation',
  fixed: 'fixed',
  'risk-accepted': 'affected',
  'false-positive': 'not_affected',
  'not-affected': 'not_affected',
};

export function exportOpenVex(statements: readonly TriageStatement[], options: ExportOptions): Json {
  return {
    '@context': CONTEXT,
    '@id': options.id,
    author: options.author,
    timestamp: options.timestamp,
    version: 1,
    tooling: 'ward',
    statements: statements.map((statement) => {
      const status = EXPORT_STATUS[statement.status];
      const out: Json = {
        vulnerability: { name: statement.vulnerabilityId },
        ...(statement.products.length > 0
          ? { products: statement.products.map((id) => ({ '@id': id })) }
          : {}),
        status,
        timestamp: statement.timestamp,
      };
      if (status === 'not_affected') {
        // OpenVEX has no "false positive"; the component simply does not have the vulnerable code.
        out.justification = statement.justification ?? 'vulnerable_code_not_present';
        if (statement.detail) out.impact_statement = statement.detail;
        else if (statement.status === 'false-positive')
          out.impact_statement = 'False positive: the match does not apply.';
      } else if (status === 'affected') {
        out.action_statement =
          statement.status === 'risk-accepted'
            ? formatRiskAcceptance(statement.approver, statement.expires, statement.detail)
            : (statement.action ?? 'Remediation not yet decided.');
      } else if (statement.detail) {
        out.status_notes = statement.detail;
      }
      return out;
    }),
  };
}
