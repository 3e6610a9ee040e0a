// electron/core/connectors/email: the source's setup (fields in en/da/ru, the zod config schema) and
// the connection options derived from it. TLS or STARTTLS is required by default; cleartext ("none")
// needs the explicit `allowInsecure` opt-in. A server with a private CA or a self-signed certificate
// is trusted per source by pasting that CA (or the certificate itself) as PEM in `tlsCa`: it is added
// to the system roots for this source only, and the host name is still checked against it.
import { isIP } from 'node:net';
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import { z } from 'zod';
import type { FieldSpec, SourceContext } from '../types';
import { ConnectorError } from '../types';

const security = z.enum(['tls', 'starttls', 'none']);
const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$|^\[?[0-9a-f:.]+\]?$/i, { message: 'is not a host name' });
const port = z.coerce.number().int().min(1).max(65535);
const address = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$|^[^\s@<>]+@localhost$/, {
    message: 'is not an email address',
  });
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export const EmailConfigSchema = z
  .object({
    imapHost: host,
    imapPort: port.default(993),
    imapSecurity: security.default('tls'),
    username: z.string().trim().min(1).max(320),
    mailbox: z.string().trim().min(1).max(200).default('INBOX'),
    sentFolder: z.string().trim().max(200).optional(),
    sentCopy: z.enum(['append', 'server']).default('append'),
    smtpHost: host,
    smtpPort: port.default(587),
    smtpSecurity: security.default('starttls'),
    fromAddress: address,
    fromName: z.string().trim().max(200).optional(),
    signature: z.string().max(5000).optional(),
    authMethod: z.enum(['password', 'xoauth2']).default('password'),
    bccSelf: z.boolean().default(true),
    allowInsecure: z.boolean().default(false),
    tlsCa: z
      .string()
      .trim()
      .max(100_000)
      .refine((s) => s === '' || PEM.test(s), {
        message: 'is not a PEM certificate (-----BEGIN CERTIFICATE-----)',
      })
      .optional(),
    initialDays: z.number().int().min(0).max(365).default(14),
    maxMessagesPerPoll: z.number().int().min(1).max(500).default(50),
    timeoutMs: z.number().int().min(1000).max(300_000).default(30_000),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    for (const k of ['imapSecurity', 'smtpSecurity'] as const) {
      if (c[k] === 'none' && !c.allowInsecure)
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message:
            'cleartext needs "Allow unencrypted connections" (passwords would cross the network readable)',
        });
    }
  });

export type EmailConfig = z.infer<typeof EmailConfigSchema>;

/** The source's config, validated; a bad one is a permanent `config` error naming the field. */
export function readConfig(ctx: Pick<SourceContext, 'config'>): EmailConfig {
  const r = EmailConfigSchema.safeParse(ctx.config ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new ConnectorError(
      `Email setup: ${i.path.join('.') || 'config'} ${i.message}`,
      'permanent',
      undefined,
      undefined,
      'config',
    );
  }
  return r.data;
}

export type Credentials = { user: string; pass?: string; accessToken?: string };

/** Login for IMAP and SMTP: the password, or an OAuth2 access token (SASL XOAUTH2). Never logged. */
export function credentials(ctx: Pick<SourceContext, 'secrets'>, cfg: EmailConfig): Credentials {
  const s = ctx.secrets ?? {};
  if (cfg.authMethod === 'xoauth2') {
    const t = s.accessToken;
    if (!t)
      throw new ConnectorError(
        'Email setup: the OAuth2 access token is missing',
        'permanent',
        undefined,
        undefined,
        'auth',
      );
    return { user: cfg.username, accessToken: t };
  }
  const p = s.password;
  if (!p)
    throw new ConnectorError(
      'Email setup: the password is missing',
      'permanent',
      undefined,
      undefined,
      'auth',
    );
  return { user: cfg.username, pass: p };
}

/** TLS options for one host: system roots plus the source's own CA, SNI unless the host is an IP. */
export function tlsOptions(cfg: EmailConfig, hostName: string): ConnectionOptions {
  const bare = hostName.replace(/^\[|\]$/g, '');
  return {
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    ...(cfg.tlsCa ? { ca: [...rootCertificates, cfg.tlsCa] } : {}),
    ...(isIP(bare) ? {} : { servername: bare }),
  };
}

/** Addresses that are us: their mail is outbound. */
export function ownAddresses(cfg: EmailConfig): Set<string> {
  const s = new Set([cfg.fromAddress.toLowerCase()]);
  if (cfg.username.includes('@')) s.add(cfg.username.toLowerCase());
  return s;
}

const L = (en: string, da: string, ru: string) => ({ en, da, ru });
const SECURITY_OPTIONS = [
  { value: 'tls', label: L('TLS (implicit)', 'TLS (implicit)', 'TLS (сразу)') },
  { value: 'starttls', label: L('STARTTLS', 'STARTTLS', 'STARTTLS') },
  { value: 'none', label: L('None (unencrypted)', 'Ingen (ukrypteret)', 'Нет (без шифрования)') },
];

