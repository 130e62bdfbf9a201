import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '@parley/server';

export interface DemoLogin {
  email: string;
  password: string;
}

/** What `parley serve --demo` sets up once and finds again on the next start (kept in the data dir, mode 0600). */
export interface DemoSetup {
  projectId: string;
  admin: DemoLogin;
  agent: DemoLogin;
  brandPrivateKeyPem: string;
}

const ADMIN_EMAIL = 'admin@parley.example';
const AGENT_EMAIL = 'agent@parley.example';

const newPassword = () => randomBytes(12).toString('base64url');

function readState(dataDir: string): DemoSetup | null {
  const file = join(dataDir, 'demo.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoSetup;
  } catch {
    return null;
  }
}

/** An operator with this email and password (created, or its password set when the state file was lost). */
async function ensureOperator(services: Services, login: DemoLogin, role: 'admin' | 'agent'): Promise<string> {
  const existing = await services.operators.findByEmail(login.email);
  if (!existing) return (await services.operators.create({ ...login, role })).id;
  // An admin disabled it: the demo does not undo that.
  if (existing.disabled) return existing.id;
  if (!(await services.operators.authenticate(login.email, login.password)))
    await services.operators.update(existing.id, { password: login.password, disabled: false });
  return existing.id;
}

/**
 * The demo installation: a project in authenticated mode with a brand key pair (the demo brand site signs with its
 * private half), an admin and an agent of that project. Idempotent: a second start finds the same project and logins.
 */
export async function seedDemo(services: Services, dataDir: string): Promise<DemoSetup> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const previous = readState(dataDir);
  const project = previous ? await services.projects.find(previous.projectId) : null;
  let setup: DemoSetup;
  if (previous && project) setup = previous;
  else {
    const created = await services.projects.create('Demo shop');
    await services.projects.updateSettings(created.id, { authenticatedMode: true });
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await services.brandKeys.add(created.id, publicKey.export({ type: 'spki', format: 'pem' }).toString());
    setup = {
      projectId: created.id,
      admin: { email: ADMIN_EMAIL, password: previous?.admin.password ?? newPassword() },
      agent: { email: AGENT_EMAIL, password: previous?.agent.password ?? newPassword() },
      brandPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  }
  await ensureOperator(services, setup.admin, 'admin');
  const agentId = await ensureOperator(services, setup.agent, 'agent');
  await services.operators.addMember(setup.projectId, agentId);
  const file = join(dataDir, 'demo.json');
  writeFileSync(file, `${JSON.stringify(setup, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return setup;
}
