// electron/core/connectors/slack: inbound Slack text -> readable text + simple HTML, without a DOM.
//   - `mrkdwnToParts`: a message's `text` (Slack mrkdwn). Control sequences `<@U…>`, `<#C…|name>`,
//     `<!here>`, `<!subteam^S…|@team>`, `<!date^…|fallback>` and `<url|label>` are resolved to what a
//     member sees (names from the directory when known); `&amp; &lt; &gt;` are decoded exactly once
//     (Slack escapes only these three), so "&amp;lt;" stays the literal text "&lt;".
//   - `richTextToParts`: `rich_text` blocks (sections, lists, quotes, preformatted; text styles, links,
//     users, channels, user groups, emoji, broadcasts, dates) — what the Slack client renders.
// The HTML is built from escaped pieces only (links limited to http/https/mailto); the renderer sanitizes
// it again. Output is bounded: both functions stop adding once MAX_OUT characters are produced.
import { isObj } from '../../../../shared/guards';
export type Names = { user(id: string): string | null; channel(id: string): string | null };
export type Parts = { text: string; html: string };

const MAX_OUT = 120_000;
const ENT: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };
export const decodeEntities = (s: string) => s.replace(/&(?:amp|lt|gt);/g, (m) => ENT[m]!);
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const safeHref = (u: string) =>
  /^(https?:\/\/|mailto:)/i.test(u) && !/[\s"<>]/.test(u) ? u : null;
const isStr = (v: unknown): v is string => typeof v === 'string';

class Out {
  text = '';
  html = '';
  add(text: string, html: string = escapeHtml(text)) {
    if (this.text.length >= MAX_OUT) return;
    this.text += text;
    this.html += html;
  }
}

/** Inline mrkdwn formatting of an already escaped HTML fragment. */
function formatHtml(h: string): string {
  return h
    .replace(/(^|[\s(])\*(\S(?:[^*\n]*?\S)?)\*(?=$|[\s).,!?:;])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_(\S(?:[^_\n]*?\S)?)_(?=$|[\s).,!?:;])/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~(\S(?:[^~\n]*?\S)?)~(?=$|[\s).,!?:;])/g, '$1<s>$2</s>');
}
/** The same markers removed for the plain text (what the member read, not the syntax). */
function stripMarkers(t: string): string {
  return t
    .replace(/(^|[\s(])\*(\S(?:[^*\n]*?\S)?)\*(?=$|[\s).,!?:;])/g, '$1$2')
    .replace(/(^|[\s(])_(\S(?:[^_\n]*?\S)?)_(?=$|[\s).,!?:;])/g, '$1$2')
    .replace(/(^|[\s(])~(\S(?:[^~\n]*?\S)?)~(?=$|[\s).,!?:;])/g, '$1$2');
}

/** One `<…>` control sequence: the readable text and its HTML. */
function control(inner: string, names: Names): { text: string; html: string } {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? decodeEntities(inner.slice(bar + 1)) : '';
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const t = `@${label || names.user(id) || id}`;
    return { text: t, html: `<span class="mention">${escapeHtml(t)}</span>` };
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const t = `#${label || names.channel(id) || id}`;
    return { text: t, html: `<span class="channel">${escapeHtml(t)}</span>` };
  }
  if (target.startsWith('!')) {
    const cmd = target.slice(1);
    let t: string;
    if (cmd === 'here' || cmd === 'channel' || cmd === 'everyone') t = `@${cmd}`;
    else if (cmd.startsWith('subteam^')) t = label || '@group';
    else if (cmd.startsWith('date^')) t = label || cmd.split('^')[1] || '';
    else t = label || `@${cmd}`;
    return { text: t, html: escapeHtml(t) };
  }
  const url = decodeEntities(target);
  const shown = label || url;
  const href = safeHref(url);
  return {
    text: shown,
    html: href ? `<a href="${escapeHtml(href)}">${escapeHtml(shown)}</a>` : escapeHtml(shown),
  };
}

