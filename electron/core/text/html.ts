// electron/core/text: HTML -> plain text for every connector (Discourse "cooked" posts today; email
// and Slack next), for search, snippets and guideline checks. Parsing and entity decoding are
// htmlparser2's (a maintained, streaming HTML tokenizer that decodes every HTML5 character reference
// exactly once through the `entities` package); this module only decides how elements become text.
// Streaming callbacks, no tree: 1 MB of nested tags costs no recursion. Inbound HTML is hostile:
// script/style/embedded content never becomes text, control characters are dropped, input is bounded.
// The HTML itself is kept as received elsewhere; the renderer sanitizes it before display.
import { type Handler, Parser, type ParserOptions } from 'htmlparser2';

export type HtmlToTextOptions = {
  /** `text` (default): a link becomes its text. `inline`: "text (url)" for absolute http(s)/mailto
   *  links whose text is not already the URL. */
  links?: 'text' | 'inline';
  /** `plain` (default): a blockquote is a paragraph. `prefix`: its lines start with "> " per level. */
  quotes?: 'plain' | 'prefix';
  /** Input beyond this many characters is ignored (default 1,000,000). */
  maxInputChars?: number;
};

export const DEFAULT_MAX_INPUT_CHARS = 1_000_000;
/** Open elements one parser keeps before the rest is parsed afresh (see the loop in htmlToText). */
const MAX_DEPTH = 512;
const PARSER_OPTIONS: ParserOptions = {
  decodeEntities: true,
  lowerCaseTags: true,
  lowerCaseAttributeNames: true,
  recognizeCDATA: false,
};

/** Elements whose content is never text (scripts, styles, embedded documents, form widgets). */
const DROP_CONTENT = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'title',
  'textarea',
  'select',
  'canvas',
  'audio',
  'video',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
]);
/** Paragraph-level elements: one blank line around them. */
const PARAGRAPH = new Set([
  'p',
  'blockquote',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'dl',
  'table',
  'aside',
  'hr',
  'figure',
  'details',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'main',
  'form',
  'fieldset',
  'address',
]);
/** Line-level elements: a line break around them. */
const LINE = new Set([
  'li',
  'tr',
  'div',
  'dt',
  'dd',
  'figcaption',
  'summary',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'legend',
]);
/** Table cells: a space between them. */
const CELL = new Set(['td', 'th']);

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ABSOLUTE_LINK = /^(https?:\/\/|mailto:)/i;

/** Rendered HTML -> plain text: tags stripped, entities decoded once, whitespace collapsed,
 *  paragraphs and line breaks kept, <pre> verbatim, images as their alt text. */
