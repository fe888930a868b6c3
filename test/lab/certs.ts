import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LabCerts {
  /** The lab CA (PEM): trusted by clients through NODE_EXTRA_CA_CERTS / certs.d. */
  caFile: string;
  /** TLS server certificate for 127.0.0.1 and localhost, signed by the CA. */
  serverCert: Buffer;
  serverKey: Buffer;
  /** Self-signed ES256 certificate the registry trusts for token signatures (rootcertbundle). */
  signingCertFile: string;
  signingCertDer: Buffer;
  signingKey: Buffer;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd });
}

/** A fresh CA, a server cert and a token-signing cert, all P-256, valid two days, made with the openssl CLI. */
export async function makeLabCerts(dir: string): Promise<LabCerts> {
  await mkdir(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl(
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
      '/CN=ghcr-doctor lab CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  await openssl(['req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  await writeFile(
    join(dir, 'server.ext'),
    ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost'].join('\n'),
  );
  await openssl(
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext'],
    dir,
  );
  await openssl(['req', '-x509', ...ec, '-keyout', 'signing.key', '-out', 'signing.crt', '-days', '2', '-subj', '/CN=ghcr-doctor lab token signer'], dir);
  await openssl(['x509', '-in', 'signing.crt', '-outform', 'DER', '-out', 'signing.der'], dir);
  const [serverCert, serverKey, signingCertDer, signingKey] = await Promise.all(
    ['server.crt', 'server.key', 'signing.der', 'signing.key'].map((f) => readFile(join(dir, f))),
  );
  return {
    caFile: join(dir, 'ca.crt'),
    serverCert: serverCert!,
    serverKey: serverKey!,
    signingCertFile: join(dir, 'signing.crt'),
    signingCertDer: signingCertDer!,
    signingKey: signingKey!,
  };
}
