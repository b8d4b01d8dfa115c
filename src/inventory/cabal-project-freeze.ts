/**
 * Haskell `cabal.project.freeze` (written by `cabal freeze`): a `constraints:` field whose
 * comma-separated, indented continuation lines pin every package, `any.name ==version`; flag
 * constraints (`name +flag`) are not packages. https://cabal.readthedocs.io/en/stable/cabal-commands.html#cabal-freeze
 */
import {
  baseName,
  emptyResult,
  invalidInput,
  makeComponent,
  rejectBinary,
  splitLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const cabalProjectFreezeParser: InventoryParser = {
  id: 'cabal-project-freeze',
  description: 'Haskell cabal.project.freeze',
  matches(path) {
    return baseName(path) === 'cabal.project.freeze';
  },
  parse: parseCabalProjectFreeze,
};

export function parseCabalProjectFreeze(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('cabal-project-freeze');
  let inConstraints = false;
  let sawConstraints = false;
  splitLines(text).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('--')) return;
    let item = line;
    if (/^constraints\s*:/i.test(line)) {
      inConstraints = true;
      sawConstraints = true;
      item = line.slice(line.indexOf(':') + 1).trim();
    } else if (!/^\s/.test(raw)) {
      // Another top-level field ends the constraints.
      inConstraints = false;
      return;
    }
    if (!inConstraints || item === '') return;
    const constraint = item.replace(/,$/, '').trim();
    const pin = /^(?:any\.)?([A-Za-z0-9][A-Za-z0-9-]*)\s*==\s*([0-9][0-9.]*)$/.exec(constraint);
    if (pin?.[1] !== undefined && pin[2] !== undefined) {
      result.components.push(makeComponent('Hackage', pin[1], pin[2], path, index + 1));
    } else if (!/^(?:any\.)?[A-Za-z0-9-]+\s+[+-]/.test(constraint) && !/\binstalled$/.test(constraint)) {
      result.problems.push({
        file: path,
        line: index + 1,
        message: `expected "any.name ==version" or a flag constraint, got ${JSON.stringify(constraint.slice(0, 80))}`,
        severity: 'error',
      });
    }
  });
  if (!sawConstraints && text.trim() !== '') {
    throw invalidInput(path, 'expected a cabal.project.freeze with a constraints: field', 1, 'constraints');
  }
  return result;
}
