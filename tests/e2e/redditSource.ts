// tests/e2e: a browser-mode server with one client whose subreddit (the Reddit simulator, Reddit's
// wire format) has a reported post and a member's question, synced until the report is in the queue.
import { expect } from '@playwright/test';
import { startRedditSimulator, type RedditSimulator } from '../../electron/demo/simulators/reddit';
import { StewardServer } from './server';

const SECRETS = {
  clientId: 'e2e-client-7f3a',
  clientSecret: 'e2e-secret-91c2d4',
  username: 'steward_mod',
  password: 'e2e-pw-5d8e1b',
};

export async function startWithReportedPost(): Promise<{
  sim: RedditSimulator;
  server: StewardServer;
  postName: string;
  close(): Promise<void>;
}> {
  const sim = await startRedditSimulator({ ...SECRETS, subreddits: ['brandhelp'] });
  const post = sim.post({
    subreddit: 'brandhelp',
    author: 'spammer1',
    title: 'Cheap watches, click here',
    selftext: 'scam.example',
  });
  sim.comment({ parent: post.name, author: 'member2', body: 'How do I reset my password?' });
  sim.report(post.name, 'Spam', { count: 2 });
  const server = await new StewardServer(StewardServer.tempDir(), ['--no-demo']).start();
  const client = await server.rpc<{ id: number }>('clients.create', {
    name: 'Brand',
    timezone: 'Europe/Copenhagen',
    firstReplyMinutes: 120,
  });
  const src = await server.rpc<{ id: number }>('sources.add', {
    clientId: client.id,
    platform: 'reddit',
    name: 'r/brandhelp',
    baseUrl: sim.url,
    config: { authMode: 'script', subreddits: ['brandhelp'] },
    secrets: SECRETS,
  });
  await server.rpc('sources.syncNow', { id: src.id });
  await expect
    .poll(
      async () => (await server.rpc<{ total: number }>('queue.list', { kind: 'moderation' })).total,
      { timeout: 20_000 },
    )
    .toBe(1);
  return {
    sim,
    server,
    postName: post.name,
    async close() {
      await server.stop();
      server.cleanup();
      await sim.close();
    },
  };
}
