// renderer/features/conversation: inbound platform HTML is hostile. DOMPurify removes scripts,
// event handlers, forms, frames and styles; remote images are blocked (tracking pixels, IP leaks)
// and shown as a placeholder; links open outside the app without an opener or referrer. Also closed:
// DOM clobbering (`id`/`name` attributes would create globals on `window` and shadow document
// properties), UI spoofing elements (`dialog`, `marquee`), image maps (`map`/`area` carry links DOMPurify
// would keep), and SVG data images (an SVG can carry script and remote references).
import DOMPurify from 'dompurify';

const FORBID_TAGS = [
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'link',
  'meta',
  'base',
  'svg',
  'math',
  'template',
  // Remote media would load from the platform's (or anyone's) server just by opening the thread.
  'video',
  'audio',
  'source',
  'track',
  'picture',
  // Spoofing and hidden links.
  'dialog',
  'marquee',
  'map',
  'area',
  'portal',
  'noscript',
];
/** Only raster data images stay (no data:image/svg+xml). */
const SAFE_DATA_IMAGE = /^data:image\/(png|gif|jpeg|webp|avif|bmp);base64,[a-z0-9+/=\s]*$/i;

/**
 * `foldQuoted`: mail carries the whole earlier thread; its trailing signature and quoted history (a
 * trailing `mail-signature` block, top-level <blockquote>s, Gmail's `gmail_quote`) fold into a closed <details> with
 * `foldLabel` as its summary — shown on demand, never deleted.
 */
export function sanitizeHtml(
  html: string,
  blockedLabel = 'Remote image blocked',
  opts: { foldQuoted?: boolean; foldLabel?: string } = {},
): string {
  const fragment = DOMPurify.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR: [
      'style',
      'srcset',
      'formaction',
      'background',
      'ping',
      'id',
      'name',
      'usemap',
      'form',
      'autofocus',
      'tabindex',
      'accesskey',
      'popover',
    ],
    ALLOW_DATA_ATTR: false,
    // Belt and braces: DOMPurify's own clobbering guard too.
    SANITIZE_DOM: true,
    SANITIZE_NAMED_PROPS: true,
    RETURN_DOM_FRAGMENT: true,
  }) as DocumentFragment | null;
  // A <frameset> makes the parsed document body-less and DOMPurify returns null (found by the XSS
  // harness: the pane crashed). Such a body is shown as plain text: nothing runs, nothing is lost.
  if (!fragment) {
    const text = document.createElement('div');
    text.textContent = html;
    return text.innerHTML;
  }
  for (const img of Array.from(fragment.querySelectorAll('img'))) {
    const src = img.getAttribute('src') ?? '';
    if (SAFE_DATA_IMAGE.test(src)) continue;
    const span = document.createElement('span');
    span.className = 'remote-image-blocked';
    span.textContent = `[${blockedLabel}${img.getAttribute('alt') ? `: ${img.getAttribute('alt')}` : ''}]`;
    span.title = src;
    img.replaceWith(span);
  }
  for (const a of Array.from(fragment.querySelectorAll('a'))) {
    const href = a.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:)/i.test(href)) a.removeAttribute('href');
    a.setAttribute('rel', 'noopener noreferrer nofollow');
    a.setAttribute('target', '_blank');
  }
  if (opts.foldQuoted) foldQuotedHistory(fragment, opts.foldLabel ?? 'Quoted text');
  const div = document.createElement('div');
  div.appendChild(fragment);
  return div.innerHTML;
}

/** Wraps the trailing quoted history of a mail body into a closed <details>. */
function foldQuotedHistory(fragment: DocumentFragment, label: string): void {
  const isBlank = (n: ChildNode) =>
    (n.nodeType === 3 && !(n.textContent ?? '').trim()) ||
    (n instanceof Element && n.tagName === 'BR');
  const isQuote = (n: ChildNode) =>
    n instanceof Element &&
    (n.tagName === 'BLOCKQUOTE' ||
      n.classList.contains('gmail_quote') ||
      n.classList.contains('mail-signature'));
  const nodes = Array.from(fragment.childNodes);
  let start = nodes.length;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    if (isBlank(n)) continue;
    if (isQuote(n)) start = i;
    else break;
  }
  const quoted = nodes.slice(start).filter((n) => !isBlank(n));
  // Only history after the member's own words: a mail that is nothing but a quote stays open.
  if (quoted.length === 0 || nodes.slice(0, start).every(isBlank)) return;
  const details = document.createElement('details');
  details.className = 'quoted-history';
  const summary = document.createElement('summary');
  summary.textContent = label;
  details.appendChild(summary);
  for (const n of nodes.slice(start)) details.appendChild(n);
  fragment.appendChild(details);
}
