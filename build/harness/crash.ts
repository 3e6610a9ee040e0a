// build/harness: the crash part. A child process runs the real write paths (crashChild.ts) and is
// SIGKILLed at random moments, K times, on one data folder. After every kill the parent reopens the
// database and checks: integrity_check ok, every acknowledged draft/reply/status kept (a draft or a
// status may only have moved on to a value the child tried after its last acknowledgement), every
// outbox row in a legal state. At the end the outbox is drained against the forum simulator (which
// lives in the parent and so survives every kill): each acknowledged reply is on the forum exactly
// once. Figures: crash_kills, crash_lost, crash_integrity_failures, crash_duplicates.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startDiscourseSimulator } from '../../electron/demo/simulators/discourse';
import { createCore } from '../../electron/core/index';
import { createKeyFileSecretStore } from '../../electron/core/secrets/keyFileSecretStore';

/**
 * Every form a secret could leak in: as typed, case-folded, base64/base64url, URL-encoded, hex.
 * Deliberately not electron/core/secrets/forms.ts: this list checks what the redactors built from
 * that one let through, so it is an independent reference, not their own code.
 */
export function secretForms(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  return [
    ...new Set([
      secret,
      secret.toLowerCase(),
      secret.toUpperCase(),
      b.toString('base64').replace(/=+$/, ''),
      b.toString('base64url'),
      encodeURIComponent(secret),
      b.toString('hex'),
    ]),
  ];
}

/** Files (recursively) and texts in which any form of `secret` appears. */
export function findLeaks(secret: string, dir: string, texts: Record<string, string>): string[] {
  const forms = secretForms(secret).map((f) => Buffer.from(f, 'utf8'));
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const f = join(d, name);
      if (statSync(f).isDirectory()) walk(f);
      else {
        const bytes = readFileSync(f);
        if (forms.some((x) => bytes.includes(x))) hits.push(f);
      }
    }
  };
  walk(dir);
  for (const [name, text] of Object.entries(texts))
    if (forms.some((x) => text.includes(x.toString('utf8')))) hits.push(name);
  return hits;
}

type Line = {
  t: 'up' | 'try' | 'ack' | 'err';
  op?: 'draft' | 'reply' | 'status';
  input?: Record<string, unknown>;
};
const LEGAL = new Set(['queued', 'sending', 'unknown', 'sent', 'failed']);

