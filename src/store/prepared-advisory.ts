/**
 * An advisory encoded for the store: its JSON text plus the few fields the writer needs (key,
 * timestamps, ids to link, lookup keys). Pure and free of any database handle, so the encoding —
 * `JSON.stringify` and the lookup-key extraction, a third of an import's CPU time — can run on
 * the reader's worker thread while the writer's thread only talks to the database, and a record
 * is stringified exactly once. Plain data only: it crosses `postMessage` as a structured clone.
 */
import type { Advisory } from '../advisories/types.js';
import { splitCpeFs } from '../core/cpe.js';
import { baseEcosystem } from '../core/ecosystem.js';
import { normalizePackageName } from '../core/package-name.js';
import type { AdvisoriesTable } from './schema.js';

/** The advisories row as stored (`json` is `JSON.stringify` of the advisory), and its keys. */
export interface PreparedAdvisory extends AdvisoriesTable {
  /** Vulnerability ids to link into one group: the id first, then the aliases. */
  ids: string[];
  /** (base ecosystem, normalised name) pairs, flattened: [ecosystem0, name0, ecosystem1, …], unique. */
  packages: string[];
  /** `vendor:product` of the vulnerable CPE matches, unique. */
  products: string[];
}

/** Encodes one advisory for `ImportSession.writePreparedAdvisories`. */
export function prepareAdvisory(advisory: Advisory): PreparedAdvisory {
  const packages: string[] = [];
  const seen = new Set<string>();
  for (const affected of advisory.affected ?? []) {
    const ecosystem = baseEcosystem(affected.package.ecosystem);
    // The lookup side normalises with the same function, so both spellings meet on one key.
    const name = normalizePackageName(affected.package.ecosystem, affected.package.name);
    const key = `${ecosystem}\u0000${name}`;
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    packages.push(ecosystem, name);
  }
  const products = new Set<string>();
  for (const configuration of advisory.cpeConfigurations ?? []) {
    for (const node of configuration.nodes) {
      for (const match of node.cpeMatch) {
        if (!match.vulnerable) continue;
        const product = cpeProduct(match.criteria);
        if (product !== undefined) products.add(product);
      }
    }
  }
  return {
    source: advisory.source,
    id: advisory.id,
    modified: advisory.modified,
    published: advisory.published ?? null,
    withdrawn: advisory.withdrawn ?? null,
    json: JSON.stringify(advisory),
    ids: [advisory.id, ...(advisory.aliases ?? [])].filter((id) => typeof id === 'string' && id !== ''),
    packages,
    products: [...products],
  };
}

/**
 * `vendor:product` (lowercase) of a CPE 2.3 formatted string, honouring `\` escapes (a `\:`
 * inside a component is not a separator). Lenient where `parseCpeFs` is strict: an import keys
 * every criteria string it can and skips the rest without an error.
 */
export function cpeProduct(criteria: string): string | undefined {
  const [prefix, version, , vendor, product] = splitCpeFs(criteria, 0, 5);
  if (prefix?.toLowerCase() !== 'cpe' || version !== '2.3' || !vendor || !product) return undefined;
  if (vendor === '*' || product === '*') return undefined;
  return `${vendor}:${product}`.toLowerCase();
}
