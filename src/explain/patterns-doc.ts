import { PATTERNS, type ModeHint } from './knowledge.js';
import { remedyFor } from './remedies.js';

/** A public thread (`owner/repo#123`); other source notes are for builders, not users. */
const PUBLIC_THREAD = /^[\w.-]+\/[\w.-]+#\d+$/;

function modeLine(m: ModeHint): string {
  const fixes = remedyFor(m.id, undefined).fixes.map((f) => `\`${f.id}\``);
  return `- \`${m.id}\` (${m.confidence}): ${m.causes[0] ?? ''}${fixes.length ? ` Fixes: ${fixes.join(', ')}.` : ''}`;
}

/**
 * docs/explain-patterns.md, rendered from the knowledge table that the matcher and the remedies read,
 * so the three never disagree (a test keeps the committed file equal to this).
 */
export function renderPatternsDoc(): string {
  const out: string[] = [
    '# What `ghcr-doctor explain` recognises',
    '',
    'Generated from `src/explain/knowledge.ts`, the one table that the matcher and the fixes read. Do not edit by',
    'hand: `UPDATE_DOCS=1 npx vitest run test/unit/explain/patterns-doc.test.ts` rewrites it.',
    '',
    'A line is explained by the first entry below that matches it. A line that names another registry (Docker Hub,',
    'Quay, the Red Hat registry, ECR, ACR, GitLab, any host that is not ghcr.io or a GitHub Enterprise `containers.`',
    'host) gets no finding id, only a note, except local failures (credential helpers, SSH). A line that names no',
    'host belongs to the nearest line that does. In a log the step an error happened in (login, push, pull) picks',
    'the finding ids where an entry says so, and the lines before it (a `docker logout ghcr.io`, a login that',
    'succeeded, a GitHub Actions login step, a login with an account password) rule causes in or out.',
    '',
  ];
  for (const p of PATTERNS) {
    out.push(`## ${p.key}`, '', p.meaning, '');
    out.push(
      `Looked for: ${p.needles.map((n) => `\`${n.trim()}\``).join(', ')}${p.generic ? ' (wording every registry uses: never on a line about another registry)' : ''}${p.local ? ' (a local failure: counts on any line)' : ''}.`,
      '',
    );
    for (const m of p.modes) out.push(modeLine(m));
    for (const [phase, modes] of Object.entries(p.byPhase ?? {})) {
      out.push('', `In a ${phase} step:`, '');
      for (const m of modes ?? []) out.push(modeLine(m));
    }
    if (p.tellApart) out.push('', `Telling them apart: ${p.tellApart}`);
    const threads = p.sources.filter((s) => PUBLIC_THREAD.test(s));
    if (threads.length) out.push('', `Seen in: ${threads.join(', ')}.`);
    out.push('');
  }
  return out.join('\n');
}
