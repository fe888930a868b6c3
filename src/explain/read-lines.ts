import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into lines as it arrives, so a log of several MB is never held twice
 * (only the unfinished last line is buffered). Stream errors propagate to the caller.
 */
export async function* readLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  // The unfinished line, in pieces: only each new chunk is searched for a newline, so a line of
  // 50 MB arriving in 64 KB chunks costs linear time, not a rescan of everything so far per chunk.
  const pending: string[] = [];
  for await (const chunk of stream) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      const head = text.slice(start, nl);
      const line = pending.length ? pending.join('') + head : head;
      pending.length = 0;
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) pending.push(text.slice(start));
  }
  const rest = pending.join('') + decoder.end();
  if (rest !== '') yield rest;
}
