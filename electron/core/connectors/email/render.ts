// electron/core/connectors/email: an agent's reply (Markdown as typed) → the plain-text and HTML parts
// of a mail. No Markdown renderer is installed in the project, so Markdown stays readable text (it is
// meant to be) and the HTML part is that text in escaped paragraphs with line breaks and linked URLs
// (linkify-it, already a dependency). The signature follows the RFC 3676 delimiter "-- ".
import { LinkifyIt } from 'linkify-it';
import type { OutboundContent, RenderResult } from '../types';

/** Longest reply body we send (characters): mail has no hard limit, but a reply this long is a mistake. */
export const MAX_REPLY_CHARS = 100_000;

const linkify = new LinkifyIt();
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function linked(text: string): string {
  const found = linkify.match(text) ?? [];
  let out = '';
  let at = 0;
  for (const m of found) {
    if (!/^(https?:|mailto:)/i.test(m.url)) continue;
    out += esc(text.slice(at, m.index)) + `<a href="${esc(m.url)}">${esc(m.text)}</a>`;
    at = m.lastIndex;
  }
  return out + esc(text.slice(at));
}

const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => `<p>${p.split('\n').map(linked).join('<br>\n')}</p>`)
    .join('\n');

export function renderEmail(content: OutboundContent): RenderResult {
  const src =
    typeof content?.markdown === 'string' ? content.markdown.replace(/\r\n?/g, '\n').trim() : '';
  if (!src) return { ok: false, reason: 'empty', message: 'The reply is empty' };
  if (src.length > MAX_REPLY_CHARS)
    return {
      ok: false,
      reason: 'too_long',
      message: `Email replies are limited to ${MAX_REPLY_CHARS} characters here (this one has ${src.length})`,
    };
  return { ok: true, text: src };
}

/** The text and HTML bodies of a reply, with the signature. */
export function replyBodies(
  text: string,
  signature: string | undefined,
): { text: string; html: string } {
  const sig = (signature ?? '').replace(/\r\n?/g, '\n').trim();
  const plain = sig ? `${text}\n\n-- \n${sig}\n` : `${text}\n`;
  const html = `<!doctype html><html><body>\n${paragraphs(text)}${sig ? `\n<div class="signature">-- <br>\n${sig.split('\n').map(linked).join('<br>\n')}</div>` : ''}\n</body></html>\n`;
  return { text: plain, html };
}
