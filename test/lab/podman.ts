import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from './lab-api.js';

export interface PodmanResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real podman as a registry client of the lab: vfs storage and run root in a temp dir (no
 * rootless setup needed), its own auth file, the lab CA through --cert-dir. Secrets go in on stdin.
 */
export class LabPodman {
  private constructor(
    private readonly lab: Lab,
    readonly dir: string,
  ) {}

  static async create(lab: Lab): Promise<LabPodman> {
    return new LabPodman(lab, await mkdtemp(join(tmpdir(), 'ghcr-lab-podman-')));
  }

  get authFile(): string {
    return join(this.dir, 'auth.json');
  }

  run(args: string[], opts: { stdin?: string; authFile?: string } = {}): Promise<PodmanResult> {
    const global = [
      '--storage-driver=vfs',
      '--root',
      join(this.dir, 'root'),
      '--runroot',
      join(this.dir, 'runroot'),
      '--cgroup-manager=cgroupfs',
      '--events-backend=file',
    ];
    const [cmd, ...rest] = args;
    const needsRegistry = ['login', 'logout', 'pull', 'push'].includes(cmd!);
    const registryFlags = needsRegistry ? ['--authfile', opts.authFile ?? this.authFile, '--cert-dir', this.lab.certDir] : [];
    const child = spawn('podman', [...global, cmd!, ...registryFlags, ...rest], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.dir, XDG_RUNTIME_DIR: join(this.dir, 'xdg') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdin.end(opts.stdin ?? '');
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  login(user: string, token: string, authFile?: string): Promise<PodmanResult> {
    return this.run(['login', '-u', user, '--password-stdin', this.lab.registryHost], { stdin: token, authFile });
  }

  async cleanup(): Promise<void> {
    await this.run(['rmi', '--all', '--force']).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
