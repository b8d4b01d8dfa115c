/**
 * CSAF 2.0 documents with the VEX profile (`document.category: csaf_vex`, CSAF 2.0 §4.5):
 * product_status + flags/threats (impact statements) + remediations (action statements).
 * https://docs.oasis-open.org/csaf/csaf/v2.0/csaf-v2.0.html#45-profile-5-vex
 */
import type { Problem } from '../../core/errors.js';
import {
  type TriageStatement,
  type TriageStatus,
  VEX_JUSTIFICATIONS,
  type VexJustification,
} from '../triage.js';
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
  parseRiskAcceptance,
  stringAt,
  timestampAt,
} from './fields.js';

const STATUS_GROUPS = {
  known_not_affected: 'not-affected',
  fixed: 'fixed',
  first_fixed: 'fixed',
  known_affected: 'open',
  first_affected: 'open',
  last_affected: 'open',
  under_investigation: 'in-progress',
} as const satisfies Record<string, TriageStatus>;

/** Product id that stands for "every component" when Ward exports a statement with no product. */
const ALL_COMPONENTS = 'WARD-ALL-COMPONENTS';

export function isCsafVex(doc: Json): boolean {
  const document = doc.document;
  return document !== null && typeof document === 'object' && (document as Json).category === 'csaf_vex';
}

/** product_id → purl (or name) from full_product_names, branches (recursively) and relationships. */
function productNames(ctx: FieldContext, tree: Json): Map<string, string> {
  const names = new Map<string, string>();
  const addFull = (raw: unknown, field: string) => {
    const product = objectAt(ctx, raw, field);
    const id = stringAt(ctx, product.product_id, `${field}.product_id`);
    const helper = product.product_identification_helper as Json | undefined;
    const purl = helper && typeof helper.purl === 'string' ? helper.purl : undefined;
    names.set(id, purl ?? stringAt(ctx, product.name, `${field}.name`));
  };
  const walkBranches = (raw: unknown, field: string, depth: number) => {
    if (depth > 30) fail(ctx, field, 'branches nested deeper than 30 levels');
    arrayAt(ctx, raw, field).forEach((branchRaw, index) => {
      const branch = objectAt(ctx, branchRaw, `${field}[${index}]`);
      if (branch.product !== undefined) addFull(branch.product, `${field}[${index}].product`);
      if (branch.branches !== undefined)
        walkBranches(branch.branches, `${field}[${index}].branches`, depth + 1);
    });
  };
  if (tree.full_product_names !== undefined) {
    arrayAt(ctx, tree.full_product_names, 'product_tree.full_product_names').forEach((raw, index) => {
      addFull(raw, `product_tree.full_product_names[${index}]`);
    });
  }
  if (tree.branches !== undefined) walkBranches(tree.branches, 'product_tree.branches', 0);
  if (tree.relationships !== undefined) {
    arrayAt(ctx, tree.relationships, 'product_tree.relationships').forEach((raw, index) => {
      const relationship = objectAt(ctx, raw, `product_tree.relationships[${index}]`);
      addFull(relationship.full_product_name, `product_tree.relationships[${index}].full_product_name`);
    });
  }
  return names;
}

