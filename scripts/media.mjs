#!/usr/bin/env node
// `npm run media`: records a scripted `ghcr-doctor demo` session (diagnosis, then four fixes applied with
// consent and one declined) and renders the README pictures.
//
// tmux is the terminal emulator: the demo runs in a detached tmux session of a fixed size, the script
// presses keys at set moments, and every distinct screen (`capture-pane -e`, colours as SGR) becomes a
// frame. Frames are rendered without any dependency into:
//   media/demo.svg        animated SVG of the session (loops)
//   media/demo.cast       the same session as an asciinema v2 recording (`asciinema play media/demo.cast`)
//   media/report.svg      still: the final screen of the session (findings and fixes)
//   media/report-ci.svg   still: `ghcr-doctor demo --ci` (the plain CI report)
// Needs `npm run build` first (it runs bin/ghcr-doctor.js).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'media');
const COLS = 96;
const ROWS = 48;
/** The CI report still is as tall as the report, this wide. */
const CI_COLS = 116;
const SESSION = `ghcr-doctor-media-${process.pid}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmux = (...args) => execFileSync('tmux', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/* ---------------- recording ---------------- */

async function record() {
  const frames = [];
  const t0 = Date.now();
  const command = `cd ${JSON.stringify(root)} && FORCE_COLOR=1 ${JSON.stringify(process.execPath)} bin/ghcr-doctor.js demo; sleep 1`;
  tmux('new-session', '-d', '-s', SESSION, '-x', String(COLS), '-y', String(ROWS), command);
  tmux('set-option', '-t', SESSION, 'status', 'off');
  let last = '';
  const capture = () => {
    let screen;
    try {
      screen = tmux('capture-pane', '-p', '-e', '-t', SESSION);
    } catch {
      return false; // the session ended
    }
    if (screen !== last) {
      frames.push({ t: Date.now() - t0, screen });
      last = screen;
    }
    return true;
  };
  const waitFor = async (re, timeoutMs) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (!capture()) return false;
      if (re.test(last.replace(/\x1b\[[0-9;]*m/g, ''))) return true;
      await sleep(60);
    }
    throw new Error(`media: no ${re} on screen within ${timeoutMs} ms; last screen:\n${last}`);
  };
  const hold = async (ms) => {
    const end = Date.now() + ms;
    while (Date.now() < end && capture()) await sleep(60);
  };
  const key = (k) => tmux('send-keys', '-t', SESSION, k);
  try {
    await waitFor(/q quit/, 30_000); // the diagnosis has finished
    await hold(2500);
    key('f'); // how to go through the fixes
    await waitFor(/Fix everything/, 5000);
    await hold(1500);
    key('Enter');
    // Each fix shows what it will do and waits for y/n: y to all but the manual "make it public";
    // a made-up classic token (the simulated GitHub takes it as just created) when one is asked for.
    const token = `ghp_${'madeUpForTheReadme'.padEnd(36, '0')}`;
    const answered = new Set();
    for (let step = 0; step < 30; step++) {
      await waitFor(/Apply this fix\?|Paste the [^\n]*token|declined Make the package public/, 20_000);
      const plain = last.replace(/\x1b\[[0-9;]*m/g, '');
      if (/declined Make the package public/.test(plain)) break;
      const asked = /\? Paste the [^\n]*token[^\n]*$/m.test(plain.trimEnd());
      const title = [...plain.matchAll(/Fix: (.+?)\s*│/g)].pop()?.[1];
      if (asked) {
        await hold(700);
        for (let i = 0; i < token.length; i += 5) {
          tmux('send-keys', '-t', SESSION, '-l', token.slice(i, i + 5));
          await hold(90);
        }
        await hold(400);
        key('Enter');
        await hold(600);
      } else if (title && /Apply this fix\?/.test(plain) && !answered.has(title)) {
        answered.add(title);
        await hold(2400); // time to read what the fix will do
        key(/Make the package public/.test(title) ? 'n' : 'y');
      } else await hold(200);
    }
    await waitFor(/declined Make the package public/, 10_000);
    await hold(4000);
    key('q');
    await hold(1500);
  } finally {
    try {
      tmux('kill-session', '-t', SESSION);
    } catch {
      /* already gone */
    }
  }
  return frames;
}

/* ---------------- ANSI (SGR) screen → styled runs ---------------- */

const PALETTE = [
  '#1e1e1e',
  '#e06c75',
  '#98c379',
  '#e5c07b',
  '#61afef',
  '#c678dd',
  '#56b6c2',
  '#dcdfe4',
  '#7f848e',
  '#ff7a85',
  '#b5e890',
  '#ffd68a',
  '#8cc8ff',
  '#e2a6ff',
  '#7fdbe6',
  '#ffffff',
];
const FG = '#dcdfe4';
const BG = '#1e1e1e';

function color256(n) {
  if (n < 16) return PALETTE[n];
  if (n < 232) {
    const v = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    return `rgb(${v[Math.floor(i / 36)]},${v[Math.floor(i / 6) % 6]},${v[i % 6]})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

