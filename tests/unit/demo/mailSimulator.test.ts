// The demo's in-process mailbox (electron/demo/simulators/email) spoken to as a mail client would: IMAP
// through imapflow, SMTP through nodemailer. A wrong password is refused on both, SMTP without login
// cannot send, a reply to the outside is recorded while its Bcc copy lands in INBOX, the connector's
// APPEND to Sent is kept, and a restart from the state file keeps the password, UIDVALIDITY and UIDs
// (the connector's cursor) — new mail continues above the old UIDs.
import { afterEach, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { join } from 'node:path';
import { startMailSimulator, type MailSimulator } from '../../../electron/demo/simulators/email';
import { tempDir } from '../../helpers/core';

const ADDRESS = 'support@fjord.example';
let sims: MailSimulator[] = [];
let cleanup: (() => void) | null = null;
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
  cleanup?.();
  cleanup = null;
});

const raw = (id: string, subject: string) =>
  `From: Kari <kari@post.example>\r\nTo: ${ADDRESS}\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\nHello\r\n`;

function client(sim: MailSimulator, pass = sim.password) {
  return new ImapFlow({
    host: '127.0.0.1',
    port: sim.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: ADDRESS, pass },
    logger: false,
  });
}
async function uids(c: ImapFlow, folder: string) {
  const lock = await c.getMailboxLock(folder);
  try {
    const out: number[] = [];
    for await (const m of c.fetch('1:*', { uid: true })) out.push(m.uid);
    return { uids: out, uidValidity: Number(c.mailbox ? c.mailbox.uidValidity : 0) };
  } finally {
    lock.release();
  }
}

it('logs in only with its password, takes replies over authenticated SMTP, and survives a restart with its UIDs', async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const stateFile = join(t.dir, 'email-test.json');
  const sim = await startMailSimulator({ address: ADDRESS, stateFile });
  sims.push(sim);
  sim.deliver(raw('m1@post.example', 'Retur af jakke'));
  sim.deliver(raw('m2@post.example', 'Wrong size'));

  await expect(client(sim, 'wrong-password').connect()).rejects.toMatchObject({
    authenticationFailed: true,
  });

  const smtpOpts = { host: '127.0.0.1', port: sim.smtpPort, secure: false, ignoreTLS: true };
  const mail = {
    from: ADDRESS,
    to: 'kari@post.example',
    bcc: ADDRESS,
    subject: 'Re: Retur af jakke',
    text: 'Your label is on its way.',
    messageId: '<reply-1@fjord.example>',
    inReplyTo: '<m1@post.example>',
  };
  await expect(nodemailer.createTransport(smtpOpts).sendMail(mail)).rejects.toThrow(/530/);
  await expect(
    nodemailer
      .createTransport({ ...smtpOpts, auth: { user: ADDRESS, pass: 'nope' } })
      .sendMail(mail),
  ).rejects.toMatchObject({ code: 'EAUTH' });
  await nodemailer
    .createTransport({ ...smtpOpts, auth: { user: ADDRESS, pass: sim.password } })
    .sendMail(mail);
  expect(sim.replies()).toEqual([
    expect.objectContaining({
      messageId: '<reply-1@fjord.example>',
      subject: 'Re: Retur af jakke',
      to: ['kari@post.example'],
    }),
  ]);

  const c = client(sim);
  await c.connect();
  const inbox = await uids(c, 'INBOX');
  expect(inbox.uids).toEqual([1, 2, 3]); // two members' mails and the Bcc copy
  const appended = await c.append('Sent', raw('reply-1@fjord.example', 'Re: Retur af jakke'), [
    '\\Seen',
  ]);
  expect(appended).toBeTruthy();
  const sent = await uids(c, 'Sent');
  expect(sent.uids).toEqual([1]);
  await c.logout();
  const password = sim.password;
  await sim.close();
  sims = [];

  // The restart: same password, same UIDVALIDITY, same messages; a new mail gets the next UID.
  const again = await startMailSimulator({ address: ADDRESS, stateFile });
  sims.push(again);
  expect(again.password).toBe(password);
  expect(again.replies().map((r) => r.messageId)).toEqual(['<reply-1@fjord.example>']);
  again.deliver(raw('m4@post.example', 'Telt'));
  const c2 = client(again);
  await c2.connect();
  const inbox2 = await uids(c2, 'INBOX');
  expect(inbox2.uidValidity).toBe(inbox.uidValidity);
  expect(inbox2.uids).toEqual([1, 2, 3, 4]);
  expect((await uids(c2, 'Sent')).uids).toEqual([1]);
  await c2.logout();
});