/** A message's `text` (Slack mrkdwn) as readable text and HTML. */
export function mrkdwnToParts(src: string, names: Names): Parts {
  const out = new Out();
  const s = src.length > MAX_OUT ? src.slice(0, MAX_OUT) : src;
  // Code blocks first: their content is shown verbatim (still entity-decoded, no formatting).
  const chunks = s.split(/```/);
  chunks.forEach((chunk, i) => {
    if (i % 2 === 1 && i < chunks.length - 1) {
      const code = decodeEntities(chunk.replace(/^\n/, ''));
      out.add(code, `<pre>${escapeHtml(code)}</pre>`);
      return;
    }
    const piece = i % 2 === 1 ? '```' + chunk : chunk;
    let text = '';
    let html = '';
    let last = 0;
    const re = /<([^<>\n]{1,2000})>/g;
    for (let m = re.exec(piece); m; m = re.exec(piece)) {
      const plain = decodeEntities(piece.slice(last, m.index));
      text += plain;
      html += escapeHtml(plain);
      const c = control(m[1]!, names);
      text += c.text;
      html += c.html;
      last = m.index + m[0].length;
    }
    const tail = decodeEntities(piece.slice(last));
    text += tail;
    html += escapeHtml(tail);
    html = formatHtml(html).replace(/`([^`\n]+)`/g, '<code>$1</code>');
    out.add(stripMarkers(text).replace(/`([^`\n]+)`/g, '$1'), html);
  });
  return { text: out.text, html: out.html.replace(/\n/g, '<br>') };
}

function styled(text: string, style: unknown): string {
  let h = escapeHtml(text);
  if (!isObj(style)) return h;
  if (style.code === true) h = `<code>${h}</code>`;
  if (style.bold === true) h = `<b>${h}</b>`;
  if (style.italic === true) h = `<i>${h}</i>`;
  if (style.strike === true) h = `<s>${h}</s>`;
  return h;
}

function inline(el: unknown, names: Names, out: Out) {
  if (!isObj(el)) return;
  switch (el.type) {
    case 'text':
      if (isStr(el.text)) out.add(el.text, styled(el.text, el.style).replace(/\n/g, '<br>'));
      return;
    case 'link': {
      if (!isStr(el.url)) return;
      const shown = isStr(el.text) && el.text ? el.text : el.url;
      const href = safeHref(el.url);
      out.add(
        shown,
        href
          ? `<a href="${escapeHtml(href)}">${styled(shown, el.style)}</a>`
          : styled(shown, el.style),
      );
      return;
    }
    case 'user':
      if (isStr(el.user_id)) {
        const t = `@${names.user(el.user_id) ?? el.user_id}`;
        out.add(t, `<span class="mention">${escapeHtml(t)}</span>`);
      }
      return;
    case 'channel':
      if (isStr(el.channel_id)) {
        const t = `#${names.channel(el.channel_id) ?? el.channel_id}`;
        out.add(t, `<span class="channel">${escapeHtml(t)}</span>`);
      }
      return;
    case 'usergroup':
      if (isStr(el.usergroup_id)) out.add('@group');
      return;
    case 'broadcast':
      if (isStr(el.range)) out.add(`@${el.range}`);
      return;
    case 'emoji':
      if (isStr(el.unicode) && /^[0-9a-f]{2,8}(-[0-9a-f]{2,8}){0,8}$/i.test(el.unicode)) {
        try {
          out.add(String.fromCodePoint(...el.unicode.split('-').map((h) => parseInt(h, 16))));
          return;
        } catch {
          /* not a code point: fall back to the name */
        }
      }
      if (isStr(el.name)) out.add(`:${el.name}:`);
      return;
    case 'date':
      if (isStr(el.fallback)) out.add(el.fallback);
      else if (typeof el.timestamp === 'number' && Number.isFinite(el.timestamp)) {
        const d = new Date(el.timestamp * 1000);
        if (Number.isFinite(d.getTime())) out.add(d.toISOString().slice(0, 16).replace('T', ' '));
      }
      return;
    case 'color':
      if (isStr(el.value)) out.add(el.value);
      return;
    default:
      if (isStr(el.text)) out.add(el.text);
  }
}

