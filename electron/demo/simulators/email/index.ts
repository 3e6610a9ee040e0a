// electron/demo/simulators/email: the demo's in-process support mailbox — an IMAP server (the
// hoodiecrow-imap package: IMAP4rev1 with IDLE, UIDPLUS, SPECIAL-USE, LITERAL+) holding INBOX and a
// \Sent folder, and an SMTP server (smtp-server) that takes the replies. Both listen on 127.0.0.1 in
// cleartext with one login (the mailbox address and a password generated per data folder), so the
// connector needs its explicit "allow unencrypted connections" opt-in. A reply addressed to the
// mailbox itself (the connector's Bcc to itself) is delivered to INBOX; every other recipient is the
// outside world: the reply is recorded (`replies`), which the demo's members answer in their follow-ups.
// Optional `stateFile` (the demo): the mailbox (messages, UIDs, UIDVALIDITY) and the recorded replies are
// saved after every change and restored on the next start, so the connector's UID cursor stays valid.
// Only the demo uses it; the connector's tests run against real Dovecot and SMTP servers.
// Fault injection (the harness's ambiguous sends): `loseNextReply` takes the next message(s) in full —
// delivered, Bcc copy in INBOX — and then never gives the final answer to DATA: the connection is
// reset, or held open until the client gives up (a timeout).
// The untyped package's declarations must reach every tsconfig compiling this file (tests/ reaches it by import).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- see the line above
/// <reference path="./hoodiecrow-imap.d.ts" />
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import type { HoodiecrowMailbox, HoodiecrowMessage } from 'hoodiecrow-imap';
import { SMTPServer } from 'smtp-server';
import { readStateFile, writeStateFile } from '../stateFile';
import { imapServer } from './imapServer';

export type MailReply = { messageId: string; subject: string; to: string[]; at: number };

type SavedMessage = { uid: number; flags: string[]; internaldate: string; raw: string };
type SavedBox = { uidvalidity: number; uidnext: number; messages: SavedMessage[] };
type SavedMail = {
  address: string;
  password: string;
  inbox: SavedBox;
  sent: SavedBox;
  replies: MailReply[];
};

export type MailSimulatorOptions = {
  address: string;
  imapPort?: number;
  smtpPort?: number;
  stateFile?: string;
};

export type MailSimulator = Awaited<ReturnType<typeof startMailSimulator>>;

/** Largest message the SMTP side accepts (a reply with quoted history is far below it). */
const MAX_MESSAGE = 2 * 1024 * 1024;

function boxFrom(
  saved: SavedBox | undefined,
  extra: Record<string, unknown> = {},
): HoodiecrowMailbox {
  return {
    ...extra,
    uidvalidity: saved?.uidvalidity ?? Math.floor(Date.now() / 1000),
    uidnext: saved?.uidnext ?? 1,
    messages: (saved?.messages ?? []).map((m) => ({ ...m })),
  };
}
function boxOut(b: HoodiecrowMailbox): SavedBox {
  return {
    uidvalidity: Number(b.uidvalidity),
    uidnext: Number(b.uidnext),
    messages: b.messages.map((m: HoodiecrowMessage) => ({
      uid: Number(m.uid),
      flags: [...(m.flags ?? [])],
      internaldate: String(m.internaldate),
      raw: String(m.raw),
    })),
  };
}

