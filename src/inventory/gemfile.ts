/**
 * Bundler `Gemfile` / `gems.rb` (a Ruby DSL, read line by line, never evaluated): `gem "name"
 * [, "requirement"…] [, option: value…]`, optionally inside `group :development, :test do … end`
 * (dev scope when every group is development or test). Only a single exact requirement
 * (`"6.0.0"` or `"= 6.0.0"`) names one version; ranges are reported once (Gemfile.lock has the
 * versions); `git:`, `github:` and `path:` gems are reported. https://bundler.io/guides/gemfile.html
 */
import {
  baseName,
  declaredRangesProblem,
  emptyResult,
  makeComponent,
  rejectBinary,
  splitLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const gemfileParser: InventoryParser = {
  id: 'gemfile',
  description: 'Bundler Gemfile / gems.rb (declared gems)',
  matches(path) {
    const name = baseName(path);
    return name === 'Gemfile' || name === 'gems.rb';
  },
  parse: parseGemfile,
};

const DEV_GROUPS = new Set(['development', 'test']);

export function parseGemfile(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('gemfile');
  const ranged: string[] = [];
  // Stack of open `do` blocks: the groups a `group` block names, or null for other blocks.
  const blocks: (string[] | null)[] = [];
  splitLines(text).forEach((raw, index) => {
    const line = raw
      .replace(/\s#.*$/, '')
      .replace(/^#.*$/, '')
      .trim();
    if (line === '') return;
    if (/^end\b/.test(line)) {
      blocks.pop();
      return;
    }
    // `group :a, :b do`: tested with startsWith and a tail check, not one regex with a lazy
    // `.*?` before `\s+do` (quadratic on long runs of spaces in untrusted text).
    if (line.startsWith('group ') && /\sdo(\s*\|[^|]*\|)?$/.test(line)) {
      blocks.push([...line.matchAll(/:(\w+)/g)].map((match) => match[1] ?? ''));
      return;
    }
    if (/\bdo\s*(\|[^|]*\|)?$/.test(line)) {
      blocks.push(null);
      if (!line.startsWith('gem ')) return;
    }
    if (!/^gem[\s(]/.test(line)) return;
    const strings = [...line.matchAll(/["']([^"']*)["']/g)].map((match) => match[1] ?? '');
    const name = strings[0];
    if (name === undefined || name === '') {
      result.problems.push({
        file: path,
        line: index + 1,
        message: 'gem line without a quoted name',
        severity: 'error',
      });
      return;
    }
    if (/\b(git|github|path|gist|bitbucket)\s*:/.test(line)) {
      result.problems.push({
        file: path,
        line: index + 1,
        message: `${name} comes from git or a local path, not a rubygems.org version; not inventoried`,
        severity: 'warning',
      });
      return;
    }
    // Requirement strings follow the name, before any `key: value` option.
    const requirements = strings.slice(
      1,
      1 +
        line
          .slice(line.indexOf(name) + name.length)
          .split(/\w+:/)[0]!
          .split(/["']/)
          .filter((_, i) => i % 2 === 1).length,
    );
    const exact =
      requirements.length === 1 ? /^=?\s*(\d[\w.-]*)$/.exec(requirements[0]!.trim())?.[1] : undefined;
    if (exact === undefined) {
      ranged.push(name);
      return;
    }
    const groups = [
      ...blocks.filter((block) => block !== null).flat(),
      ...[...line.matchAll(/group:\s*\[?([^\]]*)/g)].flatMap((m) =>
        [...(m[1] ?? '').matchAll(/:(\w+)/g)].map((g) => g[1] ?? ''),
      ),
    ];
    const dev = groups.length > 0 && groups.every((name) => DEV_GROUPS.has(name));
    result.components.push(
      makeComponent('RubyGems', name, exact, path, index + 1, {
        direct: true,
        scope: dev ? 'dev' : 'runtime',
      }),
    );
  });
  if (ranged.length > 0) result.problems.push(declaredRangesProblem(path, ranged, 'Gemfile.lock'));
  return result;
}
