// HTML -> text (electron/core/text/html.ts), the converter every connector shares: block structure,
// lists, links, quotes, code, images, entities decoded exactly once, and hostile input (unclosed tags,
// deep nesting, script content, out-of-range character references, oversized input).
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../electron/core/text/html';

describe('htmlToText: structure', () => {
  it('blocks become line breaks: paragraphs and headings a blank line, divs one line, <br> one each', () => {
    expect(
      htmlToText('<h2>Title</h2><p>one</p><div>two</div><div>three</div>four<br>five<br><br>six'),
    ).toBe('Title\n\none\n\ntwo\nthree\nfour\nfive\n\nsix');
    expect(htmlToText('<p>a</p><br><br><br><br><p>b</p>')).toBe('a\n\nb'); // never more than one blank line
  });
  it('lists: one item per line, nested lists stay in order', () => {
    expect(
      htmlToText(
        '<p>Steps:</p><ol><li>first</li><li>second<ul><li>inner</li></ul></li><li>third</li></ol>',
      ),
    ).toBe('Steps:\n\nfirst\nsecond\n\ninner\n\nthird');
  });
  it('links keep their text by default; `inline` adds absolute URLs once, never relative or script ones', () => {
    const html =
      '<p>See <a href="https://example.com/docs?a=1&amp;b=2">the docs</a>, <a href="/t/42">topic</a>, ' +
      '<a href="javascript:alert(1)">x</a>, <a href="https://example.com">https://example.com</a> ' +
      'and <a href="mailto:help@example.com">help@example.com</a>.</p>';
    expect(htmlToText(html)).toBe(
      'See the docs, topic, x, https://example.com and help@example.com.',
    );
    expect(htmlToText(html, { links: 'inline' })).toBe(
      'See the docs (https://example.com/docs?a=1&b=2), topic, x, https://example.com and help@example.com.',
    );
  });
  it('quotes: a paragraph by default; `prefix` marks each line with "> " per level', () => {
    const html =
      '<p>bob wrote:</p><blockquote><p>first</p><blockquote>older</blockquote><p>second<br>line</p></blockquote><p>reply</p>';
    expect(htmlToText(html)).toBe('bob wrote:\n\nfirst\n\nolder\n\nsecond\nline\n\nreply');
    expect(htmlToText(html, { quotes: 'prefix' })).toBe(
      'bob wrote:\n\n> first\n\n> > older\n\n> second\n> line\n\nreply',
    );
  });
  it('code: <pre> keeps its spaces and line breaks (minus the newline right after <pre>); inline <code> flows', () => {
    expect(
      htmlToText('<p>Run <code>npm  test</code> now</p><pre>\n  a\n\n\n    b</pre><p>end</p>'),
    ).toBe('Run npm test now\n\n  a\n\n\n    b\n\nend');
  });
  it('images become their alt text, decoded; images without alt vanish', () => {
    expect(
      htmlToText(
        '<p>Look:<img src="x.png" alt="a &quot;red&quot;  button"><img src="y.png">here</p>',
      ),
    ).toBe('Look: a "red" button here');
  });
});

describe('htmlToText: entities', () => {
  it('decodes each reference exactly once: an escaped reference stays escaped', () => {
    expect(htmlToText('&amp;lt; &amp;amp; &lt;b&gt; &#38;#60;')).toBe('&lt; &amp; <b> &#60;');
  });
  it('knows the full HTML5 table, decimal and hex, and leaves unknown names as written', () => {
    expect(
      htmlToText(
        '&aelig;&Oslash;&aring; &rarr; &NotNestedGreaterGreater; &#x1F600; &#228; &zzunknown; &notit;',
      ),
    ).toBe(
      'æØå → ⪢̸ 😀 ä &zzunknown; ¬it;', // `&not` is one of the legacy names that need no semicolon, as in browsers
    );
  });
  it('out-of-range, NUL and surrogate numeric references become U+FFFD; C1 controls map as browsers do', () => {
    expect(htmlToText('a&#0;b&#x110000;c&#99999999999;d&#xD800;e&#x80;')).toBe(
      'a\ufffdb\ufffdc\ufffdd\ufffde€',
    );
  });
});

describe('htmlToText: hostile input', () => {
  it('script, style and embedded content never become text, closed or not', () => {
    expect(
      htmlToText(
        '<p>ok</p><script>document.write("<p>pwned</p>")</script><style>p{}</style><p>next</p>',
      ),
    ).toBe('ok\n\nnext');
    expect(htmlToText('<p>before</p><script>var a = "</p><p>leak";')).toBe('before');
    expect(
      htmlToText(
        '<svg><foreignObject><p>leak</p></foreignObject></svg><template><p>leak</p></template>tail',
      ),
    ).toBe('tail');
    expect(
      htmlToText(
        '<noscript><p>leak</p></noscript><textarea><b>leak</b></textarea><title>leak</title>ok',
      ),
    ).toBe('ok');
  });
  it('unclosed tags and attribute tricks leak no markup', () => {
    expect(htmlToText('<p>one<p>two<div>three<b>bold<i>both')).toBe('one\n\ntwo\n\nthreeboldboth');
    expect(htmlToText('<img alt="a>b" onerror="alert(1)">c <a title=\'x > y\' href=#>d</a>')).toBe(
      'a>b c d',
    );
    expect(htmlToText('text <not closed')).toBe('text');
  });
  it('control characters are dropped (tabs and newlines are whitespace)', () => {
    expect(htmlToText('<p>a\u0000b\u0007c\u001bd\te</p>')).toBe('abcd e');
  });
  it('1 MB of nesting is handled without recursion, in bounded time', () => {
    const depth = 100_000;
    const nested = '<div><span>'.repeat(depth / 2) + 'deep' + '</span></div>'.repeat(depth / 2);
    expect(nested.length).toBeGreaterThan(1_000_000);
    const t = performance.now();
    expect(htmlToText(nested, { maxInputChars: 2_000_000 })).toBe('deep');
    expect(
      htmlToText('<b>'.repeat(200_000) + 'x' + '</i>'.repeat(200_000), {
        maxInputChars: 2_000_000,
      }),
    ).toBe('x');
    expect(performance.now() - t).toBeLessThan(5_000);
  });
  it('past the parser depth limit text still flows, and content inside dropped elements stays dropped', () => {
    expect(htmlToText('<div>'.repeat(2_000) + 'a<p>b</p>' + '</div>'.repeat(2_000) + 'c')).toBe(
      'a\n\nb\n\nc',
    );
    expect(
      htmlToText(
        '<svg>' + '<g>'.repeat(2_000) + '<text>leak</text>' + '</g>'.repeat(2_000) + '</svg>',
      ),
    ).toBe('');
  });
  it('input beyond maxInputChars is ignored', () => {
    expect(htmlToText('<p>keep</p><p>' + 'x'.repeat(100) + '</p>', { maxInputChars: 12 })).toBe(
      'keep',
    );
    expect(htmlToText('a'.repeat(2_000_000)).length).toBe(1_000_000);
  });
});