export async function startMailSimulator(o: MailSimulatorOptions) {
  const saved = readStateFile<SavedMail>(o.stateFile);
  const address = o.address.toLowerCase();
  const password =
    saved?.address === address ? saved.password : randomBytes(18).toString('base64url');
  const replies: MailReply[] = saved?.address === address ? [...saved.replies] : [];
  const inbox = boxFrom(saved?.inbox);
  const sent = boxFrom(saved?.sent, { 'special-use': '\\Sent' });
  const imap = imapServer({
    users: { [address]: { password, xoauth2: false } },
    storage: { INBOX: inbox, '': { separator: '/', folders: { Sent: sent } } },
    // No TLS (cleartext on loopback): without this it reads its bundled test key from its own folder,
    // which is not there once the worker is bundled.
    credentials: {},
  });
  const persist = () => {
    if (!o.stateFile) return;
    const data: SavedMail = {
      address,
      password,
      inbox: boxOut(imap.getMailbox('INBOX')),
      sent: boxOut(imap.getMailbox('Sent')),
      replies,
    };
    writeStateFile(o.stateFile, data);
  };
  // Every arrival (SMTP delivery, a member's mail, the connector's APPEND to Sent) goes through here.
  const appendMessage = imap.appendMessage.bind(imap);
  imap.appendMessage = (...args: Parameters<typeof appendMessage>) => {
    const r = appendMessage(...args);
    persist();
    return r;
  };
  const imapSockets = new Set<Socket>();
  const afterData: Array<'reset' | 'hold'> = [];
  imap.server.on('connection', (s: Socket) => {
    imapSockets.add(s);
    s.on('close', () => imapSockets.delete(s));
  });
  await listen((port, cb) => imap.server.listen(port, '127.0.0.1', cb), imap.server, o.imapPort);

  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: MAX_MESSAGE,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username?.toLowerCase() === address && auth.password === password)
        return cb(null, { user: address });
      return cb(new Error('Invalid username or password'));
    },
    onMailFrom(from, session, cb) {
      if (session.user !== address) return cb(new Error('Authentication required'));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) return cb(new Error('Message too big'));
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        simpleParser(raw)
          .then((mail) => {
            if (to.includes(address)) imap.appendMessage('INBOX', [], new Date(), raw);
            const outside = to.filter((t) => t !== address);
            if (outside.length) {
              replies.push({
                messageId: mail.messageId ?? '',
                subject: mail.subject ?? '',
                to: outside,
                at: Date.now(),
              });
              if (replies.length > 500) replies.splice(0, replies.length - 500);
              persist();
            }
            const fault = afterData.shift();
            if (fault === 'reset') {
              // smtp-server keeps its connections (with their session and socket) in `connections`.
              const conns = (
                smtp as unknown as { connections: Set<{ session: unknown; _socket: Socket }> }
              ).connections;
              for (const c of conns) if (c.session === session) c._socket.destroy();
            }
            if (fault) return; // taken, but the final answer never comes
            cb();
          })
          .catch((err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });
  try {
    await listen((port, cb) => smtp.listen(port, '127.0.0.1', cb), smtp.server, o.smtpPort);
  } catch (err) {
    for (const s of imapSockets) s.destroy();
    await new Promise<void>((resolve) => imap.server.close(() => resolve()));
    throw err;
  }
  persist();

  return {
    address,
    password,
    imapPort: (imap.server.address() as AddressInfo).port,
    smtpPort: (smtp.server.address() as AddressInfo).port,
    /** The replies that left for the outside world (the connector's own Bcc copy is in INBOX). */
    replies: () => [...replies],
    /** A member's mail arriving in the mailbox (IDLE clients see EXISTS at once). */
    deliver(raw: string, at = new Date()) {
      imap.appendMessage('INBOX', [], at, raw);
    },
    /** The next `times` messages are taken in full, then the connection is reset or held unanswered. */
    loseNextReply(mode: 'reset' | 'hold', times = 1) {
      for (let i = 0; i < times; i++) afterData.push(mode);
    },
    /** The raw messages of a folder (INBOX or Sent), oldest first. */
    messages(folder: 'INBOX' | 'Sent'): string[] {
      return imap.getMailbox(folder).messages.map((m: HoodiecrowMessage) => String(m.raw));
    },
    async close() {
      for (const s of imapSockets) s.destroy();
      await new Promise<void>((resolve) => imap.server.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}

/** Listens on `port` (0 = any); a port in use rejects with EADDRINUSE (the caller then takes any port). */
function listen(
  start: (port: number, cb: () => void) => void,
  server: {
    once(e: 'error', l: (err: Error) => void): unknown;
    removeListener(e: 'error', l: (err: Error) => void): unknown;
  },
  port: number | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    start(port ?? 0, () => {
      server.removeListener('error', onError);
      resolve();
    });
  });
}
