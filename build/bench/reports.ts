// build/bench: `npm run bench:reports [-- --messages N --clients N --data DIR --runs N]` — reports.kpis
// for one client and one month (plus its previous month) at N cached messages (default 1,000,000 over
// one year, 50 clients, conversations of 5 member messages, 80 % answered by staff, half solved, some
// tagged as feedback), measured through a read-only core (as the hosts' reader serves it). The data
// folder is built once and reused when `--data` names an existing one. Prints per-repository timings
// and, as its last line, one JSON object: reports_kpis_p50_ms, reports_kpis_p95_ms (goal < 300).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../../electron/core';
import type { SecretStore } from '../../electron/core/ports';
import type { ReportsKpis } from '../../shared/ipc/domains/reports';
import { generator, now, percentile, prng } from './data';
import { seedClients } from './workspace';

const { values } = parseArgs({
  options: {
    messages: { type: 'string' },
    clients: { type: 'string' },
    data: { type: 'string' },
    runs: { type: 'string' },
  },
});
const N = Number(values.messages ?? 1_000_000);
const CLIENTS = Number(values.clients ?? 50);
const RUNS = Number(values.runs ?? 15);
const PER_CONV = 5;
const START = Date.parse('2026-01-01T00:00:00Z');
/** N messages over one year. */
const STEP = (365 * 86_400_000) / N;
const dir = values.data ?? join(process.cwd(), 'dist', 'bench-reports');
const log = (m: string) => process.stderr.write(m + '\n');
const secrets: SecretStore = {
  get: async () => null,
  set: async () => undefined,
  delete: async () => undefined,
} as unknown as SecretStore;

async function build(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const core = await createCore({
    dataDir: dir,
    mode: 'test',
    secrets,
    agent: { name: 'Bench', email: 'bench@example.test' },
  });
  const { repos, ingester, sla, db } = core.internals;
  const sources = seedClients(repos, CLIENTS, {
    platform: (c) => (c % 2 ? 'reddit' : 'discourse'),
  });
  const gen = generator({ clients: CLIENTS, perConversation: PER_CONV, start: START });
  const rnd = prng(7);
  const scale = (t: number) => START + Math.round((t - START) * (STEP / 1000));
  const t0 = now();
  const tagOf = new Map<number, number[]>(); // client -> its built-in tag ids
  for (let done = 0; done < N; done += 1000) {
    const batch = gen.batch(Math.min(1000, N - done));
    const bySource = new Map<number, typeof batch>();
    for (const b of batch) {
      b.item.conversation.createdAt = scale(b.item.conversation.createdAt);
      b.item.message.createdAt = scale(b.item.message.createdAt);
      (bySource.get(b.sourceIdx) ?? bySource.set(b.sourceIdx, []).get(b.sourceIdx)!).push(b);
    }
    for (const [idx, items] of bySource)
      ingester.ingest(
        sources[idx]!,
        items.map((x) => x.item),
        [],
        0,
      );
    // Conversations whose last message arrived: a staff reply (80 %), solved (50 %), feedback (5 %).
    const last = batch.filter(
      (b) => Number(b.item.message.externalId.slice(1)) % PER_CONV === PER_CONV - 1,
    );
    db.transaction(() => {
      for (const b of last) {
        const src = sources[b.sourceIdx]!;
        const at = b.item.message.createdAt + Math.floor(rnd() * 6 * 3_600_000);
        if (rnd() < 0.8)
          ingester.ingest(
            src,
            [
              {
                ...b.item,
                member: {
                  ...b.item.member,
                  externalId: 'staff',
                  username: 'staff',
                  displayName: 'Staff',
                  isStaff: true,
                },
                message: {
                  ...b.item.message,
                  externalId: `${b.item.message.externalId}-r`,
                  createdAt: at,
                },
              },
            ],
            [],
            0,
          );
        const conv = db
          .prepare('SELECT id, status FROM conversations WHERE source_id = ? AND external_id = ?')
          .get(src.id, b.item.conversation.externalId) as { id: number; status: 'new' };
        if (rnd() < 0.5) {
          repos.conversations.setStatus(conv.id, 'solved', at + 60_000, null);
          sla.statusChanged(conv.id, conv.status, 'solved', at + 60_000);
        }
        if (rnd() < 0.05) {
          let tags = tagOf.get(src.clientId);
          if (!tags)
            tagOf.set(src.clientId, (tags = repos.tags.list(src.clientId, false).map((t) => t.id)));
          const msg = db
            .prepare(
              `SELECT id, author_member_id AS m, created_at AS at FROM messages WHERE conversation_id = ? AND direction = 'inbound' LIMIT 1`,
            )
            .get(conv.id) as { id: number; m: number; at: number };
          repos.tags.feedbackAdd({
            clientId: src.clientId,
            conversationId: conv.id,
            messageId: msg.id,
            tagId: tags[Math.floor(rnd() * tags.length)]!,
            memberId: msg.m,
            saidAt: msg.at,
            agentId: 1,
            at: msg.at,
          });
        }
      }
    })();
    if (done % 100_000 === 0 && done > 0)
      log(`built: ${done} messages (${((now() - t0) / 1000).toFixed(0)} s)`);
  }
  db.exec('ANALYZE');
  await core.stop();
  log(`built ${N} messages in ${((now() - t0) / 1000).toFixed(1)} s`);
}

if (!existsSync(join(dir, 'steward.db'))) await build();
const reader = await createCore({ dataDir: dir, mode: 'test', secrets, readOnly: true });
const clientId = 1;
const from = '2026-06-01T00:00:00.000Z';
const to = '2026-07-01T00:00:00.000Z';
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = now();
  const r = await reader.dispatch('reports.kpis', { clientId, from, to });
  times.push(now() - t);
  if (!r.ok) throw new Error(r.error.message);
  const k = r.value as ReportsKpis;
  if (i === 0)
    log(
      `first run ${times[0]!.toFixed(1)} ms; messagesIn ${k.current.volume.messagesIn}, backlog ${k.current.responsiveness.backlogAtEnd}`,
    );
}
// Where the time goes: each repository call of one period, timed alone.
const { repos, sla } = reader.internals;
const a = Date.parse(from);
const b = Date.parse(to);
const part = (name: string, f: () => unknown) => {
  const xs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = now();
    f();
    xs.push(now() - t);
  }
  log(`  ${name}: ${percentile(xs, 0.5).toFixed(1)} ms`);
};
part('conversationsIn', () => repos.reports.conversationsIn(clientId, a, b));
part('messagesIn', () => repos.reports.messagesIn(clientId, a, b));
part('members', () => repos.reports.members(clientId, a, b));
part('responded', () => repos.reports.responded(clientId, a, b));
part('statusAtEnd', () => repos.reports.statusAtEnd(clientId, a, b));
part('spamRemoved', () => repos.reports.spamRemoved(clientId, a, b));
part('feedbackByTag', () => repos.reports.feedbackByTag(clientId, a, b));
part('feedbackExamples', () => repos.reports.feedbackExamples(clientId, a, b, 3));
part('sla endedOrBreachedIn', () => sla.repo.endedOrBreachedIn(clientId, a, b));
part('moderation counts', () => repos.moderation.counts({ clientId, from: a, to: b }));
await reader.stop();
console.log(
  JSON.stringify({
    messages: N,
    reports_kpis_p50_ms: Number(percentile(times, 0.5).toFixed(1)),
    reports_kpis_p95_ms: Number(percentile(times, 0.95).toFixed(1)),
    reports_kpis_max_ms: Number(Math.max(...times).toFixed(1)),
  }),
);
