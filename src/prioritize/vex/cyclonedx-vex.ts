/**
 * CycloneDX VEX (spec 1.4–1.6): `vulnerabilities[].analysis` + `affects[]`.
 * https://cyclonedx.org/docs/1.6/json/#vulnerabilities_items_analysis
 */
import type { Problem } from '../../core/errors.js';
import type { TriageStatement, TriageStatus, VexJustification } from '../triage.js';
import {
  arrayAt,
  enumAt,
  type FieldContext,
  fail,
  type Json,
  objectAt,
  optionalString,
  stringAt,
  timestampAt,
} from './fields.js';

export const CYCLONEDX_STATES = [
  'resolved',
  'resolved_with_pedigree',
  'exploitable',
  'in_triage',
  'false_positive',
  'not_affected',
] as const;
type CdxState = (typeof CYCLONEDX_STATES)[number];

export const CYCLONEDX_JUSTIFICATIONS = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;
type CdxJustification = (typeof CYCLONEDX_JUSTIFICATIONS)[number];

const RESPONSES = ['can_not_fix', 'will_not_fix', 'update', 'rollback', 'workaround_available'] as const;

const STATE_TO_STATUS: Record<CdxState, TriageStatus> = {
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'open',
  in_triage: 'in-progress',
  false_positive: 'false-positive',
  not_affected: 'not-affected',
};

/** CycloneDX → OpenVEX/CSAF justification (the mapping CISA's VEX minimum requirements imply). */
const JUSTIFICATION_MAP: Record<CdxJustification, VexJustification> = {
  code_not_present: 'vulnerable_code_not_present',
  code_not_reachable: 'vulnerable_code_not_in_execute_path',
  requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_dependency: 'component_not_present',
  requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
  protected_by_compiler: 'inline_mitigations_already_exist',
  protected_at_runtime: 'inline_mitigations_already_exist',
  protected_at_perimeter: 'inline_mitigations_already_exist',
  protected_by_mitigating_control: 'inline_mitigations_already_exist',
};

