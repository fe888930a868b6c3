import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { firstLine } from '../engine/text.js';

/**
 * A GitHub Actions workflow reduced to what the GHCR rules look at, with the source line of every
 * value (the `yaml` library's node ranges through a LineCounter), so findings can say file:line.
 */

export interface Located {
  value: string;
  line: number;
  /** Source line of each line of a multi-line value (run scripts, ssh-action `script:`). */
  lines: Array<{ text: string; line: number }>;
}

export interface PermissionsBlock {
  line: number;
  /** `write-all`, `read-all`, or a scope → access map; `{}` is a map with no scope. */
  all?: 'write' | 'read';
  scopes: Map<string, string>;
}

export interface StepModel {
  line: number;
  name?: string;
  uses?: string;
  if?: string;
  run?: Located;
  with: Map<string, Located>;
  env: Map<string, Located>;
}

export interface JobModel {
  id: string;
  line: number;
  if?: string;
  permissions?: PermissionsBlock;
  env: Map<string, Located>;
  steps: StepModel[];
}

export interface WorkflowModel {
  file: string;
  events: Set<string>;
  permissions?: PermissionsBlock;
  env: Map<string, Located>;
  jobs: JobModel[];
}

export class WorkflowSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Line (1-based) of a source offset. */
type LineAt = (offset: number) => number;

function pairs(node: unknown): Pair[] {
  return isMap(node) ? (node.items as Pair[]) : [];
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function scalarText(node: unknown): string | undefined {
  if (isScalar(node)) return node.value === null || node.value === undefined ? '' : String(node.value);
  return undefined;
}

/** Finds where each line of a (possibly block) scalar sits in the source. */
function locate(node: Node, src: string[], lineAt: LineAt): Located {
  const value = scalarText(node) ?? '';
  const start = node.range ? lineAt(node.range[0]) : 1;
  const end = node.range ? lineAt(node.range[1]) : start;
  const lines: Located['lines'] = [];
  let cursor = start;
  for (const text of value.split('\n')) {
    const needle = text.trim();
    let found = -1;
    if (needle !== '') {
      for (let l = cursor; l <= Math.max(end, cursor); l++) {
        if ((src[l - 1] ?? '').includes(needle)) {
          found = l;
          break;
        }
      }
    }
    const line = found === -1 ? cursor : found;
    lines.push({ text, line });
    if (found !== -1) cursor = found;
  }
  return { value, line: start, lines };
}

function locatedMap(node: unknown, src: string[], lineAt: LineAt): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const p of pairs(node)) {
    if (p.value && isScalar(p.value)) out.set(keyOf(p), locate(p.value as Node, src, lineAt));
  }
  return out;
}

function permissionsOf(node: unknown, keyNode: unknown, lineAt: LineAt): PermissionsBlock {
  const range = (keyNode as Node | null)?.range;
  const line = range ? lineAt(range[0]) : 1;
  const text = scalarText(node);
  if (text !== undefined) {
    if (text === 'write-all') return { line, all: 'write', scopes: new Map() };
    if (text === 'read-all') return { line, all: 'read', scopes: new Map() };
    return { line, scopes: new Map() };
  }
  const scopes = new Map<string, string>();
  for (const p of pairs(node)) scopes.set(keyOf(p), scalarText(p.value) ?? '');
  return { line, scopes };
}

function eventsOf(node: unknown): Set<string> {
  const text = scalarText(node);
  if (text !== undefined) return new Set([text]);
  if (isSeq(node)) return new Set(node.items.map((i) => scalarText(i) ?? '').filter(Boolean));
  return new Set(pairs(node).map(keyOf));
}

export function parseWorkflow(file: string, source: string): WorkflowModel {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? 1;
    throw new WorkflowSyntaxError(file, line, firstLine(e.message).replace(/:\s*$/, ''));
  }
  const src = source.split('\n');
  const lineAt: LineAt = (offset) => counter.linePos(offset).line;
  const lineOf = (node: unknown): number => {
    const range = (node as Node | null)?.range;
    return range ? lineAt(range[0]) : 1;
  };
  const root = doc.contents;
  const model: WorkflowModel = { file, events: new Set(), env: new Map(), jobs: [] };
  for (const p of pairs(root)) {
    const key = keyOf(p);
    // YAML 1.1 reads a bare `on:` key as boolean true; the yaml library (1.2) keeps "on".
    if (key === 'on' || key === 'true') model.events = eventsOf(p.value);
    else if (key === 'permissions') model.permissions = permissionsOf(p.value, p.key, lineAt);
    else if (key === 'env') model.env = locatedMap(p.value, src, lineAt);
    else if (key === 'jobs') {
      for (const jp of pairs(p.value)) {
        const job: JobModel = { id: keyOf(jp), line: lineOf(jp.key), env: new Map(), steps: [] };
        for (const kp of pairs(jp.value)) {
          const k = keyOf(kp);
          if (k === 'if') job.if = scalarText(kp.value);
          else if (k === 'permissions') job.permissions = permissionsOf(kp.value, kp.key, lineAt);
          else if (k === 'env') job.env = locatedMap(kp.value, src, lineAt);
          else if (k === 'steps' && isSeq(kp.value)) {
            for (const stepNode of kp.value.items) {
              const step: StepModel = { line: lineOf(stepNode), with: new Map(), env: new Map() };
              for (const sp of pairs(stepNode)) {
                const sk = keyOf(sp);
                if (sk === 'name') step.name = scalarText(sp.value);
                else if (sk === 'uses') step.uses = scalarText(sp.value);
                else if (sk === 'if') step.if = scalarText(sp.value);
                else if (sk === 'run' && sp.value) step.run = locate(sp.value as Node, src, lineAt);
                else if (sk === 'with') step.with = locatedMap(sp.value, src, lineAt);
                else if (sk === 'env') step.env = locatedMap(sp.value, src, lineAt);
              }
              job.steps.push(step);
            }
          }
        }
        model.jobs.push(job);
      }
    }
  }
  return model;
}

/** A shell command joined across `\` line continuations, keeping the source line of each part. */
export interface ShellCommand {
  text: string;
  /** Each physical line: its text, source line, and where its trimmed text starts in `text`. */
  parts: Array<{ text: string; line: number; start: number }>;
}

export function shellCommands(script: Located): ShellCommand[] {
  const out: ShellCommand[] = [];
  let current: ShellCommand | undefined;
  for (const l of script.lines) {
    const trimmed = l.text.trim();
    if (!current && (trimmed === '' || trimmed.startsWith('#'))) continue;
    const continues = /\\\s*$/.test(l.text);
    const piece = continues ? l.text.replace(/\\\s*$/, '') : l.text;
    current ??= { text: '', parts: [] };
    if (current.text) current.text += ' ';
    current.parts.push({ text: piece, line: l.line, start: current.text.length });
    current.text += piece.trim();
    if (!continues) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}
