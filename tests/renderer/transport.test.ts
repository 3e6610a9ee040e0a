// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpTransport, takeToken } from '../../renderer/api/transport';

afterEach(() => vi.restoreAllMocks());

describe('browser-mode transport', () => {
  it('reads the token from the URL once, keeps it in sessionStorage and cleans the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1#h');
    expect(takeToken()).toBe('abc123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#h');
    expect(sessionStorage.getItem('steward.token')).toBe('abc123');
    window.history.replaceState(null, '', '/');
    expect(takeToken()).toBe('abc123');
  });

  it('sends the token as a header and returns the envelope', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: { total: 0 } }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const r = await httpTransport('tok').invoke('queue.list', { limit: 5 });
    expect(r).toEqual({ ok: true, value: { total: 0 } });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/rpc/queue.list');
    expect((init.headers as Record<string, string>)['X-Steward-Token']).toBe('tok');
    expect(init.body).toBe('{"limit":5}');
  });

  it('turns a 401 into an unauthorized error envelope', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 401 })));
    const r = await httpTransport('bad').invoke('queue.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});
