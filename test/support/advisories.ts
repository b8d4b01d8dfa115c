/**
 * Builds Advisory values in tests from the OSV fields that matter, with the rest defaulted.
 * Tests copy the ranges of real records (cited beside each use) rather than inventing them.
 */
import type { Advisory, Affected, AffectedRange, RangeEvent } from '../../src/advisories/types.js';
import { normalizePackageName } from '../../src/core/package-name.js';

export interface AffectedSpec {
  ecosystem: string;
  name: string;
  ranges?: Array<{ type: AffectedRange['type']; events: Array<Record<string, string>>; repo?: string }>;
  versions?: string[];
}

function toEvent(raw: Record<string, string>): RangeEvent {
  if (raw.introduced !== undefined) return { introduced: raw.introduced };
  if (raw.fixed !== undefined) return { fixed: raw.fixed };
  if (raw.last_affected !== undefined) return { lastAffected: raw.last_affected };
  if (raw.limit !== undefined) return { limit: raw.limit };
  throw new Error(`bad event ${JSON.stringify(raw)}`);
}

export function affectedOf(spec: AffectedSpec): Affected {
  return {
    package: {
      ecosystem: spec.ecosystem,
      name: spec.name,
      normalizedName: normalizePackageName(spec.ecosystem, spec.name),
    },
    ranges: (spec.ranges ?? []).map((range) => ({
      type: range.type,
      ...(range.repo ? { repo: range.repo } : {}),
      events: range.events.map(toEvent),
    })),
    versions: spec.versions ?? [],
    severity: [],
  };
}

export function advisoryOf(id: string, affected: AffectedSpec[], extra: Partial<Advisory> = {}): Advisory {
  return {
    id,
    aliases: [],
    related: [],
    severity: [],
    affected: affected.map(affectedOf),
    references: [],
    credits: [],
    modified: '2024-01-01T00:00:00Z',
    cpeConfigurations: [],
    remediations: [],
    weaknesses: [],
    source: 'osv',
    ...extra,
  };
}

/**
 * Every version an affected entry names: its `versions` list and the versions of its (non-GIT)
 * range events, without the "0" and "*" sentinels. Where a scan's answers change, so the versions
 * tests and benchmarks probe.
 */
export function versionsNamedBy(affected: Affected): string[] {
  const named = [...affected.versions];
  for (const range of affected.ranges) {
    if (range.type === 'GIT') continue;
    for (const event of range.events) {
      const value = Object.values(event)[0] as string;
      if (value !== '0' && value !== '*') named.push(value);
    }
  }
  return named;
}
