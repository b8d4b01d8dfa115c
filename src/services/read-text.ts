/** Reading a file the user named (assets, policy, VEX, a saved scan) as text. */
import { readFile } from 'node:fs/promises';
import { WardError } from '../core/errors.js';

/** The file's text; a read failure becomes an input error naming the file and what it was for. */
export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new WardError('input.invalid', `could not read ${what}: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
}
