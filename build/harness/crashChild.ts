// build/harness: the child process of the crash harness. Opens the core on a data folder and runs
// the real write paths through the contract as fast as it can — draft autosave, reply → outbox (the
// sender running against the parent's forum simulator), status changes — printing `TRY` before and
// `ACK` after every call the core acknowledged. The parent SIGKILLs it at a random moment.
import { createCore } from '../../electron/core/index';
import { createKeyFileSecretStore } from '../../electron/core/secrets/keyFileSecretStore';

const [dir, convArg, seedArg, runArg] = process.argv.slice(2);
const conversations = convArg!.split(',').map(Number);
let seed = Number(seedArg) >>> 0 || 1;
const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const out = (line: unknown) => process.stdout.write(JSON.stringify(line) + '\n');

const core = await createCore({
  dataDir: dir!,
  mode: 'test',
  secrets: createKeyFileSecretStore(dir!),
  pollIntervalMs: 3_600_000,
  backups: false,
});
await core.start();
out({ t: 'up' });
let n = 0;
for (;;) {
  n++;
  const conversationId = pick(conversations);
  const op = pick(['draft', 'draft', 'draft', 'reply', 'status'] as const);
  let method: string, input: Record<string, unknown>;
  if (op === 'draft') {
    method = 'drafts.save';
    input = {
      conversationId,
      body: `draft ${runArg}-${n} ${'x'.repeat(Math.floor(rand() * 200))}`,
    };
  } else if (op === 'reply') {
    method = 'replies.send';
    input = {
      conversationId,
      body: `Harness reply ${runArg}-${n}: we are looking into it.`,
      idempotencyKey: `harness-${runArg}-${n}`,
    };
  } else {
    method = 'conversations.setStatus';
    input = { id: conversationId, status: pick(['open', 'pending', 'open'] as const) };
  }
  out({ t: 'try', op, input });
  const r = await core.dispatch(method, input);
  if (r.ok) out({ t: 'ack', op, input });
  else out({ t: 'err', op, error: r.error });
  // Yield now and then so the outbox sender gets to run between commands.
  if (n % 3 === 0) await new Promise((res) => setTimeout(res, Math.floor(rand() * 15)));
}
