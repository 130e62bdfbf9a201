// The operations guide's scripts (docs/samples/operations/), run against real servers: SQLite backups while
// the server writes, PostgreSQL dump and restore, SQLite → PostgreSQL, and the platform key rotation runbook.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyPath } from '@parley/test-vectors';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, type LiveServer, startLiveServer } from '../fixtures/live-server.js';
import { exec, sample, TEST_DATABASE_URL, tempDir } from './helpers/parley.js';

const SECRET = 'operations-guide-secret-0123456789';
const TRICKY_TEXT = 'Bonjour, "Zoë" 🔒\nline two, with a comma\n\\.\nand an empty line next\n\n';

const sh = (script: string, args: string[], env: Record<string, string>) =>
  exec('sh', [sample(`operations/${script}`), ...args], { env: { ...process.env, ...env } });

/** Fresh credentials from the guide's Node sample for the platform key in `jwksFile`. */
const credentials = async (jwksFile: string, userId: string) =>
  (
    await exec(process.execPath, [sample('node/token.mjs'), userId], {
      env: { ...process.env, BRAND_PRIVATE_KEY_FILE: keyPath('brand', 'private'), PLATFORM_KEY_FILE: jwksFile },
    })
  ).stdout.trim();

const jwksOf = async (parley: LiveServer) =>
  (await (await fetch(`${parley.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };

/** An empty PostgreSQL database of its own, dropped after the file's tests. */
const databases: string[] = [];
async function createDatabase(): Promise<string> {
  const name = `parley_docs_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  databases.push(name);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
afterAll(async () => {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  for (const name of databases) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
});

/** A project with a signed-in user, an API key and a conversation with awkward text: what a move must keep. */
async function populate(parley: LiveServer) {
  const projectId = await parley.project();
  const jwksFile = await parley.jwksFile();
  const visitor = await parley.signIn(projectId, await credentials(jwksFile, 'élodie-42'));
  const key = await parley.apiKey(projectId);
  // A webhook endpoint (a public address literal: no lookup; the test server sends nothing): each message queues a delivery.
  await parley.services.webhooks.endpoints.create({ projectId, url: 'https://93.184.215.14/parley', eventTypes: ['message.created'] });
  const profile = await parley.services.store.db
    .selectFrom('visitor_profiles')
    .select('id')
    .where('user_id', '=', 'élodie-42')
    .executeTakeFirstOrThrow();
  const conversation = await parley.services.conversations.ensureOpen(projectId, profile.id);
  await parley.services.conversations.append(conversation.id, {
    authorKind: 'visitor',
    authorId: 'v',
    clientId: 'c1',
    text: TRICKY_TEXT,
    verified: true,
    brandKeyId: 'b',
  });
  await parley.services.conversations.append(conversation.id, {
    authorKind: 'system',
    authorId: null,
    clientId: null,
    text: 'Visitor signed out',
    verified: false,
    brandKeyId: null,
  });
  return { projectId, jwksFile, visitor, key, conversationId: conversation.id };
}

/** What a restored or moved installation must still do. */
async function expectSameInstallation(parley: LiveServer, before: Awaited<ReturnType<typeof populate>>, jwks: unknown) {
  expect(await jwksOf(parley)).toEqual(jwks); // brands change nothing
  // The visitor's session is still valid, and credentials encrypted for the old JWKS still work.
  expect((await parley.ok('{ visitorSession { userId } }', {}, before.visitor.token)).visitorSession).toEqual({ userId: 'élodie-42' });
  expect(await parley.signIn(before.projectId, await credentials(before.jwksFile, 'bob-1'))).toMatchObject({ userId: 'bob-1' });
  // The project API key's bearer (issued before) still works.
  const viewer = await parley.ok<{ viewer: { apiKeyProjectId: string } }>('{ viewer { apiKeyProjectId } }', {}, before.key.bearer);
  expect(viewer.viewer.apiKeyProjectId).toBe(before.projectId);
  const { conversation } = await parley.ok<{ conversation: { messages: { edges: { node: { text: string; author: unknown } }[] } } }>(
    'query($id: ID!) { conversation(id: $id) { messages(first: 10) { edges { node { text author { kind id } } } } } }',
    { id: before.conversationId },
  );
  expect(conversation.messages.edges.map((edge) => edge.node)).toEqual([
    { text: TRICKY_TEXT, author: { kind: 'VISITOR', id: 'v' } },
    { text: 'Visitor signed out', author: { kind: 'SYSTEM', id: null } },
  ]);
  // The webhook outbox came along, and numbers new deliveries after the old ones (a message's transaction writes one).
  const system = { authorKind: 'system', authorId: null, clientId: null, verified: false, brandKeyId: null } as const;
  await parley.services.conversations.append(before.conversationId, { ...system, text: 'After the move' });
  const deliveries = await parley.services.store.db.selectFrom('webhook_deliveries').select(['seq', 'payload']).orderBy('seq').execute();
  expect(deliveries.map((row) => (JSON.parse(row.payload) as { data: { message: { text: string } } }).data.message.text)).toEqual([
    TRICKY_TEXT,
    'Visitor signed out',
    'After the move',
  ]);
}

describe('SQLite backups', () => {
  it('backs up while the server writes, and a restored data dir is the same installation', async () => {
    const parley = await startLiveServer({ secret: SECRET });
    const before = await populate(parley);
    const jwks = await jwksOf(parley);
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++)
        await parley.ok('mutation($n: String!) { projectCreate(input: { name: $n }) { project { id } } }', { n: `p${i}` });
    })();
    const backupDir = tempDir();
    const { stdout } = await sh('backup-sqlite.sh', [backupDir], { PARLEY_DATA_DIR: parley.dataDir });
    writing = false;
    await writer;
    const backup = stdout.trim();
    expect(backup).toMatch(/parley-\d{8}T\d{6}Z\.db$/);
    expect(existsSync(backup)).toBe(true);
    await parley.close();

    const dataDir = tempDir();
    await sh('restore-sqlite.sh', [backup], { PARLEY_DATA_DIR: dataDir });
    const restored = await startLiveServer({ dataDir, secret: SECRET });
    try {
      await expectSameInstallation(restored, before, jwks);
    } finally {
      await restored.close();
    }
  }, 60_000);

  it('restoring removes the replaced database’s write-ahead log and shared memory files', async () => {
    const parley = await startLiveServer();
    const projectId = await parley.project();
    const { stdout } = await sh('backup-sqlite.sh', [tempDir()], { PARLEY_DATA_DIR: parley.dataDir });
    await parley.close();
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'parley.db'), 'the database being replaced');
    writeFileSync(join(dataDir, 'parley.db-wal'), 'its write-ahead log');
    writeFileSync(join(dataDir, 'parley.db-shm'), 'its shared memory');
    await sh('restore-sqlite.sh', [stdout.trim()], { PARLEY_DATA_DIR: dataDir });
    expect(readdirSync(dataDir)).toEqual(['parley.db']);
    // Without PARLEY_SECRET the keys are sealed with the data dir's secret file: it is restored with the database.
    copyFileSync(join(parley.dataDir, 'secret'), join(dataDir, 'secret'));
    const restored = await startLiveServer({ dataDir });
    expect(await restored.services.projects.find(projectId)).toMatchObject({ id: projectId });
    await restored.close();
  }, 60_000);
});

