// build/bench: `npm run bench [-- --messages N --clients N --catch-up N --no-hosts --no-inproc]`.
// Measures the real ingest path against plain inserts, the unified queue's first page, full-text
// search and the SLA engine, then the hosts on the same data (build/bench/hosts.ts: cold start in
// Chromium, the queue over HTTP during a catch-up, event-loop stalls); prints one JSON object as
// its last line.
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../electron/core/db/open';
import { createRepos } from '../../electron/core/domains';
import { generator, now, percentile, prng } from './data';
import { createSlaEngine } from '../../electron/core/domains/sla/engine';
import { seedClients, slaIngester } from './workspace';
import { extraBenches } from './extras';
import { runExportBench } from './exportRunner';
import { hostBenches } from './hosts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string' },
    clients: { type: 'string' },
    keep: { type: 'boolean' },
    'sla-inputs': { type: 'string' },
    'time-entries': { type: 'string' },
    'catch-up': { type: 'string' },
    'no-hosts': { type: 'boolean' },
    'no-inproc': { type: 'boolean' },
  },
});
const N = Number(values.messages ?? 1_000_000);
const CLIENTS = Number(values.clients ?? 50);
const BATCH = 1000; // one platform poll page ~ 50-1000 items; one transaction per batch
const PER_CONV = 5;
const log = (m: string) => process.stderr.write(m + '\n');

