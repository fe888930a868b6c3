import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What answers on a mistyped registry host in the field: a proxy's or WAF's HTML 403 (rancher-desktop#5301). */
export const TYPO_HOST_BODY = '<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n';

export interface TypoHost {
  /** `HOSTNAME:PORT`, e.g. `ghrc.io:41234`: use it as the registry of an image reference. */
  registry: string;
  /**
   * Env for the CLI: NODE_OPTIONS preloads a resolver that maps HOSTNAME to 127.0.0.1 (no /etc/hosts
   * edit, nothing outside the child process), NODE_EXTRA_CA_CERTS trusts both this host's CA and `labCaFile`.
   */
  env: Record<string, string>;
  /** Paths requested so far. */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * An HTTPS server that poses as a mistyped registry host (`ghrc.io`): a certificate for that name
 * from its own CA, and the HTML 403 page that real typo hosts answered with.
 */
export async function startTypoHost(hostname: string, labCaFile: string): Promise<TypoHost> {
  const dir = await mkdtemp(join(tmpdir(), 'ghcr-typo-host-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await run(
    'openssl',
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=typo host CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    ],
    { cwd: dir },
  );
  await run('openssl', ['req', '-new', ...ec, '-keyout', 'host.key', '-out', 'host.csr', '-subj', `/CN=${hostname}`], { cwd: dir });
  await writeFile(join(dir, 'host.ext'), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${hostname}\n`);
  await run(
    'openssl',
    ['x509', '-req', '-in', 'host.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'host.crt', '-days', '2', '-extfile', 'host.ext'],
    { cwd: dir },
  );
  const bundle = join(dir, 'bundle.pem');
  await writeFile(bundle, `${await readFile(labCaFile, 'utf8')}\n${await readFile(join(dir, 'ca.crt'), 'utf8')}`);
  // dns.lookup is what net/tls (and so undici) resolve with; only HOSTNAME is answered here.
  const preload = join(dir, 'resolve.mjs');
  await writeFile(
    preload,
    `import dns from 'node:dns';
const real = dns.lookup;
dns.lookup = function (host, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  if (host !== ${JSON.stringify(hostname)}) return real.call(this, host, options, callback);
  const all = typeof options === 'object' && options !== null && options.all;
  process.nextTick(() => (all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)));
};
`,
  );
  const requests: string[] = [];
  const server = createServer({ cert: await readFile(join(dir, 'host.crt')), key: await readFile(join(dir, 'host.key')) }, (req, res) => {
    requests.push(req.url ?? '/');
    req.resume();
    res.writeHead(403, { 'content-type': 'text/html' });
    res.end(TYPO_HOST_BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    registry: `${hostname}:${port}`,
    env: { NODE_OPTIONS: `--import ${pathToFileURL(preload).href}`, NODE_EXTRA_CA_CERTS: bundle },
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
