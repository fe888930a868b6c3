import type { ParsedArgs } from '../cli/args.js';
import type { Runtime } from '../cli/main.js';
import { FatalError } from '../cli/errors.js';

export async function runLint(_args: ParsedArgs, _rt: Runtime): Promise<number> {
  throw new FatalError('this command is not built yet', 2);
}
