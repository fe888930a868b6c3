#!/usr/bin/env node
// Full --ci diagnosis (every standard check, in-process) against the lab with L = 50 ms added to
// every HTTP request, through the product's own transport (nodeIo: Node's fetch and its connection
// pool; the diagnosis runs in a child process that trusts the lab's CA through NODE_EXTRA_CA_CERTS,
// as a user's would, and counts connections with undici's diagnostics channel). Prints, per run: wall time; the minimal chain of dependent round
// trips (the longest chain of requests each starting after the previous one ended, side requests such
// as the status page left out: nothing waits for them); wall / (chain × L); whether a side request
// still gates the chain; and the TLS connections opened per host against the most requests that host
// had in flight at once (more connections than that means a connection was not reused).
// Targets (met/MISS on the median run; a report, never a test): wall ≤ 1.1x chain × L; no side request
// on the chain; connections per host ≤ its peak concurrency (keep-alive).
import diagnosticsChannel from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const LATENCY_MS = 50;
const RUNS = 3;
/** Requests nothing depends on: they must never be on the chain. */
const SIDE = [/\/api\/v2\/summary\.json$/];

const load = (p) => tsImport(p, import.meta.url);

/** Longest chain of requests where each starts after the previous one ended (interval order). */
function longestChain(spans) {
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

/** The most requests to one host in flight at the same time. */
function peakConcurrency(spans) {
  const edges = spans
    .flatMap((s) => [
      [s.start, 1],
      [s.end, -1],
    ])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (now += d));
  return peak;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The child: RUNS diagnoses against the lab described in BENCH_LAB, one JSON result line per run. */
async function child(lab) {
  const { registryWorld, T } = await load('../test/lab/registry-world.ts');
  const { diagnose } = await load('../src/diagnosis/diagnose.ts');
  const { Redactor } = await load('../src/engine/redact.ts');
  const { parseImageRef } = await load('../src/ghcr/image-ref.ts');
  const { nodeIo } = await load('../src/io/node-io.ts');
  const { testInputs } = await load('../test/helpers/inputs.ts');
  void registryWorld;
  const hostName = (host) => (host === lab.registryHost ? 'registry' : host === lab.blobHost ? 'blobs' : host === new URL(lab.apiUrl).host ? 'api' : host);
  // Every TLS/TCP connection Node's fetch opens (undici publishes them on this channel).
  let connections = new Map();
  let opened = [];
  let runStart = 0;
  diagnosticsChannel.channel('undici:client:connected').subscribe(({ connectParams }) => {
    const host = hostName(`${connectParams.hostname}:${connectParams.port}`);
    connections.set(host, (connections.get(host) ?? 0) + 1);
    opened.push({ at: performance.now() - runStart, host });
  });
  // Answers that close their connection: every HEAD, because Node's fetch (undici) sends HEAD requests
  // with `connection: close` (it does not trust servers to send no body to a HEAD; not configurable
  // through fetch), and the server agrees. The lab and docker-registry keep other connections open.
  // A new connection after one of them is not a connection the client failed to reuse.
  let closedByServer = new Map();
  diagnosticsChannel.channel('undici:request:headers').subscribe(({ request, response }) => {
    const headers = response.headers.map(String);
    const i = headers.findIndex((h, k) => k % 2 === 0 && h.toLowerCase() === 'connection');
    if (i >= 0 && /close/i.test(headers[i + 1])) {
      const host = hostName(new URL(request.origin).host);
      closedByServer.set(host, (closedByServer.get(host) ?? 0) + 1);
    }
  });
  for (let run = 1; run <= RUNS; run++) {
    connections = new Map();
    closedByServer = new Map();
    opened = [];
    const spans = [];
    const t0 = (runStart = performance.now());
    // A fresh process per run would also have a fresh pool; here each run uses its own origins' pool
    // from scratch because the previous run's sockets are closed (see below).
    const base = nodeIo({ GHCR_TOKEN: T.full, HOME: '/nonexistent-bench-home' });
    const delayed = async (input, init) => {
      const start = performance.now() - t0;
      await new Promise((r) => setTimeout(r, LATENCY_MS));
      const u = new URL(String(input));
      const span = { start, end: Infinity, host: hostName(u.host), what: `${init?.method ?? 'GET'} ${hostName(u.host)}${u.pathname}` };
      try {
        return await base.fetch(input, init);
      } finally {
        span.end = performance.now() - t0;
        spans.push(span);
      }
    };
    const inputs = testInputs({
      image: parseImageRef(`${lab.registryHost}/octocat/api:latest`),
      apiUrl: lab.apiUrl,
      statusUrl: lab.statusUrl,
      repo: { owner: 'octocat', name: 'api' },
    });
    const io = { ...base, fetch: delayed, homedir: '/nonexistent-bench-home' };
    const result = await diagnose(inputs, io, { listener: () => {}, redactor: new Redactor() });
    const wall = performance.now() - t0;
    const failed = result.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.summary}`);
    console.log(
      JSON.stringify({
        wall,
        spans,
        opened,
        connections: Object.fromEntries(connections),
        closedByServer: Object.fromEntries(closedByServer),
        findings: result.findings.map((f) => f.id),
        failed,
      }),
    );
    // Let idle keep-alive sockets time out so the next run starts with none (undici's default keep-alive is 4 s).
    if (run < RUNS) await new Promise((r) => setTimeout(r, 4500));
  }
}

if (process.env.BENCH_LAB) {
  await child(JSON.parse(process.env.BENCH_LAB));
  process.exit(0);
}

const { startLab } = await load('../test/lab/harness.ts');
const { requireLab } = await load('../test/lab/require-lab.ts');
const { registryWorld, seedRegistryWorld } = await load('../test/lab/registry-world.ts');
if (!requireLab()) process.exit(0);

const lab = await startLab(registryWorld());
const results = [];
try {
  await seedRegistryWorld(lab);
  const described = { registryHost: lab.registryHost, blobHost: lab.blobHost, apiUrl: lab.apiUrl, statusUrl: lab.statusUrl };
  // Async: the lab's API server lives in this process and must keep answering.
  const out = await new Promise((resolve, reject) => {
    import('node:child_process').then(({ spawn }) => {
      const c = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
        env: { ...process.env, BENCH_LAB: JSON.stringify(described), NODE_EXTRA_CA_CERTS: lab.caFile },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      c.stdout.on('data', (d) => (text += d));
      c.on('error', reject);
      c.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`the diagnosing child exited ${code}`))));
    });
  });
  const runs = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  runs.forEach(({ wall, spans, opened, connections, closedByServer, findings, failed }, i) => {
    const run = i + 1;
    const isSide = (s) => SIDE.some((re) => re.test(s.what));
    const chain = longestChain(spans.filter((s) => !isSide(s)));
    const sideGates = longestChain(spans).length > chain.length;
    const ratio = wall / (chain.length * LATENCY_MS);
    // What the chain's requests took themselves (L plus the lab's own answer time, which on a busy
    // machine is far from 0): wall above this is time the client added between them.
    const chainOwn = chain.reduce((t, s) => t + (s.end - s.start), 0);
    const hosts = [...new Set(spans.map((s) => s.host))].sort();
    const reuse = hosts.map((h) => ({
      host: h,
      connections: connections[h] ?? 0,
      peak: peakConcurrency(spans.filter((s) => s.host === h)),
      closed: closedByServer[h] ?? 0,
      requests: spans.filter((s) => s.host === h).length,
    }));
    results.push({ ratio, sideGates, reused: reuse.every((r) => r.connections <= r.peak + r.closed) });
    console.log(
      `run ${run}: wall ${wall.toFixed(0)} ms, ${spans.length} requests, chain ${chain.length} dependent round trips (${chain.length * LATENCY_MS} ms of latency), ` +
        `ratio ${ratio.toFixed(2)} (${(wall / chainOwn).toFixed(2)}x the ${chainOwn.toFixed(0)} ms its requests took)${sideGates ? ', a side request gates the chain' : ''}; findings: ${findings.join(', ') || 'none'}`,
    );
    for (const f of failed) console.log(`  error: ${f}`);
    console.log(
      `  connections: ${reuse.map((r) => `${r.host} ${r.connections} for ${r.requests} requests (peak ${r.peak} at once${r.closed ? `, ${r.closed} closed by the server` : ''})`).join(', ')}`,
    );
    if (run === runs.length) console.log(`  chain: ${chain.map((s) => s.what).join(' → ')}`);
    if (run === runs.length && process.env.BENCH_SPANS) {
      for (const s of [...spans].sort((a, b) => a.start - b.start))
        console.log(`    ${s.start.toFixed(0).padStart(5)} → ${s.end.toFixed(0).padStart(5)}  ${s.what}`);
      for (const o of opened) console.log(`    ${o.at.toFixed(0).padStart(5)}   connection opened to ${o.host}`);
    }
  });
} finally {
  await lab.stop();
}
const ratio = median(results.map((r) => r.ratio));
const targets = [
  [ratio <= 1.1, `wall ≤ 1.1x the chain × L (median ${ratio.toFixed(2)}x)`],
  [
    results.filter((r) => r.sideGates).length * 2 < results.length,
    'no side request (status page) on the chain (in most runs: a cold first run can be slow anywhere)',
  ],
  [results.every((r) => r.reused), 'connections reused per host (no more than its peak concurrency, plus those the server closed)'],
];
for (const [ok, text] of targets) console.log(`  ${ok ? 'met ' : 'MISS'} ${text}`);
process.exitCode = targets.every(([ok]) => ok) ? 0 : 1;
