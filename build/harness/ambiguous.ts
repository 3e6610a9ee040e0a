// build/harness/ambiguous: the ambiguous-send part. Per platform simulator, `sends` replies go through
// a real core's outbox where the platform commits each post and then the client never learns it: the
// request times out, the answer is a 5xx, or the connection is reset (a third each, in batches). After
// each batch's failed attempts the core is stopped and a new one started on the same data folder (the
// restart), whose outbox reconciles every unknown row with the connector's findSent. Counted from what
// the simulator holds, not from what the core believes: `dup_sends` (a reply on the platform more than
// once), `lost_sends` (not there at all), `unreconciled_sends` (on the platform but not recorded as
// sent, so an agent would be invited to retry it); `ambiguous_in_doubt` counts the replies the core held
// as unknown after their attempt (every send, when each fault took effect; some are then settled by
// the stream or poll that brings the platform's copy back, before the restart).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core/index';
import type { HttpFetch } from '../../electron/core/ports';
import { createKeyFileSecretStore } from '../../electron/core/secrets/keyFileSecretStore';
import { targetsFor, type SendTarget } from './sendTargets';
import { addPlatformSource, contractCall } from './contract';

const MODES = ['timeout', '5xx', 'reset'] as const;
const FINAL = new Set(['sent', 'failed']);

export async function ambiguousHarness(o: {
  sends: number;
  batch: number;
  log: (m: string) => void;
  targets?: Array<() => Promise<SendTarget>>;
  /** Only these simulators (default: all five). */
  platforms?: string[];
}) {
  const figures = {
    ambiguous_sends: 0,
    ambiguous_in_doubt: 0,
    dup_sends: 0,
    lost_sends: 0,
    unreconciled_sends: 0,
    ambiguous_restarts: 0,
  };
  const targets = o.targets ?? targetsFor(o.platforms);
  for (const make of targets) {
    const f = await onePlatform(await make(), o);
    for (const k of Object.keys(figures) as (keyof typeof figures)[]) figures[k] += f[k];
  }
  return figures;
}

/** Per reply: copies on the platform and the outbox state; a duplicate, a loss, or delivered but not recorded as sent. */
export function tally(replies: Array<{ copies: number; state: string }>) {
  return {
    dup: replies.filter((r) => r.copies > 1).length,
    lost: replies.filter((r) => r.copies === 0).length,
    unreconciled: replies.filter((r) => r.copies > 0 && r.state !== 'sent').length,
  };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 1_800_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`ambiguous-send harness: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function onePlatform(
  t: SendTarget,
  o: { sends: number; batch: number; log: (m: string) => void },
) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-ambiguous-'));
  let timeouts = 0;
  // The fetch port: a reply post armed for "timeout" reaches the platform (which commits it) and then
  // fails as fetch does when the connector's AbortSignal.timeout fires.
  const http: HttpFetch = async (url, init) => {
    if (timeouts > 0 && t.isPost(url, init)) {
      timeouts--;
      const res = await fetch(url, init);
      await res.arrayBuffer();
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }
    return fetch(url, init);
  };
  const open = () =>
    createCore({
      dataDir: dir,
      mode: 'test',
      secrets: createKeyFileSecretStore(dir),
      agent: { name: 'Harness', email: 'harness@example.test' },
      // Polls share the platform's request budget (Discourse 60/min) with the sends: rarely here.
      pollIntervalMs: 30_000,
      fetch: http,
      backups: false,
    });
  // Every reply the core held as unknown at some point (its outbox.changed events), across restarts.
  const doubted = new Set<number>();
  const watch = (c: Core) =>
    c.onEvent((e) => {
      if (e.name === 'outbox.changed' && e.payload.state === 'unknown')
        doubted.add(e.payload.messageId);
    });
  let core: Core = await open();
  watch(core);
  const call = contractCall((m, i) => core.dispatch(m, i), 'ambiguous-send');
  const bodies: string[] = [];
  const keys: string[] = [];
  let restarts = 0;
  try {
    await core.start();
    await addPlatformSource(call, t, 'Ambiguous client');
    const list = () =>
      call<{ total: number; rows: { id: number }[] }>('queue.list', { limit: 100 });
    await until(`${t.platform}: the first sync`, async () => (await list()).total > 0);
    const ids = (await list()).rows.map((r) => r.id);
    const state = (k: string) => core.internals.repos.outbox.byKey(k)?.state ?? 'missing';

    for (let b = 0; b * o.batch < o.sends; b++) {
      const mode = MODES[b % MODES.length]!;
      const n = Math.min(o.batch, o.sends - b * o.batch);
      if (mode !== 'timeout') t.commitThen(mode, n);
      else if (t.timeout) t.timeout(n);
      else timeouts += n;
      const batchKeys: string[] = [];
      for (let i = 0; i < n; i++) {
        const k = `ambiguous-${b}-${i}`;
        const body = `Ambiguous reply ${b}-${i} (${mode}): thanks, we are looking into it.`;
        bodies.push(body);
        keys.push(k);
        batchKeys.push(k);
        await call('replies.send', {
          conversationId: ids[(b * o.batch + i) % ids.length],
          body,
          idempotencyKey: k,
        });
      }
      // Every reply of the batch has made its (failed) attempt: the platform holds it, the core does not know.
      await until(`${t.platform}: batch ${b} attempted`, () =>
        batchKeys.every((k) => state(k) !== 'queued' && state(k) !== 'sending'),
      );
      // The restart: a new core on the same folder reconciles the unknown rows (findSent) before any resend.
      await core.stop();
      core = await open();
      watch(core);
      await core.start();
      restarts++;
      await until(`${t.platform}: batch ${b} reconciled`, () =>
        batchKeys.every((k) => FINAL.has(state(k))),
      );
    }
    // A row findSent missed stays unknown until the in-flight window (30 s) has passed and is then resent,
    // so it reaches 'sent' too, and its second copy is counted here.
    // Each must have been in doubt (else its fault did not take effect and it proves nothing).
    const unknown = keys.filter((k) =>
      doubted.has(core.internals.repos.outbox.byKey(k)?.message_id ?? -1),
    ).length;
    const copies = bodies.map((b, i) => t.copies(b, keys[i]!));
    const { dup, lost, unreconciled } = tally(
      copies.map((c, i) => ({ copies: c, state: state(keys[i]!) })),
    );
    bodies.forEach(
      (b, i) => copies[i] !== 1 && o.log(`ambiguous: ${t.platform}: ${copies[i]} copies of "${b}"`),
    );
    o.log(
      `ambiguous: ${t.platform}: ${bodies.length} sends, ${unknown} in doubt after their attempt, ` +
        `${restarts} restarts, ${dup} duplicated, ${lost} lost, ${unreconciled} not recorded as sent`,
    );
    return {
      ambiguous_sends: bodies.length,
      ambiguous_in_doubt: unknown,
      dup_sends: dup,
      lost_sends: lost,
      unreconciled_sends: unreconciled,
      ambiguous_restarts: restarts,
    };
  } finally {
    await core.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
