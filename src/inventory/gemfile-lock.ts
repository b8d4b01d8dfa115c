/**
 * Bundler `Gemfile.lock` / `gems.locked`. Sections start at column 0 (`GEM`, `GIT`, `PATH`,
 * `PLATFORMS`, `DEPENDENCIES`, `BUNDLED WITH`, …); under a source section, `specs:` lists each
 * resolved gem at four spaces (`    rack (2.2.3)` or `    nokogiri (1.19.0-x86_64-linux)` for a
 * platform build) and its own dependencies at six. `DEPENDENCIES` lists the Gemfile's gems:
 * those are direct. `PATH` gems are the project's own code and are not components.
 *
 * Read by hand: the only reader is Bundler's Ruby `LockfileParser`; the format is the
 * indentation rules above, scanned line by line.
 */
import {
  baseName,
  emptyResult,
  invalidInput,
  makeComponent,
  rejectBinary,
  splitLines,
} from './lockfile-support.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PLUGIN SOURCE']);

export const gemfileLockParser: InventoryParser = {
  id: 'gemfile-lock',
  description: 'Bundler Gemfile.lock / gems.locked',
  matches(path) {
    const name = baseName(path);
    return name === 'Gemfile.lock' || name === 'gems.locked';
  },
  parse: parseGemfileLock,
};

export function parseGemfileLock(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('gemfile-lock');
  const direct = new Set<string>();
  const specs: { component: Component; name: string }[] = [];
  const seen = new Set<string>();
  let section = '';
  let inSpecs = false;
  splitLines(text).forEach((raw, index) => {
    const lineNumber = index + 1;
    if (raw.trim() === '') return;
    if (!raw.startsWith(' ')) {
      // Section headers are upper-case words; anything else means this is not a lockfile.
      if (!/^[A-Z][A-Z ]*$/.test(raw.trimEnd())) {
        throw invalidInput(
          path,
          `expected a Gemfile.lock section header (GEM, PLATFORMS, …), got ${JSON.stringify(raw.slice(0, 60))}`,
          lineNumber,
        );
      }
      section = raw.trimEnd();
      inSpecs = false;
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    const content = raw.trim();
    if (section === 'DEPENDENCIES' && indent === 2) {
      const name = content.split(/[\s!(]/)[0] ?? '';
      if (name !== '') direct.add(name);
      return;
    }
    if (!SOURCE_SECTIONS.has(section) && section !== 'PATH') return;
    if (indent === 2) {
      inSpecs = content === 'specs:';
      return;
    }
    if (!inSpecs || indent !== 4 || section === 'PATH') return;
    const open = content.indexOf(' (');
    if (open === -1 || !content.endsWith(')')) {
      result.problems.push({
        file: path,
        line: lineNumber,
        message: `expected \`name (version)\`, got ${JSON.stringify(content)}`,
        severity: 'error',
      });
      return;
    }
    const name = content.slice(0, open);
    // `1.19.0-x86_64-linux`: gem versions never contain '-', so the rest is the platform.
    const full = content.slice(open + 2, -1);
    const dash = full.indexOf('-');
    const version = dash === -1 ? full : full.slice(0, dash);
    const key = `${name}@${version}`;
    if (seen.has(key)) return;
    seen.add(key);
    specs.push({ name, component: makeComponent('RubyGems', name, version, path, lineNumber) });
  });
  for (const { name, component } of specs) {
    component.direct = direct.has(name);
    result.components.push(component);
  }
  return result;
}
