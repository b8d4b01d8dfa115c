import { describe, expect, it } from 'vitest';
import { resolveDatabaseLocation } from './location.js';

const linux = { platform: 'linux', home: '/home/ana' } as const;

describe('src/store/location', () => {
  it.each([
    ['the option first', '/tmp/x.db', { WARD_DB: '/env.db' }, linux, '/tmp/x.db'],
    ['a PostgreSQL URL option as is', 'postgres://u@h/db', {}, linux, 'postgres://u@h/db'],
    ['WARD_DB without option', undefined, { WARD_DB: '/env.db' }, linux, '/env.db'],
    ['XDG_DATA_HOME when absolute', undefined, { XDG_DATA_HOME: '/data' }, linux, '/data/ward/ward.db'],
    [
      '~/.local/share when XDG_DATA_HOME is relative',
      undefined,
      { XDG_DATA_HOME: 'rel' },
      linux,
      '/home/ana/.local/share/ward/ward.db',
    ],
    ['~/.local/share by default', '', {}, linux, '/home/ana/.local/share/ward/ward.db'],
    [
      'Application Support on macOS',
      undefined,
      {},
      { platform: 'darwin', home: '/Users/ana' },
      '/Users/ana/Library/Application Support/ward/ward.db',
    ],
    [
      'LOCALAPPDATA on Windows',
      undefined,
      { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' },
      { platform: 'win32', home: 'C:\\Users\\ana' },
      'C:\\Users\\ana\\AppData\\Local\\ward\\ward.db',
    ],
  ] as const)('takes %s', (_, option, env, system, expected) => {
    expect(resolveDatabaseLocation(option, env, system)).toBe(expected);
  });
});