function section(s: unknown, names: Names, out: Out) {
  if (!isObj(s) || !Array.isArray(s.elements)) return;
  for (const el of s.elements.slice(0, 5000)) inline(el, names, out);
}

function richElement(el: unknown, names: Names, out: Out) {
  if (!isObj(el)) return;
  const block = (open: string, close: string, body: () => void) => {
    if (out.text && !out.text.endsWith('\n')) out.add('\n', '');
    out.add('', open);
    body();
    out.add('', close);
  };
  switch (el.type) {
    case 'rich_text_section':
      section(el, names, out);
      return;
    case 'rich_text_preformatted':
      block('<pre>', '</pre>', () => section(el, names, out));
      out.add('\n', '');
      return;
    case 'rich_text_quote':
      block('<blockquote>', '</blockquote>', () => {
        const inner = new Out();
        section(el, names, inner);
        out.add(
          inner.text
            .split('\n')
            .map((l) => `> ${l}`)
            .join('\n'),
          inner.html.replace(/\n/g, '<br>'),
        );
      });
      out.add('\n', '');
      return;
    case 'rich_text_list': {
      const ordered = el.style === 'ordered';
      const indent =
        typeof el.indent === 'number' && el.indent > 0 && el.indent < 10
          ? Math.floor(el.indent)
          : 0;
      const offset =
        typeof el.offset === 'number' && el.offset >= 0 && el.offset < 1e6
          ? Math.floor(el.offset)
          : 0;
      const items = Array.isArray(el.elements) ? el.elements.slice(0, 1000) : [];
      block(ordered ? '<ol>' : '<ul>', ordered ? '</ol>' : '</ul>', () => {
        items.forEach((it, i) => {
          const inner = new Out();
          section(it, names, inner);
          out.add(
            `${'  '.repeat(indent)}${ordered ? `${offset + i + 1}.` : '•'} ${inner.text}\n`,
            `<li>${inner.html}</li>`,
          );
        });
      });
      return;
    }
    default:
      section(el, names, out);
  }
}

/** The `rich_text` blocks of a message, or null when it has none. */
export function richTextToParts(blocks: unknown, names: Names): Parts | null {
  if (!Array.isArray(blocks)) return null;
  const rich = blocks
    .slice(0, 100)
    .filter((b) => isObj(b) && b.type === 'rich_text' && Array.isArray(b.elements));
  if (rich.length === 0) return null;
  const out = new Out();
  for (const b of rich) {
    for (const el of (b as { elements: unknown[] }).elements.slice(0, 1000))
      richElement(el, names, out);
    if (!out.text.endsWith('\n')) out.add('\n', '');
  }
  return { text: out.text.replace(/\n+$/, ''), html: out.html.replace(/\n/g, '<br>') };
}

/** Text of layout blocks (section, header, context) a bot posts: their mrkdwn / plain_text objects. */
export function layoutBlocksToParts(blocks: unknown, names: Names): Parts | null {
  if (!Array.isArray(blocks)) return null;
  const texts: Parts[] = [];
  const take = (t: unknown) => {
    if (!isObj(t) || !isStr(t.text)) return;
    texts.push(
      t.type === 'mrkdwn'
        ? mrkdwnToParts(t.text, names)
        : { text: t.text, html: escapeHtml(t.text) },
    );
  };
  for (const b of blocks.slice(0, 100)) {
    if (!isObj(b)) continue;
    if (b.type === 'section' || b.type === 'header') {
      take(b.text);
      if (Array.isArray(b.fields)) b.fields.slice(0, 20).forEach(take);
    } else if (b.type === 'context' && Array.isArray(b.elements))
      b.elements.slice(0, 20).forEach(take);
  }
  if (texts.length === 0) return null;
  return {
    text: texts.map((t) => t.text).join('\n'),
    html: texts.map((t) => `<p>${t.html}</p>`).join(''),
  };
}
