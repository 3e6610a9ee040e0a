// Plain-text mail → the pane's HTML: the signature and the quoted history are marked (and so folded by
// the pane), nothing is dropped.
import { describe, expect, it } from 'vitest';
import { textToHtml } from '../../../electron/core/connectors/email/normalize';

describe('email textToHtml', () => {
  it('marks the signature block and the quoted history, keeping every word', () => {
    const text =
      'Thanks, it works.\n\n-- \nAnna Berg\nFjord member\n\nOn Mon, Nov 23, 2026 at 10:00, Support wrote:\n> Try again?';
    const html = textToHtml(text);
    expect(html).toMatch(/<div class="mail-signature">.*Anna Berg.*<\/div>/s);
    expect(html).toMatch(/<blockquote data-quoted="true">.*Try again\?.*<\/blockquote>/s);
    for (const w of ['Thanks, it works.', 'Anna Berg', 'Fjord member', 'Try again?'])
      expect(html).toContain(w);
  });
  it('leaves a mail without signature or quote as paragraphs', () => {
    expect(textToHtml('Hello\n\nWorld')).toBe('<p>Hello</p>\n<p>World</p>');
  });
});