export function parseCsafVex(
  doc: Json,
  file: string,
): { statements: TriageStatement[]; problems: Problem[] } {
  const ctx: FieldContext = { file, format: 'CSAF VEX' };
  const document = objectAt(ctx, doc.document, 'document');
  if (document.csaf_version !== '2.0')
    fail(ctx, 'document.csaf_version', `expected "2.0", got ${JSON.stringify(document.csaf_version)}`);
  const publisher = objectAt(ctx, document.publisher, 'document.publisher');
  const author = stringAt(ctx, publisher.name, 'document.publisher.name');
  stringAt(ctx, document.title, 'document.title');
  const tracking = objectAt(ctx, document.tracking, 'document.tracking');
  stringAt(ctx, tracking.id, 'document.tracking.id');
  const timestamp = timestampAt(ctx, tracking.current_release_date, 'document.tracking.current_release_date');
  const names = productNames(ctx, objectAt(ctx, doc.product_tree, 'product_tree'));
  const statements: TriageStatement[] = [];
  arrayAt(ctx, doc.vulnerabilities, 'vulnerabilities').forEach((raw, index) => {
    const at = `vulnerabilities[${index}]`;
    const vulnerability = objectAt(ctx, raw, at);
    const ids: string[] = [];
    if (vulnerability.cve !== undefined) ids.push(stringAt(ctx, vulnerability.cve, `${at}.cve`));
    if (vulnerability.ids !== undefined) {
      arrayAt(ctx, vulnerability.ids, `${at}.ids`).forEach((rawId, i) => {
        ids.push(stringAt(ctx, objectAt(ctx, rawId, `${at}.ids[${i}]`).text, `${at}.ids[${i}].text`));
      });
    }
    const id = ids[0] ?? fail(ctx, `${at}.cve`, 'the VEX profile needs a cve or ids');
    if (vulnerability.notes === undefined)
      fail(ctx, `${at}.notes`, 'missing: the VEX profile requires notes');
    const status = objectAt(ctx, vulnerability.product_status, `${at}.product_status`);
    const productOf = (productId: string, field: string): string => {
      if (productId === ALL_COMPONENTS) return '';
      return names.get(productId) ?? fail(ctx, field, `product_id "${productId}" is not in the product_tree`);
    };
    const flagFor = new Map<string, VexJustification>();
    if (vulnerability.flags !== undefined) {
      arrayAt(ctx, vulnerability.flags, `${at}.flags`).forEach((rawFlag, f) => {
        const flag = objectAt(ctx, rawFlag, `${at}.flags[${f}]`);
        const label = enumAt(ctx, flag.label, VEX_JUSTIFICATIONS, `${at}.flags[${f}].label`);
        for (const productId of idsOf(ctx, flag.product_ids, `${at}.flags[${f}].product_ids`))
          flagFor.set(productId, label);
      });
    }
    const textFor = (key: 'threats' | 'remediations', category?: string) => {
      const map = new Map<string, string>();
      if (vulnerability[key] === undefined) return map;
      arrayAt(ctx, vulnerability[key], `${at}.${key}`).forEach((rawItem, t) => {
        const item = objectAt(ctx, rawItem, `${at}.${key}[${t}]`);
        if (category !== undefined && item.category !== category) return;
        const details = stringAt(ctx, item.details, `${at}.${key}[${t}].details`);
        for (const productId of idsOf(ctx, item.product_ids ?? [], `${at}.${key}[${t}].product_ids`))
          map.set(productId, details);
      });
      return map;
    };
    const impacts = textFor('threats', 'impact');
    const actions = textFor('remediations');
    for (const [group, triageStatus] of Object.entries(STATUS_GROUPS)) {
      if (status[group] === undefined) continue;
      for (const productId of idsOf(ctx, status[group], `${at}.product_status.${group}`)) {
        const justification = flagFor.get(productId);
        const impact = impacts.get(productId);
        if (group === 'known_not_affected' && !justification && !impact) {
          fail(
            ctx,
            `${at}.flags`,
            `product "${productId}" is known_not_affected without a flag or impact threat (VEX profile)`,
          );
        }
        const action = actions.get(productId);
        if (group === 'known_affected' && !action) {
          fail(
            ctx,
            `${at}.remediations`,
            `product "${productId}" is known_affected without a remediation (VEX profile)`,
          );
        }
        const product = productOf(productId, `${at}.product_status.${group}`);
        const statement: TriageStatement = {
          vulnerabilityId: id,
          products: product ? [product] : [],
          status: triageStatus,
          timestamp,
          source: file,
          author,
        };
        if (justification) statement.justification = justification;
        if (impact) statement.detail = impact;
        if (action) statement.action = action;
        const accepted = group === 'known_affected' && action ? parseRiskAcceptance(action) : undefined;
        if (accepted) applyRiskAcceptance(statement, accepted);
        statements.push(statement);
      }
    }
  });
  return { statements, problems: [] };
}

