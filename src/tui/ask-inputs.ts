/**
 * Fills in what a diagnosis needs and the flags/environment did not give: image, token source,
 * repository, server. Anything given by flag or environment is never asked again; optional answers
 * are skipped with an empty Enter.
 */
import path from 'node:path';
import SSHConfig from 'ssh-config';
import { sshConfigHosts } from '../ssh/hosts-file.js';

export { sshConfigHosts };
import type { ParsedArgs } from '../cli/args.js';
import type { Intent } from '../diagnosis/inputs.js';
import { parseRepo, parseSshTarget, resolveImage } from '../cli/config.js';
import type { DiagnosisInputs, SshTargetInput } from '../diagnosis/inputs.js';
import type { Redactor } from '../engine/redact.js';
import type { FileSystem } from '../io/types.js';
import type { Prompter } from './prompts.js';

export interface AskContext {
  args: ParsedArgs;
  env: Record<string, string | undefined>;
  fs: FileSystem;
  homedir: string;
  prompter: Prompter;
  redactor: Redactor;
}

const TOKEN_ENV = ['GHCR_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN'];

function set(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== '';
}

/** `deploy-box` (an alias in ~/.ssh/config) → its User, HostName and Port; anything else is parsed as USER@HOST[:PORT]. */
export function resolveServerAnswer(answer: string, config: SSHConfig | undefined): SshTargetInput {
  const trimmed = answer.trim();
  if (config && !trimmed.includes('@') && !trimmed.includes(':') && sshConfigHosts(config).includes(trimmed)) {
    const c = config.compute(trimmed);
    const port = typeof c.Port === 'string' ? Number(c.Port) : undefined;
    return {
      user: typeof c.User === 'string' ? c.User : undefined,
      host: typeof c.HostName === 'string' ? c.HostName : trimmed,
      port,
      source: `~/.ssh/config Host ${trimmed}`,
    };
  }
  return { ...parseSshTarget(trimmed, 'the server'), source: 'asked' };
}

async function readSshConfig(fs: FileSystem, homedir: string): Promise<SSHConfig | undefined> {
  const file = path.join(homedir, '.ssh', 'config');
  try {
    return SSHConfig.parse((await fs.readFile(file)).toString('utf8'));
  } catch {
    return undefined;
  }
}

function validImage(v: string): true | string {
  try {
    resolveImage(v.trim());
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function askMissingInputs(inputs: DiagnosisInputs, ctx: AskContext): Promise<DiagnosisInputs> {
  const { args, env, prompter } = ctx;
  const out = { ...inputs };

  if (!out.image) {
    const raw = await prompter.input({ message: 'Image to diagnose (HOST/OWNER/NAME[:TAG])', validate: validImage, what: 'the image', flag: '--image REF' });
    out.image = resolveImage(raw.trim());
  }

  // Contract Additions: asked once when neither --intent nor GHCR_DOCTOR_INTENT gives it.
  if (!args.intent && !set(env.GHCR_DOCTOR_INTENT)) {
    out.intent = await prompter.select<Intent>({
      message: 'What is the token for?',
      what: 'what the token is for',
      flag: '--intent push|pull',
      choices: [
        { name: 'push and pull (CI, publishing)', value: 'push' },
        { name: 'pull only (a server or cluster)', value: 'pull' },
      ],
    });
  }

  const tokenGiven =
    Boolean(args.tokenFile) || args.tokenStdin || TOKEN_ENV.some((k) => set(env[k])) || (await ctx.fs.exists(path.join(ctx.homedir, '.ghcr_token')));
  if (!tokenGiven) {
    const how = await prompter.select({
      message: 'Which token should ghcr-doctor check?',
      what: 'the token source',
      flag: '--token-file PATH or --token-stdin',
      choices: [
        { name: 'Paste a token (hidden)', value: 'paste' },
        { name: 'Read it from a file', value: 'file' },
        { name: 'Use what docker/podman stored for the registry (if anything)', value: 'stored' },
      ],
    });
    if (how === 'paste') {
      const token = await prompter.password({
        message: 'Token',
        validate: (v) => (v.trim() ? true : 'paste the token, or Ctrl-C'),
        what: 'the token',
        flag: '--token-stdin',
      });
      ctx.redactor.addSecret(token);
      out.stdinToken = token;
    } else if (how === 'file') {
      const file = await prompter.input({
        message: 'Token file',
        default: path.join(ctx.homedir, '.ghcr_token'),
        what: 'the token file',
        flag: '--token-file PATH',
      });
      out.tokenFile = file.trim();
    }
  }

  if (!args.repo && !set(env.GITHUB_REPOSITORY)) {
    const prefill = out.repo ? `${out.repo.owner}/${out.repo.name}` : undefined;
    const answer = await prompter.input({
      message: 'Repository for secrets and workflow checks, OWNER/NAME (Enter to skip)',
      default: prefill,
      validate: (v) => {
        if (!v.trim()) return true;
        try {
          parseRepo(v, 'the repository');
          return true;
        } catch (error) {
          return (error as Error).message;
        }
      },
      what: 'the repository',
      flag: '--repo OWNER/NAME',
    });
    out.repo = answer.trim() ? parseRepo(answer, 'the repository') : undefined;
  }

  if (args.ssh.length === 0 && !set(env.SERVER_HOST)) {
    const config = await readSshConfig(ctx.fs, ctx.homedir);
    const hosts = config ? sshConfigHosts(config) : [];
    const hint = hosts.length > 0 ? `; ~/.ssh/config has ${hosts.slice(0, 4).join(', ')}${hosts.length > 4 ? ', …' : ''}` : '';
    const answer = await prompter.input({
      message: `Deploy server USER@HOST[:PORT] (Enter to skip${hint})`,
      validate: (v) => {
        if (!v.trim()) return true;
        try {
          resolveServerAnswer(v, config);
          return true;
        } catch (error) {
          return (error as Error).message;
        }
      },
      what: 'the deploy server',
      flag: '--ssh USER@HOST[:PORT]',
    });
    out.ssh = answer.trim() ? resolveServerAnswer(answer, config) : undefined;
  }
  return out;
}