describe('PostgreSQL', () => {
  it('pg_dump while running, restore into an empty database: the same installation, with the same PARLEY_SECRET only', async () => {
    const sourceUrl = await createDatabase();
    const source = await startLiveServer({ databaseUrl: sourceUrl, secret: SECRET });
    const before = await populate(source);
    const jwks = await jwksOf(source);
    const { stdout } = await sh('backup-postgres.sh', [tempDir()], { DATABASE_URL: sourceUrl });
    await source.close();

    const target = await createDatabase();
    await sh('restore-postgres.sh', [stdout.trim()], { DATABASE_URL: target });
    const wrongSecret = await startLiveServer({ databaseUrl: target, secret: 'another-secret-0123456789' });
    await expect(wrongSecret.services.platformKeys.decryptionKeys()).rejects.toThrow(/PARLEY_SECRET/);
    await wrongSecret.close();
    const restored = await startLiveServer({ databaseUrl: target, secret: SECRET });
    try {
      await expectSameInstallation(restored, before, jwks);
    } finally {
      await restored.close();
    }
  }, 60_000);

  it('moves a SQLite installation to PostgreSQL with sqlite-to-postgres.sh', async () => {
    const sqlite = await startLiveServer({ secret: SECRET });
    const before = await populate(sqlite);
    const jwks = await jwksOf(sqlite);
    await sqlite.close();

    const databaseUrl = await createDatabase();
    // Without the schema, the script stops and says what to do.
    const early = await sh('sqlite-to-postgres.sh', [join(sqlite.dataDir, 'parley.db')], { DATABASE_URL: databaseUrl }).catch(
      (error) => error,
    );
    expect(early.stderr).toMatch(/relation "kysely_migration" does not exist|schema versions differ/);

    // Step 2: the same version started once on the empty database (it makes its own keys and admin), then stopped.
    const first = await startLiveServer({ databaseUrl, secret: SECRET });
    await first.close();
    const { stdout } = await sh('sqlite-to-postgres.sh', [join(sqlite.dataDir, 'parley.db')], { DATABASE_URL: databaseUrl });
    expect(stdout).toContain('messages: 2 rows');
    expect(stdout).toContain('platform_keys: 2 rows');

    const moved = await startLiveServer({ databaseUrl, secret: SECRET });
    try {
      expect(moved.services.store.dialect).toBe('postgres');
      await expectSameInstallation(moved, before, jwks);
    } finally {
      await moved.close();
    }
  }, 90_000);
});

