/**
 * PostgreSQL for tests. `WARD_TEST_PG_URL` names a server the tests may create databases on
 * (`.ci/with-postgres.sh` starts a throwaway one); each suite gets its own fresh database, dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The server URL, or undefined (after a warning saying how to run them) when the PostgreSQL
 * tests must be skipped. In CI (CI=true) the variable is required: CI cannot pass by skipping.
 */
export function postgresTestUrl(): string | undefined {
  const url = process.env.WARD_TEST_PG_URL;
  if (url !== undefined && url.trim() !== '') return url;
  if (process.env.CI === 'true')
    throw new Error('WARD_TEST_PG_URL is required in CI (run tests through .ci/with-postgres.sh)');
  console.warn(
    'skipping PostgreSQL tests: WARD_TEST_PG_URL is not set (run them with `.ci/with-postgres.sh npx vitest run <files>`)',
  );
  return undefined;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the server at `serverUrl` and returns its URL. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `ward_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // The name is generated above from hex digits only: safe to place in the statement.
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
