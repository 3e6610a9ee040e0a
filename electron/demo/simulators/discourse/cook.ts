// electron/demo/simulators/discourse: a tiny Markdown-ish "cooker" producing HTML shaped like Discourse's
// (paragraphs, <br>, fenced code, inline code, bold/italic, links with rel="noopener nofollow ugc",
// images, autolinked URLs). Enough for realistic demo traffic; not a Markdown implementation.
export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const safeUrl = (u: string) => (/^https?:\/\//i.test(u) ? u : '#');

function inline(text: string): string {
  const slots: string[] = [];
  const park = (html: string) => `\u0000${slots.push(html) - 1}\u0000`;
  // eslint-disable-next-line no-control-regex -- NUL marks placeholders below
  let s = text.replace(/\u0000/g, '');
  s = s.replace(/`([^`\n]+)`/g, (_m, code: string) => park(`<code>${escapeHtml(code)}</code>`));
  s = s.replace(/!\[([^\]\n]*)\]\(([^)\s]+)\)/g, (_m, alt: string, url: string) =>
    park(
      `<img src="${escapeHtml(safeUrl(url))}" alt="${escapeHtml(alt)}" width="690" height="388">`,
    ),
  );
  s = s.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
    park(
      `<a href="${escapeHtml(safeUrl(url))}" rel="noopener nofollow ugc">${escapeHtml(label)}</a>`,
    ),
  );
  s = s.replace(/https?:\/\/[^\s<>()"]+[^\s<>()".,;:!?]/g, (url) =>
    park(`<a href="${escapeHtml(url)}" rel="noopener nofollow ugc">${escapeHtml(url)}</a>`),
  );
  s = escapeHtml(s);
  s = s
    .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1<em>$2</em>');
  s = s.replace(/\n/g, '<br>\n');
  // eslint-disable-next-line no-control-regex -- placeholders
  return s.replace(/\u0000(\d+)\u0000/g, (_m, k: string) => slots[Number(k)] ?? '');
}

/** raw -> cooked HTML. */
export function cook(raw: string): string {
  const blocks: string[] = [];
  const parts = raw.replace(/\r\n?/g, '\n').split(/^```[^\n]*\n([\s\S]*?)^```[ \t]*$/m);
  parts.forEach((part, k) => {
    if (k % 2 === 1) {
      blocks.push(
        `<pre><code class="lang-auto">${escapeHtml(part.replace(/\n$/, ''))}\n</code></pre>`,
      );
      return;
    }
    for (const para of part.split(/\n{2,}/)) {
      const p = para.trim();
      if (p) blocks.push(`<p>${inline(p)}</p>`);
    }
  });
  return blocks.join('\n');
}
