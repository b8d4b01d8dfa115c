/**
 * `--ignore-file`: findings a team has decided to accept for now, each with a reason and an
 * expiry so that nothing is ignored forever by accident. YAML or JSON:
 *
 *   ignore:
 *     - id: CVE-2022-1234          # any id or alias of the vulnerability
 *       package: lodash            # optional: only this package name
 *       reason: not reachable, see TICKET-42
 *       expires: 2027-01-31        # optional; after this date the finding is reported again
 */
import { readFile } from 'node:fs/promises';
import { WardError } from '../core/errors.js';
import { yaml } from '../core/yaml.js';
import type { Finding } from '../matching/types.js';

export interface IgnoreRule {
  id: string;
  package?: string;
  reason: string;
  expires?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/** Date.parse rolls 2027-02-30 over to March 2; an expiry must be a day that exists. */
function isCalendarDate(text: string): boolean {
  const time = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(time)) return false;
  return (
    new Date(Date.parse(`${text.slice(0, 10)}T00:00:00Z`)).toISOString().slice(0, 10) === text.slice(0, 10)
  );
}

export function parseIgnoreRules(text: string, file: string): IgnoreRule[] {
  let document: unknown;
  try {
    document = yaml().parse(text, { maxAliasCount: 100 });
  } catch (error) {
    const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new WardError('input.invalid', `not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`, {
      file,
      ...(line ? { line } : {}),
    });
  }
  const list = (document as { ignore?: unknown } | null)?.ignore;
  if (!Array.isArray(list))
    throw new WardError('input.invalid', 'expected a top-level `ignore:` list', { file, field: 'ignore' });
  return list.map((entry, index): IgnoreRule => {
    const field = `ignore[${index}]`;
    if (typeof entry !== 'object' || entry === null)
      throw new WardError('input.invalid', 'expected a mapping with id and reason', { file, field });
    const { id, package: pkg, reason, expires } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || id.trim() === '')
      throw new WardError('input.invalid', 'expected `id` (a vulnerability id)', {
        file,
        field: `${field}.id`,
      });
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new WardError('input.invalid', 'expected `reason`: every ignore needs one', {
        file,
        field: `${field}.reason`,
      });
    if (pkg !== undefined && typeof pkg !== 'string')
      throw new WardError('input.invalid', 'expected `package` to be a string', {
        file,
        field: `${field}.package`,
      });
    const expiresText = expires instanceof Date ? expires.toISOString().slice(0, 10) : expires;
    if (
      expiresText !== undefined &&
      (typeof expiresText !== 'string' || !DATE.test(expiresText) || !isCalendarDate(expiresText))
    ) {
      throw new WardError('input.invalid', 'expected `expires` as a date (YYYY-MM-DD)', {
        file,
        field: `${field}.expires`,
      });
    }
    return {
      id: id.trim(),
      reason,
      ...(pkg ? { package: pkg } : {}),
      ...(expiresText ? { expires: expiresText as string } : {}),
    };
  });
}

export async function loadIgnoreRules(file: string): Promise<IgnoreRule[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new WardError('input.invalid', `cannot read ignore file: ${(error as Error).message}`, { file });
  }
  return parseIgnoreRules(text, file);
}

/** The rule that applies to `finding` at `now`, if any (expired rules never apply). */
export function findIgnoreRule(
  rules: readonly IgnoreRule[],
  finding: Finding,
  now: Date,
): IgnoreRule | undefined {
  const ids = new Set([finding.vulnerabilityId, ...finding.aliases]);
  return rules.find(
    (rule) =>
      ids.has(rule.id) &&
      (rule.package === undefined || rule.package === finding.component.name) &&
      (rule.expires === undefined ||
        Date.parse(rule.expires.length === 10 ? `${rule.expires}T23:59:59.999Z` : rule.expires) >=
          now.getTime()),
  );
}
