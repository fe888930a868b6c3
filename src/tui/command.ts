/**
 * `ghcr-doctor` in a terminal, and `ghcr-doctor learn`: ask what is missing, then alternate between
 * the Ink app and masked prompts (never both on stdin), until the user quits (the diagnosis's exit
 * code) or presses Ctrl-C (CancelledError → 130, after every check has stopped).
 */
import type { ParsedArgs } from '../cli/args.js';
import type { DiagnosisInputs } from '../diagnosis/inputs.js';
import { defaultPorts, type RunPorts, type RunPrompts } from '../diagnosis/ports.js';
import { DiagnosisSession } from '../diagnosis/session.js';
import type { Runtime } from '../cli/runtime.js';
import { isTruthyEnv, resolveInputs } from '../cli/config.js';
import { CancelledError } from '../cli/errors.js';
import { openInBrowser } from '../fixes/manual-links.js';
import { colorEnabled } from '../report/status-style.js';
import { askMissingInputs } from './ask-inputs.js';
import { makePort } from './make-port.js';
import { sessionFixEnv } from './fix-env.js';
import { inquirerPrompter } from './prompts.js';
import { QuestionBroker } from './questions.js';
import { describeTarget } from '../ssh/target.js';
import { tuiReducer, type TuiState } from './state.js';
import { terminalPaste } from './paste-prompt.js';
import type { PastedTokens } from './port.js';
import { askVerifiedToken } from './token-prompt.js';
import { checksPush } from '../checks/intent.js';
import { pickTheme } from './theme.js';
import { startBuffered, type BufferedRun } from './buffered-run.js';
import { ERASE_LINE, LoadingLine } from './loading-line.js';

/** What `demo` hands in instead of asking: its sandbox's inputs and SSH connector (its Io comes in `rt.io`). */
export interface InteractiveOverrides {
  inputs?: DiagnosisInputs;
  ports?: RunPorts;
}

export async function runInteractive(args: ParsedArgs, rt: Runtime, overrides: InteractiveOverrides = {}): Promise<number> {
  const { output, env } = rt;
  const redactor = output.redactor;
  const tty = output.stdinIsTty && output.stdoutIsTty && !isTruthyEnv(env.CI);
  const prompter = inquirerPrompter({ tty, signal: rt.signal });
  const askPaste = terminalPaste({ tty });

  const inputs =
    overrides.inputs ??
    (await askMissingInputs(await resolveInputs(args, { env, cwd: rt.cwd, interactive: true, readStdin: rt.readStdin, requireImage: false }), {
      args,
      env,
      fs: rt.io.fs,
      homedir: rt.io.homedir,
      prompter,
      redactor,
    }));

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(new CancelledError());
  // Ctrl-C while the UI was still loading has already fired its abort event: listening now would miss it.
  if (rt.signal.aborted) throw new CancelledError();
  rt.signal.addEventListener('abort', onOuterAbort, { once: true });
  const questions = new QuestionBroker();
  // The demo brings its own ports (a simulated server, no prompts); a real server gets the on-screen SSH prompts.
  const ports = overrides.ports ?? { ...defaultPorts(), prompts: screenPrompts(questions) };
  const session = new DiagnosisSession({ inputs, io: rt.io, redactor, ports, signal: controller.signal });
  const port = makePort(
    session,
    // The resolved path (`~/…` expanded), as the checks read it.
    sessionFixEnv(session, rt.io, { tokenFile: inputs.tokenFile }),
    redactor,
    () => controller.abort(new CancelledError()),
    questions,
    // Several deploy servers: the UI's server table names them from its first frame.
    await session.serverLabels(),
  );
  const theme = pickTheme(env, colorEnabled(env, output.stdoutIsTty, args.noColor));
  const mode = args.command === 'learn' ? 'learn' : 'diagnose';

  // React, Ink and the App are the largest part of the program: while they load, the diagnosis
  // already runs and one line shows it (erased where Ink's first frame goes).
  const ink = import('./ink-host.js');
  let started: BufferedRun | undefined;
  if (mode === 'diagnose') {
    const loading = new LoadingLine();
    started = startBuffered((listener) => port.runAll(loading.watch(listener)));
    output.out(loading.text(process.stdout.columns || 80));
    await ink.catch(() => undefined); // a failed load is reported where it is awaited below
    output.out(ERASE_LINE);
  }
  const { mountApp } = await ink;

  let resume: TuiState | undefined;
  let alreadyPrinted: number | undefined;
  const tokens: PastedTokens = {};
  try {
    for (;;) {
      const result = await mountApp(
        {
          port,
          mode,
          strict: inputs.strict,
          resume,
          alreadyPrinted,
          tokens: { ...tokens },
          forgetToken: (p) => delete tokens[p],
          keepToken: (p, t) => {
            tokens[p] = t;
          },
          openUrl: openInBrowser,
          started,
        },
        theme,
        controller.signal,
      );
      alreadyPrinted = undefined;
      started = undefined; // a later mount resumes the state, it does not start the run again
      if (result.kind === 'cancel' || controller.signal.aborted) {
        controller.abort(new CancelledError());
        await session.settled();
        throw new CancelledError();
      }
      if (result.kind === 'quit') {
        await session.settled();
        return result.exitCode;
      }
      if (result.kind === 'need-explain') {
        // `e`: Ink is unmounted now, so the paste prompt owns stdin alone; then back to the same view.
        const lines = await askPaste('Paste the error message or log lines, then press enter on an empty line (ctrl-c quits):', controller.signal);
        // The explain knowledge base is loaded on the first `e`, not before the first frame.
        const { explainPasted } = await import('./explain-pasted.js');
        resume = tuiReducer(result.state, { type: 'explain:show', result: explainPasted(lines, redactor) });
        alreadyPrinted = result.state.printed.length; // the explanation is printed by the next mount
        continue;
      }
      // A fix needs a token: Ink is unmounted now, so the masked prompt owns stdin alone. The token is
      // verified before the prompt ends (a bad one shows why and can be pasted again); the fix then
      // asks y/N once more, naming the token, before anything is written.
      const pasted = await askVerifiedToken(prompter, result.purpose, {
        apiUrl: session.inputs.apiUrl,
        fetch: rt.io.fetch,
        scopes: result.purpose === 'server' || !checksPush(session.inputs.probe, session.inputs.intent) ? ['read:packages'] : ['write:packages'],
        redactor,
        signal: controller.signal,
      });
      if (pasted) tokens[result.purpose] = pasted;
      resume = pasted ? result.state : tuiReducer(result.state, { type: 'fix:decline' });
    }
  } finally {
    rt.signal.removeEventListener('abort', onOuterAbort);
    // Whatever a run, a re-check or a fix left open (learn can stop anywhere) is closed here, once.
    await session.close();
  }
}

/** The SSH questions of a run (contract: an unknown host key is a prompt in a TTY), answered in the Ink view. */
export function screenPrompts(questions: QuestionBroker): RunPrompts {
  return {
    // One question per host and key, however many servers (deploy users) sit on it.
    confirmUnknownHostKey: (fingerprint, target) =>
      questions.confirmHostKey({ host: target.hostName, port: target.port, fingerprint, server: describeTarget(target) }),
    askPassphrase: (label) => questions.passphrase(label),
  };
}
