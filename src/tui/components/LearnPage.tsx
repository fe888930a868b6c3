import { Box, Text } from 'ink';
import type { CheckStatus, Finding } from '../../engine/types.js';
import { learnMeaning, type LearnText } from '../../learn/texts.js';
import type { CheckRow as Row, LearnStage } from '../state.js';
import { CheckRow } from './CheckRow.js';
import { Tone } from '../theme-context.js';
import { severityStyle } from '../../report/status-style.js';
import { wrapWords } from '../../engine/text.js';

export interface LearnPageProps {
  step: number;
  total: number;
  /** The page's checks (consecutive checks with the same explanation share a page). */
  rows: Row[];
  text: LearnText;
  stage: LearnStage;
  findings: Finding[];
  now: number;
  /** The box's outer width: rows are laid out inside its border and padding. */
  width?: number;
  /** The terminal's height: a taller live page scrolls its top (the step's title) off the screen. */
  maxRows?: number;
}

/** Lines a text takes folded at `width` (as Ink folds it, on words). */
const linesOf = (text: string, width: number) => wrapWords(text, Math.max(10, width - 1)).length;

/** Folded on words before Ink wraps: Ink keeps the space it breaks at (' implies read)' one column right). */
const fold = (text: string, width: number) => wrapWords(text, Math.max(10, width - 1)).join('\n');

const BORDER_AND_PADDING = 4;

/** One step of `learn`: the explanation, then the step's checks, then what their result means. */
export function LearnPage({ step, total, rows, text, stage, findings, now, width = 80, maxRows = Number.POSITIVE_INFINITY }: LearnPageProps) {
  const inner = Math.max(20, width - BORDER_AND_PADDING);
  const what = rows.length === 1 ? `"${rows[0]!.title}"` : `these ${rows.length} checks`;
  const keysAfter = step > 1 ? ' · b back' : '';
  const shownRows = rows.map((row) => (rows.length > 1 && row.status === 'pass' ? { ...row, summary: undefined } : row));
  const statuses = rows.map((r) => r.status).filter((s): s is CheckStatus => s !== 'pending' && s !== 'running');
  const meaning = learnMeaning(
    text,
    statuses,
    findings.map((f) => f.severity),
  );
  // The findings' details give way first when the page would not fit: the title, the checks, what it
  // means, each finding's title and the keys stay on screen (the details are in the summary and --ci).
  const withoutDetails =
    2 + // border
    1 + // title
    1 +
    shownRows.reduce((n, r) => n + 1 + (r.summary ? linesOf(r.summary, inner - 2) : 0), 0) +
    1 +
    1 +
    linesOf(meaning, inner) +
    findings.reduce((n, f) => n + linesOf(`✖ ${f.title}`, inner), 0) +
    2; // keys
  const details = findings.reduce((n, f) => n + linesOf(f.detail, inner - 2), 0);
  const showDetails = withoutDetails + details < maxRows;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
      <Box>
        <Text bold>{text.topic}</Text>
        <Tone token="muted">
          {'  '}step {step} of {total}
        </Tone>
      </Box>
      {/* Once read, the explanation gives way to the results: the page stays shorter than the terminal. */}
      {stage === 'explain' ? (
        <Box flexDirection="column" marginTop={1}>
          {text.before.map((p, i) => (
            <Text key={i}>{fold(p, inner)}</Text>
          ))}
        </Box>
      ) : null}
      {stage === 'explain' ? (
        <Box marginTop={1}>
          <Tone token="accent">{fold(`enter: run ${what} · s skip${keysAfter} · e explain an error · q quit`, inner)}</Tone>
        </Box>
      ) : (
        <Box marginTop={1} flexDirection="column">
          {/* On a page of several checks, a passed one is one line; what went wrong keeps its detail. */}
          {shownRows.map((row) => (
            <CheckRow key={row.id} row={row} now={now} width={inner} />
          ))}
        </Box>
      )}
      {stage === 'meaning' ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>What this means for you</Text>
          <Text>{fold(meaning, inner)}</Text>
          {findings.map((f, i) => (
            <Box key={`${f.id}:${i}`} flexDirection="column">
              <Text>
                <Tone token={severityStyle(f.severity).color}>{severityStyle(f.severity).glyph}</Tone> {f.title}
              </Text>
              {showDetails ? (
                <Box paddingLeft={2}>
                  <Text>{fold(f.detail, inner - 2)}</Text>
                </Box>
              ) : null}
            </Box>
          ))}
          <Box marginTop={1}>
            <Tone token="accent">{fold(`enter: next step${keysAfter} · e explain an error · q quit`, inner)}</Tone>
          </Box>
        </Box>
      ) : null}
    </Box>
  );
}
