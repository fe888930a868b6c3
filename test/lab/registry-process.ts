import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REGISTRY_BIN = process.env.GHCR_LAB_REGISTRY_BIN ?? '/usr/bin/docker-registry';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RegistryProcess {
  /** `http://127.0.0.1:PORT` — internal only; clients go through the HTTPS front. */
  url: string;
  logs(): string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  dir: string;
  realm: string;
  service: string;
  issuer: string;
  rootCertBundle: string;
}

/**
 * The real distribution registry (2.8) with `auth: token`, filesystem storage in the lab dir,
 * relative Location URLs (so the front needs no rewriting of paths), deletes enabled.
 */
export async function startRegistry(opts: RegistryOptions): Promise<RegistryProcess> {
  const port = await freePort();
  const storage = join(opts.dir, 'storage');
  await mkdir(storage, { recursive: true });
  const config = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  formatter: text',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    '  relativeurls: true',
    'auth:',
    '  token:',
    `    realm: ${opts.realm}`,
    `    service: ${opts.service}`,
    `    issuer: ${opts.issuer}`,
    `    rootcertbundle: ${opts.rootCertBundle}`,
    '',
  ].join('\n');
  const configFile = join(opts.dir, 'registry.yml');
  await writeFile(configFile, config);
  let log = '';
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const append = (b: Buffer) => {
    log += b.toString('utf8');
    if (log.length > 2_000_000) log = log.slice(-1_000_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited !== null) throw new Error(`docker-registry exited with ${exited} before listening:\n${log}`);
    try {
      const res = await fetch(`${url}/v2/`);
      if (res.status === 401) break;
    } catch {
      /* not yet listening */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not answer on ${url} within 15 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    logs: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
