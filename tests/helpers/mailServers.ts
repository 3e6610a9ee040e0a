// Real mail servers for the email connector's tests (as /work/shared/SERVICES.md verified them):
// Dovecot IMAP (Debian `dovecot-imapd`) started with its own config on free loopback ports, without
// systemd, with a temp Maildir, one test user and a fresh self-signed certificate (STARTTLS on the
// plain port, implicit TLS on the other); and a real SMTP receiver (the `smtp-server` package) with
// STARTTLS or implicit TLS on the same certificate, AUTH PLAIN/LOGIN, that can drop the connection
// right after it accepted a message's DATA (the reply may or may not have been delivered: the case the
// outbox reconciles). `.ci/run` installs the Debian packages, so CI always runs these tests; locally
// they are skipped with `MAIL_SKIP_REASON` when Dovecot is absent or we are not root (Dovecot drops
// privileges to `nobody` for mail access, which needs root).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';

/** Why the real-server tests cannot run here, or null when they can. */
export const MAIL_SKIP_REASON: string | null =
  !existsSync(DOVECOT) || !existsSync('/usr/lib/dovecot/imap')
    ? 'Dovecot is not installed (apt-get install dovecot-imapd; .ci/run does this): real-server email tests skipped'
    : process.getuid?.() !== 0
      ? 'Dovecot needs root to drop privileges to nobody for mail access: real-server email tests skipped'
      : !existsSync('/usr/bin/openssl')
        ? 'openssl is missing (needed for the test certificate): real-server email tests skipped'
        : null;

export const MAIL_USER = 'agent@example.test';
export const MAIL_PASS = 'secret-Pa55';

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before it is used). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export type Cert = { cert: string; key: string; certPath: string; keyPath: string };

/** A self-signed certificate for 127.0.0.1 and localhost, written to `dir`. */
export function selfSignedCert(dir: string, cn = 'localhost'): Cert {
  const certPath = join(dir, `${cn}.crt`);
  const keyPath = join(dir, `${cn}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  chmodSync(keyPath, 0o644); // Dovecot reads it as root before dropping privileges; the dir is ours alone
  return {
    cert: readFileSync(certPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
    certPath,
    keyPath,
  };
}

async function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s: Socket = connect(port, '127.0.0.1');
      let buf = '';
      const done = (v: boolean) => {
        s.destroy();
        resolve(v);
      };
      s.setTimeout(2000, () => done(false));
      s.on('data', (d) => {
        buf += d.toString('latin1');
        if (/ready\./.test(buf)) done(true);
      });
      s.on('error', () => done(false));
      s.on('close', () => resolve(/ready\./.test(buf)));
    });
    if (ok) return;
    if (Date.now() > until)
      throw new Error(`Dovecot did not greet "ready." on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type Dovecot = {
  host: '127.0.0.1';
  /** Plain IMAP port (STARTTLS offered). */
  port: number;
  /** Implicit TLS port. */
  tlsPort: number;
  user: string;
  pass: string;
  cert: Cert;
  dir: string;
  /** Delivers a raw message into a mailbox as the user (like local delivery), via doveadm. */
  deliver(raw: string | Buffer, mailbox?: string): void;
  /** Expunges every message of a mailbox. */
  expunge(mailbox?: string): void;
  /** Deletes and recreates a mailbox: a new UIDVALIDITY. */
  recreate(mailbox: string): void;
  stop(): Promise<void>;
};

/** Starts Dovecot on two free loopback ports with a temp Maildir (needs root; see MAIL_SKIP_REASON). */
export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'steward-dovecot-'));
  chmodSync(dir, 0o755);
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  execFileSync('chown', ['nobody:nogroup', mail]);
  const cert = selfSignedCert(dir);
  const [port, tlsPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = yes
ssl_cert = <${cert.certPath}
ssl_key = <${cert.keyPath}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_uid = nobody
mail_gid = nogroup
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = home=${mail}/%d/%n allow_all_users=yes
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort}
    ssl = yes
  }
}
`,
  );
  writeFileSync(join(dir, 'users'), `${MAIL_USER}:{PLAIN}${MAIL_PASS}\n`);
  execFileSync(DOVECOT, ['-c', conf], { stdio: 'ignore' }); // it daemonizes: inherited pipes would never close
  await waitForGreeting(port, 15_000);
  const pidFile = join(dir, 'run', 'master.pid');
  const doveadm = (args: string[], input?: string | Buffer) =>
    execFileSync(DOVEADM, ['-c', conf, ...args], { input, stdio: ['pipe', 'ignore', 'pipe'] });
  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    user: MAIL_USER,
    pass: MAIL_PASS,
    cert,
    dir,
    deliver: (raw, mailbox = 'INBOX') =>
      void doveadm(
        ['save', '-u', MAIL_USER, '-m', mailbox],
        typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw,
      ),
    expunge: (mailbox = 'INBOX') =>
      void doveadm(['expunge', '-u', MAIL_USER, 'mailbox', mailbox, 'all']),
    recreate: (mailbox) => {
      try {
        doveadm(['mailbox', 'delete', '-u', MAIL_USER, '-s', mailbox]);
      } catch {
        /* did not exist yet */
      }
      doveadm(['mailbox', 'create', '-u', MAIL_USER, mailbox]);
    },
    async stop() {
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        // Dovecot's master waits for its children (2–3 s); wait for it so no process outlives the test.
        for (let i = 0; i < 200; i++) {
          try {
            process.kill(pid, 0);
          } catch {
            break;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Received = {
  from: string;
  to: string[];
  raw: Buffer;
  secure: boolean;
  user: string | null;
};

export type SmtpReceiver = {
  port: number;
  received: Received[];
  /** The next `n` accepted messages are stored, then the socket is destroyed without the 250 reply. */
  dropAfterAccept(n?: number): void;
  /** Called with every accepted message (e.g. deliver a Bcc copy into Dovecot, as an MTA would). */
  onAccept?: (r: Received) => void;
  close(): Promise<void>;
};

/** A real SMTP server (smtp-server) on a free loopback port: STARTTLS required, or implicit TLS. */
export async function startSmtpReceiver(o: {
  cert: Cert;
  mode: 'starttls' | 'tls';
  user?: string;
  pass?: string;
}): Promise<SmtpReceiver> {
  const port = await freePort();
  let drops = 0;
  const rx: SmtpReceiver = {
    port,
    received: [],
    dropAfterAccept: (n = 1) => void (drops = n),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const opts: SMTPServerOptions = {
    secure: o.mode === 'tls',
    key: o.cert.key,
    cert: o.cert.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === (o.user ?? MAIL_USER) && auth.password === (o.pass ?? MAIL_PASS))
        cb(null, { user: auth.username });
      else
        cb(
          Object.assign(new Error('5.7.8 Authentication credentials invalid'), {
            responseCode: 535,
          }),
        );
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const r: Received = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((t) => t.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : null,
        };
        rx.received.push(r);
        rx.onAccept?.(r);
        if (drops > 0) {
          drops--;
          // Accepted and stored, but the client never hears 250: its outcome is unknown.
          const s = (server as unknown as { connections?: Set<{ id: string; _socket?: Socket }> })
            .connections;
          for (const c of s ?? []) if (c.id === session.id) c._socket?.destroy();
          return;
        }
        cb();
      });
    },
  };
  const server = new SMTPServer(opts);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {
    /* a dropped client socket: expected in the drop tests */
  });
  return rx;
}
