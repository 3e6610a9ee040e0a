// electron/core/connectors/discourse: rendered post HTML ("cooked") -> plain text, for search,
// snippets and guideline checks. No DOM: a small tokenizer that knows quoted attributes, comments,
// CDATA and raw-text elements, so hostile markup (`<img alt="a>b" onerror=...>`, an unclosed
// `<script>`, `<!-- -->` tricks) cannot leak markup or script text into the plain text.
// The HTML itself is kept as received; the renderer sanitizes it before display.

/** Elements whose content is never text (scripts, styles, embedded documents). */
const DROP_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title', 'textarea', 'select', 'canvas', 'audio', 'video']);
/** Paragraph-level elements: a blank line around them. */
const PARAGRAPH = new Set(['p', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'table', 'aside', 'hr', 'figure', 'details', 'section', 'article', 'header', 'footer', 'nav', 'main', 'form', 'fieldset', 'address']);
/** Line-level elements: a line break around them. */
const LINE = new Set(['br', 'li', 'tr', 'div', 'dt', 'dd', 'figcaption', 'summary', 'caption', 'thead', 'tbody', 'tfoot', 'legend']);
/** Table cells: a space between them. */
const CELL = new Set(['td', 'th']);

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ', shy: '',
  zwj: '\u200d', zwnj: '\u200c', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', sbquo: '‚',
  ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', bull: '•', middot: '·',
  copy: '©', reg: '®', trade: '™', deg: '°', plusmn: '±', times: '×', divide: '÷', minus: '−', micro: 'µ',
  para: '¶', sect: '§', euro: '€', pound: '£', yen: '¥', cent: '¢', curren: '¤', iexcl: '¡', iquest: '¿',
  frac12: '½', frac14: '¼', frac34: '¾', sup1: '¹', sup2: '²', sup3: '³', larr: '←', rarr: '→', uarr: '↑',
  darr: '↓', harr: '↔', hearts: '♥', check: '✓', aelig: 'æ', AElig: 'Æ', oslash: 'ø', Oslash: 'Ø', aring: 'å',
  Aring: 'Å', auml: 'ä', Auml: 'Ä', ouml: 'ö', Ouml: 'Ö', uuml: 'ü', Uuml: 'Ü', szlig: 'ß', eacute: 'é',
  Eacute: 'É', egrave: 'è', agrave: 'à', aacute: 'á', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ',
  Ntilde: 'Ñ', ccedil: 'ç', Ccedil: 'Ç', ecirc: 'ê', ocirc: 'ô', acirc: 'â', euml: 'ë', iuml: 'ï', grave: '`',
  lowast: '∗', num: '#', excl: '!', quest: '?', colon: ':', semi: ';', comma: ',', period: '.', sol: '/',
  bsol: '\\', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', verbar: '|', vert: '|',
  ast: '*', plus: '+', equals: '=', dollar: '$', percnt: '%', commat: '@', lowbar: '_', Hat: '^', tilde: '˜',
  newline: '\n', tab: '\t',
};

