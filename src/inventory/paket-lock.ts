/**
 * Paket `paket.lock`: top-level sections (`NUGET`, `GITHUB`, `HTTP`, `GIT`, and `GROUP name`
 * starting another group), `remote:` lines, then resolved packages at four spaces as
 * `Name (version)` with their own requirements at six. Only NUGET sections hold NuGet packages;
 * GITHUB/HTTP/GIT sections pin source files, not packages. https://fsprojects.github.io/Paket/lock-file.html
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

export const paketLockParser: InventoryParser = {
  id: 'paket-lock',
  description: 'Paket paket.lock',
  matches(path) {
    return baseName(path) === 'paket.lock';
  },
  parse: parsePaketLock,
};

const SECTIONS =
  /^(NUGET|GITHUB|HTTP|GIT|GROUP\b|RESTRICTION|STORAGE|REFERENCES|FRAMEWORK|STRATEGY|LOWEST_MATCHING|CONTENT|COPY-LOCAL|REDIRECTS|GENERATE-LOAD-SCRIPTS|NOLOCKFILE)/;

export function parsePaketLock(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('paket-lock');
  let section = '';
  let recognised = text.trim() === '';
  const seen = new Set<string>();
  splitLines(text).forEach((line, index) => {
    if (line.trim() === '') return;
    if (!line.startsWith(' ')) {
      if (!SECTIONS.test(line)) {
        throw invalidInput(
          path,
          `expected a paket.lock section (NUGET, GITHUB, GROUP …), got ${JSON.stringify(line.slice(0, 60))}`,
          index + 1,
        );
      }
      recognised = true;
      section = line.split(/\s/)[0] ?? '';
      return;
    }
    if (section !== 'NUGET' || !/^ {4}\S/.test(line)) return;
    const entry = /^ {4}(\S+) \(([^)\s]+)\)/.exec(line);
    if (entry?.[1] === undefined || entry[2] === undefined) {
      result.problems.push({
        file: path,
        line: index + 1,
        message: `expected "Name (version)", got ${JSON.stringify(line.trim().slice(0, 60))}`,
        severity: 'error',
      });
      return;
    }
    if (seen.has(`${entry[1]}@${entry[2]}`)) return;
    seen.add(`${entry[1]}@${entry[2]}`);
    result.components.push(makeComponent('NuGet', entry[1], entry[2], path, index + 1));
  });
  if (!recognised) throw invalidInput(path, 'expected a paket.lock with a NUGET section', 1);
  return result;
}
