import { CATALOG, type FindingId } from '../engine/catalog.js';
import type { Fix } from '../engine/types.js';
import { imageHintOf, type ImageHint } from './image-hint.js';
import { PATTERNS, type Confidence, type ErrorPattern, type ModeHint } from './knowledge.js';
import { ContextTracker, type LineContext, type TextContext } from './log-context.js';
import { messageIndent, normalizeLogLine } from './normalize.js';
import { sanitizeText } from '../engine/sanitize.js';
import { registriesIn, type HostMention } from './registry-host.js';
import { remedyFor } from './remedies.js';
import { judge } from './ranking.js';

/** One failure mode named by the pasted text (the `explain --json` match shape). */
export interface ExplainMatch {
  id: FindingId;
  confidence: Confidence;
  line: number;
  text: string;
  title: string;
  causes: string[];
  confirm: string[];
  fixes: Fix[];
}

/** A matched line and what it means, for the human-readable report. */
export interface LineExplanation {
  line: number;
  text: string;
  meaning: string;
  tellApart?: string;
  ids: FindingId[];
}

/** A line about another registry: what it is, in one sentence, instead of a GHCR finding. */
export interface ForeignNote {
  line: number;
  registry: string;
  note: string;
}

export interface ExplainResult {
  matches: ExplainMatch[];
  explanations: LineExplanation[];
  /** Errors of other registries in the text (no finding id: explain only explains GHCR). */
  notGhcr: ForeignNote[];
  linesRead: number;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };
const LOWER: Record<Confidence, Confidence> = { high: 'medium', medium: 'low', low: 'low' };
const MAX_TEXT = 400;
/** Wrapped messages (kubelet events, terminals) are joined up to this many characters. */
const MAX_JOINED = 2000;
/** `key: value` lines (an Actions step's `with:` block) are their own lines, not a wrapped message. */
const YAML_KEY = /^[\w.-]+:(?:\s|$)/;

interface HostSeen {
  mention: HostMention;
  line: number;
}

/** An error line and what was known around it. */
export interface Hit {
  pattern: ErrorPattern;
  patternIndex: number;
  modes: ModeHint[];
  line: number;
  text: string;
  image?: ImageHint;
  context: LineContext;
  /** The line names no registry: it belongs to the nearest line that does. */
  hostless: boolean;
  before?: HostSeen;
  after?: HostSeen;
}

interface Candidate {
  hit: Hit;
  mode: ModeHint;
  modeIndex: number;
  confidence: Confidence;
  causes: string[];
}

// Cheap gate: a line goes through the pattern list only if it holds a needle of some pattern.
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PREFILTER = new RegExp([...new Set(PATTERNS.flatMap((p) => p.needles))].map(escapeRegExp).join('|'), 'i');

