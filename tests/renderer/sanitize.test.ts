// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../renderer/features/conversation/sanitize';

describe('sanitizeHtml', () => {
  it('removes scripts, event handlers, javascript: links, forms and styles', () => {
    const out = sanitizeHtml('<p onclick="x()">hi</p><script>alert(1)</script><a href="javascript:alert(1)">a</a><form><input></form><style>*{}</style><iframe src="https://e"></iframe><svg onload="x"></svg>');
    expect(out).not.toMatch(/script|onclick|javascript:|<form|<input|<style|<iframe|<svg|onload/i);
    expect(out).toContain('<p>hi</p>');
  });
  it('blocks remote images but keeps data: images, and shows where the image was', () => {
    const out = sanitizeHtml('<img src="https://tracker.example/p.gif" alt="shot" onerror="x"><img src="data:image/png;base64,iVBOR">', 'blocked');
    expect(out).not.toMatch(/<img[^>]*tracker\.example/);
    expect(out).toContain('[blocked: shot]');
    expect(out).toContain('title="https://tracker.example/p.gif"');
    expect(out).toContain('data:image/png;base64,iVBOR');
    expect(out).not.toContain('onerror');
  });
  it('links open outside with no opener or referrer', () => {
    const out = sanitizeHtml('<a href="https://example.com/x">x</a>');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
    expect(out).toContain('target="_blank"');
  });
});
