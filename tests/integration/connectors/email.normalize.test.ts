// The email normaliser on our own .eml fixtures (tests/fixtures/email: charsets, mislabelled bodies,
// HTML-only mail, hostile attachment names, broken MIME, threading cases, an mbox) and, where the
// recorded corpus is present, on every real .eml of ../shared/payloads/email (never copied here).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replayFileAsync } from '../../../build/replay/main';
import { emailConnector, replayEmail } from '../../../electron/core/connectors/email';
import { decodeBody, repairMojibake } from '../../../electron/core/connectors/email/charset';
import { splitMbox } from '../../../electron/core/connectors/email/mbox';
import {
  normalizeMessage,
  sanitizeFileName,
  type NormalizeResult,
} from '../../../electron/core/connectors/email/normalize';
import { findQuoteMarks } from '../../../electron/core/connectors/email/quotes';
import {
  normalizeSubject,
  parseIds,
  ThreadMemory,
} from '../../../electron/core/connectors/email/thread';
import type { NormalizedItem } from '../../../electron/core/connectors/types';
// Attachment names must not carry path separators or control characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_NAME = /[\\/\u0000-\u001f]/;

const here = fileURLToPath(new URL('.', import.meta.url));
const FIX = join(here, '..', '..', 'fixtures', 'email');
const SHARED = join(here, '..', '..', '..', '..', 'shared', 'payloads', 'email');
const raw = (f: string) => readFileSync(join(FIX, f));
const own = new Set(['support@brand.example']);

async function norm(f: string | Buffer, memory = new ThreadMemory()): Promise<NormalizeResult> {
  return normalizeMessage(typeof f === 'string' ? raw(f) : f, {
    ownAddresses: own,
    memory,
    now: 1_700_000_000_000,
  });
}
async function item(f: string, memory?: ThreadMemory): Promise<NormalizedItem> {
  const r = await norm(f, memory);
  if (!('item' in r)) throw new Error(`not an item: ${JSON.stringify(r).slice(0, 300)}`);
  return r.item;
}

describe('charsets', () => {
  it('decodes koi8-r quoted-printable bodies and encoded-word headers', async () => {
    const i = await item('koi8r-qp.eml');
    expect(i.message.bodyText).toContain('Здравствуйте! Мой заказ N 4711 не пришёл.');
    expect(i.conversation.title).toBe('Заказ');
    expect(i.member.displayName).toBe('Ольга Петрова');
  });
  it('decodes Danish iso-8859-1 (QP) in body, subject and name', async () => {
    const i = await item('danish-latin1-qp.eml');
    expect(i.message.bodyText).toContain('rødgrød med fløde og et æble til Århus');
    expect(i.conversation.title).toBe('Bestilling fra København');
    expect(i.member.displayName).toBe('Søren Æbelø');
  });
  it('recovers mislabelled bodies: windows-1251 as latin1, UTF-8 as latin1, latin1 as UTF-8', async () => {
    expect((await item('cp1251-labelled-latin1.eml')).message.bodyText).toContain(
      'Добрый день, где моя посылка?',
    );
    expect((await item('utf8-labelled-latin1.eml')).message.bodyText).toContain(
      'Blåbærgrød og æbleskiver',
    );
    const l = await item('latin1-labelled-utf8.eml');
    expect(l.message.bodyText).toContain('Hvornår kommer pakken til Ærø?');
    expect(l.message.bodyText).not.toContain('\uFFFD');
  });
  it('decodeBody keeps honest labels and sniffs unknown ones', () => {
    const dk = Buffer.from('Kære kunde, æøå', 'latin1');
    expect(decodeBody(dk, 'iso-8859-1')).toBe('Kære kunde, æøå');
    expect(decodeBody(dk, 'x-unknown')).toBe('Kære kunde, æøå');
    expect(decodeBody(Buffer.from([0xbd, 0xba, 0xc6, 0xbc]), 'CP949')).toBe('스티');
    expect(repairMojibake('KÃ¸benhavn')).toBe('København');
    expect(repairMojibake('Ã and plain')).toBe('Ã and plain');
  });
});

