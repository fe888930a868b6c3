import path from 'node:path';

/** `~` and `~/…` as a shell would expand them (a path quoted or after `--flag=` reaches us unexpanded). */
export function expandHome(p: string, homedir: string): string {
  if (p === '~') return homedir;
  if (p.startsWith('~/')) return path.join(homedir, p.slice(2));
  return p;
}
