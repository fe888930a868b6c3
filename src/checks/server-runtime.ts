import { serverFixEnv } from './fix-env.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { runSurvey } from '../ssh/survey.js';
import { serverFacts, serverSession, type ServerRuntime } from './server-facts.js';

/** Which container runtimes the deploy user's non-interactive PATH has; also takes the survey the others use. */
export const serverRuntimeCheck: DiagnosisCheck = {
  id: 'server.runtime',
  title: 'Container runtime on the server',
  dependsOn: ['ssh.connect'],
  writes: ['server.survey', 'server.runtimes'],
  timeoutMs: 20_000,
  waitsOn: 'the deploy server',
  async run(ctx, signal) {
    const server = serverFacts(ctx);
    const session = await serverSession(ctx, signal);
    if (!server || !session) return { status: 'skip', summary: 'not connected' };
    const survey = await runSurvey(session, ctx.inputs.deployPath, () => ctx.io.clock.now(), signal);
    server.survey = survey;
    const runtimes: ServerRuntime[] = [];
    if (survey.podmanVersion) runtimes.push('podman');
    if (survey.dockerVersion) runtimes.push('docker');
    server.runtimes = runtimes;
    if (runtimes.length === 0) {
      const f = finding('server.no-runtime', this.id, {
        title: `Neither podman nor docker is on ${survey.user}'s PATH`,
        detail: `A non-interactive SSH session as ${survey.user} finds no podman or docker. Install one, or make it visible to non-interactive shells (PATH set in ~/.profile or ~/.bashrc only is not read by \`ssh host cmd\`).`,
        evidence: { user: survey.user, uid: survey.uid },
        fixes: [fix('server.install-podman', serverFixEnv(ctx))],
      });
      return { status: 'fail', summary: f.title, findings: [f], dependantsMayRun: true };
    }
    const versions = [survey.podmanVersion, survey.dockerVersion].filter(Boolean).join('; ');
    return { status: 'pass', summary: `${survey.user} (uid ${survey.uid}): ${versions}` };
  },
};
