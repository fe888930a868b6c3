import type { ShellCommand } from './workflow-model.js';

/** ssh options that take a value (`ssh -p 22`, `-o Opt=x`, `-i key`…), per ssh(1). */
const WITH_VALUE = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));

/** The words of a shell text with their offsets; quotes and `${{ … }}` expressions stay one word. */
function words(text: string, from: number): Array<{ word: string; start: number }> {
  const out: Array<{ word: string; start: number }> = [];
  let i = from;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !/\s/.test(text[i]!)) {
      if (text.startsWith('${{', i)) {
        const end = text.indexOf('}}', i);
        i = end === -1 ? text.length : end + 2;
      } else if (text[i] === '"' || text[i] === "'") {
        const end = text.indexOf(text[i]!, i + 1);
        i = end === -1 ? text.length : end + 1;
      } else i++;
    }
    out.push({ word: text.slice(start, i), start });
  }
  return out;
}

/**
 * Where the remote command of an `ssh [options] destination command…` invocation starts in the
 * command's text (undefined when it has none): what follows the destination runs on the server and
 * sits in ssh's argv on the runner.
 */
export function sshRemoteCommandStart(cmd: ShellCommand): number | undefined {
  const m = /(?:^|[\s;&|(])ssh\s/.exec(cmd.text);
  if (!m) return undefined;
  const list = words(cmd.text, m.index + m[0].length);
  for (let i = 0; i < list.length; i++) {
    const w = list[i]!.word;
    if (w.startsWith('-') && w.length > 1) {
      if (w.length === 2 && WITH_VALUE.has(w[1]!)) i++;
      continue;
    }
    return list[i + 1]?.start;
  }
  return undefined;
}

/** The physical lines of the command whose text lies (at least partly) in the remote command, with that part's text. */
export function remoteCommandParts(cmd: ShellCommand): Array<{ text: string; line: number }> {
  const start = sshRemoteCommandStart(cmd);
  if (start === undefined) return [];
  const out: Array<{ text: string; line: number }> = [];
  for (const p of cmd.parts) {
    const trimmed = p.text.trim();
    const end = p.start + trimmed.length;
    if (end <= start) continue;
    out.push({ text: trimmed.slice(Math.max(0, start - p.start)), line: p.line });
  }
  return out;
}
