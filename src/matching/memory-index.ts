/**
 * An AdvisoryIndex held in memory: for a handful of advisories (tests, one-off scans of a single
 * advisory file) where opening a database would be ceremony. Same contract as the store's index.
 */
import type { Advisory, EpssScore, KevEntry } from '../advisories/types.js';
import { baseEcosystem } from '../core/ecosystem.js';
import type { AdvisoryIndex, PackageKey } from './types.js';
import { packageKeyString } from './types.js';

const CPE_PRODUCT = /^cpe:2\.3:[aho]:([^:]+):([^:]+)/;

export class MemoryAdvisoryIndex implements AdvisoryIndex {
  private readonly byPackage = new Map<string, Advisory[]>();
  private readonly byCpeProduct = new Map<string, Advisory[]>();
  private readonly kev = new Map<string, KevEntry>();
  private readonly epss = new Map<string, EpssScore>();

  constructor(
    advisories: Iterable<Advisory> = [],
    kev: Iterable<KevEntry> = [],
    epss: Iterable<EpssScore> = [],
  ) {
    for (const advisory of advisories) this.addAdvisory(advisory);
    for (const entry of kev) this.kev.set(entry.cveId, entry);
    for (const score of epss) this.epss.set(score.cveId, score);
  }

  addAdvisory(advisory: Advisory): void {
    if (advisory.withdrawn) return;
    const keys = new Set<string>();
    for (const affected of advisory.affected) {
      keys.add(
        packageKeyString({
          ecosystem: baseEcosystem(affected.package.ecosystem),
          normalizedName: affected.package.normalizedName,
        }),
      );
    }
    for (const key of keys) push(this.byPackage, key, advisory);
    const products = new Set<string>();
    for (const configuration of advisory.cpeConfigurations) {
      for (const node of configuration.nodes) {
        for (const match of node.cpeMatch) {
          const parts = CPE_PRODUCT.exec(match.criteria);
          if (parts) products.add(`${parts[1]}:${parts[2]}`.toLowerCase());
        }
      }
    }
    for (const product of products) push(this.byCpeProduct, product, advisory);
  }

  async advisoriesForPackages(keys: readonly PackageKey[]): Promise<Map<string, Advisory[]>> {
    const result = new Map<string, Advisory[]>();
    for (const key of keys) {
      const id = packageKeyString(key);
      const found = this.byPackage.get(id);
      if (found) result.set(id, found);
    }
    return result;
  }

  async advisoriesForCpeProducts(products: readonly string[]): Promise<Map<string, Advisory[]>> {
    const result = new Map<string, Advisory[]>();
    for (const product of products) {
      const found = this.byCpeProduct.get(product.toLowerCase());
      if (found) result.set(product.toLowerCase(), found);
    }
    return result;
  }

  async kevEntries(cveIds: readonly string[]): Promise<Map<string, KevEntry>> {
    return pick(this.kev, cveIds);
  }

  async epssScores(cveIds: readonly string[]): Promise<Map<string, EpssScore>> {
    return pick(this.epss, cveIds);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pick<V>(map: ReadonlyMap<string, V>, keys: readonly string[]): Map<string, V> {
  const result = new Map<string, V>();
  for (const key of keys) {
    const value = map.get(key);
    if (value !== undefined) result.set(key, value);
  }
  return result;
}
