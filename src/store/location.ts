/**
 * Where the advisory database lives: `--db FILE|URL`, else `WARD_DB`, else a per-user data
 * directory following each platform's convention (XDG on Linux and BSDs).
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export interface SystemInfo {
  platform: NodeJS.Platform;
  home: string;
}

/**
 * The database location: the option when given, else `WARD_DB`, else the default file. Pass
 * `process.env` as `env`; `system` defaults to the running platform and home directory.
 */
export function resolveDatabaseLocation(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  system: SystemInfo = { platform: process.platform, home: homedir() },
): string {
  if (option !== undefined && option.trim() !== '') return option;
  const fromEnv = nonEmpty(env.WARD_DB);
  if (fromEnv !== undefined) return fromEnv;
  return defaultDatabasePath(env, system);
}

export function defaultDatabasePath(
  env: Readonly<Record<string, string | undefined>>,
  system: SystemInfo = { platform: process.platform, home: homedir() },
): string {
  const { platform, home } = system;
  if (platform === 'win32') {
    const base = nonEmpty(env.LOCALAPPDATA) ?? win32.join(home, 'AppData', 'Local');
    return win32.join(base, 'ward', 'ward.db');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'ward', 'ward.db');
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = nonEmpty(env.XDG_DATA_HOME);
  const base = xdg !== undefined && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share');
  return posix.join(base, 'ward', 'ward.db');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
