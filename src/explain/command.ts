import type { ParsedArgs } from '../cli/args.js';
import type { Runtime } from '../cli/runtime.js';
import { UsageError } from '../cli/errors.js';
import { stdinIsDirectory } from '../cli/stdin-kind.js';
import { VERSION } from '../engine/version.js';
import { colorEnabled, makePaint } from '../report/status-style.js';
import { ExplainMatcher } from './matcher.js';
import { readLines } from './read-lines.js';
import { renderExplainJson, renderExplainText } from './render.js';

const EXAMPLES = ['ghcr-doctor explain "denied: permission_denied: write_package"', 'ghcr-doctor explain - < build.log'];

/**
 * `ghcr-doctor explain [TEXT | -]`: offline, names the finding ids a pasted error points to.
 * Exit 0 when something matched, 1 when nothing did (as grep), 2 on bad usage or unreadable input.
 */
export async function runExplain(args: ParsedArgs, rt: Runtime, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const { output } = rt;
  const positionals = args.positionals;
  const fromStdin = positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-');
  if (!fromStdin && positionals.includes('-')) throw new UsageError('explain takes TEXT or "-" (stdin), not both', EXAMPLES);

  const matcher = new ExplainMatcher();
  let sawText = false;
  if (!fromStdin) {
    const text = positionals.join(' ');
    for (const line of text.split('\n')) matcher.feed(line);
    sawText = text.trim() !== '';
  } else {
    // `explain - < some-dir` reads as empty in Node: say what it is instead of "the input was empty".
    if (stdin === process.stdin && stdinIsDirectory()) throw new UsageError('explain: stdin is a directory, not a file or a pipe');
    if (output.stdinIsTty) output.err('Paste the error, then press Ctrl-D on an empty line:\n');
    // main() keeps the process alive on Ctrl-C; stop reading so it can exit 130.
    const stop = () => (stdin as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    rt.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const line of readLines(stdin as AsyncIterable<Buffer>)) {
        matcher.feed(line);
        if (!sawText && line.trim() !== '') sawText = true;
      }
    } catch (error) {
      if (rt.signal.aborted) return 130;
      throw new UsageError(`could not read stdin: ${(error as Error).message}`, EXAMPLES);
    } finally {
      rt.signal.removeEventListener('abort', stop);
    }
  }
  if (rt.signal.aborted) return 130;
  if (!sawText) throw new UsageError('nothing to explain: the input was empty', EXAMPLES);

  const result = matcher.result();
  if (args.json) {
    output.out(JSON.stringify(output.redactor.redactValue(renderExplainJson(result, VERSION)), null, 2) + '\n');
  } else {
    const paint = makePaint(colorEnabled(rt.env, output.stdoutIsTty, args.noColor));
    output.out(renderExplainText(output.redactor.redactValue(result), paint));
  }
  return result.matches.length > 0 ? 0 : 1;
}