describe('content', () => {
  it('HTML-only mail: text through the shared converter, HTML kept with its images for the sanitizer', async () => {
    const i = await item('html-only.eml');
    expect(i.message.bodyText).toContain('The app crashes & shows error 42.');
    expect(i.message.bodyText).not.toContain('alert(1)');
    expect(i.message.bodyHtml).toContain('https://tracker.example/pixel.gif');
    expect(i.message.bodyHtml).toContain('cid:shot1@local'); // not inlined as data: (attachments are never embedded)
    const q = i.message.meta!.quotedFrom as number;
    expect(i.message.bodyText.slice(q)).toMatch(/^On Mon, 2 Feb 2026 at 10:00, Support/);
    expect(i.message.bodyText.slice(q)).toContain('> Please send a screenshot.');
  });
  it('attachments are metadata with safe names; quoted history and signature are marked, not removed', async () => {
    const i = await item('reply-with-attachments.eml');
    expect(i.message.attachments!.map((a) => a.name)).toEqual(['passwd.pdf', 'photo.png']);
    for (const a of i.message.attachments!) expect(a.name).not.toMatch(UNSAFE_NAME);
    expect(i.message.attachments![0]).toMatchObject({
      contentType: 'application/pdf',
      url: null,
      size: 13,
    });
    const t = i.message.bodyText;
    const { quotedFrom, signatureFrom } = i.message.meta as {
      quotedFrom: number;
      signatureFrom: number;
    };
    expect(t.slice(0, signatureFrom).trim()).toBe('Thanks, that worked!');
    expect(t.slice(signatureFrom, quotedFrom).trim()).toBe('-- \nMegan'.trim());
    expect(t.slice(quotedFrom)).toContain('> Try restarting it.');
    expect(i.conversation.meta).toMatchObject({
      memberAddress: 'megan.private@client.example',
      rootMessageId: 'root.2@client.example',
    });
    expect(i.message.meta).toMatchObject({
      replyTo: 'megan.private@client.example',
      messageId: 'reply.2@client.example',
      inReplyTo: 'root.2@client.example',
    });
  });
  it('sanitizes names: no path, no control characters, no leading dots', () => {
    expect(sanitizeFileName('..\\..\\win\\evil.exe')).toBe('evil.exe');
    expect(sanitizeFileName('a/b/\u0007.bashrc')).toBe('bashrc');
    expect(sanitizeFileName('\u202eexe.pdf')).toBe('exe.pdf');
    expect(sanitizeFileName('')).toBe('attachment');
  });
  it('broken MIME keeps its text; a bad Date falls back; delivery reports are skipped', async () => {
    const b = await item('broken-mime.eml');
    expect(b.message.bodyText).toContain('Plain text where parts should be.');
    expect(b.message.createdAt).toBe(1_700_000_000_000);
    expect(await norm('bounce.eml')).toEqual({ skipped: 'delivery status notification' });
  });
  it('quarantines what is not mail, with a reason and the raw bytes', async () => {
    const r = await norm(Buffer.from('\u0000\u0001garbage without headers'));
    expect('rejected' in r && r.rejected.reason).toMatch(/sender|headers/);
    expect('rejected' in r && (r.rejected.raw as { eml: string }).eml).toContain('garbage');
    const e = await norm(Buffer.alloc(0));
    expect('rejected' in e && e.rejected.reason).toBe('empty message');
  });
  it('our own address is staff (outbound)', async () => {
    expect((await item('thread-2-reply-refs.eml')).member.isStaff).toBe(true);
    expect((await item('thread-1-root.eml')).member.isStaff).toBe(false);
  });
});

describe('threading', () => {
  it('joins by References, by In-Reply-To through a known message, and by subject + sender without references', async () => {
    const mem = new ThreadMemory();
    const ids = [];
    for (const f of [
      'thread-1-root.eml',
      'thread-2-reply-refs.eml',
      'thread-3-irt-only.eml',
      'thread-4-no-refs.eml',
    ])
      ids.push((await item(f, mem)).conversation.externalId);
    expect(ids).toEqual(Array(4).fill('t.root@client.example'));
  });
  it('is the same when replies arrive before the root (missing root names the thread)', async () => {
    const mem = new ThreadMemory();
    const late = [];
    for (const f of ['thread-3-irt-only.eml', 'thread-2-reply-refs.eml', 'thread-1-root.eml'])
      late.push((await item(f, mem)).conversation.externalId);
    // The IRT-only reply came first, naming its parent; the parent then joins it, and the root too.
    expect(new Set(late).size).toBe(1);
    const lost = await item('thread-8-missing-root.eml');
    expect(lost.conversation.externalId).toBe('t.m0@client.example');
  });
  it('survives reference cycles and two messages sharing one Message-ID', async () => {
    const c = await item('thread-5-cycle.eml');
    expect(c.conversation.externalId).toBe('t.c2@client.example');
    const mem = new ThreadMemory();
    const a = await item('thread-6-dup-id-a.eml', mem);
    const b = await item('thread-7-dup-id-b.eml', mem);
    expect(a.message.externalId).not.toBe(b.message.externalId);
    expect(a.message.externalId.startsWith('dup@client.example#')).toBe(true);
    // The same bytes again (e.g. after a UIDVALIDITY change) give the same key: no duplicate.
    expect((await item('thread-6-dup-id-a.eml', mem)).message.externalId).toBe(
      a.message.externalId,
    );
  });
  it('keys mail without a Message-ID by a digest of stable headers', async () => {
    const a = await item('no-message-id.eml');
    const b = await item('no-message-id.eml');
    expect(a.message.externalId).toMatch(/^h:[0-9a-f]{32}$/);
    expect(a.message.externalId).toBe(b.message.externalId);
  });
  it('normalises subjects and parses id lists', () => {
    expect(normalizeSubject('Re: AW: SV: Отв: Fwd: [list] Printer  on fire')).toBe(
      'printer on fire',
    );
    expect(normalizeSubject('RE[2]: Hello')).toBe('hello');
    expect(parseIds('<a@b> <c@d>  <a@b> junk')).toEqual(['a@b', 'c@d']);
    expect(parseIds(['<x@y>', 42])).toEqual(['x@y']);
  });
});

