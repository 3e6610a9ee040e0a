// The client report (PDF) through the contract on a real core: its data equals `reports.kpis` for the
// same month (and the previous calendar month), its hours statement equals the time room's pricing
// of the month's approved entries and `time.periods`, and the PDF's text layer — extracted with
// pdfjs-dist — carries those figures. One report per language renders with every drawn code point
// in the embedded font (fontkit), A4 and Letter have their page sizes, notable conversations are
// chosen by the account manager (audited) or by default, and an unapproved month shows no hours.
import { statSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPORT_FONTS } from '../../../electron/core/domains/reports/pdf/render';
import { reportText } from '../../../electron/core/domains/reports/pdf/text';
import { priceClientMonth } from '../../../electron/core/domains/time/pricing';
import { parseContract } from '../../../shared/billing/contract';
import type { ClientReportData, ReportLanguage } from '../../../shared/ipc/domains/reports';
import { makeCore } from '../../helpers/core';
import { missingGlyphs, readPdf } from './pdfText';
import { reportWorld, type ReportWorld } from './reportWorld';

/** Text with every run of white space (line breaks, no-break spaces) as one space. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

let w: ReportWorld;
const original = PDFDocument.prototype.text;
let data: ClientReportData;
const MONTH = '2026-11';

beforeAll(async () => {
  w = await reportWorld();
  data = await w.core.call('reports.clientReportData', { clientId: w.clientId, month: MONTH });
}, 120_000);
afterAll(async () => w.core.close());

describe('report data', () => {
  it('is reports.kpis of the month (in the contract zone) and of the previous calendar month', async () => {
    expect(data.from).toBe('2026-10-31T23:00:00.000Z'); // Europe/Copenhagen, CET
    expect(data.to).toBe('2026-11-30T23:00:00.000Z');
    const cur = await w.core.call('reports.kpis', {
      clientId: w.clientId,
      from: data.from,
      to: data.to,
    });
    const prev = await w.core.call('reports.kpis', {
      clientId: w.clientId,
      from: '2026-09-30T22:00:00.000Z',
      to: data.from,
    });
    expect(data.kpis.current).toEqual(cur.current);
    expect(data.kpis.previous).toEqual(prev.current);
    // The fixture really has traffic in both months, and conversations of the other client are not counted.
    expect(data.kpis.current.volume.conversationsIn).toBeGreaterThan(5);
    expect(data.kpis.previous.volume.conversationsIn).toBeGreaterThan(5);
    const mine = w.convs.filter(
      (c) =>
        c.clientId === w.clientId &&
        c.open >= Date.parse(data.from) &&
        c.open < Date.parse(data.to),
    );
    expect(data.kpis.current.volume.conversationsIn).toBe(mine.length);
  });

  it('states the approved hours exactly as the time room prices them', async () => {
    const h = data.hours;
    expect(h).toMatchObject({
      state: 'approved',
      approved: true,
      currency: 'DKK',
      exponent: 2,
      problem: null,
    });
    const contract = parseContract(
      (await w.core.call('time.contract', { clientId: w.clientId })).contract,
    );
    const rows = w.core.internals.repos.time.exportEntries(
      w.clientId,
      Date.parse(data.from),
      Date.parse(data.to),
    );
    const priced = priceClientMonth(contract, rows);
    expect(h.totals).toEqual({
      rawSeconds: priced.totals.rawSeconds,
      billedSeconds: priced.totals.billedSeconds,
      timeMinor: priced.totals.timeMinor,
      retainerFeeMinor: priced.totals.retainerFeeMinor,
      totalMinor: priced.totals.totalMinor,
    });
    expect(h.retainer).toMatchObject({
      includedSeconds: 900 * 60,
      usedSeconds: priced.retainer!.usedSeconds,
      overageSeconds: priced.retainer!.overageSeconds,
    });
    // The same month in the time room's period view.
    const period = (await w.core.call('time.periods', { month: MONTH })).find(
      (p) => p.clientId === w.clientId,
    )!;
    expect(h.totals!.totalMinor).toBe(period.totalMinor);
    expect(h.totals!.billedSeconds).toBe(period.billedSeconds);
    // Independent of the pricing code: raw seconds are the fixture's November entries; each billed
    // entry is rounded up to 15 minutes; admin is not billable.
    const nov = w.entries.filter(
      (e) => e.start >= Date.parse(data.from) && e.start < Date.parse(data.to),
    );
    expect(h.totals!.rawSeconds).toBe(nov.reduce((n, e) => n + e.seconds, 0));
    const billed = nov
      .filter((e) => e.activity !== 'admin')
      .reduce((n, e) => n + Math.ceil(e.seconds / 900) * 900, 0);
    expect(h.totals!.billedSeconds).toBe(billed);
    expect(h.byActivity.reduce((n, a) => n + a.billedSeconds, 0)).toBe(billed);
    expect(h.byActivity.find((a) => a.activity === 'admin')?.billable).toBe(false);
  });

  it('defaults to the month’s conversations with the most member messages', () => {
    expect(data.notable.chosenBy).toBe('messages');
    const from = Date.parse(data.from);
    const to = Date.parse(data.to);
    // Member messages in the month per conversation of this client (fixture messages: open + 37 min steps).
    const counts = w.convs
      .filter((c) => c.clientId === w.clientId)
      .map((c) => ({
        id: c.id,
        n: Array.from({ length: c.memberMessages }, (_, k) => c.open + k * 37 * 60_000).filter(
          (t) => t >= from && t < to,
        ).length,
      }))
      .filter((c) => c.n > 0)
      .sort((a, b) => b.n - a.n || a.id - b.id);
    expect(data.notable.items.map((i) => [i.conversationId, i.messagesInMonth])).toEqual(
      counts.slice(0, 5).map((c) => [c.id, c.n]),
    );
  });
});

describe('the PDF', () => {
  const render = (language: ReportLanguage, paper: 'a4' | 'letter' = 'a4') =>
    w.core.call('reports.clientReport', {
      clientId: w.clientId,
      month: MONTH,
      language,
      paper,
      reportId: `${language}-${paper}`,
    });

  it('carries the figures in its text layer (English, A4)', async () => {
    const events: { step: number; steps: number; done: boolean }[] = [];
    const off = w.core.onEvent((e) => {
      if (e.name === 'reports.clientReportProgress' && e.payload.reportId === 'en-a4')
        events.push(e.payload);
    });
    const t0 = performance.now();
    const res = await render('en');
    const ms = performance.now() - t0;
    off();
    console.log(
      `client report (en, A4, ${res.pages} pages, ${res.bytes} bytes): ${Math.round(ms)} ms`,
    );
    expect(res.path).toMatch(/exports\/steward-Fjord-Outdoor-2026-11-report-en-a4\.pdf$/);
    expect(statSync(res.path).size).toBe(res.bytes);
    expect(events.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11]);
    expect(events.at(-1)!.done).toBe(true);

    const pdf = await readPdf(res.path);
    expect(pdf.pages.length).toBe(res.pages);
    const text = pdf.text;
    const c = data.kpis.current;
    const tx = reportText('en', data.client.timezone);
    // Executive summary: sentences built from the figures and their change on the previous month.
    const p = data.kpis.previous;
    const change = (a: number, b: number) =>
      a === b
        ? 'unchanged'
        : `${a > b ? 'up' : 'down'} ${+((Math.abs(a - b) / b) * 100).toFixed(1)}%`;
    const summary = flat(pdf.pages[1]!.text);
    expect(summary).toContain(
      `Fjord Outdoor received ${c.volume.conversationsIn} new conversations and ${c.volume.messagesIn} member messages in November 2026 (${change(c.volume.conversationsIn, p.volume.conversationsIn)} on the previous month).`,
    );
    expect(summary).toContain(
      `${c.volume.activeMembers} members took part, ${c.volume.newMembers} of them for the first time.`,
    );
    expect(summary).toContain(
      `The team took ${c.moderation.total} moderation actions (${change(c.moderation.total, p.moderation.total)}).`,
    );
    expect(summary).toContain(
      `${(data.hours.retainer!.usedSeconds / 3600).toFixed(2)} of the 15.00 hours included in the retainer were used`,
    );
    // Cover.
    expect(pdf.pages[0]!.text).toContain('Fjord Outdoor');
    expect(pdf.pages[0]!.text).toContain('November 2026');
    // Volume.
    expect(text).toContain(
      `New conversations\n${c.volume.conversationsIn}\n${data.kpis.previous.volume.conversationsIn}`,
    );
    expect(text).toContain(`Member messages\n${c.volume.messagesIn}\n`);
    expect(text).toContain(`Active members\n${c.volume.activeMembers}\n`);
    // Responsiveness and SLA.
    expect(text).toContain(
      `First reply, median\n${tx.minutes(c.responsiveness.firstReplyMedianMinutes)}`,
    );
    for (const s of c.sla.filter((x) => x.total > 0)) {
      expect(text).toContain(
        `${tx.t(`sla.${s.metric}`)}\n${s.met}\n${s.breached}\n${tx.pct(s.attainmentPct)}`,
      );
    }
    expect(c.sla.some((s) => s.total > 0)).toBe(true);
    // Moderation.
    expect(text).toContain(
      `Moderation actions\n${c.moderation.total}\n${data.kpis.previous.moderation.total}`,
    );
    // Hours statement: exact money in the currency, hours with two decimals.
    const h = data.hours;
    const money = (m: number) =>
      `DKK ${(m / 100).toLocaleString('en', { minimumFractionDigits: 2 })}`;
    expect(text).toContain(`Total due\n${money(h.totals!.totalMinor)}`);
    expect(text).toContain(`Retainer fee\n${money(h.totals!.retainerFeeMinor)}`);
    expect(text).toContain(`Overage hours\n${(h.retainer!.overageSeconds / 3600).toFixed(2)}`);
    expect(text).toContain(`Retainer hours used\n${(h.retainer!.usedSeconds / 3600).toFixed(2)}`);
    // Notable conversations by title.
    for (const n of data.notable.items) expect(text).toContain(n.title);
    expect(text).not.toMatch(/\{\w+\}/); // no placeholder left unfilled
  }, 60_000);

  it.each(['en', 'da', 'ru'] as const)(
    'renders in %s with every drawn character in the embedded font',
    async (lang) => {
      // Every string handed to pdfkit's text() (what is drawn), besides the text layer read back.
      const drawn: string[] = [];
      const spy = vi.spyOn(PDFDocument.prototype, 'text').mockImplementation(function (
        this: PDFKit.PDFDocument,
        ...args: unknown[]
      ) {
        if (typeof args[0] === 'string') drawn.push(args[0]);
        return original.apply(this, args as never);
      });
      let res;
      try {
        res = await render(lang);
      } finally {
        spy.mockRestore();
      }
      expect(drawn.length).toBeGreaterThan(100);
      expect(missingGlyphs(REPORT_FONTS.regular, drawn.join('\n'))).toEqual([]);
      expect(missingGlyphs(REPORT_FONTS.bold, drawn.join('\n'))).toEqual([]);
      expect(res.language).toBe(lang);
      const pdf = await readPdf(res.path);
      const tx = reportText(lang, data.client.timezone);
      expect(pdf.text).toContain(tx.t('section.summary'));
      expect(pdf.text).toContain(tx.t('section.hours'));
      expect(pdf.text).toContain(tx.month(MONTH));
      expect(pdf.text).not.toMatch(/\{\w+\}/);
      expect(missingGlyphs(REPORT_FONTS.regular, pdf.text)).toEqual([]);
      expect(missingGlyphs(REPORT_FONTS.bold, pdf.text)).toEqual([]);
      // The language's own letters really were drawn (not only digits and Latin).
      if (lang === 'da') expect(pdf.text).toMatch(/[æøå]/);
      if (lang === 'ru') expect(pdf.text).toMatch(/[а-яё]/i);
      // Localised figures: the total due in the language's number style.
      expect(flat(pdf.text)).toContain(flat(tx.money(data.hours.totals!.totalMinor, 'DKK', 2)));
    },
    60_000,
  );

  it('is A4 or Letter', async () => {
    const a4 = await readPdf((await render('en', 'a4')).path);
    const letter = await readPdf((await render('en', 'letter')).path);
    for (const p of a4.pages)
      expect([Math.round(p.width), Math.round(p.height)]).toEqual([595, 842]);
    for (const p of letter.pages) expect([p.width, p.height]).toEqual([612, 792]);
  }, 60_000);
});

describe('choices of the account manager', () => {
  it('notable conversations: set in order with notes, audited, used by the report; other clients refused', async () => {
    const mine = w.convs.filter((c) => c.clientId === w.clientId);
    const picks = [mine[3]!, mine[1]!];
    const saved = await w.core.call('reports.setNotable', {
      clientId: w.clientId,
      month: MONTH,
      items: [
        { conversationId: picks[0]!.id, note: 'Størst ros – «спасибо»' },
        { conversationId: picks[1]!.id, note: '' },
      ],
    });
    expect(saved.map((s) => s.conversationId)).toEqual(picks.map((p) => p.id));
    const audit = w.core.internals.db
      .prepare("SELECT actor_id, data_json FROM audit_events WHERE action = 'report.notable'")
      .all() as { actor_id: number; data_json: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data_json)).toMatchObject({
      month: MONTH,
      conversationIds: picks.map((p) => p.id),
    });
    const d = await w.core.call('reports.clientReportData', { clientId: w.clientId, month: MONTH });
    expect(d.notable.chosenBy).toBe('manager');
    expect(d.notable.items.map((i) => [i.title, i.note])).toEqual([
      [picks[0]!.title, 'Størst ros – «спасибо»'],
      [picks[1]!.title, ''],
    ]);
    const pdf = await readPdf(
      (
        await w.core.call('reports.clientReport', {
          clientId: w.clientId,
          month: MONTH,
          language: 'da',
          reportId: 'n',
        })
      ).path,
    );
    expect(pdf.text).toContain('Udvalgt af jeres kundeansvarlige.');
    expect(flat(pdf.text)).toContain('Størst ros – «спасибо»');
    expect(missingGlyphs(REPORT_FONTS.regular, pdf.text)).toEqual([]);

    const foreign = w.convs.find((c) => c.clientId === w.otherId)!;
    await expect(
      w.core.call('reports.setNotable', {
        clientId: w.clientId,
        month: MONTH,
        items: [{ conversationId: foreign.id, note: '' }],
      }),
    ).rejects.toThrow(
      /invalid_input: items: conversation \d+ is not one of this client's conversations/,
    );
    // An empty list goes back to the default choice.
    await w.core.call('reports.setNotable', { clientId: w.clientId, month: MONTH, items: [] });
    const back = await w.core.call('reports.clientReportData', {
      clientId: w.clientId,
      month: MONTH,
    });
    expect(back.notable.chosenBy).toBe('messages');
  }, 60_000);

  it('report language: the client setting is used unless one is given; audited', async () => {
    expect(await w.core.call('reports.language', { clientId: w.clientId })).toEqual({
      clientId: w.clientId,
      language: null,
    });
    await w.core.call('reports.setLanguage', { clientId: w.clientId, language: 'ru' });
    const res = await w.core.call('reports.clientReport', {
      clientId: w.clientId,
      month: MONTH,
      reportId: 'l',
    });
    expect(res.language).toBe('ru');
    expect((await readPdf(res.path)).text).toContain('Отчёт о часах');
    expect(
      (
        await w.core.call('reports.clientReportData', {
          clientId: w.clientId,
          month: MONTH,
          language: 'da',
        })
      ).language,
    ).toBe('da');
    const audit = w.core.internals.db
      .prepare("SELECT data_json FROM audit_events WHERE action = 'report.language'")
      .all() as { data_json: string }[];
    expect(audit.map((a) => JSON.parse(a.data_json))).toEqual([{ from: null, to: 'ru' }]);
    await w.core.call('reports.setLanguage', { clientId: w.clientId, language: null });
  }, 60_000);

  it('an unapproved month shows no hours, only why', async () => {
    const d = await w.core.call('reports.clientReportData', {
      clientId: w.clientId,
      month: '2026-10',
    });
    expect(d.hours).toMatchObject({ state: 'open', approved: false, totals: null, problem: null });
    const pdf = await readPdf(
      (
        await w.core.call('reports.clientReport', {
          clientId: w.clientId,
          month: '2026-10',
          language: 'en',
          reportId: 'o',
        })
      ).path,
    );
    expect(pdf.text).toContain('The hours of October 2026 are open');
    expect(pdf.text).not.toContain('Total due');
  }, 60_000);

  it('hostile titles and notes are drawn safely: no controls or overrides, no missing glyph, capped', async () => {
    const src = w.core.internals.db
      .prepare("SELECT id FROM sources WHERE client_id = ? AND platform = 'discourse'")
      .get(w.clientId) as { id: number };
    const at = Date.parse('2026-11-20T10:00:00Z');
    const title = `\u202eevil\u0007 😀 漢字 ${'x'.repeat(5000)}`; // DejaVu has the emoticon, not the CJK
    w.core.internals.ingester.ingest(
      { id: src.id, clientId: w.clientId },
      [
        {
          conversation: { externalId: 'hostile', title, url: null, createdAt: at, kind: 'topic' },
          member: {
            externalId: 'h',
            username: 'h',
            displayName: 'h',
            avatarUrl: null,
            isStaff: false,
          },
          message: {
            externalId: 'hostile-0',
            bodyHtml: '<p>x</p>',
            bodyText: 'x',
            createdAt: at,
            editedAt: null,
            version: 1,
            deleted: false,
          },
        },
      ],
      [],
      at,
    );
    const id = (
      w.core.internals.db
        .prepare("SELECT id FROM conversations WHERE external_id = 'hostile'")
        .get() as {
        id: number;
      }
    ).id;
    await w.core.call('reports.setNotable', {
      clientId: w.clientId,
      month: MONTH,
      items: [{ conversationId: id, note: 'wow 漢\u202e321' }],
    });
    const drawn: string[] = [];
    const spy = vi.spyOn(PDFDocument.prototype, 'text').mockImplementation(function (
      this: PDFKit.PDFDocument,
      ...args: unknown[]
    ) {
      if (typeof args[0] === 'string') drawn.push(args[0]);
      return original.apply(this, args as never);
    });
    let res;
    try {
      res = await w.core.call('reports.clientReport', {
        clientId: w.clientId,
        month: MONTH,
        language: 'ru',
        reportId: 'h',
      });
    } finally {
      spy.mockRestore();
      await w.core.call('reports.setNotable', { clientId: w.clientId, month: MONTH, items: [] });
    }
    const all = drawn.join('\n');
    expect(missingGlyphs(REPORT_FONTS.regular, all)).toEqual([]);
    expect(missingGlyphs(REPORT_FONTS.bold, all)).toEqual([]);
    // eslint-disable-next-line no-control-regex -- asserting that no control character was drawn
    expect(all).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e]/);
    const text = flat((await readPdf(res.path)).text);
    expect(text).toContain('evil 😀 \ufffd\ufffd xxx');
    expect(text).toContain('wow \ufffd321');
    // Capped at 300 code points: "evil 😀 ��␠" (10) + 290 x, then an ellipsis (no other Latin x in the Russian report).
    expect(text.match(/x/g)).toHaveLength(290);
    expect(text).toMatch(/x…/);
  }, 60_000);

  it('a read-only (reader) core draws it too, with its progress events', async () => {
    const reader = await makeCore({ dir: w.core.dir, readOnly: true });
    try {
      const events: number[] = [];
      reader.onEvent((e) => {
        if (e.name === 'reports.clientReportProgress') events.push(e.payload.step);
      });
      const res = await reader.call('reports.clientReport', {
        clientId: w.clientId,
        month: MONTH,
        language: 'en',
        reportId: 'r',
      });
      expect(events.at(-1)).toBe(11);
      expect((await readPdf(res.path)).text).toContain('Hours statement');
    } finally {
      await reader.stop();
    }
  }, 60_000);

  it('unknown client: not_found', async () => {
    await expect(
      w.core.call('reports.clientReport', { clientId: 9999, month: MONTH, reportId: 'x' }),
    ).rejects.toThrow(/not_found/);
  });
});

describe('feedback (kpis.feedback)', () => {
  it('themes section with counts, trend and quotes; the top themes are the default notable conversations', async () => {
    const theme = await w.core.call('tags.create', {
      clientId: w.clientId,
      name: 'Mørk tilstand / тёмная тема',
      kind: 'feature_request',
    });
    const praise = (
      w.core.internals.db
        .prepare("SELECT id FROM tags WHERE client_id = ? AND builtin = 1 AND kind = 'praise'")
        .get(w.clientId) as { id: number }
    ).id;
    const msgs = w.core.internals.db
      .prepare(
        `SELECT m.id, m.conversation_id AS conversationId, m.created_at AS at FROM messages m
         JOIN conversations c ON c.id = m.conversation_id
         WHERE c.client_id = ? AND m.direction = 'inbound' AND c.work_kind = 'support' ORDER BY m.created_at, m.id`,
      )
      .all(w.clientId) as { id: number; conversationId: number; at: number }[];
    const from = Date.parse(data.from);
    const to = Date.parse(data.to);
    const nov = msgs.filter((m) => m.at >= from && m.at < to);
    const oct = msgs.filter((m) => m.at < from);
    // 4 members' messages ask for dark mode in November (1 in October); 2 praise it in November.
    for (const m of nov.slice(0, 4))
      await w.core.call('feedback.tag', { messageId: m.id, tagId: theme.id });
    await w.core.call('feedback.tag', { messageId: oct[0]!.id, tagId: theme.id });
    for (const m of nov.slice(10, 12))
      await w.core.call('feedback.tag', { messageId: m.id, tagId: praise });

    const d = await w.core.call('reports.clientReportData', {
      clientId: w.clientId,
      month: MONTH,
      language: 'ru',
    });
    const f = d.kpis.current.feedback;
    expect(f.total).toBe(6);
    expect(f.themes.map((t) => [t.name, t.count])).toEqual([
      ['Mørk tilstand / тёмная тема', 4],
      ['praise', 2],
    ]);
    // The report's trend is the previous calendar month (October), like every other comparison in it.
    expect(d.kpis.previous.feedback.themes.map((t) => [t.name, t.count])).toEqual([
      ['Mørk tilstand / тёмная тема', 1],
    ]);
    // Default notable: the newest quoted conversation of each top theme, the theme as the note.
    expect(d.notable.chosenBy).toBe('themes');
    expect(d.notable.items.map((i) => [i.conversationId, i.note])).toEqual([
      [f.themes[0]!.examples[0]!.conversationId, 'Mørk tilstand / тёмная тема'],
      [
        f.themes[1]!.examples.find(
          (e) => e.conversationId !== f.themes[0]!.examples[0]!.conversationId,
        )!.conversationId,
        'Похвала',
      ],
    ]);

    const res = await w.core.call('reports.clientReport', {
      clientId: w.clientId,
      month: MONTH,
      language: 'ru',
      reportId: 'f',
    });
    const pdf = await readPdf(res.path);
    const text = flat(pdf.text);
    expect(text).toContain('Что говорили участники');
    // Theme, kind, count, members, previous month, change (Russian percentages: "300 %" with a no-break space).
    expect(text).toContain(
      `Mørk tilstand / тёмная тема Пожелание 4 ${f.themes[0]!.members} 1 рост на 300 %`,
    );
    expect(text).toContain(`Похвала Похвала 2 ${f.themes[1]!.members} 0 в прошлом месяце не было`);
    expect(text).toContain('Отзывы 6 1 рост на 500 %');
    expect(text).toContain(
      `«${f.themes[0]!.examples[0]!.quote}» — ${f.themes[0]!.examples[0]!.author}, Mørk tilstand / тёмная тема`,
    );
    expect(text).toContain(
      'Участники оставили 6 отзывов; главная тема — «Mørk tilstand / тёмная тема» (4, рост на 300 %).',
    );
    expect(text).toContain('По одному обсуждению для каждой из главных тем отзывов месяца.');
    expect(text).toContain(
      `Открыто на конец месяца ${d.kpis.current.responsiveness.backlogAtEnd} ${d.kpis.previous.responsiveness.backlogAtEnd}`,
    );
  }, 60_000);
});
