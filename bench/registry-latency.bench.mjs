#!/usr/bin/env node
// Full --ci diagnosis (every standard check, in-process) against the lab with 50 ms added to every
// HTTP request. Prints wall time, the number of sequential round trips on the critical path, and
// wall / (round trips × 50 ms): near 1 means the diagnosis is latency-bound only by what must be
// sequential; larger means requests that could overlap are waiting on each other. Not a test.
import { tsImport } from 'tsx/esm/api';

const LATENCY_MS = 50;
const RUNS = 3;

const load = (p) => tsImport(p, import.meta.url);
const { startLab } = await load('../test/lab/harness.ts');
const { requireLab } = await load('../test/lab/require-lab.ts');
const { registryWorld, seedRegistryWorld, T } = await load('../test/lab/registry-world.ts');
const { diagnose } = await load('../src/diagnosis/diagnose.ts');
const { Redactor } = await load('../src/engine/redact.ts');
const { parseImageRef } = await load('../src/ghcr/image-ref.ts');
const { nodeFileSystem } = await load('../src/io/node-fs.ts');
const { testInputs } = await load('../test/helpers/inputs.ts');

if (!requireLab()) process.exit(0);

/** Longest chain of requests where each starts after the previous one ended (interval order). */
function criticalPath(spans) {
  const sorted = [...spans].sort((a, b) => a.end - b.end);
  const best = sorted.map(() => 1);
  const prev = sorted.map(() => -1);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = 0; j < i; j++) {
      if (sorted[j].end <= sorted[i].start && best[j] + 1 > best[i]) {
        best[i] = best[j] + 1;
        prev[i] = j;
      }
    }
  }
  let end = best.indexOf(Math.max(0, ...best));
  const chain = [];
  while (end >= 0) {
    chain.unshift(sorted[end]);
    end = prev[end];
  }
  return chain;
}

const lab = await startLab(registryWorld());
try {
  await seedRegistryWorld(lab);
  for (let run = 1; run <= RUNS; run++) {
    const spans = [];
    const t0 = performance.now();
    const delayed = async (input, init) => {
      const start = performance.now() - t0;
      await new Promise((r) => setTimeout(r, LATENCY_MS));
      try {
        return await lab.fetch(input, init);
      } finally {
        const u = new URL(String(input));
        spans.push({ start, end: performance.now() - t0, what: `${init?.method ?? 'GET'} ${u.host === lab.registryHost ? 'registry' : 'api'}${u.pathname}` });
      }
    };
    const inputs = testInputs({
      image: parseImageRef(`${lab.registryHost}/octocat/api:latest`),
      apiUrl: lab.apiUrl,
      statusUrl: lab.statusUrl,
      repo: { owner: 'octocat', name: 'api' },
    });
    const io = { fetch: delayed, fs: nodeFileSystem, clock: { now: () => Date.now() }, env: { GHCR_TOKEN: T.full }, homedir: '/nonexistent-bench-home' };
    const result = await diagnose(inputs, io, { listener: () => {}, redactor: new Redactor() });
    const wall = performance.now() - t0;
    const chain = criticalPath(spans);
    const ratio = wall / (chain.length * LATENCY_MS);
    console.log(
      `run ${run}: wall ${wall.toFixed(0)} ms, ${spans.length} requests, critical path ${chain.length} sequential round trips ` +
        `(${chain.length * LATENCY_MS} ms of latency), ratio ${ratio.toFixed(2)}; findings: ${result.findings.map((f) => f.id).join(', ') || 'none'}`,
    );
    if (run === RUNS) console.log(`  critical path: ${chain.map((s) => s.what).join(' → ')}`);
  }
} finally {
  await lab.stop();
}
