// @vitest-environment jsdom
// Inbound platform HTML is hostile: the sanitizer on its own.
import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../renderer/features/conversation/sanitize';

const dom = (html: string) => {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
};

describe('sanitizeHtml', () => {
  it('removes scripts, event handlers, javascript: links, forms, frames and styles', () => {
    const out = sanitizeHtml(
      '<p onclick="x()">hi</p><script>alert(1)</script><a href="javascript:alert(1)">a</a><form action="https://evil"><input name="p"><button>go</button></form>' +
        '<style>*{}</style><iframe src="https://e"></iframe><svg onload="x"></svg><div style="background:url(https://t)">s</div><object data="x"></object>',
    );
    expect(out).not.toMatch(
      /script|onclick|javascript:|<form|<input|<button|<style|<iframe|<svg|onload|<object|style=/i,
    );
    expect(out).toContain('<p>hi</p>');
    expect(dom(out).querySelector('a')?.hasAttribute('href')).toBe(false);
  });

  it('strips every on* attribute, whatever the tag', () => {
    const out = sanitizeHtml(
      '<b onmouseover="x">b</b><details open ontoggle="x">d</details><body onload="x"><p>p</p>',
    );
    expect(out).not.toMatch(/\son\w+=/i);
    expect(out).toContain('<b>b</b>');
  });

  it('blocks remote images: a placeholder with the original URL as title; data: images stay', () => {
    const out = sanitizeHtml(
      '<img src="https://tracker.example/p.gif" alt="shot" onerror="x"><img src="data:image/png;base64,iVBOR">',
      'blocked',
    );
    const d = dom(out);
    expect(d.querySelectorAll('img')).toHaveLength(1);
    expect(d.querySelector('img')!.getAttribute('src')).toBe('data:image/png;base64,iVBOR');
    const ph = d.querySelector('.remote-image-blocked')!;
    expect(ph.textContent).toBe('[blocked: shot]');
    expect(ph.getAttribute('title')).toBe('https://tracker.example/p.gif');
    expect(out).not.toContain('onerror');
  });

  it('blocks protocol-relative and http images, srcset and remote media', () => {
    const out = sanitizeHtml(
      '<img src="//cdn.example/a.png" srcset="https://x/1.png 1x"><img src="http://x/b.png"><video src="https://x/v.mp4" poster="https://x/p.png"></video><audio src="https://x/a.mp3"></audio>',
    );
    expect(dom(out).querySelectorAll('img, video, audio, source')).toHaveLength(0);
    expect(dom(out).querySelectorAll('.remote-image-blocked')).toHaveLength(2);
  });

  it('links open outside with no opener or referrer', () => {
    const a = dom(
      sanitizeHtml(
        '<a href="https://example.com/x" target="_self">x</a><a href="mailto:a@b.c">m</a>',
      ),
    ).querySelectorAll('a');
    expect(a[0]!.getAttribute('rel')).toContain('noopener noreferrer');
    expect(a[0]!.getAttribute('target')).toBe('_blank');
    expect(a[0]!.getAttribute('href')).toBe('https://example.com/x');
    expect(a[1]!.getAttribute('href')).toBe('mailto:a@b.c');
  });

  it('keeps ordinary formatting', () => {
    const out = sanitizeHtml(
      '<p>Hello <strong>there</strong>, <em>see</em>:</p><ul><li>one</li></ul><blockquote>q</blockquote><pre><code>x = 1</code></pre>',
    );
    expect(out).toBe(
      '<p>Hello <strong>there</strong>, <em>see</em>:</p><ul><li>one</li></ul><blockquote>q</blockquote><pre><code>x = 1</code></pre>',
    );
  });
});

describe('sanitizeHtml: clobbering, spoofing, image maps, SVG data images', () => {
  it('drops id and name (no globals on window, no shadowed document properties)', () => {
    const out = sanitizeHtml(
      '<a id="x" name="cookie" href="https://a.example">a</a><img name="getElementById" src="data:image/png;base64,iVBOR"><form name="f"></form>',
    );
    expect(out).not.toMatch(/\sid=|\sname=/i);
    const host = dom(out);
    document.body.appendChild(host);
    try {
      expect((window as unknown as Record<string, unknown>).x).toBeUndefined();
      expect(typeof document.getElementById).toBe('function');
    } finally {
      host.remove();
    }
  });

  it('removes dialog, marquee, map/area (and their links) and SVG data images', () => {
    const out = sanitizeHtml(
      '<dialog open>Your session expired, log in</dialog><marquee>WIN</marquee><map name="m"><area href="https://evil.example" shape="rect"></map>' +
        '<img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"><img src="data:image/png;base64,iVBORw0KGgo=">',
      'blocked',
    );
    expect(out).not.toMatch(/<dialog|<marquee|<map|<area|evil\.example/i);
    const imgs = Array.from(dom(out).querySelectorAll('img')).map((i) => i.getAttribute('src'));
    expect(imgs).toEqual(['data:image/png;base64,iVBORw0KGgo=']); // the SVG one became a blocked placeholder
    expect(out).toContain('remote-image-blocked');
  });

  it('shows a body-less <frameset> document as inert text instead of crashing the pane', () => {
    for (const v of [
      '<frameset onload=alert(1)>',
      '<p><frameset onload="x()"><frame src="https://e"></frameset></p>',
    ]) {
      const out = sanitizeHtml(v);
      const el = dom(out);
      expect(el.querySelector('frameset, frame, [onload]')).toBeNull();
      expect(el.textContent).toBe(v); // shown as text: nothing runs, nothing is lost
    }
  });
});

describe('sanitizeHtml: folding the quoted history of a mail', () => {
  it('folds the trailing quoted history into a closed <details>, keeps everything, and only when asked', () => {
    const mail =
      '<p>Thanks, that worked.</p>\n<blockquote><p>On Monday you wrote:</p><p>Try restarting.</p></blockquote>';
    const folded = dom(sanitizeHtml(mail, 'blocked', { foldQuoted: true, foldLabel: 'Quoted' }));
    const details = folded.querySelector('details.quoted-history');
    expect(details?.hasAttribute('open')).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toBe('Quoted');
    expect(details?.textContent).toContain('Try restarting.');
    expect(folded.querySelector(':scope > p')?.textContent).toBe('Thanks, that worked.');
    // Not asked (a forum post quoting someone): untouched.
    expect(dom(sanitizeHtml(mail)).querySelector('details')).toBeNull();
    // A quote in the middle of the member's words is part of the message, not history.
    const middle = dom(
      sanitizeHtml('<p>You said:</p><blockquote>x</blockquote><p>but no.</p>', 'b', {
        foldQuoted: true,
      }),
    );
    expect(middle.querySelector('details')).toBeNull();
    // A mail that is only a quote stays open.
    expect(
      dom(sanitizeHtml('<blockquote>only</blockquote>', 'b', { foldQuoted: true })).querySelector(
        'details',
      ),
    ).toBeNull();
  });
});

describe('sanitizeHtml: a mail signature folds with the history', () => {
  it('folds a trailing signature block and the quote after it; a signature alone after the words folds too', () => {
    const mail =
      '<p>All good now.</p>\n<div class="mail-signature"><p>-- <br>Anna</p></div>\n<blockquote><p>Earlier</p></blockquote>';
    const folded = dom(sanitizeHtml(mail, 'b', { foldQuoted: true, foldLabel: 'Q' }));
    expect(folded.querySelector('details')?.textContent).toContain('Anna');
    expect(folded.querySelector('details')?.textContent).toContain('Earlier');
    expect(folded.querySelector(':scope > p')?.textContent).toBe('All good now.');
  });
});
