// electron/core/connectors/email: one raw RFC 5322 message (bytes) → a NormalizedItem, a skip
// (automated mail) or a RejectedItem with the reason. MIME, charsets and transfer encodings are
// mailparser's (with our charset hook, charset.ts); HTML → text is the shared electron/core/text/html.ts.
// Inbound mail is hostile: the result never throws, sizes are bounded, names are sanitised, the HTML
// is kept as received (remote and inline `cid:` images stay links the renderer's sanitizer blocks:
// nothing is fetched here and attachments are never inlined).
import { createHash } from 'node:crypto';
import type * as MailparserLib from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import { lazyModule } from '../../lazyModule';
import { htmlToText } from '../../text/html';
import type { NormalizedItem, RejectedItem } from '../types';
import {
  CharsetDecoder,
  SNIFF_LABEL,
  decodeBody,
  relabelForSniffing,
  repairMojibake,
} from './charset';
import { findQuoteMarks } from './quotes';
import { parseIds, type ThreadMemory } from './thread';

/** Largest message we parse (bytes); larger ones are quarantined with their headers only. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** Longest body text/HTML kept (characters). */
const MAX_BODY_CHARS = 1_000_000;
/** Raw bytes kept with a quarantined message. */
const MAX_RAW_KEPT = 256 * 1024;
const MAX_ATTACHMENTS = 100;

export type NormalizeContext = {
  /** Our own addresses (the sender identity, the IMAP user): their mail is outbound (isStaff). */
  ownAddresses: ReadonlySet<string>;
  memory: ThreadMemory;
  /** The IMAP INTERNALDATE (ms), preferred to the Date header for the received time. */
  receivedAt?: number | null;
  now: number;
  uid?: number;
};

export type NormalizeResult =
  { item: NormalizedItem } | { rejected: RejectedItem } | { skipped: string };

// eslint-disable-next-line no-control-regex -- control characters are what is removed
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** An attachment name safe to show and to save: no path, no control characters, no leading dots. */
export function sanitizeFileName(name: unknown): string {
  const raw = typeof name === 'string' ? name : '';
  const base = raw.replace(CONTROL, '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 200);
  return clean || 'attachment';
}

/** Raw bytes for the quarantine (latin1 keeps every byte, bounded). */
export function rawForQuarantine(
  bytes: Uint8Array,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, MAX_RAW_KEPT));
  return {
    ...extra,
    size: bytes.byteLength,
    truncated: bytes.byteLength > MAX_RAW_KEPT,
    eml: b.toString('latin1'),
  };
}

const hex = (s: string, n = 16) => createHash('sha256').update(s).digest('hex').slice(0, n);

