// build/harness/sendTargets: one platform simulator set up as a source a real core can poll and reply
// to, with the faults the ambiguous-send part needs (the platform commits the post, then the answer is a
// 5xx or the connection is reset) and a count of what the platform holds. The "timeout" fault is not the
// simulator's: the harness's fetch port forwards the post, lets the platform commit it, and then fails
// the request exactly as a connector's AbortSignal.timeout does (waiting the connectors' real 20 s
// timeout 170 times per platform would take an hour). Mail has no fetch: its simulator takes the
// message in full (Bcc copy in the mailbox) and then resets the connection or holds it unanswered until
// the connector's SMTP timeout (1 s, the least it allows; the socket gives up after 2 s). SMTP has no
// "5xx after commit": a 4xx/5xx to DATA means the server refused the message (RFC 5321), so mail's
// 5xx batches are resets.
import { replyMessageId } from '../../electron/core/connectors/email/smtp';
import { startDiscordSimulator } from '../../electron/demo/simulators/discord';
import { startDiscourseSimulator } from '../../electron/demo/simulators/discourse';
import { startRedditSimulator } from '../../electron/demo/simulators/reddit';
import { startMailSimulator } from '../../electron/demo/simulators/email';
import { startSlackSimulator } from '../../electron/demo/simulators/slack';

export type SendTarget = {
  platform: string;
  source: { baseUrl: string; config: Record<string, unknown>; secrets: Record<string, string> };
  /** The next reply post is applied by the platform, then answered with a 5xx / its connection reset. */
  commitThen(mode: '5xx' | 'reset', times: number): void;
  /** The platform's own timeout fault, when the harness's fetch port cannot make one (mail). */
  timeout?(times: number): void;
  /** Whether this request posts a reply (the harness's timeout fault applies to these). */
  isPost(url: string, init?: RequestInit): boolean;
  /** How many times a reply (its body, its idempotency key) is on the platform. */
  copies(body: string, key: string): number;
  close(): Promise<void>;
};

const QUESTIONS = [
  'How do I reset my password?',
  'The app crashes on start since the update.',
  'Where can I download my invoices?',
  'Can I change the email on my account?',
];
const STATUSES = [500, 502, 503, 504];
const method = (init?: RequestInit) => (init?.method ?? 'GET').toUpperCase();

export async function discourseTarget(): Promise<SendTarget> {
  const sim = await startDiscourseSimulator({ seed: 13 });
  const KEY = 'k-ambiguous-harness-0123456789';
  sim.addSite({ slug: 'a', apiKey: KEY, apiUsername: 'agent_bot', title: 'Ambiguous Forum' });
  sim.seed('a', { topics: QUESTIONS.length });
  return {
    platform: 'discourse',
    source: {
      baseUrl: sim.siteUrl('a'),
      config: { apiUsername: 'agent_bot' },
      secrets: { apiKey: KEY },
    },
    commitThen(mode, times) {
      for (let i = 0; i < times; i++)
        if (mode === '5xx')
          sim.failNext('a', { status: STATUSES[i % 4]!, method: 'POST', afterApply: true });
        else sim.hangAfterApply('a');
    },
    isPost: (url, init) => method(init) === 'POST' && new URL(url).pathname.endsWith('/posts.json'),
    copies: (body) => sim.posts('a').filter((p) => p.raw === body).length,
    close: () => sim.close(),
  };
}

export async function redditTarget(): Promise<SendTarget> {
  const secrets = {
    clientId: 'amb-client-7f3a',
    clientSecret: 'amb-secret-91c2d4',
    username: 'steward_mod',
    password: 'amb-pw-5d8e1b',
  };
  const sim = await startRedditSimulator({ ...secrets, subreddits: ['brandhelp'] });
  sim.setWindowLimit(1_000_000);
  QUESTIONS.forEach((q, i) =>
    sim.post({ subreddit: 'brandhelp', author: `member${i}`, title: q, selftext: `${q} Thanks!` }),
  );
  return {
    platform: 'reddit',
    source: {
      baseUrl: sim.url,
      config: { authMode: 'script', subreddits: ['brandhelp'] },
      secrets,
    },
    commitThen(mode, times) {
      if (mode === 'reset') return sim.loseResponse({ times, path: '/api/comment' });
      for (let i = 0; i < times; i++)
        sim.failNext({
          status: STATUSES[i % 4]!,
          method: 'POST',
          path: '/api/comment',
          afterApply: true,
        });
    },
    isPost: (url, init) => method(init) === 'POST' && new URL(url).pathname === '/api/comment',
    copies: (body) => sim.things().filter((t) => t.body === body).length,
    close: () => sim.close(),
  };
}

