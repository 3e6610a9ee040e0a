// Issue 6: the demo forum simulator writes its state durably before it answers, so a kill right
// after a post was acknowledged loses nothing, and after a restart its ids go on (no collisions
// with ids the core already stored). The simulator runs in a child process that gets SIGKILLed.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeAll, expect, it } from 'vitest';
import {
  startDiscourseSimulator,
  type DiscourseSimulator,
} from '../../../electron/demo/simulators/discourse';
import { tempDir } from '../../helpers/core';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..', '..');
const bundle = join(root, 'node_modules', '.cache', 'steward-test', 'simulatorHost.mjs');
const HEADERS = {
  'Api-Key': 'durable-key-123456',
  'Api-Username': 'agent_bot',
  'Content-Type': 'application/json',
};

let sim: DiscourseSimulator | null = null;
const dirs: { cleanup(): void }[] = [];
afterEach(async () => {
  await sim?.close();
  sim = null;
  for (const d of dirs.splice(0)) d.cleanup();
});

beforeAll(async () => {
  mkdirSync(join(root, 'node_modules', '.cache', 'steward-test'), { recursive: true });
  await build({
    entryPoints: [join(here, 'child', 'simulatorHost.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'error',
  });
});

/** Starts the child, creates one topic per title through the API, and SIGKILLs it right after the last answer. */
async function postThenKill(stateFile: string, titles: string[]): Promise<number[]> {
  const child = spawn(process.execPath, [bundle, stateFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) ok((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => fail(new Error(`simulator child exited (${code})`)));
  });
  const ids: number[] = [];
  for (const title of titles) {
    const res = await fetch(`${url}/posts.json`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ title, raw: `${title}: body text` }),
    });
    expect(res.status).toBe(200);
    ids.push(((await res.json()) as { id: number }).id);
  }
  child.kill('SIGKILL');
  await new Promise((r) =>
    child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r),
  );
  return ids;
}

it('a post acknowledged just before a SIGKILL survives, and ids continue after the restart', async () => {
  const t = tempDir();
  dirs.push(t);
  const stateFile = join(t.dir, 'demo-discourse.json');
  const first = await postThenKill(stateFile, ['A topic posted right after start']);
  const second = await postThenKill(stateFile, [
    'A second topic after a restart',
    'And a third one, killed at once',
  ]);
  expect(second[0]).toBeGreaterThan(first[0]!);

  sim = await startDiscourseSimulator({ stateFile });
  const posts = sim.posts('demo');
  expect(posts.map((p) => p.id)).toEqual([...first, ...second]);
  sim.addSite({
    slug: 'demo',
    apiKey: 'durable-key-123456',
    apiUsername: 'agent_bot',
    title: 'Demo',
  });
  const next = sim.addMemberPost('demo', {
    title: 'After everything',
    raw: 'still counting',
    username: 'member1',
  });
  expect(next.id).toBeGreaterThan(Math.max(...first, ...second));
}, 30_000);