function headerLine(mail: ParsedMail, key: string): string {
  const line = mail.headerLines.find((h) => h.key === key)?.line ?? '';
  const i = line.indexOf(':');
  return (i >= 0 ? line.slice(i + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
}

/**
 * The message's external id. Keyed by Message-ID, not by IMAP UID, so a UIDVALIDITY change or a
 * second copy of the same message never makes a duplicate. A short digest of stable headers (From,
 * Date, Subject, exactly as written) tells apart two different messages that share one Message-ID;
 * without a Message-ID the key is a digest of those headers, To and the body.
 */
export function messageKey(
  mail: ParsedMail,
  body: string,
): { key: string; messageId: string | null } {
  const messageId = parseIds(mail.messageId ?? headerLine(mail, 'message-id'))[0] ?? null;
  const stable = ['from', 'date', 'subject'].map((k) => headerLine(mail, k)).join('\n');
  if (messageId) return { key: `${messageId}#${hex(stable, 10)}`, messageId };
  return {
    key: `h:${hex(`${stable}\n${headerLine(mail, 'to')}\n${body.slice(0, 20_000)}`, 32)}`,
    messageId: null,
  };
}

const firstAddress = (
  a: AddressObject | AddressObject[] | undefined,
): { address: string; name: string } | null => {
  for (const o of Array.isArray(a) ? a : a ? [a] : []) {
    for (const v of o.value ?? []) {
      const list = v.group?.length ? v.group : [v];
      for (const x of list) {
        const addr = typeof x.address === 'string' ? x.address.trim().toLowerCase() : '';
        if (/^[^\s@]+@[^\s@]+$/.test(addr) && addr.length <= 320)
          return {
            address: addr,
            name: repairMojibake((x.name ?? '').replace(CONTROL, '').trim()).slice(0, 200),
          };
      }
    }
  }
  return null;
};

/** Delivery reports, read receipts, abuse reports and auto-replies: not member traffic. */
function automated(mail: ParsedMail): string | null {
  const ct = headerLine(mail, 'content-type').toLowerCase();
  if (/multipart\/report/.test(ct)) {
    if (/delivery-status/.test(ct)) return 'delivery status notification';
    if (/disposition-notification/.test(ct)) return 'read receipt';
    if (/feedback-report/.test(ct)) return 'abuse report (ARF)';
    return 'report';
  }
  const auto = headerLine(mail, 'auto-submitted').toLowerCase();
  if (auto && auto !== 'no') return `automatic message (Auto-Submitted: ${auto.slice(0, 40)})`;
  return null;
}

/**
 * A header value that came out with U+FFFD: raw 8-bit bytes in the header (no encoded-word), in the
 * charset the message's bodies declare, or sniffed. Anything else is returned unchanged.
 */
export function repairRawHeader(value: string, bytes: Buffer, name: string): string {
  if (!value.includes('\uFFFD')) return repairMojibake(value);
  let end = bytes.indexOf('\r\n\r\n');
  if (end < 0) end = bytes.indexOf('\n\n');
  const head = bytes
    .subarray(0, end < 0 ? Math.min(bytes.length, 1 << 20) : end)
    .toString('latin1');
  const m = new RegExp(`^${name}[ \\t]*:[ \\t]*((?:[^\\r\\n]|\\r?\\n[ \\t])*)`, 'im').exec(head);
  if (!m || /=\?[^?]+\?[bq]\?/i.test(m[1]!) || !/[\x80-\xff]/.test(m[1]!)) return value;
  const hint = /charset\s*=\s*"?([a-z0-9._:-]{1,40})/i.exec(
    bytes.subarray(0, Math.min(bytes.length, 1 << 20)).toString('latin1'),
  )?.[1];
  const decoded = decodeBody(
    Buffer.from(m[1]!.replace(/\r?\n[ \t]+/g, ' '), 'latin1'),
    hint && !/^(utf-?8|us-ascii|ascii)$/i.test(hint) ? hint : SNIFF_LABEL,
  );
  return decoded.includes('\uFFFD') ? value : decoded.replace(CONTROL, ' ').trim();
}

/** mailparser (with libmime and html-to-text), loaded when the first message is read. */
const parserLib = lazyModule<typeof MailparserLib>(() => import('mailparser'));

async function parse(bytes: Buffer): Promise<ParsedMail> {
  const { simpleParser } = await parserLib.load();
  const opts = {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    keepCidLinks: true,
    checksumAlgo: false as const,
    maxHtmlLengthToParse: MAX_BODY_CHARS,
    Iconv: CharsetDecoder as never,
  };
  const first = await simpleParser(bytes, opts);
  const garbled = (s: unknown) => typeof s === 'string' && s.includes('\uFFFD');
  // 8-bit bytes in a part labelled (or defaulted to) UTF-8/ASCII that are not UTF-8: parse again,
  // letting those parts' bytes be sniffed. A message that really contains U+FFFD keeps the first parse.
  if (
    (garbled(first.text) || garbled(first.html)) &&
    !bytes.includes(Buffer.from('\uFFFD', 'utf8'))
  ) {
    try {
      return await simpleParser(relabelForSniffing(bytes), opts);
    } catch {
      return first;
    }
  }
  return first;
}

/** Parses and normalises one message. Never throws. */
export async function normalizeMessage(
  input: Uint8Array,
  ctx: NormalizeContext,
): Promise<NormalizeResult> {
  const bytes = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const where = ctx.uid !== undefined ? { uid: ctx.uid } : {};
  const reject = (reason: string): NormalizeResult => ({
    rejected: { reason, raw: rawForQuarantine(bytes, where) },
  });
  if (bytes.length === 0) return reject('empty message');
  if (bytes.length > MAX_MESSAGE_BYTES)
    return reject(`message too large (${bytes.length} bytes, limit ${MAX_MESSAGE_BYTES})`);
  let mail: ParsedMail;
  try {
    mail = await parse(bytes);
  } catch (err) {
    return reject(`unreadable MIME: ${String((err as Error)?.message ?? err).slice(0, 200)}`);
  }
  try {
    return build(mail, bytes, ctx, reject);
  } catch (err) {
    return reject(`could not normalise: ${String((err as Error)?.message ?? err).slice(0, 200)}`);
  }
}

function build(
  mail: ParsedMail,
  bytes: Buffer,
  ctx: NormalizeContext,
  reject: (r: string) => NormalizeResult,
): NormalizeResult {
  if (!mail.headerLines.length) return reject('no headers: not an email message');
  const from =
    firstAddress(mail.from) ??
    firstAddress(mail.headers.get('sender') as AddressObject | undefined);
  if (!from) return reject('no sender address (From is missing or unreadable)');
  const auto = automated(mail);
  if (auto) return { skipped: auto };

  const html = typeof mail.html === 'string' ? mail.html.slice(0, MAX_BODY_CHARS) : '';
  const plain = typeof mail.text === 'string' ? mail.text.replace(/\r\n?/g, '\n') : '';
  // HTML-only mail: the text comes from the shared converter (quotes as "> " lines, so they fold too).
  let bodyText = (
    plain.trim() ? plain : html ? htmlToText(html, { quotes: 'prefix', links: 'inline' }) : ''
  )
    // eslint-disable-next-line no-control-regex -- NUL characters are removed from stored text
    .replace(/\u0000/g, '')
    .slice(0, MAX_BODY_CHARS);
  if (!bodyText.trim() && !html && !mail.attachments?.length) bodyText = rawBody(bytes);
  const bodyHtml = html || textToHtml(bodyText);
  const subject = repairRawHeader(
    (mail.subject ?? '').replace(CONTROL, ' ').trim(),
    bytes,
    'subject',
  ).slice(0, 500);
  const { key, messageId } = messageKey(mail, bodyText);
  const references = parseIds(mail.references ?? headerLine(mail, 'references'));
  const inReplyTo = parseIds(mail.inReplyTo ?? headerLine(mail, 'in-reply-to'));
  // mailparser substitutes "now" for a missing or unreadable Date: only a Date header that parses counts.
  const dateLine = headerLine(mail, 'date');
  const headerDate =
    dateLine &&
    Number.isFinite(Date.parse(dateLine.replace(/\([^)]*\)/g, ''))) &&
    mail.date instanceof Date &&
    Number.isFinite(mail.date.getTime())
      ? mail.date.getTime()
      : null;
  const createdAt = ctx.receivedAt ?? headerDate ?? ctx.now;
  const conversationId = ctx.memory.resolve({
    key,
    messageId,
    references,
    inReplyTo,
    sender: from.address,
    subject,
    at: createdAt,
  });
  const replyTo = firstAddress(mail.replyTo);
  const marks = findQuoteMarks(bodyText);
  const attachments = (mail.attachments ?? []).slice(0, MAX_ATTACHMENTS).map((a) => ({
    name: sanitizeFileName(
      repairMojibake(a.filename ?? (a.contentType?.startsWith('message/') ? 'message.eml' : '')),
    ),
    contentType: typeof a.contentType === 'string' ? a.contentType.slice(0, 100) : null,
    size: Number.isSafeInteger(a.size) ? a.size : null,
    url: null,
  }));
  const chain = [...references.filter((r) => r !== messageId)];
  for (const r of inReplyTo) if (!chain.includes(r) && r !== messageId) chain.push(r);
  const isStaff = ctx.ownAddresses.has(from.address);
  const item: NormalizedItem = {
    conversation: {
      externalId: conversationId,
      title: subject || bodyText.replace(/\s+/g, ' ').trim().slice(0, 80) || '(no subject)',
      url: null,
      createdAt,
      kind: 'email',
      meta: {
        rootMessageId: conversationId.includes('@') ? conversationId : messageId,
        subject,
        references: [...chain, ...(messageId ? [messageId] : [])].slice(-50),
        memberAddress: isStaff ? null : (replyTo?.address ?? from.address),
        memberName: isStaff ? null : from.name || null,
      },
    },
    member: {
      externalId: from.address,
      username: from.address,
      displayName: from.name || from.address,
      avatarUrl: null,
      isStaff,
    },
    message: {
      externalId: key,
      bodyHtml,
      bodyText,
      createdAt,
      editedAt: null,
      version: 1,
      deleted: false,
      url: null,
      replyToExternalId: null,
      attachments,
      meta: {
        messageId,
        inReplyTo: inReplyTo[0] ?? null,
        references: chain.slice(-50),
        subject,
        from: from.address,
        replyTo: replyTo?.address ?? null,
        date: headerDate,
        quotedFrom: marks.quotedFrom,
        signatureFrom: marks.signatureFrom,
        ...(ctx.uid !== undefined ? { uid: ctx.uid } : {}),
        size: bytes.length,
      },
    },
  };
  return { item };
}

