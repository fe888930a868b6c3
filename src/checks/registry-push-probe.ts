import { createHash } from 'node:crypto';
import type { CheckOutcome, Finding } from '../engine/types.js';
import type { DiagnosisContext } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { localFixEnv } from './fix-env.js';
import { describeReply, type RegistryClient } from '../ghcr/registry-client.js';
import { pushDenied } from './registry-denied.js';
import { packageRoute } from './package.js';
import { githubCall, type ApiAnswer } from './token-github.js';

export const PROBE_TAG = 'ghcr-doctor-probe';

/** The OCI empty descriptor: the two bytes `{}` (image-spec "Guidance for an Empty Descriptor"). */
const EMPTY_BLOB = Buffer.from('{}', 'utf8');
const EMPTY_DIGEST = `sha256:${createHash('sha256').update(EMPTY_BLOB).digest('hex')}`;
const EMPTY_DESCRIPTOR = { mediaType: 'application/vnd.oci.empty.v1+json', digest: EMPTY_DIGEST, size: EMPTY_BLOB.length };
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

/** A unique (created-at annotation) artifact manifest under 1 KiB: nothing to run, nothing to pull but `{}`. */
export function probeManifest(createdAt: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      artifactType: 'application/vnd.ghcr-doctor.probe.v1',
      config: EMPTY_DESCRIPTOR,
      layers: [EMPTY_DESCRIPTOR],
      annotations: {
        'org.opencontainers.image.created': createdAt,
        'org.opencontainers.image.description': 'ghcr-doctor push probe; safe to delete',
      },
    }),
    'utf8',
  );
}

/**
 * `--probe push`: pushes the tiny artifact to tag ghcr-doctor-probe, reads it back by digest, then
 * deletes that package version through the REST API when the token has delete:packages. It never
 * creates a package (a first push would create it, private, and the last version of a package cannot
 * be deleted on its own) and never touches a version that carries any other tag.
 */
export async function runPushProbe(
  ctx: DiagnosisContext,
  checkId: string,
  client: RegistryClient,
  repository: string,
  signal: AbortSignal,
): Promise<CheckOutcome> {
  const ref = ctx.inputs.image!;
  const bearer = ctx.facts.registryBearer;
  const auth: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
  if (ctx.facts.package && !ctx.facts.package.exists) {
    return { status: 'pass', summary: `push allowed (upload session opened); the push probe was not run: it would create the package ${repository}` };
  }

  // 1. The `{}` blob (config and layer), monolithic upload unless the registry already has it.
  const have = await client.request('HEAD', `/v2/${repository}/blobs/${EMPTY_DIGEST}`, { headers: auth });
  if (have.status !== 200) {
    const session = await client.openUploadSession(repository, bearer);
    if (session.status !== 202) return denied(ctx, checkId, session);
    const location = new URL(session.headers.get('location') ?? '', client.baseUrl);
    location.searchParams.set('digest', EMPTY_DIGEST);
    const put = await client.request('PUT', location.toString(), {
      headers: { ...auth, 'content-type': 'application/octet-stream', 'content-length': String(EMPTY_BLOB.length) },
      body: EMPTY_BLOB,
      expectJson: true,
    });
    if (put.status !== 201) return denied(ctx, checkId, put, 'uploading the probe blob');
  }

  // 2. The manifest under the probe tag.
  const manifest = probeManifest(new Date(ctx.io.clock.now()).toISOString());
  const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  const putManifest = await client.request('PUT', `/v2/${repository}/manifests/${PROBE_TAG}`, {
    headers: { ...auth, 'content-type': MANIFEST_TYPE },
    body: manifest,
    expectJson: true,
  });
  if (putManifest.status !== 201) return denied(ctx, checkId, putManifest, 'pushing the probe manifest');

  // 3. Read it back by digest.
  const back = await client.request('GET', `/v2/${repository}/manifests/${digest}`, { headers: { ...auth, accept: MANIFEST_TYPE } });
  const readBack = back.status === 200;

  // 4. Delete that version (and only it).
  const removed = await deleteProbeVersion(ctx, digest, signal);
  const findings: Finding[] = [];
  if (removed !== true) findings.push(leftBehind(ctx, checkId, digest, removed));
  const summary = `pushed ${ref.registry}/${repository}:${PROBE_TAG} (${digest.slice(0, 19)}…)${readBack ? ', read it back' : `, but reading it back answered ${describeReply(back)}`}${removed === true ? ', deleted it' : ', left it behind'}`;
  return { status: readBack && removed === true ? 'pass' : 'warn', summary, findings };
}

