// The demo's Discourse forums: the director's "moderation" member action posts spam or a hostile post
// that members flag, so the forum's review queue holds it and the connector files it as a moderation
// item (driven through the real platform module, its simulator and the connector's poll).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { discourseConnector } from '../../../electron/core/connectors/discourse';
import { createRateLimiter } from '../../../electron/core/connectors/rateLimiter';
import type { SourceContext } from '../../../electron/core/connectors/types';
import { discoursePlatform } from '../../../electron/demo/platforms/discourse';

const dir = mkdtempSync(join(tmpdir(), 'steward-dmod-'));
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

it('a moderation action in a demo forum reaches the review queue and is polled as a flagged item', async () => {
  const sims = await discoursePlatform.start({
    stateDir: dir,
    ports: {},
    communities: [{ slug: 'brew', platform: 'discourse', title: 'Brew Forum' }],
    seedHistory: false,
    seed: 7,
  });
  close = () => sims.close();
  const setup = sims.setups.brew!;
  const noop = () => {};
  const ctx: SourceContext = {
    sourceId: 1,
    baseUrl: setup.baseUrl,
    config: setup.config,
    secret: setup.secrets.apiKey!,
    secrets: setup.secrets,
    persistSecret: noop,
    now: () => Date.now(),
    http: (url, init) => fetch(url, init),
    logger: { debug: noop, info: noop, warn: noop, error: noop },
    limiter: createRateLimiter({ perMinute: 6000 }),
  };
  const first = await discourseConnector.poll(ctx, null);
  expect(first.items.filter((i) => i.moderation)).toEqual([]);
  for (let seed = 1; seed <= 4; seed++) await sims.act({ slug: 'brew', kind: 'moderation', seed });
  const next = await discourseConnector.poll(ctx, first.cursor);
  const flagged = next.items.filter((i) => i.moderation);
  expect(flagged).toHaveLength(4);
  for (const it of flagged) {
    expect(it.moderation!.state).toBe('flagged');
    expect(it.moderation!.reportCount).toBe(1);
    expect(['Spam', 'Inappropriate']).toContain(it.moderation!.reasons[0]);
  }
});
