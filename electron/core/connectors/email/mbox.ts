// electron/core/connectors/email: splitting an mbox file (RFC 4155 "default" format) into messages.
// A message starts at a "From " line at the start of the file or after an empty line; the From_
// line itself is not part of the message. Lines quoted as ">From " (mboxrd, and mboxo's ">From ")
// lose one ">" — the common reading, since both variants quote body lines that way.

/** True when the bytes look like an mbox (the first line is a From_ line). */
export function isMbox(bytes: Uint8Array): boolean {
  return (
    bytes.length > 5 &&
    Buffer.from(bytes.buffer, bytes.byteOffset, 5).toString('latin1') === 'From '
  );
}

/** The messages of an mbox, as raw bytes (at most `max`; `more` counts the ones left over). */
export function splitMbox(bytes: Uint8Array, max = 10_000): { messages: Buffer[]; more: number } {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const starts: number[] = [];
  // A From_ line at the start, or after an empty line (RFC 4155).
  const sep = /(?:^|\n\r?\n)(From [^\n]*)\n/g;
  let m: RegExpExecArray | null;
  while ((m = sep.exec(s))) {
    starts.push(m.index + m[0].length - m[1]!.length - 1);
    sep.lastIndex = m.index + m[0].length - 1;
  }
  const messages: Buffer[] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = s.indexOf('\n', starts[i]!) + 1;
    // The empty line before the next From_ line is the separator, not the message's.
    const end = i + 1 < starts.length ? starts[i + 1]! : s.length;
    const body = s
      .slice(from, end)
      .replace(/\r?\n$/, '')
      .replace(/^>(>*From )/gm, '$1');
    if (body.trim()) messages.push(Buffer.from(body, 'latin1'));
  }
  return { messages: messages.slice(0, max), more: Math.max(0, messages.length - max) };
}
