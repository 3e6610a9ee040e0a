// Child process for the crash test: opens the core on a data folder, queues a reply, starts the
// sender, and prints progress. The parent SIGKILLs it while the request is in flight.
import { createCore } from '../../../../electron/core/index';
import { createKeyFileSecretStore } from '../../../../electron/core/secrets/keyFileSecretStore';

const [dir, conversationId] = process.argv.slice(2);
const core = await createCore({
  dataDir: dir!,
  mode: 'test',
  secrets: createKeyFileSecretStore(dir!),
  pollIntervalMs: 3_600_000,
});
const r = await core.dispatch('replies.send', {
  conversationId: Number(conversationId),
  body: 'Reply sent by a process that is about to die.',
  idempotencyKey: 'crash-key-0001',
});
console.log(r.ok ? 'queued' : `error ${JSON.stringify(r)}`);
await core.start();
setInterval(() => {}, 1000);
