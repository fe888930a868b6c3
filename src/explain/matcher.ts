import { CATALOG, type FindingId } from '../engine/catalog.js';
import type { Fix } from '../engine/types.js';
import { imageHintOf, type ImageHint } from './image-hint.js';
import { PATTERNS, namesForeignRegistry, type Confidence, type ErrorPattern, type ModeHint } from './knowledge.js';
import { normalizeLogLine } from './normalize.js';
import { remedyFor } from './remedies.js';

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

export interface ExplainResult {
  matches: ExplainMatch[];
  explanations: LineExplanation[];
  linesRead: number;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };
const LOWER: Record<Confidence, Confidence> = { high: 'medium', medium: 'low', low: 'low' };
const MAX_TEXT = 400;

interface Hit {
  pattern: ErrorPattern;
  patternIndex: number;
  line: number;
  text: string;
  image?: ImageHint;
}

interface Candidate {
  hit: Hit;
  mode: ModeHint;
  modeIndex: number;
}

// Cheap gate: a line goes through the pattern list only if it holds a needle of some pattern.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PREFILTER = new RegExp([...new Set(PATTERNS.flatMap((p) => p.needles))].map(escape).join('|'), 'i');

/** Masks a password given as an argument (`-p VALUE`, `--password=VALUE`) in a login command line. */
export function maskPasswordArgs(line: string): string {
  if (!/\blogin\b/i.test(line)) return line;
  return line.replace(/(\s(?:-p|--password)(?:\s+|=))(?!-)("[^"]*"|'[^']*'|\S+)/gi, '$1****');
}

function excerpt(line: string, at: number): string {
  if (line.length <= MAX_TEXT) return line;
  const start = Math.max(0, Math.min(at - 120, line.length - MAX_TEXT));
  return `${start > 0 ? '…' : ''}${line.slice(start, start + MAX_TEXT)}${start + MAX_TEXT < line.length ? '…' : ''}`;
}

function better(a: Candidate, b: Candidate): boolean {
  return (
    CONFIDENCE_RANK[a.mode.confidence] - CONFIDENCE_RANK[b.mode.confidence] ||
    a.hit.patternIndex - b.hit.patternIndex ||
    a.modeIndex - b.modeIndex ||
    a.hit.line - b.hit.line
  ) < 0;
}

/**
 * Streams lines through the knowledge base. Each line is explained by the first pattern that
 * matches it; each finding id is kept once, at its best line. Memory stays bounded by the number
 * of ids, not the size of the log.
 */
export class ExplainMatcher {
  private lineNo = 0;
  private sawGhcr = false;
  private firstImage?: ImageHint;
  private readonly best = new Map<FindingId, Candidate>();
  private readonly hits: Hit[] = [];
  private readonly hitKeys = new Set<string>();

  /** Feeds one line of input (without its newline). */
  feed(raw: string): void {
    this.lineNo++;
    // Progress output rewrites a line with CR; each segment is its own message.
    const segments = raw.includes('\r') ? raw.split('\r') : [raw];
    for (const segment of segments) this.feedSegment(segment);
  }

  private feedSegment(raw: string): void {
    const line = normalizeLogLine(raw);
    if (line === '') return;
    const mentionsGhcr = /ghcr/i.test(line);
    if (mentionsGhcr) {
      this.sawGhcr = true;
      this.firstImage ??= imageHintOf(line);
    }
    if (!PREFILTER.test(line)) return;
    const foreign = namesForeignRegistry(line);
    const lower = line.toLowerCase();
    for (let i = 0; i < PATTERNS.length; i++) {
      const pattern = PATTERNS[i]!;
      if (pattern.generic && foreign) continue;
      if (!pattern.needles.some((n) => lower.includes(n))) continue;
      const m = pattern.re.exec(line);
      if (!m || (pattern.when && !pattern.when(line))) continue;
      this.record({ pattern, patternIndex: i, line: this.lineNo, text: excerpt(maskPasswordArgs(line), m.index), image: mentionsGhcr ? imageHintOf(line) : undefined });
      return;
    }
  }

  private record(hit: Hit): void {
    // One explanation per pattern per distinct text keeps a log that repeats an error a thousand times small.
    const key = `${hit.patternIndex}\u0000${hit.text}`;
    if (!this.hitKeys.has(key)) {
      this.hitKeys.add(key);
      this.hits.push(hit);
    }
    hit.pattern.modes.forEach((mode, modeIndex) => {
      const candidate = { hit, mode, modeIndex };
      const current = this.best.get(mode.id);
      if (!current || better(candidate, current)) this.best.set(mode.id, candidate);
    });
  }

  result(): ExplainResult {
    const confidenceOf = (c: Candidate): Confidence =>
      c.hit.pattern.generic && !this.sawGhcr ? LOWER[c.mode.confidence] : c.mode.confidence;
    const ranked = [...this.best.values()].sort(
      (a, b) =>
        CONFIDENCE_RANK[confidenceOf(a)] - CONFIDENCE_RANK[confidenceOf(b)] ||
        a.hit.line - b.hit.line ||
        a.modeIndex - b.modeIndex,
    );
    const matches = ranked.map((c): ExplainMatch => {
      const remedy = remedyFor(c.mode.id, c.hit.image ?? this.firstImage);
      return {
        id: c.mode.id,
        confidence: confidenceOf(c),
        line: c.hit.line,
        text: c.hit.text,
        title: titleOf(c.mode.id),
        causes: c.mode.causes,
        confirm: remedy.confirm,
        fixes: remedy.fixes,
      };
    });
    const usedLines = new Set(ranked.map((c) => `${c.hit.patternIndex}\u0000${c.hit.line}`));
    const explanations = this.hits
      .filter((h) => usedLines.has(`${h.patternIndex}\u0000${h.line}`))
      .map((h) => ({ line: h.line, text: h.text, meaning: h.pattern.meaning, tellApart: h.pattern.tellApart, ids: h.pattern.modes.map((m) => m.id) }));
    return { matches, explanations, linesRead: this.lineNo };
  }
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