/** Broken MIME that yielded no part (a multipart without its boundaries): the raw body, sniffed, so nothing is lost. */
function rawBody(bytes: Buffer): string {
  let start = bytes.indexOf('\r\n\r\n');
  start = start < 0 ? bytes.indexOf('\n\n') : start;
  if (start < 0) return '';
  const body = bytes.subarray(start, Math.min(bytes.length, start + MAX_BODY_CHARS));
  return decodeBody(body, SNIFF_LABEL).replace(CONTROL_BODY, '').trim();
}
// eslint-disable-next-line no-control-regex -- control characters are what is removed (newlines and tabs stay)
const CONTROL_BODY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Plain-text mail → HTML for the pane: escaped paragraphs, the signature in a
 * `<div class="mail-signature">` and the quoted history in a `<blockquote>` (the pane folds both).
 */
export function textToHtml(text: string): string {
  const { quotedFrom, signatureFrom } = findQuoteMarks(text);
  const para = (t: string) =>
    t
      .split(/\n{2,}/)
      .filter((p) => p.trim())
      .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
      .join('\n');
  const end = quotedFrom ?? text.length;
  const sig = signatureFrom !== null && signatureFrom < end ? signatureFrom : null;
  const body =
    sig === null
      ? para(text.slice(0, end))
      : `${para(text.slice(0, sig))}\n<div class="mail-signature">${para(text.slice(sig, end))}</div>`;
  if (quotedFrom === null) return body;
  return `${body}\n<blockquote data-quoted="true">${para(text.slice(quotedFrom))}</blockquote>`;
}