function idsOf(ctx: FieldContext, value: unknown, field: string): string[] {
  return arrayAt(ctx, value, field).map((raw, index) => stringAt(ctx, raw, `${field}[${index}]`));
}

const EXPORT_GROUP: Record<TriageStatus, keyof typeof STATUS_GROUPS> = {
  open: 'known_affected',
  'in-progress': 'under_investigation',
  fixed: 'fixed',
  'risk-accepted': 'known_affected',
  'false-positive': 'known_not_affected',
  'not-affected': 'known_not_affected',
};

export function exportCsafVex(statements: readonly TriageStatement[], options: ExportOptions): Json {
  const productIds = new Map<string, string>();
  const idFor = (product: string) => {
    let id = productIds.get(product);
    if (!id) {
      id = `WARD-P${productIds.size + 1}`;
      productIds.set(product, id);
    }
    return id;
  };
  const byVulnerability = new Map<string, TriageStatement[]>();
  for (const statement of statements) {
    const list = byVulnerability.get(statement.vulnerabilityId) ?? [];
    list.push(statement);
    byVulnerability.set(statement.vulnerabilityId, list);
  }
  const vulnerabilities = [...byVulnerability].map(([vulnerabilityId, list]) => {
    const productStatus: Record<string, string[]> = {};
    const flags: Json[] = [];
    const threats: Json[] = [];
    const remediations: Json[] = [];
    for (const statement of list) {
      const ids = statement.products.length > 0 ? statement.products.map(idFor) : [ALL_COMPONENTS];
      const group = EXPORT_GROUP[statement.status];
      productStatus[group] = [...(productStatus[group] ?? []), ...ids];
      if (group === 'known_not_affected') {
        flags.push({ label: statement.justification ?? 'vulnerable_code_not_present', product_ids: ids });
        if (statement.detail)
          threats.push({ category: 'impact', details: statement.detail, product_ids: ids });
      }
      if (group === 'known_affected') {
        const details =
          statement.status === 'risk-accepted'
            ? formatRiskAcceptance(statement.approver, statement.expires, statement.detail)
            : (statement.action ?? 'Remediation not yet decided.');
        remediations.push({
          category: statement.status === 'risk-accepted' ? 'no_fix_planned' : 'none_available',
          details,
          product_ids: ids,
        });
      }
    }
    const isCve = /^CVE-\d{4}-\d{4,}$/.test(vulnerabilityId);
    return {
      ...(isCve ? { cve: vulnerabilityId } : { ids: [{ system_name: 'ward', text: vulnerabilityId }] }),
      notes: [{ category: 'description', text: `Ward triage of ${vulnerabilityId}.`, title: 'Triage' }],
      product_status: productStatus,
      ...(flags.length > 0 ? { flags } : {}),
      ...(threats.length > 0 ? { threats } : {}),
      ...(remediations.length > 0 ? { remediations } : {}),
    };
  });
  const fullProductNames = [...productIds].map(([product, productId]) => ({
    product_id: productId,
    name: product,
    ...(product.startsWith('pkg:') ? { product_identification_helper: { purl: product } } : {}),
  }));
  if (statements.some((statement) => statement.products.length === 0)) {
    fullProductNames.push({ product_id: ALL_COMPONENTS, name: 'All components' });
  }
  return {
    document: {
      category: 'csaf_vex',
      csaf_version: '2.0',
      publisher: { category: 'user', name: options.author, namespace: 'https://ward.dev' },
      title: `Ward VEX ${options.id}`,
      tracking: {
        id: options.id,
        status: 'final',
        version: '1',
        initial_release_date: options.timestamp,
        current_release_date: options.timestamp,
        revision_history: [{ date: options.timestamp, number: '1', summary: 'Exported by Ward.' }],
        generator: { engine: { name: 'ward' } },
      },
    },
    product_tree: { full_product_names: fullProductNames },
    vulnerabilities,
  };
}