const dir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
try {
  // ---- ingest through the real path (normalize -> dedupe -> store -> FTS) ----
  const db = openDb(join(dir, 'ingest.db'));
  const repos = createRepos(db);
  const sources = seedClients(repos, CLIENTS);
  const sla = createSlaEngine(db);
  const ingester = slaIngester(db, sla);
  let gen = generator({ clients: CLIENTS, perConversation: PER_CONV });
  let ingestMs = 0;
  for (let done = 0; done < N; done += BATCH) {
    const batch = gen.batch(Math.min(BATCH, N - done));
    const bySource = new Map<number, typeof batch>();
    for (const b of batch)
      (bySource.get(b.sourceIdx) ?? bySource.set(b.sourceIdx, []).get(b.sourceIdx)!).push(b);
    const t = now();
    for (const [idx, items] of bySource)
      ingester.ingest(
        sources[idx]!,
        items.map((x) => x.item),
        [],
        0,
      );
    ingestMs += now() - t;
    if (done % 100_000 === 0 && done > 0) log(`ingest: ${done} messages`);
  }
  const ingestPerS = N / (ingestMs / 1000);
  log(`ingest: ${N} messages in ${(ingestMs / 1000).toFixed(1)} s`);

  // ---- the same rows as plain better-sqlite3 inserts into the same schema (same FTS index) ----
  // Conversations and members exist beforehand (not timed); each message row carries its author,
  // as ingest's do, so the author index (reports) costs the baseline what it costs ingest.
  const raw = openDb(join(dir, 'raw.db'));
  seedClients(createRepos(raw), CLIENTS, {
    timezone: 'UTC',
    firstReplyMinutes: () => 60,
    baseUrl: 'http://x',
  });
  const convCount = Math.ceil(N / PER_CONV);
  const insConv = raw.prepare(
    'INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at) VALUES (?, ?, ?, ?, ?, 0, 0)',
  );
  raw.transaction(() => {
    for (let i = 0; i < convCount; i++)
      insConv.run(i + 1, (i % CLIENTS) + 1, (i % CLIENTS) + 1, `t${i}`, `Topic ${i}`);
  })();
  gen = generator({ clients: CLIENTS, perConversation: PER_CONV });
  const insMember = raw.prepare<[number, string, string, string], { id: number }>(
    'INSERT INTO members (source_id, external_id, username, display_name) VALUES (?, ?, ?, ?) RETURNING id',
  );
  const memberId = new Map<string, number>();
  raw.transaction(() => {
    for (let c = 0; c < CLIENTS; c++)
      for (const m of gen.memberIds)
        memberId.set(`${c}\u0000${m}`, insMember.get(c + 1, m, m, m)!.id);
  })();
  const insMsg = raw.prepare(
    `INSERT INTO messages (conversation_id, source_id, external_id, direction, author_member_id, author_name, body_html, body_text, created_at, version)
     VALUES (?, ?, ?, 'inbound', ?, ?, ?, ?, ?, 1)`,
  );
  let rawMs = 0;
  let seq = 0;
  for (let done = 0; done < N; done += BATCH) {
    const batch = gen
      .batch(Math.min(BATCH, N - done))
      .map((b) => ({ ...b, conv: Math.floor(seq++ / PER_CONV) + 1 }));
    // The same transactions as the ingest path: one per source per poll batch.
    const bySource = new Map<number, typeof batch>();
    for (const b of batch)
      (bySource.get(b.sourceIdx) ?? bySource.set(b.sourceIdx, []).get(b.sourceIdx)!).push(b);
    const t = now();
    for (const group of bySource.values()) {
      raw.transaction(() => {
        for (const { sourceIdx, item, conv } of group) {
          insMsg.run(
            conv,
            sourceIdx + 1,
            item.message.externalId,
            memberId.get(`${sourceIdx}\u0000${item.member.externalId}`)!,
            item.member.username,
            item.message.bodyHtml,
            item.message.bodyText,
            item.message.createdAt,
          );
        }
      })();
    }
    rawMs += now() - t;
  }
  const rawPerS = N / (rawMs / 1000);
  raw.close();
  log(`raw insert: ${N} messages in ${(rawMs / 1000).toFixed(1)} s`);

  db.exec('ANALYZE');
  // ---- the unified queue's first page: several clients, sorted by due time ----
  const rnd = prng(7);
  const pick = (k: number) => {
    const s = new Set<number>();
    while (s.size < Math.min(k, CLIENTS)) s.add(sources[Math.floor(rnd() * CLIENTS)]!.clientId);
    return [...s];
  };
  const queueLat: number[] = [];
  for (let i = 0; i < 300; i++) {
    const clientIds = pick(5);
    const t = now();
    const page = repos.conversations.queue({
      clientIds,
      statuses: ['new', 'open'],
      assignee: 'any',
      selfId: 1,
      offset: 0,
      limit: 50,
    });
    queueLat.push(now() - t);
    if (page.rows.length === 0 && N > 1000) throw new Error('queue page came back empty');
  }
  // ---- full-text search over message text (messagesRepo.search: 50 hits, bm25 for rare terms, newest first for common ones) ----
  const words = gen.vocab.words;
  const terms = {
    rare: words.slice(4000, 4100),
    mid: words.slice(200, 300),
    common: words.slice(20, 30),
  };
  const searchP95: Record<string, number> = {};
  for (const [k, list] of Object.entries(terms)) {
    const lat: number[] = [];
    const n = k === 'common' ? 40 : 100;
    for (let i = 0; i < n; i++) {
      const t = now();
      repos.messages.search(`"${list[i % list.length]}"`, 50);
      lat.push(now() - t);
    }
    searchP95[k] = percentile(lat, 0.95);
  }
  // The agent's search box: queue.list with a search, first page (200) in the queue's deadline order.
  const queueSearchLat: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = now();
    repos.conversations.queue({
      assignee: 'any',
      selfId: 1,
      match: `"${terms.common[i % terms.common.length]}"*`,
      offset: 0,
      limit: 200,
    });
    queueSearchLat.push(now() - t);
  }
  const extras = await extraBenches({
    db,
    repos,
    sla,
    log,
    slaInputs: Number(values['sla-inputs'] ?? 20_000),
  });
  db.close();
  let hosts: Record<string, number | null> = {};
  if (!values['no-hosts']) {
    // The hosts run on the folder this benchmark filled (the WAL was checkpointed by close()).
    const hostDir = join(dir, 'host');
    mkdirSync(hostDir);
    renameSync(join(dir, 'ingest.db'), join(hostDir, 'steward.db'));
    hosts = await hostBenches({
      dataDir: hostDir,
      root: process.cwd(),
      catchUp: Number(values['catch-up'] ?? 100_000),
      inproc: !values['no-inproc'],
      log,
    });
  }

  const r = (x: number, d = 3) => Number(x.toFixed(d));
  const out = {
    node: process.version,
    messages: N,
    clients: CLIENTS,
    conversations: convCount,
    ingest_per_s: Math.round(ingestPerS),
    raw_insert_per_s: Math.round(rawPerS),
    ingest_ratio: r(ingestPerS / rawPerS),
    queue_page_p50_ms: r(percentile(queueLat, 0.5)),
    queue_page_p95_ms: r(percentile(queueLat, 0.95)),
    search_rare_p95_ms: r(searchP95.rare!),
    search_mid_p95_ms: r(searchP95.mid!),
    search_common_p95_ms: r(searchP95.common!),
    queue_search_common_p95_ms: r(percentile(queueSearchLat, 0.95)),
    ...extras,
    ...runExportBench(Number(values['time-entries'] ?? 1_000_000), log),
    ...hosts,
  };
  console.log(JSON.stringify(out));
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