describe('quotes', () => {
  it('does not fold a bottom-posted answer or a forward', () => {
    expect(findQuoteMarks('On Mon, Bob wrote:\n> Hi\nHello').quotedFrom).toBeNull();
    expect(
      findQuoteMarks('---------- Forwarded message ----------\nFrom: a\n').quotedFrom,
    ).toBeNull();
    expect(
      findQuoteMarks('Hej\n\nDen 3. feb. 2026 kl. 10.00 skrev Lars <l@x.dk>:\n> spørgsmål')
        .quotedFrom,
    ).toBe(5);
    expect(
      findQuoteMarks('Да\n\n5 февр. 2026 г., в 10:00, Олег <o@x.ru> написал(а):\n> вопрос')
        .quotedFrom,
    ).toBe(4);
  });
  const talon = join(SHARED, 'talon', 'standard_replies');
  it.skipIf(!existsSync(talon))(
    'finds the quote where talon’s expected reply text ends (recorded corpus)',
    async () => {
      for (const name of ['iphone', 'sparrow']) {
        const expected = readFileSync(join(talon, `${name}_reply_text`), 'utf8').trim();
        const r = await normalizeMessage(readFileSync(join(talon, `${name}.eml`)), {
          ownAddresses: own,
          memory: new ThreadMemory(),
          now: 0,
        });
        if (!('item' in r)) throw new Error(name);
        const q = r.item.message.meta!.quotedFrom as number;
        expect(r.item.message.bodyText.slice(0, q).replace(/\s+/g, ' ').trim()).toBe(
          expected.replace(/\s+/g, ' '),
        );
      }
    },
  );
});

describe('replay', () => {
  it('replays .eml and .mbox (RFC 4155, >From unquoted) through the connector', async () => {
    const one = await replayEmail(raw('koi8r-qp.eml'), { fileName: 'koi8r-qp.eml' });
    expect(one.items).toHaveLength(1);
    const box = await replayEmail(raw('three.mbox'), { fileName: 'three.mbox' });
    expect(box.items.map((i) => i.message.meta!.messageId)).toEqual([
      't.root@client.example',
      't.r1@brand.example',
      'mbox.3@client.example',
    ]);
    expect(box.items[2]!.message.bodyText).toContain('\nFrom the start, this was quoted.');
    expect(box.items[0]!.conversation.externalId).toBe(box.items[1]!.conversation.externalId);
    expect(
      splitMbox(Buffer.from('From a Mon\nSubject: x\n\nbody\nFrom b not after a blank line\n'))
        .messages,
    ).toHaveLength(1);
  });
  it('prints the same line as other platforms (replayFileAsync, the `npm run replay` path)', async () => {
    const line = await replayFileAsync(emailConnector, join(FIX, 'bounce.eml'), raw('bounce.eml'));
    expect(line).toEqual({
      file: join(FIX, 'bounce.eml'),
      items: 0,
      quarantined: 0,
      skipped: 1,
      errors: [],
    });
    const bad = await replayFileAsync(emailConnector, 'x.eml', Buffer.from('no mail here'));
    expect(bad.quarantined).toBe(1);
    expect(bad.errors[0]).toMatch(/quarantined: /);
  });
});

function emls(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...emls(p));
    else if (p.endsWith('.eml')) out.push(p);
  }
  return out;
}

describe.skipIf(!existsSync(SHARED))('the recorded corpus (../shared/payloads/email)', () => {
  it('every message is an item, a skip or quarantined with a reason; never an exception', async () => {
    const files = emls(SHARED);
    expect(files.length).toBeGreaterThan(100);
    const memory = new ThreadMemory();
    let items = 0;
    for (const f of files) {
      const r = await normalizeMessage(readFileSync(f), { ownAddresses: own, memory, now: 0 });
      if ('item' in r) {
        items++;
        expect(typeof r.item.message.bodyText).toBe('string');
        expect(r.item.message.externalId.length).toBeGreaterThan(0);
        for (const a of r.item.message.attachments ?? []) expect(a.name).not.toMatch(UNSAFE_NAME);
        JSON.stringify(r.item);
      } else if ('rejected' in r) expect(r.rejected.reason.length).toBeGreaterThan(3);
      else expect(r.skipped.length).toBeGreaterThan(3);
    }
    expect(items).toBeGreaterThan(files.length * 0.8);
  }, 120_000);
});
