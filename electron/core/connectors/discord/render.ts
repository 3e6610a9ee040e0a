// electron/core/connectors/discord: outbound Markdown (CommonMark, as typed by the agent) -> Discord
// Markdown, and Discord's 2,000-character message limit checked before anything is sent. Discord
// renders most CommonMark inline syntax, fenced code and `#`–`###` headings; it has no images,
// tables or deeper headings, so those become links and bold lines. Mass mentions are not neutered
// in the text: `send` posts with `allowed_mentions: { parse: [] }`, so "@everyone" pings nobody.
import type { OutboundContent, RenderResult } from '../types';

/** Discord's limit for `content` (characters, as Discord counts them: UTF-16 code units). */
export const MAX_MESSAGE_LENGTH = 2000;

export function renderDiscord(content: OutboundContent): RenderResult {
  const src = typeof content?.markdown === 'string' ? content.markdown : '';
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  let fenced = false;
  const out = lines.map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return line.replace(/^(\s*)~~~/, '$1```');
    }
    if (fenced) return line;
    return (
      line
        // Images cannot be embedded by a message's text: link them.
        .replace(/!\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_, alt: string, url: string) =>
          alt ? `[${alt}](${url})` : url,
        )
        // #### and deeper are not headings on Discord.
        .replace(/^\s{0,3}#{4,6}\s+(.+?)\s*#*\s*$/, '**$1**')
        // Setext-free thematic breaks render as text; a line of dashes reads better as a rule of its own.
        .replace(/^\s{0,3}([-*_])(\s*\1){2,}\s*$/, '———')
    );
  });
  const text = out.join('\n').trim();
  if (!text) return { ok: false, reason: 'empty', message: 'The reply is empty' };
  if (text.length > MAX_MESSAGE_LENGTH) {
    return {
      ok: false,
      reason: 'too_long',
      message: `Discord messages are limited to ${MAX_MESSAGE_LENGTH} characters (this one has ${text.length}): shorten it or split it in two`,
    };
  }
  return { ok: true, text };
}
