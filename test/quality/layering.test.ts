/**
 * The layering rule (VS Code's, without a plugin): a context imports only from the contexts
 * listed for it here. cli/ and server/ are composition roots; services/ orchestrates; the rest
 * are pure core contexts. `matching/` never sees `store/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/cli.js';

/** Every context below the use-case layer. */
const CORE_CONTEXTS = [
  'core',
  'versions',
  'advisories',
  'inventory',
  'matching',
  'prioritize',
  'detect',
  'simulate',
  'report',
  'store',
] as const;
/** The use-case layer and the outer layers: each may import everything inward of it. */
const SERVICES_MAY_IMPORT = [...CORE_CONTEXTS];
const MONITOR_MAY_IMPORT = [
  ...CORE_CONTEXTS.filter((context) => context !== 'simulate' && context !== 'report'),
  'services',
];
const SERVER_MAY_IMPORT = [...CORE_CONTEXTS, 'services', 'monitor'];

const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  versions: ['core'],
  advisories: ['core', 'versions'],
  inventory: ['core', 'versions'],
  simulate: ['core'],
  matching: ['core', 'versions', 'advisories', 'inventory'],
  prioritize: ['core', 'versions', 'advisories', 'inventory', 'matching'],
  detect: ['core', 'advisories', 'inventory'],
  report: ['core', 'versions', 'advisories', 'inventory', 'matching', 'prioritize', 'simulate', 'detect'],
  store: ['core', 'versions', 'advisories', 'inventory', 'matching', 'prioritize', 'detect', 'simulate'],
  services: SERVICES_MAY_IMPORT,
  monitor: MONITOR_MAY_IMPORT,
  server: SERVER_MAY_IMPORT,
  cli: [...SERVER_MAY_IMPORT, 'server'],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

describe('test/quality/layering', () => {
  it('every src/ import respects the allow-map', () => {
    const srcRoot = join(PROJECT_ROOT, 'src');
    const violations: string[] = [];
    for (const file of sourceFiles(srcRoot)) {
      const context = relative(srcRoot, file).split(sep)[0] ?? '';
      const allowed = ALLOWED[context];
      if (!allowed) {
        violations.push(`${relative(PROJECT_ROOT, file)}: context '${context}' is not in the allow-map`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from\s+'(\.\.?\/[^']+)'/g)) {
        const target = relative(srcRoot, join(file, '..', match[1] ?? '')).split(sep)[0] ?? '';
        if (target !== context && !allowed.includes(target)) {
          violations.push(`${relative(PROJECT_ROOT, file)} imports ${match[1]} (${context} → ${target})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
