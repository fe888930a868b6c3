import { noSshPorts } from '../../helpers/ports.js';
import type { DiagnosisContext } from '../../../src/diagnosis/context.js';
import type { DiagnosisInputs } from '../../../src/diagnosis/inputs.js';
import { Redactor } from '../../../src/engine/redact.js';
import type { Check, CheckOutcome } from '../../../src/engine/types.js';
import { parseImageRef } from '../../../src/ghcr/image-ref.js';
import { nodeFileSystem } from '../../../src/io/node-fs.js';
import type { FetchLike } from '../../../src/io/types.js';
import { testInputs } from '../../helpers/inputs.js';
import { tempDirWith, type TempDir } from '../../helpers/temp-dir.js';

/** 2026-09-20T09:00:00Z: the clock unit tests run at. */
export const NOW = Date.UTC(2026, 8, 20, 9, 0, 0);

/** The test defaults with the image ghcr.io/acme/api:latest. */
export function baseInputs(over: Partial<DiagnosisInputs> = {}): DiagnosisInputs {
  return testInputs({ image: parseImageRef('ghcr.io/acme/api:latest'), ...over });
}

export interface TestContextOptions {
  inputs?: Partial<DiagnosisInputs>;
  env?: Record<string, string | undefined>;
  fetch?: FetchLike;
  homedir?: string;
  now?: number;
}

export function testContext(opts: TestContextOptions = {}): DiagnosisContext {
  const noFetch: FetchLike = async (input) => {
    throw new Error(`unexpected fetch ${String(input)}`);
  };
  return {
    inputs: baseInputs(opts.inputs),
    io: {
      fetch: opts.fetch ?? noFetch,
      fs: nodeFileSystem,
      clock: { now: () => opts.now ?? NOW },
      env: opts.env ?? {},
      homedir: opts.homedir ?? '/nonexistent-home-for-tests',
    },
    facts: {},
    redactor: new Redactor(),
    ports: noSshPorts,
  };
}

export async function runCheck(check: Check<DiagnosisContext>, ctx: DiagnosisContext): Promise<CheckOutcome> {
  return check.run(ctx, new AbortController().signal);
}

/** A throwaway home directory with files in it. */
export function tempHome(files: Record<string, string | object> = {}): Promise<TempDir> {
  return tempDirWith('ghcr-doctor-home-', files);
}

export const ids = (o: CheckOutcome) => (o.findings ?? []).map((f) => f.id);
