import { sanitizeLines, sanitizeText } from '../engine/sanitize.js';
import type { SshSession } from '../ssh/connector.js';
import { shellQuote } from '../ssh/shell.js';
import type { ServerRuntime } from './server-facts.js';
import { firstLine } from '../engine/text.js';

export interface PullRun {
  ok: boolean;
  exitCode: number | null;
  output: string;
  /** What was done to leave the server as it was. */
  cleanup: string;
}

async function imageId(session: SshSession, runtime: ServerRuntime, ref: string, signal?: AbortSignal): Promise<string | undefined> {
  const res = await session.exec(`${runtime} image inspect --format '{{.Id}}' ${shellQuote(ref)}`, { signal });
  const id = firstLine(res.stdout.toString('utf8').trim());
  return res.code === 0 && id ? id : undefined;
}

/**
 * `podman pull` / `docker pull` as the deploy user, leaving nothing lasting: an image the pull
 * added is removed again; when the tag already pointed at an image and the pull moved it to a newer
 * one, the tag is put back (a restart must not start a different image because we diagnosed).
 */
export async function pullRestoring(session: SshSession, runtime: ServerRuntime, ref: string, signal?: AbortSignal): Promise<PullRun> {
  const q = shellQuote(ref);
  const before = await imageId(session, runtime, ref, signal);
  const pull = await session.exec(`${runtime} pull ${q}`, { signal });
  // The runtime's words enter here: shown, so sanitised once (lines kept for classifying).
  const output = sanitizeLines(`${pull.stdout.toString('utf8')}\n${pull.stderr.toString('utf8')}`);
  const ok = pull.code === 0;
  let cleanup = before ? 'already present, kept' : 'not pulled';
  if (ok) {
    const after = await imageId(session, runtime, ref, signal);
    if (!before) {
      const rmi = await session.exec(`${runtime} rmi ${q}`, { signal });
      cleanup = rmi.code === 0 ? 'removed again' : `could not be removed again: ${sanitizeText(firstLine(rmi.stderr.toString('utf8').trim()))}`;
    } else if (after && after !== before) {
      const tag = await session.exec(`${runtime} tag ${shellQuote(before)} ${q}`, { signal });
      if (tag.code === 0) await session.exec(`${runtime} rmi ${shellQuote(after)}`, { signal });
      cleanup =
        tag.code === 0
          ? 'already present, kept (a newer image was pulled and removed; the tag points at the old one again)'
          : `the tag now points at the newly pulled image: ${sanitizeText(firstLine(tag.stderr.toString('utf8').trim()))}`;
    }
  }
  return { ok, exitCode: pull.code, output, cleanup };
}
