/**
 * Just enough of `sh -c` for the demo deploy server: the command lines ghcr-doctor's server checks and
 * fixes send (`a && b; true`, `"$HOME/…"`, `"${XDG_RUNTIME_DIR:-/run/user/$(id -u)}"`, `$(dirname X)`,
 * `>/dev/null 2>&1`, single and double quotes). Each simple command goes to a `Builtin`; anything
 * unknown is "not found", exit 127, as dash says it.
 */

export interface ShellResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one simple command (already expanded into words); stdin only reaches the last command of a line. */
export type Builtin = (argv: string[], stdin: string | undefined) => Promise<ShellResult>;

interface Word {
  text: string;
}

/** Splits at top-level `;`, `&&`, `||` (outside quotes and `$( )`). */
function splitList(line: string): Array<{ op: ';' | '&&' | '||'; text: string }> {
  const out: Array<{ op: ';' | '&&' | '||'; text: string }> = [];
  let op: ';' | '&&' | '||' = ';';
  let cur = '';
  let depth = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') cur += line[i++] ?? '';
      cur += c;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '$' && line[i + 1] === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0 && (c === ';' || (c === '&' && line[i + 1] === '&') || (c === '|' && line[i + 1] === '|'))) {
      out.push({ op, text: cur.trim() });
      op = c === ';' ? ';' : c === '&' ? '&&' : '||';
      if (c !== ';') i++;
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push({ op, text: cur.trim() });
  return out;
}

export class MiniShell {
  constructor(
    private readonly env: Record<string, string>,
    private readonly builtin: Builtin,
  ) {}

  /** `$(…)`: the inner command's stdout without trailing newlines. */
  private async substitute(inner: string): Promise<string> {
    return (await this.run(inner, undefined)).stdout.replace(/\n+$/, '');
  }

  /** `${VAR:-default}`, `${VAR}`, `$VAR` (the default is itself expanded). */
  private async parameter(text: string, i: number): Promise<{ value: string; end: number }> {
    if (text[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        j++;
      }
      const body = text.slice(i + 2, j - 1);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(body);
      if (!m) return { value: '', end: j };
      const v = this.env[m[1]!];
      return { value: v !== undefined && v !== '' ? v : m[2] !== undefined ? await this.expand(m[2]) : '', end: j };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!m) return { value: '$', end: i + 1 };
    return { value: this.env[m[0]] ?? '', end: i + 1 + m[0].length };
  }

  /** Expands `$…` inside a double-quoted string or an unquoted word. */
  private async expand(text: string): Promise<string> {
    let out = '';
    for (let i = 0; i < text.length; ) {
      if (text[i] === '$' && text[i + 1] === '(') {
        let depth = 1;
        let j = i + 2;
        while (j < text.length && depth > 0) {
          if (text[j] === '(') depth++;
          else if (text[j] === ')') depth--;
          j++;
        }
        out += await this.substitute(text.slice(i + 2, j - 1));
        i = j;
      } else if (text[i] === '$') {
        const p = await this.parameter(text, i);
        out += p.value;
        i = p.end;
      } else if (text[i] === '\\' && i + 1 < text.length) {
        out += text[i + 1];
        i += 2;
      } else out += text[i++];
    }
    return out;
  }

  /** Words of one simple command, with quotes removed and expansions done. */
  private async words(text: string): Promise<Word[]> {
    const words: Word[] = [];
    let cur: string | undefined;
    for (let i = 0; i < text.length; ) {
      const c = text[i]!;
      if (/\s/.test(c)) {
        if (cur !== undefined) words.push({ text: cur });
        cur = undefined;
        i++;
      } else if (c === "'") {
        const j = text.indexOf("'", i + 1);
        cur = (cur ?? '') + text.slice(i + 1, j < 0 ? text.length : j);
        i = j < 0 ? text.length : j + 1;
      } else if (c === '"') {
        let j = i + 1;
        let depth = 0;
        while (j < text.length && !(text[j] === '"' && depth === 0)) {
          if (text[j] === '\\') j++;
          else if (text[j] === '$' && text[j + 1] === '(') depth++;
          else if (text[j] === ')' && depth > 0) depth--;
          j++;
        }
        cur = (cur ?? '') + (await this.expand(text.slice(i + 1, j)));
        i = j + 1;
      } else {
        let j = i;
        let depth = 0;
        while (j < text.length && (depth > 0 || !/[\s'"]/.test(text[j]!))) {
          if (text[j] === '$' && text[j + 1] === '(') depth++;
          else if (text[j] === ')' && depth > 0) depth--;
          j++;
        }
        cur = (cur ?? '') + (await this.expand(text.slice(i, j)));
        i = j;
      }
    }
    if (cur !== undefined) words.push({ text: cur });
    return words;
  }

  async run(line: string, stdin: string | undefined): Promise<ShellResult> {
    const list = splitList(line);
    let last: ShellResult = { code: 0, stdout: '', stderr: '' };
    let stdout = '';
    let stderr = '';
    for (const [index, item] of list.entries()) {
      if (item.op === '&&' && last.code !== 0) continue;
      if (item.op === '||' && last.code === 0) continue;
      const argv: string[] = [];
      let dropOut = false;
      let dropErr = false;
      let errToOut = false;
      for (const w of await this.words(item.text)) {
        if (w.text === '>/dev/null' || w.text === '1>/dev/null') dropOut = true;
        else if (w.text === '2>/dev/null') dropErr = true;
        else if (w.text === '2>&1') errToOut = true;
        else argv.push(w.text);
      }
      last = await this.builtin(argv, index === list.length - 1 || argv.includes('--password-stdin') ? stdin : undefined);
      const err = errToOut ? '' : last.stderr;
      const out = errToOut ? last.stdout + last.stderr : last.stdout;
      if (!dropOut) stdout += out;
      if (!dropErr && !(errToOut && dropOut)) stderr += err;
    }
    return { code: last.code, stdout, stderr };
  }
}
