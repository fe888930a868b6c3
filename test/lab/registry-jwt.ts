import { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * ES256 JWTs for the real docker-registry (`auth: token`): the registry verifies the signature with
 * the certificate in the `x5c` header, which must chain to its `rootcertbundle` (the lab signing cert).
 */
export class RegistryJwtSigner {
  private readonly key: KeyObject;
  constructor(
    signingKeyPem: Buffer,
    private readonly certDer: Buffer,
    private readonly issuer: string,
    private readonly service: string,
  ) {
    this.key = createPrivateKey(signingKeyPem);
  }

  /** A 5-minute token for `repository:NAME:actions` (several repositories allowed). */
  sign(access: Array<{ name: string; actions: string[] }>, subject = 'ghcr-lab'): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [this.certDer.toString('base64')] };
    const claims = {
      iss: this.issuer,
      sub: subject,
      aud: this.service,
      exp: now + 300,
      nbf: now - 60,
      iat: now,
      jti: randomBytes(12).toString('hex'),
      access: access.map((a) => ({ type: 'repository', name: a.name, actions: a.actions })),
    };
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${enc(header)}.${enc(claims)}`;
    // JWS ES256 wants the raw r||s signature, not DER.
    const sig = sign('sha256', Buffer.from(input), { key: this.key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${sig.toString('base64url')}`;
  }
}
