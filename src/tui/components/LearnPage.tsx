import { Box, Text } from 'ink';
import type { Finding } from '../../engine/types.js';
import type { LearnText } from '../../learn/texts.js';
import { isFinal, type CheckRow as Row, type LearnStage } from '../state.js';
import { CheckRow } from './CheckRow.js';
import { Tone } from '../theme-context.js';
import { severityStyle } from '../../report/status-style.js';

export interface LearnPageProps {
  step: number;
  total: number;
  row: Row;
  text: LearnText;
  stage: LearnStage;
  findings: Finding[];
  now: number;
}

/** One step of `learn`: the explanation, then the step on the user's setup, then what it means. */
export function LearnPage({ step, total, row, text, stage, findings, now }: LearnPageProps) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Box>
        <Text bold>{text.topic}</Text>
        <Tone token="muted">
          {'  '}step {step} of {total}
        </Tone>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {text.before.map((p, i) => (
          <Text key={i}>{p}</Text>
        ))}
      </Box>
      {stage === 'explain' ? (
        <Box marginTop={1}>
          <Tone token="accent">enter: run "{row.title}" on your setup · e explain an error · q quit</Tone>
        </Box>
      ) : (
        <Box marginTop={1} flexDirection="column">
          <CheckRow row={row} now={now} />
        </Box>
      )}
      {stage === 'meaning' && isFinal(row.status) && row.status !== 'pending' && row.status !== 'running' ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>What this means for you</Text>
          <Text>{text.meaning[row.status]}</Text>
          {findings.map((f, i) => (
            <Box key={`${f.id}:${i}`} flexDirection="column">
              <Text>
                <Tone token={severityStyle(f.severity).color}>{severityStyle(f.severity).glyph}</Tone> {f.title}
              </Text>
              <Box paddingLeft={2}>
                <Text>{f.detail}</Text>
              </Box>
            </Box>
          ))}
          <Box marginTop={1}>
            <Tone token="accent">enter: next step · e explain an error · q quit</Tone>
          </Box>
        </Box>
      ) : null}
    </Box>
  );
}