/** Masks a password given as an argument (`-p VALUE`, `--password=VALUE`) in a login command line. */
export function maskPasswordArgs(line: string): string {
  if (!/\blogin\b/i.test(line)) return line;
  return line.replace(/(\s(?:-p|--password)(?:\s+|=))(?!-)("[^"]*"|'[^']*'|\S+)/gi, '$1****');
}

/** A run of the characters tokens and their base64 are made of: an excerpt never cuts one in two. */
const WORDISH = /[A-Za-z0-9_+/=-]/;

function excerpt(line: string, at: number): string {
  if (line.length <= MAX_TEXT) return line;
  let start = Math.max(0, Math.min(at - 120, line.length - MAX_TEXT));
  let end = start + MAX_TEXT;
  // Half a token has no prefix or too few characters to be recognised and masked: drop the piece instead.
  while (start > 0 && start < end && WORDISH.test(line[start - 1]!) && WORDISH.test(line[start]!)) start++;
  while (end < line.length && end > start && WORDISH.test(line[end - 1]!) && WORDISH.test(line[end]!)) end--;
  return `${start > 0 ? '…' : ''}${line.slice(start, end)}${end < line.length ? '…' : ''}`;
}

/** The first pattern that explains a line, and where in the line it matched. */
function firstPattern(line: string, foreign: boolean): { pattern: ErrorPattern; index: number; at: number } | undefined {
  if (!PREFILTER.test(line)) return undefined;
  const lower = line.toLowerCase();
  for (let i = 0; i < PATTERNS.length; i++) {
    const pattern = PATTERNS[i]!;
    if (foreign && !pattern.local) continue;
    if (!pattern.needles.some((n) => lower.includes(n))) continue;
    const m = pattern.re.exec(line);
    if (!m || (pattern.when && !pattern.when(line))) continue;
    return { pattern, index: i, at: m.index };
  }
  return undefined;
}

/** Words of a failure: a line about another registry that has one gets a note even when no pattern knows it. */
const ERRORISH = /\b(?:denied|unauthorized|forbidden|error|failed|toomanyrequests|refused|invalid)\b/i;

function foreignNote(registry: HostMention, pattern: ErrorPattern | undefined): string {
  const what = pattern?.foreignWhat ?? 'error';
  const where = registry.host !== registry.name ? ` (${registry.host})` : '';
  return `this is ${registry.name}'s ${what}${where}, not ghcr.io: no GHCR finding applies`;
}

/**
 * Streams lines through the knowledge base. Each line is explained by the first pattern that
 * matches it; each finding id is kept once, at its best line. Lines about other registries give no
 * finding, only a note; the lines around an error (a logout, a login that succeeded, the step it
 * happened in) rule causes in or out. Memory stays bounded by the distinct errors, not the log size.
 */
export class ExplainMatcher {
  private lineNo = 0;
  private sawGhcr = false;
  private firstImage?: ImageHint;
  private readonly hits: Hit[] = [];
  private readonly hitKeys = new Set<string>();
  private readonly context = new ContextTracker();
  private lastHost?: HostSeen;
  /** Host-less hits waiting for the next line that names a registry. */
  private pending: Hit[] = [];
  private readonly notes = new Map<string, ForeignNote>();
  /** A message wrapped over several indented lines, joined (kubelet events, `kubectl describe`). */
  private wrapped?: { line: number; indent: number; text: string; parts: number };

  /** Feeds one line of input (without its newline). */
  feed(raw: string): void {
    this.lineNo++;
    // Progress output rewrites a line with CR; each segment is its own message.
    const segments = raw.includes('\r') ? raw.split('\r') : [raw];
    for (const segment of segments) this.feedSegment(segment, this.lineNo);
  }

  private feedSegment(raw: string, lineNo: number): void {
    const line = normalizeLogLine(raw);
    this.joinWrapped(raw, line, lineNo);
    if (line === '') return;
    this.explainLine(line, raw, lineNo);
  }

  /** Indented continuation lines are joined to the line they continue and explained together too. */
  private joinWrapped(raw: string, line: string, lineNo: number): void {
    const indent = messageIndent(raw);
    const w = this.wrapped;
    if (w && line !== '' && indent > w.indent && !YAML_KEY.test(line) && w.text.length + line.length < MAX_JOINED) {
      w.text += ` ${line}`;
      w.parts++;
      return;
    }
    if (w && w.parts > 1) {
      this.wrapped = undefined;
      this.explainLine(w.text, w.text, w.line, true);
    }
    this.wrapped = line === '' ? undefined : { line: lineNo, indent, text: line, parts: 1 };
  }

  private explainLine(line: string, raw: string, lineNo: number, joined = false): void {
    const mentions = registriesIn(line);
    const ghcrHere = mentions.some((m) => m.kind === 'ghcr');
    const foreignHere = ghcrHere ? undefined : mentions.find((m) => m.kind === 'foreign');
    if (!joined) {
      if (ghcrHere || /ghcr/i.test(line)) {
        this.sawGhcr = true;
        this.firstImage ??= imageHintOf(line);
      }
      this.context.observe(line, raw, lineNo, ghcrHere);
    }
    const named = ghcrHere ? mentions.find((m) => m.kind === 'ghcr')! : foreignHere;
    if (named) this.seeHost({ mention: named, line: lineNo });

    const found = firstPattern(line, foreignHere !== undefined);
    if (!found && foreignHere) {
      const generic = firstPattern(line, false);
      if (generic || ERRORISH.test(line)) this.note(lineNo, foreignHere, generic?.pattern);
      return;
    }
    if (!found) return;
    const { pattern, index, at } = found;
    const context = this.context.at(lineNo);
    const hit: Hit = {
      pattern,
      patternIndex: index,
      modes: (context.phase && pattern.byPhase?.[context.phase]) || pattern.modes,
      line: lineNo,
      // Shown as the user will read it: escaped (a BEL, `ESC c`, a bidi override left after normalising).
      text: sanitizeText(excerpt(maskPasswordArgs(line), at)),
      image: ghcrHere ? imageHintOf(line) : undefined,
      context,
      hostless: named === undefined && !pattern.local,
      before: this.lastHost,
    };
    // One explanation per pattern per distinct text keeps a log that repeats an error a thousand times small.
    const key = `${index}\u0000${hit.text}`;
    if (this.hitKeys.has(key)) return;
    this.hitKeys.add(key);
    this.hits.push(hit);
    if (hit.hostless) this.pending.push(hit);
  }

  private seeHost(seen: HostSeen): void {
    this.lastHost = seen;
    for (const hit of this.pending) hit.after = seen;
    this.pending = [];
  }

  private note(line: number, registry: HostMention, pattern: ErrorPattern | undefined): void {
    if (!this.notes.has(registry.name)) this.notes.set(registry.name, { line, registry: registry.name, note: foreignNote(registry, pattern) });
  }

  /** The registry a host-less hit belongs to: the nearer of the lines before and after that name one. */
  private registryOf(hit: Hit): HostSeen | undefined {
    const { before, after } = hit;
    if (!before) return after;
    if (!after) return before;
    return hit.line - before.line <= after.line - hit.line ? before : after;
  }

  result(): ExplainResult {
    if (this.wrapped && this.wrapped.parts > 1) this.explainLine(this.wrapped.text, this.wrapped.text, this.wrapped.line, true);
    this.wrapped = undefined;
    const text: TextContext = { ...this.context.text };
    const kept: Hit[] = [];
    for (const hit of this.hits) {
      const owner = hit.hostless ? this.registryOf(hit) : undefined;
      if (owner && owner.mention.kind === 'foreign') this.note(hit.line, owner.mention, hit.pattern);
      else kept.push(hit);
    }
    const best = new Map<FindingId, Candidate>();
    for (const hit of kept) {
      hit.modes.forEach((mode, modeIndex) => {
        const verdict = judge(mode, hit, text, this.sawGhcr);
        if (!verdict) return;
        const confidence = hit.pattern.generic && !this.sawGhcr ? LOWER[verdict.confidence] : verdict.confidence;
        const candidate: Candidate = { hit, mode, modeIndex, confidence, causes: verdict.causes };
        const current = best.get(mode.id);
        if (!current || rankOf(candidate) < rankOf(current)) best.set(mode.id, candidate);
      });
    }
    const ranked = [...best.values()].sort((a, b) => compare(rankKey(a), rankKey(b)));
    const matches = ranked.map((c): ExplainMatch => {
      const remedy = remedyFor(c.mode.id, c.hit.image ?? this.firstImage, text);
      return {
        id: c.mode.id,
        confidence: c.confidence,
        line: c.hit.line,
        text: c.hit.text,
        title: titleOf(c.mode.id),
        causes: c.causes,
        confirm: remedy.confirm,
        fixes: remedy.fixes,
      };
    });
    const usedLines = new Set(ranked.map((c) => `${c.hit.patternIndex}\u0000${c.hit.line}`));
    const explanations = kept
      .filter((h) => usedLines.has(`${h.patternIndex}\u0000${h.line}`))
      .map((h) => ({ line: h.line, text: h.text, meaning: h.pattern.meaning, tellApart: h.pattern.tellApart, ids: h.modes.map((m) => m.id) }));
    const notGhcr = [...this.notes.values()].sort((a, b) => a.line - b.line);
    return { matches, explanations, notGhcr, linesRead: this.lineNo };
  }
}

/** Hygiene warnings (a token in argv, host-key checking off) never outrank what broke the job. */
const HYGIENE = new Set<FindingId>(['workflow.token-in-command-line', 'workflow.host-key-checking-disabled']);

function rankOf(c: Candidate): number {
  return CONFIDENCE_RANK[c.confidence] * 1e4 + c.hit.patternIndex;
}

function rankKey(c: Candidate): number[] {
  return [HYGIENE.has(c.mode.id) ? 1 : 0, CONFIDENCE_RANK[c.confidence], c.hit.line, c.modeIndex];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function titleOf(id: FindingId): string {
  const t: string = CATALOG[id].title;
  return /^[a-z]/.test(t) && !/^[a-z]+_/.test(t) ? t[0]!.toUpperCase() + t.slice(1) : t;
}

/** Explains a whole text at once (tests, the TEXT argument). */
export function explainText(text: string): ExplainResult {
  const matcher = new ExplainMatcher();
  for (const line of text.split('\n')) matcher.feed(line);
  return matcher.result();
}
