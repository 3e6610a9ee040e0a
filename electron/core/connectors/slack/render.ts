// electron/core/connectors/slack: outbound Markdown (CommonMark as the agent typed it) -> Slack mrkdwn,
// and Slack's length limit checked before anything is sent.
//   **bold** / __bold__ -> *bold*; *italic* / _italic_ -> _italic_; ~~strike~~ -> ~strike~;
//   [label](url) and ![alt](url) -> <url|label>; <https://…> autolinks -> <url>; `code` and fenced code
//   kept (the fence's language tag dropped); # headings -> *bold* lines; - / * / + list items -> "• ";
//   "> " quotes kept. `& < >` in the agent's text are escaped as &amp; &lt; &gt; (Slack's only three
//   control characters), so nothing typed becomes a mention, a link or a broadcast (`<!channel>`).
// Limit: Slack truncates `text` beyond 40,000 characters (docs.slack.dev/reference/methods/chat.postMessage,
// "Truncating content"); we refuse longer replies instead of letting Slack cut them.
import type { OutboundContent, RenderResult } from '../types';

export const MAX_MESSAGE_LENGTH = 40_000;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A URL that is safe inside `<url|label>`: no spaces, no pipe or angle brackets. */
const linkUrl = (u: string) =>
  /^(https?:\/\/|mailto:)[^\s<>|]+$/i.test(u) ? u.replace(/&/g, '&amp;') : null;
const linkLabel = (s: string) => esc(s).replace(/\|/g, '¦');

/** Inline Markdown of one line (outside code blocks) -> mrkdwn. */
/* eslint-disable no-control-regex -- \u0000 and \u0001 are our own placeholders for held pieces and bold runs */
function inline(line: string): string {
  const held: string[] = [];
  const hold = (s: string) => `\u0000${held.push(s) - 1}\u0000`;
  let s = line.replace(/\u0000/g, '');
  // Code spans: content verbatim (escaped), no formatting inside.
  s = s.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _t: string, code: string) =>
    hold(`\`${esc(code.replace(/`/g, 'ˋ'))}\``),
  );
  // Images and links.
  s = s.replace(
    /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
    (m: string, alt: string, url: string) => {
      const u = linkUrl(url);
      return u ? hold(alt ? `<${u}|${linkLabel(alt)}>` : `<${u}>`) : m;
    },
  );
  s = s.replace(
    /\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
    (m: string, label: string, url: string) => {
      const u = linkUrl(url);
      return u ? hold(`<${u}|${linkLabel(label.replace(/\*\*|__|~~/g, ''))}>`) : m;
    },
  );
  s = s.replace(/<((?:https?:\/\/|mailto:)[^\s<>]+)>/gi, (m: string, url: string) => {
    const u = linkUrl(url);
    return u ? hold(`<${u}>`) : m;
  });
  s = esc(s);
  // Bold first (held as \u0001…\u0001 so the italic pass does not see its asterisks).
  s = s
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '\u0001$1\u0001')
    .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, '$1\u0001$2\u0001');
  s = s.replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\*)/g, '$1_$2_');
  s = s.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '~$1~');
  s = s.replace(/\u0001/g, '*');
  return s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => held[Number(i)] ?? '');
}
/* eslint-enable no-control-regex */

export function renderSlack(content: OutboundContent): RenderResult {
  const src = typeof content?.markdown === 'string' ? content.markdown : '';
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) {
        fence = null;
        out.push('```');
      } else out.push(esc(line));
      continue;
    }
    if (f) {
      fence = f[1]!;
      out.push('```');
      continue;
    }
    const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      out.push(h[1] ? `*${inline(h[1]).replace(/^\*|\*$/g, '')}*` : '');
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('———');
      continue;
    }
    const q = /^\s{0,3}>\s?(.*)$/.exec(line);
    if (q) {
      out.push(`> ${inline(q[1]!)}`);
      continue;
    }
    const li = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (li) {
      out.push(`${' '.repeat(Math.min(8, li[1]!.length))}• ${inline(li[2]!)}`);
      continue;
    }
    const ol = /^(\s*)(\d{1,9})[.)]\s+(.*)$/.exec(line);
    if (ol) {
      out.push(`${' '.repeat(Math.min(8, ol[1]!.length))}${ol[2]}. ${inline(ol[3]!)}`);
      continue;
    }
    out.push(inline(line));
  }
  if (fence) out.push('```');
  const text = out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!text) return { ok: false, reason: 'empty', message: 'The reply is empty' };
  if (text.length > MAX_MESSAGE_LENGTH) {
    return {
      ok: false,
      reason: 'too_long',
      message: `Slack messages are limited to ${MAX_MESSAGE_LENGTH} characters (this one has ${text.length} after formatting): shorten it or split it in two`,
    };
  }
  return { ok: true, text };
}
