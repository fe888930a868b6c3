import { StringDecoder } from 'node:string_decoder';

/**
 * The longest line kept, in characters: the rest of a longer line is dropped as it arrives, so an endless
 * stream without a newline (`explain - < /dev/zero`, a binary file) holds at most this much instead of
 * growing until the process runs out of memory. An error message is a few hundred characters.
 */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/**
 * Splits a byte stream into lines as it arrives, so a log of several MB is never held twice
 * (only the unfinished last line is buffered, up to MAX_LINE_CHARS). Stream errors propagate to the caller.
 */
export async function* readLines(stream: AsyncIterable<Buffer | string>, maxLineChars = MAX_LINE_CHARS): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  // The unfinished line, in pieces: only each new chunk is searched for a newline, so a line of
  // 50 MB arriving in 64 KB chunks costs linear time, not a rescan of everything so far per chunk.
  const pending: string[] = [];
  let pendingChars = 0;
  const keep = (piece: string) => {
    const room = maxLineChars - pendingChars;
    if (room <= 0 || piece === '') return;
    const kept = piece.length > room ? piece.slice(0, room) : piece;
    pending.push(kept);
    pendingChars += kept.length;
  };
  const take = (): string => {
    const line = pending.join('');
    pending.length = 0;
    pendingChars = 0;
    return line;
  };
  for await (const chunk of stream) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      keep(text.slice(start, nl));
      const line = take();
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) keep(text.slice(start));
  }
  keep(decoder.end());
  const rest = take();
  if (rest !== '') yield rest;
}