export async function crashHarness(o: {
  kills: number;
  childBundle: string;
  log: (m: string) => void;
  seed?: number;
}) {
  let seed = o.seed ?? 20261126;
  const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const dir = mkdtempSync(join(tmpdir(), 'steward-crash-'));
  const sim = await startDiscourseSimulator({});
  const KEY = 'harness-key-5be0c1d2e3f4';
  sim.addSite({ slug: 'h', apiKey: KEY, apiUsername: 'agent_bot', title: 'Harness Forum' });
  sim.seed('h', { topics: 6 });
  const secrets = createKeyFileSecretStore(dir);
  const setup = await createCore({
    dataDir: dir,
    mode: 'test',
    secrets,
    agent: { name: 'Harness', email: 'harness@example.test' },
    pollIntervalMs: 3_600_000,
    backups: false,
  });
  const client = await setup.dispatch('clients.create', { name: 'Harness client' });
  if (!client.ok) throw new Error('setup failed');
  const src = await setup.dispatch('sources.add', {
    clientId: (client.value as { id: number }).id,
    platform: 'discourse',
    name: 'Forum',
    baseUrl: sim.siteUrl('h'),
    config: { apiUsername: 'agent_bot' },
    secrets: { apiKey: KEY },
  });
  if (!src.ok) throw new Error(`setup failed: ${JSON.stringify(src.error)}`);
  await setup.internals.sync.runOnce((src.value as { id: number }).id);
  const conversations = (
    setup.internals.db.prepare('SELECT id FROM conversations ORDER BY id').all() as { id: number }[]
  ).map((r) => r.id);
  await setup.stop();

  const ackedReplies = new Map<string, string>(); // idempotency key -> body
  let allOutput = ''; // everything the killed processes printed (crash output)
  const lastDraft = new Map<number, { acked: string | null; triedAfter: Set<string> }>();
  const lastStatus = new Map<number, { acked: string | null; triedAfter: Set<string> }>();
  let lost = 0,
    integrityFailures = 0,
    illegal = 0,
    kills = 0;
  const track = (m: Map<number, { acked: string | null; triedAfter: Set<string> }>, id: number) =>
    m.get(id) ?? m.set(id, { acked: null, triedAfter: new Set() }).get(id)!;

  for (let k = 0; k < o.kills; k++) {
    const child = spawn(
      process.execPath,
      [
        o.childBundle,
        dir,
        conversations.join(','),
        String(Math.floor(rand() * 2 ** 31)),
        String(k),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let buf = '';
    let up = false;
    const onLine = (l: Line) => {
      if (l.t === 'up') up = true;
      if (!l.input) return;
      const input = l.input;
      if (l.op === 'draft') {
        const d = track(lastDraft, input.conversationId as number);
        if (l.t === 'try') d.triedAfter.add(input.body as string);
        if (l.t === 'ack') {
          d.acked = input.body as string;
          d.triedAfter = new Set();
        }
      } else if (l.op === 'status') {
        const s = track(lastStatus, input.id as number);
        if (l.t === 'try') s.triedAfter.add(input.status as string);
        if (l.t === 'ack') {
          s.acked = input.status as string;
          s.triedAfter = new Set();
        }
      } else if (l.op === 'reply' && l.t === 'try') {
        // A reply tried after the draft's ack may have committed (clearing the draft) before the kill:
        // an empty draft is then legal only if that reply's outbox row exists (checked below).
        track(lastDraft, input.conversationId as number).triedAfter.add(
          `reply:${String(input.idempotencyKey)}`,
        );
      } else if (l.op === 'reply' && l.t === 'ack') {
        ackedReplies.set(input.idempotencyKey as string, input.body as string);
        // A reply with thenStatus none; its draft is cleared in the same transaction.
        const d = track(lastDraft, input.conversationId as number);
        d.acked = '';
        d.triedAfter = new Set();
      }
    };
    child.stdout.on('data', (b: Buffer) => {
      buf += b.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          onLine(JSON.parse(line) as Line);
        } catch {
          /* a line cut by the kill */
        }
      }
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout.on('data', (b: Buffer) => (allOutput += b.toString()));
    // Wait until the child is up, then let it work for a random while and kill it.
    const t0 = Date.now();
    while (!up && Date.now() - t0 < 20_000 && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 5));
    if (!up) throw new Error(`crash child did not start: ${err.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 20 + Math.floor(rand() * 250)));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    allOutput += err;
    kills++;
    // A kill after an ACK was written but before we read it is impossible (we read all stdout).
    const db = new Database(join(dir, 'steward.db'));
    try {
      const ic = db.pragma('integrity_check', { simple: true });
      if (ic !== 'ok') integrityFailures++;
      for (const [conversationId, d] of lastDraft) {
        if (d.acked == null) continue;
        const row = db
          .prepare('SELECT body FROM drafts WHERE conversation_id = ?')
          .get(conversationId) as { body: string } | undefined;
        const body = row?.body ?? '';
        const clearedByReply =
          body === '' &&
          [...d.triedAfter].some(
            (t) =>
              t.startsWith('reply:') &&
              db.prepare('SELECT 1 FROM outbox WHERE idempotency_key = ?').get(t.slice(6)),
          );
        if (body !== d.acked && !d.triedAfter.has(body) && !clearedByReply) {
          lost++;
          o.log(
            `crash: kill ${k}: draft of ${conversationId} is ${JSON.stringify(body.slice(0, 40))}, acknowledged ${JSON.stringify(d.acked.slice(0, 40))}`,
          );
        }
      }
      for (const [id, s] of lastStatus) {
        if (s.acked == null) continue;
        const row = db.prepare('SELECT status FROM conversations WHERE id = ?').get(id) as {
          status: string;
        };
        if (row.status !== s.acked && !s.triedAfter.has(row.status)) {
          lost++;
          o.log(`crash: kill ${k}: status of ${id} is ${row.status}, acknowledged ${s.acked}`);
        }
      }
      for (const key of ackedReplies.keys()) {
        if (!db.prepare('SELECT 1 FROM outbox WHERE idempotency_key = ?').get(key)) {
          lost++;
          o.log(`crash: kill ${k}: acknowledged reply ${key} has no outbox row`);
        }
      }
      for (const r of db.prepare('SELECT state, external_id FROM outbox').all() as {
        state: string;
        external_id: string | null;
      }[]) {
        if (!LEGAL.has(r.state)) illegal++;
      }
    } finally {
      db.close();
    }
    if ((k + 1) % 20 === 0)
      o.log(`crash: ${k + 1}/${o.kills} kills, ${ackedReplies.size} replies acknowledged`);
  }

  // Restart once more and let the outbox finish (reconciling every interrupted send).
  const final = await createCore({
    dataDir: dir,
    mode: 'test',
    secrets,
    pollIntervalMs: 3_600_000,
    backups: false,
  });
  await final.start();
  await final.internals.sync.stop();
  // Until every row is settled (an interrupted attempt is only resent after its in-flight window). The
  // forum's budget is 60 requests/min and each reconciliation reads up to 26 pages of a topic's tail,
  // so the backlog the killed children queued takes a while: a K = 200 run left ~600 replies queued,
  // ~15 min or more (a fixed 15 min wait once cut a run short and would have reported them lost).
  // The wait lasts as long as replies keep settling: it ends when all are settled, or after 5 min
  // without one settling (then what is left counts as lost), or after 3 h.
  const hardDeadline = Date.now() + 3 * 3_600_000;
  let lastPending = Number.POSITIVE_INFINITY;
  let lastProgress = Date.now();
  while (Date.now() < hardDeadline && Date.now() - lastProgress < 300_000) {
    await final.internals.outbox.drain();
    const pending = final.internals.db
      .prepare("SELECT count(*) AS n FROM outbox WHERE state IN ('queued','sending','unknown')")
      .get() as { n: number };
    if (pending.n === 0) break;
    if (pending.n < lastPending) {
      lastPending = pending.n;
      lastProgress = Date.now();
    }
    await new Promise((r) => setTimeout(r, 250));
    // Backoff timers would wait; make every row due now (the harness is not testing backoff).
    final.internals.db
      .prepare("UPDATE outbox SET next_attempt_at = 0 WHERE state IN ('queued','unknown')")
      .run();
  }
  const states = final.internals.db
    .prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state')
    .all() as { state: string; n: number }[];
  await final.stop();
  const onForum = new Map<string, number>();
  // Only our replies count (the seeded member traffic repeats canned sentences on purpose).
  for (const p of sim.posts('h'))
    if (p.raw.startsWith('Harness reply ')) onForum.set(p.raw, (onForum.get(p.raw) ?? 0) + 1);
  let duplicates = 0;
  for (const [body, n] of onForum) {
    if (n > 1) {
      duplicates += n - 1;
      o.log(`crash: posted ${n} times: ${body.slice(0, 80)}`);
    }
  }
  for (const body of ackedReplies.values()) {
    if (!onForum.has(body)) {
      lost++;
      o.log(`crash: acknowledged reply never reached the forum: ${body}`);
    }
  }
  await sim.close();
  // The forum's API key must appear nowhere: database, WAL, settings, backups, crash output.
  const leaks = findLeaks(KEY, dir, { 'crash output': allOutput });
  for (const l of leaks) o.log(`crash: the API key leaked into ${l}`);
  rmSync(dir, { recursive: true, force: true });
  return {
    crash_kills: kills,
    crash_lost: lost,
    crash_integrity_failures: integrityFailures,
    crash_illegal_outbox_states: illegal,
    crash_duplicates: duplicates,
    secret_leaks: leaks.length,
    crash_replies_acknowledged: ackedReplies.size,
    crash_outbox_final_states: Object.fromEntries(states.map((s) => [s.state, s.n])),
  };
}
