/**
 * Every answer the sandbox gives (each lab world, every demo scenario) against GitHub's own OpenAPI
 * description: documented operation and status, the documented schema (missing required fields, wrong
 * types and invented fields fail), and no header real GitHub does not send. The only excuses are the
 * sourced ones in exceptions.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_EXCEPTIONS, STATUS_EXCEPTIONS, type RecordedAnswer } from './exceptions.js';
import { basicErrorValidator, findOperation, responseValidator } from './openapi.js';
import { allWorlds, recordAnswers } from './sandbox-answers.js';

/** Header names real GitHub sent in @octokit/fixtures' recorded exchanges. */
function recordedHeaderNames(): Set<string> {
  const dir = join(dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json')), 'scenarios', 'api.github.com');
  const names = new Set<string>();
  for (const scenario of readdirSync(dir)) {
    const exchanges = JSON.parse(readFileSync(join(dir, scenario, 'normalized-fixture.json'), 'utf8')) as Array<{ headers?: Record<string, unknown> }>;
    for (const e of exchanges) for (const h of Object.keys(e.headers ?? {})) names.add(h.toLowerCase());
  }
  return names;
}

/** One line per difference from the description; empty when the answer is as documented or excused. */
function violations(a: RecordedAnswer, knownHeaders: Set<string>): string[] {
  const where = `${a.method} ${a.path} → ${a.status}`;
  const op = findOperation(a.method, a.path);
  if (!op) return [`${where}: no such operation in the description`];
  const out: string[] = [];
  const documentedHeaders = new Set(
    Object.keys((op.responses[String(a.status)] as { headers?: object } | undefined)?.headers ?? {}).map((h) => h.toLowerCase()),
  );
  for (const h of Object.keys(a.headers)) {
    if (!knownHeaders.has(h) && !documentedHeaders.has(h) && !HEADER_EXCEPTIONS.some((e) => e.header === h))
      out.push(`${where}: header ${h} is neither documented nor sent by GitHub`);
  }
  const validate = responseValidator(op, a.status);
  if (validate === undefined) {
    const excused = STATUS_EXCEPTIONS.find((e) => e.applies(a));
    if (!excused) return [...out, `${where}: status not documented for ${op.method} ${op.path}`];
    if (!basicErrorValidator()(a.body)) out.push(`${where}: error body is not GitHub's basic-error: ${JSON.stringify(basicErrorValidator().errors)}`);
    return out;
  }
  if (validate === null) {
    if (a.body !== undefined && a.status === 204) out.push(`${where}: a body on 204`);
    return out;
  }
  if (!validate(a.body)) {
    for (const e of validate.errors ?? [])
      out.push(
        `${where}: ${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`,
      );
  }
  return out;
}

describe("the sandbox answers as GitHub's OpenAPI description documents", () => {
  const known = recordedHeaderNames();
  it.each(allWorlds().map((w) => [w.name, w] as const))('%s: every answer validates (zero violations outside the documented exceptions)', async (_name, w) => {
    const answers = await recordAnswers(w.world);
    expect(answers.length).toBeGreaterThan(10);
    const found = [...new Set(answers.flatMap((a) => violations(a, known)))];
    expect(found).toEqual([]);
  });
});
