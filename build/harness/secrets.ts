// build/harness/secrets: every platform's secrets, swept from everything Steward writes or answers.
// Per simulator (Discourse, Reddit, Discord, Slack, mail) a real core with the owner-only key-file
// store and the real structured logger (debug level, every line kept): the source is added with its
// secrets and tested, synced, replied to; then its secrets are replaced by wrong ones (the platform
// refuses them: "Test connection" fails, a sync fails and its error is stored), the right ones are
// put back; every export a user can take is written into the data folder (time CSV and XLSX, the
// feedback CSV, the client report PDF, canned responses) and an online backup is made. Every value —
// right and wrong — is then looked for in every form (as is, lower/upper case, base64, base64url,
// URL-encoded, hex) in every file of the data folder (database, WAL, settings, backups, exports),
// in every log line and in every answer the contract gave (what the renderer would receive).
// Figures: secrets_swept (values × platforms), secret_sweep_places (files, the log, each answer),
// secret_sweep_leaks (must be 0).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupNow } from '../../electron/core/db/backup';
import { createCore, type Core } from '../../electron/core/index';
import { createLogger } from '../../electron/core/logging/logger';
import { createKeyFileSecretStore } from '../../electron/core/secrets/keyFileSecretStore';
import { findLeaks } from './crash';
import { targetsFor, type SendTarget } from './sendTargets';
import { addPlatformSource, contractCall } from './contract';

async function until(what: string, ok: () => Promise<boolean>, ms = 120_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`secrets harness: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A wrong value of the same shape (the platform refuses it; it is a secret all the same). */
const wrong = (v: string) =>
  `${v.slice(0, Math.max(0, v.length - 12))}WRONG${Date.now().toString(36)}x`;

async function onePlatform(t: SendTarget, log: (m: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-secrets-'));
  const lines: string[] = [];
  const logger = createLogger({
    name: 'steward',
    level: 'debug',
    destination: { write: (s: string) => void lines.push(s) },
  });
  const answers: string[] = [];
  let core: Core | null = null;
  const bad = Object.fromEntries(Object.entries(t.source.secrets).map(([k, v]) => [k, wrong(v)]));
  try {
    core = await createCore({
      dataDir: dir,
      mode: 'test',
      secrets: createKeyFileSecretStore(dir, { onSecret: (v) => logger.registerSecret(v) }),
      logger,
      agent: { name: 'Harness', email: 'harness@example.test' },
      pollIntervalMs: 30_000,
      backups: false,
    });
    const c = core;
    const dispatch = async (method: string, input: unknown) => {
      const r = await c.dispatch(method, input);
      answers.push(JSON.stringify(r));
      return r;
    };
    const call = contractCall(dispatch, 'secrets');
    await c.start();
    const { clientId, sourceId } = await addPlatformSource(call, t, 'Secrets client', {
      testFirst: true,
    });
    const list = () => call<{ total: number; rows: { id: number }[] }>('queue.list', { limit: 20 });
    await until(`${t.platform}: the first sync`, async () => (await list()).total > 0);
    const conv = (await list()).rows[0]!.id;
    await call('conversations.get', { id: conv });
    await call('replies.send', {
      conversationId: conv,
      body: 'Thanks for writing in: we are on it.',
      idempotencyKey: `secrets-${t.platform}`,
    });
    await until(`${t.platform}: the reply sent`, async () => {
      const d = await call<{ messages: { direction: string; deliveryState?: string | null }[] }>(
        'conversations.get',
        { id: conv },
      );
      return d.messages.some((m) => m.direction === 'outbound' && m.deliveryState === 'sent');
    });
    // Wrong secrets: the test is refused, a sync fails and its error is stored; then the right ones.
    const refused = await dispatch('sources.test', { id: sourceId, secrets: bad });
    if (refused.ok && (refused.value as { ok?: boolean }).ok)
      throw new Error(`secrets harness: ${t.platform} accepted wrong secrets`);
    await call('sources.update', { id: sourceId, secrets: bad });
    await dispatch('sources.syncNow', { id: sourceId });
    await until(`${t.platform}: the failed sync recorded`, async () => {
      const s = (
        await call<{ id: number; health: { lastError: string | null } }[]>('sources.list', {})
      ).find((x) => x.id === sourceId);
      return s?.health.lastError != null;
    });
    await call('sources.update', { id: sourceId, secrets: t.source.secrets });
    for (const m of ['sources.list', 'app.info', 'audit.list', 'sources.quarantine'])
      await dispatch(m, {});
    // Every export a user can take, copied into the data folder (swept with it).
    const month = new Date().toISOString().slice(0, 7);
    const keep = (name: string, r: { ok: boolean; value?: unknown }) => {
      if (!r.ok) throw new Error(`secrets harness: ${t.platform}: ${name} failed`);
      const v = r.value as { path?: string };
      writeFileSync(join(dir, `${name}.out`), v.path ? readFileSync(v.path) : JSON.stringify(v));
    };
    for (const format of ['csv', 'harvest', 'toggl', 'clockify', 'xlsx'] as const)
      keep(
        `time-${format}`,
        await dispatch('time.export', { clientId: null, month, format, exportId: `s-${format}` }),
      );
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    keep('feedback', await dispatch('reports.feedbackCsv', { clientId, from, to }));
    keep('responses', await dispatch('responses.export', { clientId, format: 'csv' }));
    keep(
      'report',
      await dispatch('reports.clientReport', { clientId, month, reportId: 'secrets' }),
    );
    const backup = await backupNow(c.internals.db, dir, 'harness', Date.now());
    if (!backup) throw new Error(`secrets harness: ${t.platform}: the backup failed`);
    await c.stop();
    core = null;
    // The sweep.
    // Credentials only: Reddit's script mode stores the moderator account's name with its secrets,
    // but that name is public by nature (it authors the replies stored here).
    const credential = ([k]: [string, string]) => k !== 'username';
    const values = [
      ...Object.entries(t.source.secrets).filter(credential),
      ...Object.entries(bad).filter(credential),
    ].map(([, v]) => v);
    let leaks = 0;
    for (const v of values) {
      const hits = findLeaks(v, dir, { log: lines.join(''), answers: answers.join('\n') });
      for (const h of hits)
        log(`secrets: ${t.platform}: a secret (${v.length} chars) leaked into ${h}`);
      leaks += hits.length;
    }
    log(
      `secrets: ${t.platform}: ${values.length} values swept from the data folder, ${lines.length} log lines and ${answers.length} answers: ${leaks} leaks`,
    );
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    ).length;
    return { values: values.length, places: files + 1 + answers.length, leaks };
  } finally {
    await core?.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function secretsHarness(o: { platforms?: string[]; log: (m: string) => void }) {
  const out = { secrets_swept: 0, secret_sweep_places: 0, secret_sweep_leaks: 0 };
  for (const make of targetsFor(o.platforms)) {
    const r = await onePlatform(await make(), o.log);
    out.secrets_swept += r.values;
    out.secret_sweep_places += r.places;
    out.secret_sweep_leaks += r.leaks;
  }
  return out;
}
