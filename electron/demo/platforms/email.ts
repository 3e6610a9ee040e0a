// electron/demo/platforms: the demo's support mailboxes. One in-process mail simulator (IMAP + SMTP on
// 127.0.0.1, ../simulators/email) per mailbox; the source logs in with the mailbox's password over
// cleartext on loopback, which needs the connector's explicit `allowInsecure` opt-in (set here, shown
// in the source's Settings form). Member traffic: customers' mails (Danish, Norwegian, English), answers
// to the agency's replies (Re: with In-Reply-To/References), and spam the agent has to close. Messages
// are composed with nodemailer's MailComposer (encoded headers, Message-ID, Date). The mailbox lives in
// <stateDir>/email-<slug>.json. The community's title is the mailbox address.
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { startMailSimulator, type MailSimulator } from '../simulators/email';
import { mulberry32, pick, type Rng } from '../prng';
import { onPreferredPort, type DemoPlatformModule, type DemoPlatformSims } from './types';
import type { MemberAction } from '../types';

const MEMBERS: Array<[string, string]> = [
  ['Kari Nordmann', 'kari.nordmann@post.example'],
  ['Mads Jensen', 'mads.jensen@mail.example'],
  ['Ingrid Solberg', 'ingrid@fjell.example'],
  ['Oliver Hughes', 'oliver.hughes@inbox.example'],
  ['Sofie Lund', 'sofie.lund@post.example'],
];
const MAILS: Array<[string, string]> = [
  [
    'Retur af jakke',
    'Hej,\n\nJeg vil gerne returnere den jakke, jeg købte for to uger siden (ordre 48213). Den er for lille. Hvordan gør jeg?\n\nVenlig hilsen',
  ],
  [
    'Telt levert uten plugger',
    'Hei!\n\nTeltet jeg fikk i går manglet teltplugger. Kan dere sende dem?\n\nMvh',
  ],
  [
    'Wrong size delivered',
    'Hello,\n\nI ordered hiking boots in size 43 and received 41. Can you exchange them before my trip next week?\n\nThanks',
  ],
  [
    'Garanti på sovepose',
    'Hej\n\nLynlåsen på min sovepose er gået i stykker efter et halvt år. Er det dækket af garantien?\n\nMvh',
  ],
  [
    'Where is my order?',
    'Hi,\n\nMy order from last Monday still shows "processing". Is everything all right?\n\nBest regards',
  ],
];
const FOLLOW_UPS = [
  'Tak for hurtigt svar! Det fungerede.',
  'Takk! Jeg sender den i morgen.',
  'Thanks, but I still have not received the return label.',
  'Perfect, thank you so much.',
];
const SPAM: Array<[string, string, string]> = [
  ['Account Team', 'security@verify-account.example', 'Your mailbox will be closed today'],
  ['SEO Pro', 'offers@seo-ranking.example', 'Page 1 on Google in 7 days — guaranteed'],
];

async function compose(m: {
  from: [string, string];
  to: string;
  subject: string;
  text: string;
  id: string;
  inReplyTo?: string;
}): Promise<string> {
  const mail = new MailComposer({
    from: { name: m.from[0], address: m.from[1] },
    to: m.to,
    subject: m.subject,
    text: m.text,
    messageId: m.id,
    date: new Date(),
    ...(m.inReplyTo ? { inReplyTo: m.inReplyTo, references: [m.inReplyTo] } : {}),
  });
  return (await mail.compile().build()).toString('utf8');
}

async function act(sim: MailSimulator, a: MemberAction): Promise<void> {
  const rnd: Rng = mulberry32(a.seed);
  const member = pick(rnd, MEMBERS);
  const id = `<demo-${a.slug}-${a.kind}-${a.seed}@members.example>`;
  if (a.kind === 'followUp') {
    // The member answers one of the agency's replies to them; with none yet, someone writes again.
    const replies = sim.replies().filter((r) => r.messageId && r.to.length);
    const r = replies.length ? pick(rnd, replies.slice(-20)) : undefined;
    if (r) {
      const who = MEMBERS.find((m) => m[1] === r.to[0]) ?? [r.to[0]!, r.to[0]!];
      const subject = /^re:/i.test(r.subject) ? r.subject : `Re: ${r.subject}`;
      const text = pick(rnd, FOLLOW_UPS);
      sim.deliver(
        await compose({
          from: who as [string, string],
          to: sim.address,
          subject,
          text,
          id,
          inReplyTo: r.messageId,
        }),
      );
      return;
    }
  }
  if (a.kind === 'moderation') {
    const [name, addr, subject] = pick(rnd, SPAM);
    const text = 'Click here to keep your account active: http://verify-account.example/login';
    sim.deliver(await compose({ from: [name, addr], to: sim.address, subject, text, id }));
    return;
  }
  const [subject, text] = pick(rnd, MAILS);
  sim.deliver(await compose({ from: member, to: sim.address, subject, text, id }));
}

export const emailPlatform: DemoPlatformModule = {
  platform: 'email',
  async start(o) {
    const sims: Array<{ slug: string; sim: MailSimulator }> = [];
    const setups: DemoPlatformSims['setups'] = {};
    const ports: Record<string, number> = {};
    try {
      for (const c of o.communities) {
        const stateFile = join(o.stateDir, `email-${c.slug}.json`);
        const imapPort = o.ports[`email-imap:${c.slug}`];
        const smtpPort = o.ports[`email-smtp:${c.slug}`];
        const sim = await onPreferredPort(imapPort && smtpPort ? imapPort : undefined, (port) =>
          startMailSimulator({
            address: c.title,
            imapPort: port,
            smtpPort: port ? smtpPort : undefined,
            stateFile,
          }),
        );
        sims.push({ slug: c.slug, sim });
        ports[`email-imap:${c.slug}`] = sim.imapPort;
        ports[`email-smtp:${c.slug}`] = sim.smtpPort;
        if (o.seedHistory && sim.messages('INBOX').length === 0) {
          for (let k = 0; k < 4; k++)
            await act(sim, { slug: c.slug, kind: 'conversation', seed: o.seed + 700 + k });
          await act(sim, { slug: c.slug, kind: 'moderation', seed: o.seed + 800 });
        }
        setups[c.slug] = {
          baseUrl: '',
          name: c.title,
          config: {
            imapHost: '127.0.0.1',
            imapPort: sim.imapPort,
            imapSecurity: 'none',
            username: sim.address,
            mailbox: 'INBOX',
            sentFolder: 'Sent',
            sentCopy: 'append',
            smtpHost: '127.0.0.1',
            smtpPort: sim.smtpPort,
            smtpSecurity: 'none',
            fromAddress: sim.address,
            allowInsecure: true,
          },
          secrets: { password: sim.password },
        };
      }
    } catch (err) {
      await Promise.all(sims.map((s) => s.sim.close()));
      throw err;
    }
    return {
      ports,
      setups,
      async act(a) {
        const s = sims.find((x) => x.slug === a.slug);
        if (s) await act(s.sim, a);
      },
      async close() {
        await Promise.all(sims.map((s) => s.sim.close()));
      },
    };
  },
};