export async function discordTarget(): Promise<SendTarget> {
  const sim = await startDiscordSimulator({ heartbeatIntervalMs: 41_250 });
  const help = sim.addChannel('help');
  const members = ['maria', 'tomas', 'aiko', 'jo'].map((u) => sim.addMember(u, { globalName: u }));
  QUESTIONS.forEach((q, i) => sim.post(help, members[i]!, q));
  return {
    platform: 'discord',
    source: {
      baseUrl: sim.url,
      config: { guildId: sim.guildId, channelIds: [help] },
      secrets: { botToken: sim.token },
    },
    commitThen(mode, times) {
      for (let i = 0; i < times; i++)
        if (mode === '5xx')
          sim.failNext({
            status: STATUSES[i % 4]!,
            method: 'POST',
            pathPrefix: '/channels/',
            afterApply: true,
          });
        else sim.loseResponseNext({ method: 'POST', pathPrefix: '/channels/' });
    },
    isPost: (url, init) =>
      method(init) === 'POST' && /\/channels\/\d+\/messages$/.test(new URL(url).pathname),
    copies: (body) => sim.sent().filter((m) => m.content === body).length,
    close: () => sim.close(),
  };
}

export async function slackTarget(): Promise<SendTarget> {
  const sim = await startSlackSimulator({ pingIntervalMs: 0 });
  const help = sim.addChannel('help');
  const members = ['maria', 'tomas', 'aiko', 'jo'].map((u) =>
    sim.addUser(u, { realName: u, displayName: u }),
  );
  QUESTIONS.forEach((q, i) => sim.post(help, members[i]!, q));
  return {
    platform: 'slack',
    source: {
      baseUrl: sim.url,
      config: { channelIds: [help] },
      secrets: { botToken: sim.botToken, appToken: sim.appToken },
    },
    commitThen(mode, times) {
      for (let i = 0; i < times; i++)
        sim.failNext(
          mode === '5xx'
            ? { status: STATUSES[i % 4]!, times: 1, method: 'chat.postMessage', afterApply: true }
            : { status: 0, times: 1, method: 'chat.postMessage', lose: true },
        );
    },
    isPost: (url) => new URL(url).pathname.endsWith('/api/chat.postMessage'),
    copies: (body) => sim.posted.filter((m) => m.text === body).length,
    close: () => sim.close(),
  };
}

export async function emailTarget(): Promise<SendTarget> {
  const sim = await startMailSimulator({ address: 'support@shop.example' });
  QUESTIONS.forEach((q, i) =>
    sim.deliver(
      [
        `From: Member ${i} <member${i}@customer.example>`,
        `To: ${sim.address}`,
        `Subject: ${q}`,
        `Message-ID: <question-${i}@customer.example>`,
        `Date: ${new Date(Date.now() - 60_000).toUTCString()}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `${q} Thanks!`,
        '',
      ].join('\r\n'),
    ),
  );
  const bare = (id: string) => id.replace(/^<|>$/g, '');
  return {
    platform: 'email',
    source: {
      baseUrl: '',
      config: {
        imapHost: '127.0.0.1',
        imapPort: sim.imapPort,
        imapSecurity: 'none',
        username: sim.address,
        mailbox: 'INBOX',
        sentFolder: 'Sent',
        sentCopy: 'append',
        bccSelf: true,
        smtpHost: '127.0.0.1',
        smtpPort: sim.smtpPort,
        smtpSecurity: 'none',
        fromAddress: sim.address,
        allowInsecure: true,
        timeoutMs: 1000,
      },
      secrets: { password: sim.password },
    },
    commitThen: (_mode, times) => sim.loseNextReply('reset', times),
    timeout: (times) => sim.loseNextReply('hold', times),
    isPost: () => false,
    copies: (_body, key) =>
      sim.replies().filter((r) => bare(r.messageId) === replyMessageId(key, sim.address)).length,
    close: () => sim.close(),
  };
}

/** Every platform's target, by name, in the order the parts run them. */
export const SEND_TARGETS: Record<string, () => Promise<SendTarget>> = {
  discourse: discourseTarget,
  reddit: redditTarget,
  discord: discordTarget,
  slack: slackTarget,
  email: emailTarget,
};

/** The targets of these platforms (default: all five). */
export function targetsFor(platforms?: string[]): Array<() => Promise<SendTarget>> {
  return Object.entries(SEND_TARGETS)
    .filter(([n]) => !platforms || platforms.includes(n))
    .map(([, t]) => t);
}