/** The reverse, one CycloneDX word per canonical justification (chosen so export→import is lossless). */
const JUSTIFICATION_EXPORT: Record<VexJustification, CdxJustification> = {
  component_not_present: 'requires_dependency',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

/** Ward's own properties, so statuses CycloneDX cannot name (risk acceptance) survive a round trip. */
const WARD_STATUS = 'ward:triage:status';
const WARD_APPROVER = 'ward:triage:approver';
const WARD_EXPIRES = 'ward:triage:expires';

export function isCycloneDxVex(doc: Json): boolean {
  return doc.bomFormat === 'CycloneDX';
}

export function parseCycloneDxVex(
  doc: Json,
  file: string,
): { statements: TriageStatement[]; problems: Problem[] } {
  const ctx: FieldContext = { file, format: 'CycloneDX VEX' };
  const specVersion = stringAt(ctx, doc.specVersion, 'specVersion');
  if (!['1.4', '1.5', '1.6'].includes(specVersion)) {
    fail(
      ctx,
      'specVersion',
      `expected 1.4, 1.5 or 1.6 (the versions with vulnerabilities[].analysis), got "${specVersion}"`,
    );
  }
  if (doc.vulnerabilities === undefined)
    fail(ctx, 'vulnerabilities', 'missing: a VEX document lists vulnerabilities');
  const vulnerabilities = arrayAt(ctx, doc.vulnerabilities, 'vulnerabilities');
  const metadata = doc.metadata === undefined ? undefined : objectAt(ctx, doc.metadata, 'metadata');
  const documentTime =
    metadata?.timestamp === undefined
      ? undefined
      : timestampAt(ctx, metadata.timestamp, 'metadata.timestamp');
  const statements: TriageStatement[] = [];
  const problems: Problem[] = [];
  vulnerabilities.forEach((raw, index) => {
    const at = `vulnerabilities[${index}]`;
    const vulnerability = objectAt(ctx, raw, at);
    const id = stringAt(ctx, vulnerability.id, `${at}.id`);
    if (vulnerability.analysis === undefined) {
      problems.push({
        file,
        field: `${at}.analysis`,
        message: `${id} has no analysis: nothing to apply`,
        severity: 'warning',
      });
      return;
    }
    const analysis = objectAt(ctx, vulnerability.analysis, `${at}.analysis`);
    const state = enumAt(ctx, analysis.state, CYCLONEDX_STATES, `${at}.analysis.state`);
    const cdxJustification =
      analysis.justification === undefined
        ? undefined
        : enumAt(ctx, analysis.justification, CYCLONEDX_JUSTIFICATIONS, `${at}.analysis.justification`);
    const responses =
      analysis.response === undefined
        ? []
        : arrayAt(ctx, analysis.response, `${at}.analysis.response`).map((value, r) =>
            enumAt(ctx, value, RESPONSES, `${at}.analysis.response[${r}]`),
          );
    const detail = optionalString(ctx, analysis.detail, `${at}.analysis.detail`);
    const timestampField = ['lastUpdated', 'firstIssued'].find((key) => analysis[key] !== undefined);
    const timestamp =
      timestampField !== undefined
        ? timestampAt(ctx, analysis[timestampField], `${at}.analysis.${timestampField}`)
        : vulnerability.updated !== undefined
          ? timestampAt(ctx, vulnerability.updated, `${at}.updated`)
          : (documentTime ?? '1970-01-01T00:00:00Z');
    const properties = readProperties(ctx, vulnerability.properties, `${at}.properties`);
    const affects =
      vulnerability.affects === undefined ? [] : arrayAt(ctx, vulnerability.affects, `${at}.affects`);
    const base: TriageStatement = {
      vulnerabilityId: id,
      products: [],
      status: STATE_TO_STATUS[state],
      timestamp,
      source: file,
    };
    if (properties.get(WARD_STATUS) === 'risk-accepted') {
      base.status = 'risk-accepted';
      const approver = properties.get(WARD_APPROVER);
      const expires = properties.get(WARD_EXPIRES);
      if (approver) base.approver = approver;
      if (expires) base.expires = expires;
    }
    if (cdxJustification) {
      base.justification = JUSTIFICATION_MAP[cdxJustification];
      base.sourceJustification = cdxJustification;
    }
    if (detail) base.detail = detail;
    if (responses.length > 0) base.action = responses.join(', ');
    const plain: string[] = [];
    affects.forEach((rawAffect, a) => {
      const affect = objectAt(ctx, rawAffect, `${at}.affects[${a}]`);
      const ref = stringAt(ctx, affect.ref, `${at}.affects[${a}].ref`);
      if (affect.versions === undefined) {
        plain.push(ref);
        return;
      }
      // Version-bounded statements (Use-Cases/Case-5) need the product's own version scheme and
      // release list; Ward keeps them but never applies them by guesswork.
      arrayAt(ctx, affect.versions, `${at}.affects[${a}].versions`).forEach((rawVersion, v) => {
        const entry = objectAt(ctx, rawVersion, `${at}.affects[${a}].versions[${v}]`);
        const bound =
          optionalString(ctx, entry.version, `${at}.affects[${a}].versions[${v}].version`) ??
          stringAt(ctx, entry.range, `${at}.affects[${a}].versions[${v}].range`);
        const status = enumAt(
          ctx,
          entry.status ?? 'affected',
          ['affected', 'unaffected', 'unknown'],
          `${at}.affects[${a}].versions[${v}].status`,
        );
        statements.push({
          ...base,
          products: [ref],
          versionRange: `${bound} (${status})`,
        });
        problems.push({
          file,
          field: `${at}.affects[${a}].versions[${v}]`,
          message: `${id} on ${ref} is bounded to versions ${bound}; kept but not applied automatically`,
          severity: 'warning',
        });
      });
    });
    if (plain.length > 0 || affects.length === 0) statements.push({ ...base, products: plain });
  });
  return { statements, problems };
}

function readProperties(ctx: FieldContext, value: unknown, field: string): Map<string, string> {
  const map = new Map<string, string>();
  if (value === undefined) return map;
  arrayAt(ctx, value, field).forEach((raw, index) => {
    const property = objectAt(ctx, raw, `${field}[${index}]`);
    const name = stringAt(ctx, property.name, `${field}[${index}].name`);
    if (typeof property.value === 'string') map.set(name, property.value);
  });
  return map;
}

const STATUS_TO_STATE: Record<TriageStatus, CdxState> = {
  open: 'exploitable',
  'in-progress': 'in_triage',
  fixed: 'resolved',
  'risk-accepted': 'exploitable',
  'false-positive': 'false_positive',
  'not-affected': 'not_affected',
};

export interface ExportOptions {
  author: string;
  /** RFC 3339; the document's timestamp (a parameter, so exports are reproducible). */
  timestamp: string;
  /** Document id (OpenVEX @id, CSAF tracking id, CycloneDX serial number when a urn:uuid). */
  id: string;
}

export function exportCycloneDxVex(statements: readonly TriageStatement[], options: ExportOptions): Json {
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    ...(options.id.startsWith('urn:uuid:') ? { serialNumber: options.id } : {}),
    version: 1,
    metadata: {
      timestamp: options.timestamp,
      tools: { components: [{ type: 'application', name: 'ward' }] },
      authors: [{ name: options.author }],
    },
    vulnerabilities: statements.map((statement) => {
      const analysis: Json = { state: STATUS_TO_STATE[statement.status] };
      if (statement.justification) analysis.justification = JUSTIFICATION_EXPORT[statement.justification];
      if (statement.status === 'risk-accepted') analysis.response = ['will_not_fix'];
      if (statement.detail) analysis.detail = statement.detail;
      analysis.lastUpdated = statement.timestamp;
      const entry: Json = {
        id: statement.vulnerabilityId,
        analysis,
        affects: statement.products.map((ref) => ({ ref })),
      };
      if (statement.status === 'risk-accepted') {
        entry.properties = [
          { name: WARD_STATUS, value: 'risk-accepted' },
          ...(statement.approver ? [{ name: WARD_APPROVER, value: statement.approver }] : []),
          ...(statement.expires ? [{ name: WARD_EXPIRES, value: statement.expires }] : []),
        ];
      }
      return entry;
    }),
  };
}
