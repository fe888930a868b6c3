import type { CheckStatus, Severity } from '../engine/types.js';

/** Semantic colour tokens; each front end maps them to its own palette. */
export type ColorToken = 'success' | 'warning' | 'danger' | 'muted' | 'accent';

export interface StatusStyle {
  glyph: string;
  color: ColorToken;
  label: string;
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}

/** The one status → glyph/colour mapping, shared by the TUI and the text reporter. */
export function statusStyle(status: CheckStatus | 'running' | 'pending'): StatusStyle {
  switch (status) {
    case 'pass':
      return { glyph: '✔', color: 'success', label: 'pass' };
    case 'warn':
      return { glyph: '⚠', color: 'warning', label: 'warn' };
    case 'fail':
      return { glyph: '✖', color: 'danger', label: 'fail' };
    case 'error':
      return { glyph: '✖', color: 'danger', label: 'error' };
    case 'skip':
      return { glyph: '○', color: 'muted', label: 'skip' };
    case 'running':
      return { glyph: '…', color: 'accent', label: 'running' };
    case 'pending':
      return { glyph: '·', color: 'muted', label: 'pending' };
    default:
      return assertNever(status);
  }
}

export function severityStyle(severity: Severity): StatusStyle {
  switch (severity) {
    case 'error':
      return { glyph: '✖', color: 'danger', label: 'error' };
    case 'warning':
      return { glyph: '⚠', color: 'warning', label: 'warning' };
    case 'info':
      return { glyph: 'ℹ', color: 'accent', label: 'info' };
    default:
      return assertNever(severity);
  }
}

const ANSI: Record<ColorToken, [string, string]> = {
  success: ['\u001b[32m', '\u001b[39m'],
  warning: ['\u001b[33m', '\u001b[39m'],
  danger: ['\u001b[31m', '\u001b[39m'],
  muted: ['\u001b[90m', '\u001b[39m'],
  accent: ['\u001b[36m', '\u001b[39m'],
};

export type Paint = (token: ColorToken | 'bold', text: string) => string;

export function makePaint(enabled: boolean): Paint {
  if (!enabled) return (_t, text) => text;
  return (token, text) => (token === 'bold' ? `\u001b[1m${text}\u001b[22m` : `${ANSI[token][0]}${text}${ANSI[token][1]}`);
}

/** NO_COLOR wins, then --no-color, then FORCE_COLOR, then whether the stream is a terminal. */
export function colorEnabled(env: Record<string, string | undefined>, isTty: boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTty;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(1)}s`;
}