export const EMAIL_FIELDS: ReadonlyArray<FieldSpec> = [
  {
    key: 'imapHost',
    kind: 'text',
    required: true,
    label: L('IMAP server', 'IMAP-server', 'IMAP-сервер'),
    placeholder: 'imap.example.com',
  },
  {
    key: 'imapPort',
    kind: 'number',
    required: false,
    label: L('IMAP port', 'IMAP-port', 'Порт IMAP'),
    placeholder: '993',
  },
  {
    key: 'imapSecurity',
    kind: 'select',
    required: false,
    label: L('IMAP encryption', 'IMAP-kryptering', 'Шифрование IMAP'),
    options: SECURITY_OPTIONS,
  },
  {
    key: 'username',
    kind: 'text',
    required: true,
    label: L('User name', 'Brugernavn', 'Имя пользователя'),
    help: L(
      'Login for IMAP and SMTP, usually the mailbox address.',
      'Login til IMAP og SMTP, som regel postkassens adresse.',
      'Логин для IMAP и SMTP, обычно адрес ящика.',
    ),
  },
  {
    key: 'mailbox',
    kind: 'text',
    required: false,
    label: L('Mailbox', 'Postkasse', 'Папка'),
    placeholder: 'INBOX',
  },
  {
    key: 'sentFolder',
    kind: 'text',
    required: false,
    label: L('Sent folder', 'Mappe for sendt post', 'Папка «Отправленные»'),
    help: L(
      'Empty: the folder the server marks as Sent.',
      'Tom: den mappe, serveren markerer som Sendt.',
      'Пусто: папка, которую сервер отмечает как «Отправленные».',
    ),
  },
  {
    key: 'sentCopy',
    kind: 'select',
    required: false,
    label: L('Copy of replies in Sent', 'Kopi af svar i Sendt', 'Копия ответов в «Отправленных»'),
    options: [
      { value: 'append', label: L('Steward saves it', 'Steward gemmer den', 'Сохраняет Steward') },
      {
        value: 'server',
        label: L(
          'The server saves it (Gmail, Microsoft 365)',
          'Serveren gemmer den (Gmail, Microsoft 365)',
          'Сохраняет сервер (Gmail, Microsoft 365)',
        ),
      },
    ],
  },
  {
    key: 'smtpHost',
    kind: 'text',
    required: true,
    label: L('SMTP server', 'SMTP-server', 'SMTP-сервер'),
    placeholder: 'smtp.example.com',
  },
  {
    key: 'smtpPort',
    kind: 'number',
    required: false,
    label: L('SMTP port', 'SMTP-port', 'Порт SMTP'),
    placeholder: '587',
  },
  {
    key: 'smtpSecurity',
    kind: 'select',
    required: false,
    label: L('SMTP encryption', 'SMTP-kryptering', 'Шифрование SMTP'),
    options: SECURITY_OPTIONS,
  },
  {
    key: 'fromAddress',
    kind: 'text',
    required: true,
    label: L('From address', 'Afsenderadresse', 'Адрес отправителя'),
    placeholder: 'support@brand.example',
  },
  {
    key: 'fromName',
    kind: 'text',
    required: false,
    label: L('Sender name', 'Afsendernavn', 'Имя отправителя'),
    placeholder: 'Brand Support',
  },
  {
    key: 'signature',
    kind: 'textarea',
    required: false,
    label: L('Signature', 'Signatur', 'Подпись'),
    help: L(
      'Added below every reply.',
      'Tilføjes under hvert svar.',
      'Добавляется под каждым ответом.',
    ),
  },
  {
    key: 'bccSelf',
    kind: 'boolean',
    required: false,
    label: L(
      'Blind copy of replies to this mailbox',
      'Bcc af svar til denne postkasse',
      'Скрытая копия ответов в этот ящик',
    ),
    help: L(
      'Lets Steward find a reply whose sending was interrupted before it would send it again.',
      'Lader Steward finde et svar, hvis afsendelse blev afbrudt, før det ellers sendes igen.',
      'Позволяет Steward найти ответ, отправка которого прервалась, прежде чем отправить его снова.',
    ),
  },
  {
    key: 'authMethod',
    kind: 'select',
    required: false,
    label: L('Sign-in', 'Log ind', 'Вход'),
    options: [
      { value: 'password', label: L('Password', 'Adgangskode', 'Пароль') },
      {
        value: 'xoauth2',
        label: L(
          'OAuth2 access token (XOAUTH2)',
          'OAuth2-adgangstoken (XOAUTH2)',
          'Токен доступа OAuth2 (XOAUTH2)',
        ),
      },
    ],
  },
  {
    key: 'password',
    kind: 'secret',
    required: false,
    when: { key: 'authMethod', in: ['password'] },
    label: L('Password', 'Adgangskode', 'Пароль'),
    help: L(
      'An app password where the provider offers one. Stored encrypted, never shown again.',
      'En app-adgangskode, hvor udbyderen tilbyder det. Gemmes krypteret og vises aldrig igen.',
      'Пароль приложения, если провайдер его предлагает. Хранится в зашифрованном виде.',
    ),
  },
  {
    key: 'accessToken',
    kind: 'secret',
    required: false,
    when: { key: 'authMethod', in: ['xoauth2'] },
    label: L('Access token', 'Adgangstoken', 'Токен доступа'),
  },
  {
    key: 'tlsCa',
    kind: 'textarea',
    required: false,
    label: L(
      'Trusted certificate (PEM)',
      'Betroet certifikat (PEM)',
      'Доверенный сертификат (PEM)',
    ),
    help: L(
      'Only for a server with a private CA or a self-signed certificate: paste that CA or certificate. The server name is still checked.',
      'Kun for en server med egen CA eller et selvsigneret certifikat: indsæt den CA eller det certifikat. Servernavnet kontrolleres stadig.',
      'Только для сервера с частным УЦ или самоподписанным сертификатом: вставьте этот УЦ или сертификат. Имя сервера всё равно проверяется.',
    ),
  },
  {
    key: 'allowInsecure',
    kind: 'boolean',
    required: false,
    label: L(
      'Allow unencrypted connections',
      'Tillad ukrypterede forbindelser',
      'Разрешить соединения без шифрования',
    ),
    help: L(
      'Needed for encryption "None". Passwords cross the network readable.',
      'Kræves for kryptering "Ingen". Adgangskoder sendes læsbart.',
      'Нужно для шифрования «Нет». Пароли передаются открытым текстом.',
    ),
  },
];