describe('platform key rotation runbook', () => {
  it('rotate, brands move to the new key, usage shows the old one idle, retire', async () => {
    const parley = await startLiveServer();
    const run = async (...args: string[]) =>
      (
        await exec(process.execPath, [sample('operations/platform-keys.mjs'), ...args], {
          env: {
            ...process.env,
            PARLEY_URL: parley.url,
            PARLEY_ADMIN_EMAIL: ADMIN.email,
            PARLEY_ADMIN_PASSWORD: ADMIN.password,
          },
        })
      ).stdout;
    try {
      const projectId = await parley.project();
      const oldJwks = await parley.jwksFile();
      const [oldKid] = (await run('list')).split(/\s+/);
      expect(await run('list')).toMatch(/current/);
      await parley.signIn(projectId, await credentials(oldJwks, 'before-rotation'));

      const rotated = await run('rotate');
      const newKid = /new current key (\S+)/.exec(rotated)?.[1];
      const listed = await run('list');
      expect(listed.indexOf(newKid as string)).toBeLessThan(listed.indexOf(oldKid as string)); // current first, as in the JWKS
      const jwks = (await jwksOf(parley)) as { keys: { kid: string }[] };
      expect(jwks.keys.map((key) => key.kid)).toEqual([newKid, oldKid]);

      // A brand that has not refetched the JWKS yet still signs in; one that has uses the new key.
      const stale = await credentials(oldJwks, 'stale-brand');
      expect(await parley.signIn(projectId, stale)).toMatchObject({ userId: 'stale-brand' });
      const newJwks = await parley.jwksFile();
      expect(await parley.signIn(projectId, await credentials(newJwks, 'fresh-brand'))).toMatchObject({ userId: 'fresh-brand' });
      const usage = await run('usage', '1');
      expect(usage).toContain(`${oldKid}  2 sign-in(s)`);
      expect(usage).toContain(`${newKid}  1 sign-in(s)`);

      expect(await run('retire', oldKid as string)).toBe(`retired ${oldKid}\n`);
      const refused = await parley.gql(
        'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid } }',
        { p: projectId, c: await credentials(oldJwks, 'too-late') },
      );
      expect(refused.errors?.[0]?.extensions.name).toBe('DECRYPTION_FAILED');
      const current = await run('retire', newKid as string).catch((error) => error);
      expect(current.stderr).toMatch(/VALIDATION_FAILED/);
    } finally {
      await parley.close();
    }
  }, 60_000);

  it('rotates the session-signing key through GraphQL: old tokens verify until it is retired', async () => {
    const parley = await startLiveServer();
    try {
      const projectId = await parley.project();
      const jwksFile = await parley.jwksFile();
      const before = await parley.signIn(projectId, await credentials(jwksFile, 'ada'));
      const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).kid as string;
      const { platformKeyRotate } = await parley.ok<{ platformKeyRotate: { platformKey: { kid: string } } }>(
        'mutation { platformKeyRotate(input: { kind: SESSION }) { platformKey { kid current } } }',
      );
      const after = await parley.signIn(projectId, await credentials(jwksFile, 'bob'));
      expect(kidOf(after.token)).toBe(platformKeyRotate.platformKey.kid);
      expect(kidOf(before.token)).not.toBe(platformKeyRotate.platformKey.kid);
      expect((await parley.ok('{ visitorSession { userId } }', {}, before.token)).visitorSession).toEqual({ userId: 'ada' });
      expect((await jwksOf(parley)).keys).toHaveLength(1); // the JWKS lists credentials keys only

      await parley.ok('mutation($kid: String!) { platformKeyRetire(input: { kid: $kid }) { platformKey { kid } } }', {
        kid: kidOf(before.token),
      });
      const refused = await parley.gql('{ visitorSession { userId } }', {}, before.token);
      expect(refused.errors?.[0]?.extensions.name).toBe('VISITOR_SESSION_EXPIRED');
      expect((await parley.ok('{ visitorSession { userId } }', {}, after.token)).visitorSession).toEqual({ userId: 'bob' });
    } finally {
      await parley.close();
    }
  }, 60_000);
});
