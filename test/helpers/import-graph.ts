/**
 * The static runtime import graph of src/ (type-only imports and dynamic import() left out: they do not
 * run at load time), read from the TypeScript sources.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');

export function sourceFiles(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const STATIC_IMPORT = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm;
const SIDE_EFFECT_IMPORT = /^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Whether `import {...} from` / `export {...} from` brings anything at run time (not only `type` names). */
function isRuntime(typeKeyword: string | undefined, clause: string): boolean {
  if (typeKeyword) return false;
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!braces) return true; // default, namespace or `export *`
  const names = braces[1]!
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length === 0 || names.some((n) => !n.startsWith('type '));
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec).replace(/\.js$/, '');
  return ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(p));
}

export interface ImportEdge {
  /** The resolved file for a relative import, else the specifier as written (a package name). */
  to: string;
  spec: string;
}

/** Every src file → what it imports at run time (with `dynamic`, also what it loads later with import(); with `types`, type-only imports too). */
export function runtimeImports(opts: { dynamic?: boolean; types?: boolean } = {}): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>();
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8');
    const edges: ImportEdge[] = [];
    for (const m of text.matchAll(STATIC_IMPORT)) {
      if (opts.types || isRuntime(m[2], m[3]!)) edges.push({ to: resolve(file, m[4]!) ?? m[4]!, spec: m[4]! });
    }
    for (const m of text.matchAll(SIDE_EFFECT_IMPORT)) edges.push({ to: resolve(file, m[1]!) ?? m[1]!, spec: m[1]! });
    if (opts.dynamic) for (const m of text.matchAll(DYNAMIC_IMPORT)) edges.push({ to: resolve(file, m[1]!) ?? m[1]!, spec: m[1]! });
    graph.set(file, edges);
  }
  return graph;
}

/** The strongly connected components with more than one module (each holds at least one import cycle), src-relative. */
export function importCycles(graph: Map<string, ImportEdge[]>): string[][] {
  let next = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const { to: w } of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(SRC, w));
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return out;
}
