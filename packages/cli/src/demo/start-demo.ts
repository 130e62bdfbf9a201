import { type BrandSite, startBrandSite } from '@parley/example-brand-site';
import type { Config, Services } from '@parley/server';
import { CliError, type CliIo } from '../io.js';
import { seedDemo } from './seed-demo.js';

/** Seeds the demo installation and serves the demo brand site; prints where everything is and how to sign in. */
export async function startDemo(services: Services, config: Config, port: number, io: CliIo): Promise<BrandSite> {
  const setup = await seedDemo(services, config.dataDir);
  const [platformKey] = await services.platformKeys.list('rsa');
  if (!platformKey) throw new CliError('the platform has no encryption key yet');
  let site: BrandSite;
  try {
    site = await startBrandSite({
      parleyUrl: config.publicUrl,
      projectId: setup.projectId,
      brandPrivateKey: setup.brandPrivateKeyPem,
      platformPublicKey: platformKey.publicKey,
      port,
      host: config.host,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new CliError(`port ${port} (the demo brand site) is already in use: pass --demo-port or set PARLEY_DEMO_PORT.`);
    throw error;
  }
  io.err(
    [
      '',
      'Parley demo is ready:',
      `  Demo brand site   ${site.url}   sign in as alice or bob (password "demo"), then chat with the bubble`,
      `  Agent desk        ${config.publicUrl}/desk   ${setup.agent.email} / ${setup.agent.password}`,
      `  Admin console     ${config.publicUrl}/admin  ${setup.admin.email} / ${setup.admin.password}`,
      `  Demo project id   ${setup.projectId}`,
      `  (logins kept in ${config.dataDir}/demo.json; stop with Ctrl+C)`,
      '',
    ].join('\n'),
  );
  return site;
}