function applySgr(style, params) {
  const p = params.length ? params : [0];
  for (let i = 0; i < p.length; i++) {
    const n = p[i];
    if (n === 0) Object.assign(style, { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });
    else if (n === 1) style.bold = true;
    else if (n === 2) style.dim = true;
    else if (n === 22) style.bold = style.dim = false;
    else if (n === 3) style.italic = true;
    else if (n === 23) style.italic = false;
    else if (n === 4) style.underline = true;
    else if (n === 24) style.underline = false;
    else if (n === 7) style.inverse = true;
    else if (n === 27) style.inverse = false;
    else if (n >= 30 && n <= 37) style.fg = PALETTE[n - 30];
    else if (n >= 90 && n <= 97) style.fg = PALETTE[n - 90 + 8];
    else if (n === 39) style.fg = null;
    else if (n >= 40 && n <= 47) style.bg = PALETTE[n - 40];
    else if (n >= 100 && n <= 107) style.bg = PALETTE[n - 100 + 8];
    else if (n === 49) style.bg = null;
    else if ((n === 38 || n === 48) && p[i + 1] === 5) {
      style[n === 38 ? 'fg' : 'bg'] = color256(p[i + 2]);
      i += 2;
    } else if ((n === 38 || n === 48) && p[i + 1] === 2) {
      style[n === 38 ? 'fg' : 'bg'] = `rgb(${p[i + 2]},${p[i + 3]},${p[i + 4]})`;
      i += 4;
    }
  }
}