/** Decodes character references: named (a practical set), decimal and hex. Unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,8}|#\d{1,9}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return NAMED[e] ?? NAMED[e.toLowerCase()] ?? m;
  });
}

type Tag = { name: string; closing: boolean; selfClosing: boolean; attrs: Map<string, string>; end: number };

/** Parses a tag starting at `html[i] === '<'`; null when it is not a tag (then '<' is text). */
function parseTag(html: string, i: number): Tag | null {
  let j = i + 1;
  const closing = html[j] === '/';
  if (closing) j++;
  const nameMatch = /^[a-zA-Z][a-zA-Z0-9:-]*/.exec(html.slice(j, j + 64));
  if (!nameMatch) return null;
  const name = nameMatch[0].toLowerCase();
  j += nameMatch[0].length;
  const attrs = new Map<string, string>();
  const selfClosing = false;
  while (j < html.length) {
    const c = html[j]!;
    if (c === '>') return { name, closing, selfClosing, attrs, end: j + 1 };
    if (c === '/' && html[j + 1] === '>') return { name, closing, selfClosing: true, attrs, end: j + 2 };
    if (/\s|\//.test(c)) {
      j++;
      continue;
    }
    // An attribute: name, optionally = value (quoted or not).
    const an = /^[^\s/>=]+/.exec(html.slice(j, j + 256));
    if (!an) {
      j++;
      continue;
    }
    j += an[0].length;
    while (j < html.length && /\s/.test(html[j]!)) j++;
    let value = '';
    if (html[j] === '=') {
      j++;
      while (j < html.length && /\s/.test(html[j]!)) j++;
      const q = html[j];
      if (q === '"' || q === "'") {
        const close = html.indexOf(q, j + 1);
        const stop = close === -1 ? html.length : close;
        value = html.slice(j + 1, stop);
        j = stop + 1;
      } else {
        const uq = /^[^\s>]*/.exec(html.slice(j))![0];
        value = uq;
        j += uq.length;
      }
    }
    const key = an[0].toLowerCase();
    if (!attrs.has(key)) attrs.set(key, decodeEntities(value));
  }
  // Unterminated tag: everything to the end is inside it.
  return { name, closing, selfClosing, attrs, end: html.length };
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** Block boundaries are "soft" breaks (one line / one blank line) that merge instead of adding up:
 *  `</li><li>` is one line break, `</p><p>` one blank line; explicit <br>s do add up. */
const SOFT1 = '\u0001';
const SOFT2 = '\u0002';

/** Rendered HTML -> plain text: tags stripped, entities decoded, whitespace collapsed, paragraphs kept. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  // Text inside <pre> keeps its spaces and line breaks: parked here, put back after normalizing.
  const kept: string[] = [];
  let pre = 0;
  let i = 0;
  const n = html.length;
  const text = (s: string) => {
    if (!s) return;
    const decoded = decodeEntities(s).replace(CONTROL, '');
    if (pre > 0) {
      kept.push(decoded.replace(/\r\n?/g, '\n'));
      out.push(`\u0000${kept.length - 1}\u0000`);
    } else out.push(decoded.replace(/\s+/g, ' '));
  };
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      text(html.slice(i));
      break;
    }
    if (lt > i) text(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt + 9);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt + 2);
      i = end === -1 ? n : end + 1;
      continue;
    }
    const tag = parseTag(html, lt);
    if (!tag) {
      text('<');
      i = lt + 1;
      continue;
    }
    i = tag.end;
    const { name } = tag;
    if (DROP_CONTENT.has(name)) {
      if (!tag.closing && !tag.selfClosing) {
        // Skip to the matching close tag (raw text: nothing inside is markup); unclosed = to the end.
        const close = new RegExp(`</${name}(?=[\\s/>]|$)[^>]*>?`, 'i').exec(html.slice(i));
        i = close ? i + close.index + close[0].length : n;
      }
      out.push(' ');
      continue;
    }
    if (name === 'pre') pre = Math.max(0, pre + (tag.closing ? -1 : 1));
    if (name === 'br') out.push('\n');
    else if (PARAGRAPH.has(name)) out.push(SOFT2);
    else if (LINE.has(name)) out.push(SOFT1);
    else if (CELL.has(name)) out.push(' ');
    else if (name === 'img' && !tag.closing) {
      const alt = (tag.attrs.get('alt') ?? '').replace(CONTROL, '').replace(/\s+/g, ' ').trim();
      if (alt) out.push(` ${alt} `);
    }
    // Other (inline) elements join their text to the words around them.
  }
  return out
    .join('')
    // eslint-disable-next-line no-control-regex -- soft-break markers
    .replace(/[ \n\u0001\u0002]*[\n\u0001\u0002][ \n\u0001\u0002]*/g, (run) => {
      const hard = (run.match(/\n/g) ?? []).length;
      const soft = run.includes(SOFT2) ? 2 : run.includes(SOFT1) ? 1 : 0;
      return '\n'.repeat(Math.max(hard, soft));
    })
    .replace(/ +\n/g, '\n')
    .replace(/\n +/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    // eslint-disable-next-line no-control-regex -- <pre> placeholders
    .replace(/\u0000(\d+)\u0000/g, (_m, k: string) => kept[Number(k)] ?? '');
}
