import { localFixEnv } from './fix-env.js';
import type { DiagnosisCheck } from '../diagnosis/context.js';
import { finding } from '../engine/findings.js';
import { fix } from '../engine/fixes.js';
import { hostTypoOf, lowercaseRef } from '../ghcr/image-ref.js';

/** Case and host of the image reference; syntax errors never get here (exit 2 earlier). */
export const imageCheck: DiagnosisCheck = {
  id: 'image.reference',
  title: 'Image reference',
  dependsOn: [],
  writes: [],
  timeoutMs: 1000,
  async run(ctx) {
    const ref = ctx.inputs.image;
    if (!ref) return { status: 'skip', summary: 'no image given' };
    const findings = [];
    const typo = hostTypoOf(ref.registry);
    if (typo) {
      const suggestion = ref.canonical.replace(ref.registry, typo);
      findings.push(
        finding('image.host-typo', this.id, {
          title: `"${ref.registry}" looks like a typo of ${typo}`,
          detail: `The registry host "${ref.registry}" is a near miss of ${typo}; requests go to whatever answers there (often an HTML 403 page).`,
          evidence: { host: ref.registry, suggestion: typo },
          fixes: [fix('image.use-ghcr-host', localFixEnv(ctx), { suggestion })],
        }),
      );
    }
    const lower = lowercaseRef(ref);
    if (ref.owner !== ref.owner.toLowerCase() || ref.name !== ref.name.toLowerCase()) {
      findings.push(
        finding('image.uppercase', this.id, {
          title: 'The image reference has uppercase letters',
          detail: `Registries reject "${ref.canonical}" ("repository name must be lowercase"). Use ${lower}; in workflows, lowercase github.repository / github.repository_owner first.`,
          evidence: { reference: ref.canonical, suggestion: lower },
          fixes: [fix('image.lowercase', localFixEnv(ctx), { suggestion: lower })],
        }),
      );
    }
    if (findings.length > 0) return { status: 'fail', summary: findings.map((f) => f.title).join('; '), findings, dependantsMayRun: true };
    return { status: 'pass', summary: ref.canonical };
  },
};