/** One screen line → runs of {text, style}; tmux's capture only contains SGR sequences. */
function parseLine(line, style) {
  const runs = [];
  let text = '';
  const flush = () => {
    if (text) runs.push({ text, style: { ...style } });
    text = '';
  };
  for (let i = 0; i < line.length; ) {
    if (line[i] === '\x1b' && line[i + 1] === '[') {
      const m = /^\x1b\[([0-9;:]*)([A-Za-z])/.exec(line.slice(i));
      if (m) {
        if (m[2] === 'm') {
          flush();
          applySgr(style, m[1] === '' ? [] : m[1].split(/[;:]/).map(Number));
        }
        i += m[0].length;
        continue;
      }
    }
    if (line[i] === '\x1b') {
      i++;
      continue;
    }
    text += line[i++];
  }
  flush();
  return runs;
}

/* ---------------- SVG ---------------- */

const FONT = 14;
const CW = 8.43; // advance of a 14 px monospace cell
const LH = 18;
const PAD = 14;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function screenSvg(screen, rows = ROWS) {
  const style = { fg: null, bg: null };
  const parts = [];
  screen
    .replace(/\n$/, '')
    .split('\n')
    .slice(0, rows)
    .forEach((line, row) => {
      let col = 0;
      const y = PAD + row * LH;
      const spans = [];
      for (const run of parseLine(line, style)) {
        const chars = [...run.text];
        const s = run.style;
        let fg = s.fg ?? FG;
        let bg = s.bg;
        if (s.inverse) [fg, bg] = [bg ?? BG, fg];
        if (bg) parts.push(`<rect x="${(PAD + col * CW).toFixed(1)}" y="${y}" width="${(chars.length * CW).toFixed(1)}" height="${LH}" fill="${bg}"/>`);
        if (run.text.trim()) {
          // Leading spaces become an x offset: a font's space need not be exactly one cell wide.
          const lead = run.text.length - run.text.trimStart().length;
          const attrs = [`x="${(PAD + (col + lead) * CW).toFixed(1)}"`];
          if (fg !== FG) attrs.push(`fill="${fg}"`);
          if (s.bold) attrs.push('font-weight="bold"');
          if (s.dim) attrs.push('opacity="0.6"');
          if (s.italic) attrs.push('font-style="italic"');
          if (s.underline) attrs.push('text-decoration="underline"');
          spans.push(`<tspan ${attrs.join(' ')}>${esc(run.text.trimStart())}</tspan>`);
        }
        col += chars.length;
      }
      if (spans.length) parts.push(`<text y="${y + FONT}">${spans.join('')}</text>`);
    });
  return parts.join('');
}

function svgDocument(body, extraStyle = '', cols = COLS, rows = ROWS) {
  const width = Math.ceil(PAD * 2 + cols * CW);
  const height = PAD * 2 + rows * LH;
  return `<svg xmlns="http://www.w3.org/2000/svg" xml:space="preserve" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="ghcr-doctor demo">
<style>text{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:${FONT}px;fill:${FG};white-space:pre}${extraStyle}</style>
<rect width="100%" height="100%" rx="8" fill="${BG}"/>
${body}
</svg>
`;
}

function animatedSvg(frames) {
  const total = frames[frames.length - 1].t + 3000; // hold the last screen before looping
  const pct = (t) => ((t / total) * 100).toFixed(3);
  let css = '';
  const groups = frames.map((f, i) => {
    const start = f.t;
    const end = i + 1 < frames.length ? frames[i + 1].t : total;
    css += `@keyframes k${i}{0%{visibility:hidden}${pct(start)}%{visibility:visible}${pct(end)}%{visibility:hidden}100%{visibility:hidden}}.f${i}{visibility:hidden;animation:k${i} ${(total / 1000).toFixed(2)}s step-end infinite}`;
    return `<g class="f${i}">${screenSvg(f.screen)}</g>`;
  });
  return svgDocument(groups.join('\n'), css);
}

/** asciinema v2: a header line, then [seconds, "o", data] events; each frame repaints the screen. */
function asciicast(frames) {
  const header = {
    version: 2,
    width: COLS,
    height: ROWS,
    timestamp: Math.floor(Date.now() / 1000),
    title: 'ghcr-doctor demo',
    env: { TERM: 'xterm-256color' },
  };
  const events = frames.map((f) => JSON.stringify([f.t / 1000, 'o', `\x1b[2J\x1b[H${f.screen.replace(/\n$/, '').split('\n').join('\x1b[0m\r\n')}\x1b[0m`]));
  return `${JSON.stringify(header)}\n${events.join('\n')}\n`;
}

/** The CI report with colours (FORCE_COLOR), wrapped at CI_COLS: every line of it. */
function ciReportLines() {
  const r = spawnSync(process.execPath, ['bin/ghcr-doctor.js', 'demo', '--ci'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, FORCE_COLOR: '1' },
  });
  const lines = `${r.stderr}${r.stdout}`.split('\n').flatMap((l) => {
    // Wrap long lines at the picture's width (counting visible characters only).
    const out = [];
    let cur = '';
    let visible = 0;
    for (const part of l.split(/(\x1b\[[0-9;]*m)/)) {
      if (part.startsWith('\x1b[')) {
        cur += part;
        continue;
      }
      for (const ch of part) {
        if (visible === CI_COLS) {
          out.push(cur);
          cur = '';
          visible = 0;
        }
        cur += ch;
        visible++;
      }
    }
    out.push(cur);
    return out;
  });
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const frames = await record();
if (frames.length < 3) throw new Error(`media: only ${frames.length} frames recorded`);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'demo.svg'), animatedSvg(frames));
writeFileSync(path.join(outDir, 'demo.cast'), asciicast(frames));
// The last frame before quitting that shows the summary of findings.
const summary = [...frames].reverse().find((f) => /q quit/.test(f.screen.replace(/\x1b\[[0-9;]*m/g, ''))) ?? frames[frames.length - 1];
writeFileSync(path.join(outDir, 'report.svg'), svgDocument(screenSvg(summary.screen)));
const ci = ciReportLines();
writeFileSync(path.join(outDir, 'report-ci.svg'), svgDocument(screenSvg(ci.join('\n'), ci.length), '', CI_COLS, ci.length));
console.log(
  `media: ${frames.length} frames over ${(frames[frames.length - 1].t / 1000).toFixed(1)} s → media/demo.svg, media/demo.cast, media/report.svg, media/report-ci.svg`,
);