export function htmlToText(html: string, opts: HtmlToTextOptions = {}): string {
  const max = opts.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  let input = html;
  if (input.length > max) {
    input = input.slice(0, max);
    // A tag cut in half at the limit is not text.
    const lt = input.lastIndexOf('<');
    if (lt > input.lastIndexOf('>')) input = input.slice(0, lt);
  }
  const w = new TextWriter(opts.quotes === 'prefix');
  let drop = 0; // open elements whose content is dropped
  let pre = 0; // open <pre> elements
  let preStart = false; // right after <pre>: one leading newline is not content (as in browsers)
  // Open <a> elements that will print their URL on close: [href, text length when opened].
  const links: { href: string | null; mark: number }[] = [];

  // htmlparser2 keeps its open elements in an array it searches on every close tag: hostile nesting
  // (100,000 open <div>s) would make that quadratic. So at MAX_DEPTH open elements this parser stops
  // and a fresh one goes on from there: structure deeper than that flattens into running text.
  let depth = 0;
  let cut = -1;
  const handler = (parser: () => Parser): Partial<Handler> => ({
    onopentag(name, attrs) {
      if (++depth >= MAX_DEPTH && cut < 0) {
        cut = parser().endIndex + 1;
        parser().pause();
      }
      if (drop > 0 || DROP_CONTENT.has(name)) {
        if (DROP_CONTENT.has(name)) drop++;
        return;
      }
      if (name === 'br') w.hardBreak();
      else if (PARAGRAPH.has(name)) w.softBreak(2);
      else if (LINE.has(name)) w.softBreak(1);
      else if (CELL.has(name)) w.text(' ');
      if (name === 'blockquote') w.quoteDepth++;
      if (name === 'pre') {
        pre++;
        preStart = true;
      }
      if (name === 'img') {
        const alt = clean(attrs.alt ?? '')
          .replace(/\s+/g, ' ')
          .trim();
        if (alt) w.text(` ${alt} `);
      }
      if (name === 'a') {
        const href = (attrs.href ?? '').trim();
        const show = opts.links === 'inline' && ABSOLUTE_LINK.test(href) && !/[\s<>]/.test(href);
        links.push({ href: show ? href : null, mark: w.written() });
      }
    },
    onclosetag(name) {
      depth--;
      if (drop > 0) {
        if (DROP_CONTENT.has(name)) drop--;
        return;
      }
      if (name === 'a') {
        const link = links.pop();
        if (link?.href) {
          const label = w.since(link.mark).trim();
          const bare = link.href.replace(/^mailto:/i, '');
          if (label && label !== link.href && label !== bare) w.text(` (${link.href})`);
        }
      }
      if (name === 'blockquote') w.quoteDepth = Math.max(0, w.quoteDepth - 1);
      if (name === 'pre') pre = Math.max(0, pre - 1);
      if (PARAGRAPH.has(name)) w.softBreak(2);
      else if (LINE.has(name)) w.softBreak(1);
      else if (CELL.has(name)) w.text(' ');
    },
    ontext(data) {
      if (drop > 0) return;
      let s = clean(data);
      if (pre > 0) {
        if (preStart) s = s.replace(/^\r?\n/, '');
        w.verbatim(s.replace(/\r\n?/g, '\n'));
      } else w.text(s);
      if (s) preStart = false;
    },
  });
  for (let offset = 0; offset < input.length;) {
    depth = 0;
    cut = -1;
    const parser: Parser = new Parser(
      handler(() => parser),
      PARSER_OPTIONS,
    );
    parser.end(offset === 0 ? input : input.slice(offset));
    // Past the depth limit inside dropped content (e.g. <svg> full of <g>s): nothing after it is text.
    if (cut < 0 || drop > 0) break;
    offset += cut;
    pre = 0;
    w.quoteDepth = 0;
    links.length = 0;
  }
  return w.result();
}

function clean(s: string): string {
  return s.replace(CONTROL, '');
}

/**
 * Accumulates text with "soft" block breaks that merge instead of adding up (`</li><li>` is one line
 * break, `</p><p>` one blank line) and hard <br> breaks that do add up; never more than one blank line,
 * no spaces at line ends, nothing leading or trailing.
 */
class TextWriter {
  quoteDepth = 0;
  private out = ''; // V8 concatenates strings as ropes: appending is cheap
  private atLineStart = true;
  private pendingSpace = false;
  private soft = 0;
  private hard = 0;

  constructor(private readonly prefixQuotes: boolean) {}

  softBreak(n: 1 | 2) {
    this.soft = Math.max(this.soft, n);
  }
  hardBreak() {
    this.hard++;
  }
  /** Flowing text: runs of whitespace become one space. */
  text(s: string) {
    const collapsed = s.replace(/\s+/g, ' ');
    if (collapsed.startsWith(' ')) this.pendingSpace = true;
    const body = collapsed.trim();
    if (body) {
      this.flush();
      this.push(body);
    }
    if (collapsed.endsWith(' ') && collapsed.length > 0) this.pendingSpace = true;
  }
  /** <pre> text: kept as written. */
  verbatim(s: string) {
    if (!s) return;
    this.flush();
    const lines = s.split('\n');
    this.push(lines[0]!);
    for (const line of lines.slice(1)) {
      this.push('\n');
      this.atLineStart = true;
      this.prefix();
      this.push(line);
    }
  }
  written() {
    return this.out.length;
  }
  since(mark: number): string {
    return this.out.slice(mark);
  }
  result(): string {
    return this.out.trimEnd();
  }

  private flush() {
    if (this.out.length > 0) {
      const breaks = Math.min(2, Math.max(this.soft, this.hard));
      if (breaks > 0) {
        this.push('\n'.repeat(breaks));
        this.atLineStart = true;
      } else if (this.pendingSpace && !this.atLineStart) this.push(' ');
    }
    this.soft = 0;
    this.hard = 0;
    this.pendingSpace = false;
    this.prefix();
  }
  private prefix() {
    if (this.atLineStart && this.prefixQuotes && this.quoteDepth > 0)
      this.push('> '.repeat(this.quoteDepth));
    this.atLineStart = false;
  }
  private push(s: string) {
    this.out += s;
  }
}
