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

export function sanitizeHtml(html: string, blockedLabel = 'Remote image blocked'): string {
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
  const div = document.createElement('div');
  div.appendChild(fragment);
  return div.innerHTML;
}