function denied(ctx: DiagnosisContext, checkId: string, reply: Parameters<typeof pushDenied>[2], step = 'opening an upload session'): CheckOutcome {
  if (reply.status === 401 || reply.status === 403) {
    return { status: 'fail', summary: `push denied while ${step}: ${describeReply(reply)}`, findings: [pushDenied(ctx, checkId, reply)] };
  }
  return { status: 'fail', summary: `${step} answered ${describeReply(reply)}` };
}

/** The `rel="next"` link of a GitHub `Link` header, if any. */
export function hasNextPage(link: string | undefined): boolean {
  return link !== undefined && /<[^>]*>\s*;\s*rel="?next"?/i.test(link);
}

interface PackageVersion {
  id: number;
  name: string;
  metadata?: { container?: { tags?: string[] } };
}

/** Pages of the versions list read at most, 100 versions each, before the probe version counts as not listed. */
const MAX_VERSION_PAGES = 20;

/** Deletes the probe's version: true when deleted; otherwise the reason it was not. */
export async function deleteProbeVersion(ctx: DiagnosisContext, digest: string, signal: AbortSignal): Promise<true | string> {
  const scopes = ctx.facts.identity?.scopes;
  if (!scopes || !scopes.includes('delete:packages')) return 'the token lacks delete:packages';
  if (!ctx.facts.token) return 'no token for the packages API';
  const ref = ctx.inputs.image!;
  const base = packageRoute(ctx);
  const params = { owner: ref.owner.toLowerCase(), package_name: ref.name.toLowerCase() };
  const failed = (answer: ApiAnswer | undefined, reason?: string) =>
    answer ? `the packages API answered ${answer.status}` : ctx.redactor.redact(`the packages API gave no answer: ${reason}`);
  // The list's order and page size are not promised: follow the Link header until the digest shows up.
  let version: PackageVersion | undefined;
  for (let page = 1; page <= MAX_VERSION_PAGES && !version; page++) {
    const reply = await githubCall(ctx, `GET ${base}/versions`, { ...params, per_page: 100, page }, signal);
    if (reply.kind === 'no-answer') return failed(undefined, reply.reason);
    if (reply.answer.status !== 200 || !Array.isArray(reply.answer.data)) return failed(reply.answer);
    version = (reply.answer.data as PackageVersion[]).find((v) => v && v.name === digest);
    if (!hasNextPage(reply.answer.headers.link)) break;
  }
  if (!version) return 'the probe version is not listed by the packages API';
  const tags = version.metadata?.container?.tags ?? [];
  if (tags.some((t) => t !== PROBE_TAG)) return `the probe version also carries ${tags.filter((t) => t !== PROBE_TAG).join(', ')}`;
  const deleted = await githubCall(ctx, `DELETE ${base}/versions/{version_id}`, { ...params, version_id: version.id }, signal);
  if (deleted.kind === 'no-answer') return failed(undefined, deleted.reason);
  if (deleted.answer.status !== 204 && deleted.answer.status !== 200) return failed(deleted.answer);
  return true;
}

function leftBehind(ctx: DiagnosisContext, checkId: string, digest: string, reason: string): Finding {
  const ref = ctx.inputs.image!;
  const owner = ref.owner.toLowerCase();
  const name = encodeURIComponent(ref.name.toLowerCase());
  const path = packageRoute(ctx).replace('{owner}', owner).replace('{package_name}', name);
  return finding('registry.probe-left-behind', checkId, {
    title: `The push probe left ${ref.registry}/${owner}/${ref.name.toLowerCase()}:${PROBE_TAG} behind`,
    detail: `The probe pushed tag ${PROBE_TAG} (${digest}) but could not delete it: ${reason}. Delete that version (only it: no other tag points at it) with a token that has delete:packages, or in the package settings.`,
    evidence: { tag: PROBE_TAG, digest, reason },
    fixes: [fix('registry.delete-probe', localFixEnv(ctx), { tag: PROBE_TAG, path, digest })],
  });
}
