// electron/core/domains/reports/pdf: draws the client report PDF from ClientReportData with pdfkit
// (plain Node, no browser): a cover in the client's brand colour, the executive summary, the KPI
// sections with vector charts (bars and lines drawn with pdfkit's path API) and tables beside them,
// the hours statement against the retainer, and the notable conversations. A4 or Letter. Text is
// set in DejaVu Sans (embedded and subset by pdfkit; it covers Latin-1/Extended-A — Danish — and
// Cyrillic), so the PDF renders the same everywhere and its text layer can be extracted.
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type PDFKitLib from 'pdfkit';
import type { ClientReportData, ReportPaper } from '../../../../../shared/ipc/domains/reports';
import { lazyModule } from '../../../lazyModule';
import { coverage, drawable, type Coverage } from './drawable';
import { reportText, themeName, type ReportText } from './text';

type Doc = PDFKit.PDFDocument;

const require = createRequire(import.meta.url);
/** The embedded fonts (npm dejavu-fonts-ttf, a runtime dependency so packaged apps ship it). */
export const REPORT_FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

export const PAPER_SIZES: Record<ReportPaper, [number, number]> = {
  a4: [595.28, 841.89],
  letter: [612, 792],
};
export const REPORT_STEPS = 10;

const MARGIN = 50;
const GREY = '#9aa0a6';
const INK = '#1f2328';
const MUTED = '#57606a';
const RULE = '#d0d7de';

/** #rgb / #rrggbb → #rrggbb; anything else → the default brand colour. */
export function brandColour(c: string): string {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c.trim());
  if (!m) return '#2f6feb';
  const h = m[1]!;
  return `#${h.length === 3 ? [...h].map((x) => x + x).join('') : h}`.toLowerCase();
}
/** Black or white text on a colour, whichever contrasts more (WCAG relative luminance). */
function inkOn(hex: string): string {
  const ch = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? INK : '#ffffff';
}

/** pdfkit, loaded when the first report is drawn (not when the core starts). */
const pdfkitLib = lazyModule<{ default: typeof PDFKitLib }>(() => import('pdfkit'));

export type RenderProgress = (step: number, steps: number) => void;

/** The report's free text (names, titles, notes, labels) made drawable; figures untouched. */
function safeData(data: ClientReportData, has: Coverage): ClientReportData {
  const t = (s: string) => drawable(s, has);
  const agents = (p: ClientReportData['kpis']['current']) => ({
    ...p,
    effort: { ...p.effort, byAgent: p.effort.byAgent.map((a) => ({ ...a, name: t(a.name) })) },
    feedback: {
      ...p.feedback,
      themes: p.feedback.themes.map((th) => ({
        ...th,
        name: t(th.name),
        examples: th.examples.map((e) => ({ ...e, author: t(e.author), quote: t(e.quote) })),
      })),
    },
  });
  return {
    ...data,
    client: { ...data.client, name: t(data.client.name) || '\ufffd' },
    platforms: Object.fromEntries(Object.entries(data.platforms).map(([k, v]) => [k, t(v)])),
    kpis: {
      ...data.kpis,
      current: agents(data.kpis.current),
      previous: agents(data.kpis.previous),
    },
    hours: { ...data.hours, problem: data.hours.problem && t(data.hours.problem) },
    notable: {
      ...data.notable,
      items: data.notable.items.map((i) => ({
        ...i,
        title: t(i.title),
        note: t(i.note),
        platform: t(i.platform),
        sourceName: t(i.sourceName),
      })),
    },
  };
}

/** Renders the report into `out` (which it ends); returns the page count. */
export async function renderClientReport(
  input: ClientReportData,
  opts: { paper: ReportPaper; now: number },
  out: Writable,
  onProgress?: RenderProgress,
): Promise<{ pages: number }> {
  const [{ default: PDFDocument }, has] = await Promise.all([
    pdfkitLib.load(),
    coverage(REPORT_FONTS),
  ]);
  const data = safeData(input, has);
  const tx = reportText(data.language, data.client.timezone);
  const brand = brandColour(data.client.color);
  const doc = new PDFDocument({
    size: PAPER_SIZES[opts.paper],
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    font: REPORT_FONTS.regular,
    lang: data.language,
    displayTitle: true,
    info: {
      Title: `${tx.t('cover.title')} — ${data.client.name} — ${tx.month(data.month)}`,
      Author: 'Steward',
      Subject: data.client.name,
      CreationDate: new Date(opts.now),
    },
  });
  doc.pipe(out);
  const done = finished(out);
  const d = new Drawer(doc, tx, brand);
  let step = 0;
  const progress = () => onProgress?.(++step, REPORT_STEPS);

  cover(d, data, opts.now);
  progress();
  doc.addPage();
  summary(d, data);
  progress();
  volume(d, data);
  progress();
  responsiveness(d, data);
  progress();
  sla(d, data);
  progress();
  moderation(d, data);
  progress();
  feedback(d, data);
  progress();
  effort(d, data);
  progress();
  hours(d, data);
  progress();
  notable(d, data);

  // Footers on every page but the cover (pdfkit buffers the pages, so the total is known).
  const range = doc.bufferedPageRange();
  const footerLeft = `${data.client.name} · ${tx.month(data.month)}`;
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // text in the margin must not open a new page
    const y = doc.page.height - MARGIN + 6;
    d.font('body', 8).fillColor(MUTED);
    doc.text(footerLeft, MARGIN, y, { lineBreak: false });
    const right = tx.t('footer.page', { page: i + 1, pages: range.count });
    doc.text(right, doc.page.width - MARGIN - doc.widthOfString(right), y, { lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  progress();
  return { pages: range.count };
}

type Col = { label: string; width: number; align?: 'left' | 'right' };

/** Layout helpers over one pdfkit document: headings, paragraphs, tables, charts, page breaks. */
class Drawer {
  constructor(
    readonly doc: Doc,
    readonly tx: ReportText,
    readonly brand: string,
  ) {}
  get left() {
    return this.doc.page.margins.left;
  }
  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  font(name: 'body' | 'bold', size: number) {
    // By path: the same key as the constructor's default font, so the regular face is parsed once.
    this.doc.font(name === 'bold' ? REPORT_FONTS.bold : REPORT_FONTS.regular).fontSize(size);
    return this.doc;
  }
  /** A new page when fewer than `h` points are left. */
  need(h: number) {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }
  heading(text: string) {
    this.need(90);
    const { doc } = this;
    doc.moveDown(0.6);
    this.font('bold', 15).fillColor(INK).text(text, this.left, doc.y);
    const y = doc.y + 2;
    doc.rect(this.left, y, 36, 3).fill(this.brand);
    doc.y = y + 10;
  }
  subheading(text: string) {
    this.need(40);
    this.font('bold', 10.5).fillColor(INK).text(text, this.left, this.doc.y);
    this.doc.moveDown(0.3);
  }
  para(text: string, colour = INK) {
    this.font('body', 10).fillColor(colour).text(text, this.left, this.doc.y, {
      width: this.width,
      lineGap: 2,
    });
    this.doc.moveDown(0.4);
  }
  table(cols: Col[], rows: string[][], opts: { boldLast?: boolean } = {}) {
    const { doc } = this;
    const total = cols.reduce((n, c) => n + c.width, 0);
    const scale = this.width / total;
    const widths = cols.map((c) => c.width * scale);
    const rowH = (cells: string[], bold: boolean) => {
      this.font(bold ? 'bold' : 'body', 9);
      return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 8 }))) + 6;
    };
    const drawRow = (cells: string[], bold: boolean, header: boolean) => {
      const h = rowH(cells, bold || header);
      if (doc.y + h > this.bottom) {
        doc.addPage();
        if (!header)
          drawRow(
            cols.map((c) => c.label),
            false,
            true,
          );
      }
      const y = doc.y;
      if (header) doc.rect(this.left, y, this.width, h).fill('#f3f4f6');
      let x = this.left;
      this.font(bold || header ? 'bold' : 'body', 9).fillColor(header ? MUTED : INK);
      cells.forEach((c, i) => {
        doc.text(c, x + 4, y + 3, { width: widths[i]! - 8, align: cols[i]!.align ?? 'left' });
        x += widths[i]!;
      });
      doc
        .moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      doc.y = y + h;
    };
    // Keep the header with the first row: no header alone at the foot of a page.
    const header = cols.map((c) => c.label);
    this.need(rowH(header, true) + (rows[0] ? rowH(rows[0], false) : 0) + 4);
    drawRow(header, false, true);
    rows.forEach((r, i) => drawRow(r, opts.boldLast === true && i === rows.length - 1, false));
    doc.x = this.left;
    doc.moveDown(0.8);
  }
  legend(items: { label: string; colour: string }[], y: number) {
    const { doc } = this;
    let x = this.left;
    this.font('body', 8);
    for (const it of items) {
      doc.rect(x, y + 1, 8, 8).fill(it.colour);
      doc.fillColor(MUTED).text(it.label, x + 11, y, { lineBreak: false });
      x += 11 + doc.widthOfString(it.label) + 14;
    }
  }
  /**
   * The frame every chart shares: room on the page, heading, legend and base line; with nothing to
   * draw (no labels or only zeros) it says so and returns max 0.
   */
  private chartFrame(
    title: string,
    labels: string[],
    series: { label: string; colour: string; values: number[] }[],
  ): { plotH: number; base: number; max: number } {
    const { doc } = this;
    const H = 150;
    this.need(H + 50);
    this.subheading(title);
    const top = doc.y;
    this.legend(series, top);
    const y0 = top + 16;
    const plotH = H - 34;
    const base = y0 + plotH;
    const max = labels.length === 0 ? 0 : Math.max(0, ...series.flatMap((s) => s.values));
    doc
      .moveTo(this.left, base)
      .lineTo(this.left + this.width, base)
      .lineWidth(0.6)
      .strokeColor(GREY)
      .stroke();
    if (max === 0)
      this.font('body', 9)
        .fillColor(MUTED)
        .text(this.tx.t('chart.empty'), this.left, y0 + plotH / 2, {
          width: this.width,
          align: 'center',
        });
    return { plotH, base, max };
  }
  private endChart(base: number) {
    this.doc.x = this.left;
    this.doc.y = base + 24;
  }
  /** Vertical grouped bars: one group per label, one bar per series. */
  bars(
    title: string,
    labels: string[],
    series: { label: string; colour: string; values: number[] }[],
    fmt: (v: number) => string,
  ) {
    const { doc } = this;
    const { plotH, base, max } = this.chartFrame(title, labels, series);
    if (max > 0) {
      const groupW = this.width / labels.length;
      const barW = Math.min(28, (groupW * 0.7) / series.length);
      labels.forEach((label, g) => {
        const gx = this.left + g * groupW + (groupW - barW * series.length) / 2;
        series.forEach((s, k) => {
          const v = s.values[g] ?? 0;
          const h = (v / max) * (plotH - 12);
          const x = gx + k * barW;
          if (h > 0) doc.rect(x, base - h, barW - 2, h).fill(s.colour);
          this.font('body', 6.5).fillColor(MUTED);
          const text = fmt(v);
          doc.text(text, x - 6, base - h - 9, {
            width: barW + 10,
            align: 'center',
            lineBreak: false,
          });
        });
        this.font('body', 7).fillColor(MUTED);
        doc.text(label, this.left + g * groupW, base + 3, {
          width: groupW,
          align: 'center',
          height: 18,
          ellipsis: true,
        });
      });
    }
    this.endChart(base);
  }
  /** A line chart over shared x labels; one polyline with points per series. */
  lines(
    title: string,
    labels: string[],
    series: { label: string; colour: string; values: number[] }[],
    fmt: (v: number) => string,
  ) {
    const { doc } = this;
    const { plotH, base, max } = this.chartFrame(title, labels, series);
    if (max > 0) {
      const step = this.width / labels.length;
      const px = (i: number) => this.left + step * (i + 0.5);
      const py = (v: number) => base - (v / max) * (plotH - 12);
      for (const s of series) {
        s.values.forEach((v, i) => {
          if (i === 0) doc.moveTo(px(i), py(v));
          else doc.lineTo(px(i), py(v));
        });
        doc.lineWidth(1.6).strokeColor(s.colour).stroke();
        s.values.forEach((v, i) => {
          doc.circle(px(i), py(v), 2.2).fill(s.colour);
          this.font('body', 6.5).fillColor(MUTED);
          doc.text(fmt(v), px(i) - 20, py(v) - 10, {
            width: 40,
            align: 'center',
            lineBreak: false,
          });
        });
      }
      labels.forEach((label, i) => {
        this.font('body', 7).fillColor(MUTED);
        doc.text(label, px(i) - step / 2, base + 3, {
          width: step,
          align: 'center',
          lineBreak: false,
        });
      });
    }
    this.endChart(base);
  }
  /** Horizontal bars of percentages (0–100) per label, current vs previous. */
  hbars(
    title: string,
    rows: { label: string; current: number | null; previous: number | null }[],
    /** Legend: the current series, and the previous one when the rows have it. */
    names: [string] | [string, string],
  ) {
    const { doc } = this;
    const rowH = 22;
    this.need(rows.length * rowH + 50);
    this.subheading(title);
    this.legend(
      [
        { label: names[0], colour: this.brand },
        ...(names[1] ? [{ label: names[1], colour: GREY }] : []),
      ],
      doc.y,
    );
    let y = doc.y + 16;
    const labelW = this.width * 0.3;
    const barMax = this.width - labelW - 50;
    for (const r of rows) {
      this.font('body', 8.5).fillColor(INK);
      doc.text(r.label, this.left, y + 3, { width: labelW - 6, lineBreak: false, ellipsis: true });
      const x = this.left + labelW;
      doc.rect(x, y, barMax, 8).fill('#eef0f2');
      if (r.current != null) doc.rect(x, y, (barMax * r.current) / 100, 8).fill(this.brand);
      if (r.previous != null) doc.rect(x, y + 10, (barMax * r.previous) / 100, 4).fill(GREY);
      this.font('body', 8).fillColor(INK);
      doc.text(this.tx.pct(r.current), x + barMax + 4, y, { width: 46, lineBreak: false });
      y += rowH;
    }
    doc.x = this.left;
    doc.y = y + 6;
  }
}

const PREV_COLOUR = GREY;

function cover(d: Drawer, data: ClientReportData, now: number) {
  const { doc, tx, brand } = d;
  const W = doc.page.width;
  const H = doc.page.height;
  const ink = inkOn(brand);
  doc.rect(0, 0, W, H * 0.46).fill(brand);
  d.font('body', 13).fillColor(ink);
  doc.text(tx.t('cover.title'), MARGIN, H * 0.16, { width: W - 2 * MARGIN });
  d.font('bold', 34).fillColor(ink);
  doc.text(data.client.name, MARGIN, doc.y + 6, { width: W - 2 * MARGIN });
  d.font('body', 16).fillColor(ink);
  doc.text(tx.month(data.month), MARGIN, doc.y + 10, { width: W - 2 * MARGIN });
  const from = Date.parse(data.from);
  const to = Date.parse(data.to) - 1;
  d.font('body', 11).fillColor(INK);
  doc.text(tx.t('cover.period', { from: tx.date(from), to: tx.date(to) }), MARGIN, H * 0.52);
  doc.moveDown(0.5);
  doc.text(tx.t('cover.preparedFor', { client: data.client.name }));
  doc.moveDown(0.5);
  d.font('body', 9).fillColor(MUTED);
  doc.text(tx.t('cover.generated', { date: tx.date(now) }));
  doc.rect(MARGIN, H - MARGIN - 4, 60, 4).fill(brand);
}

function summary(d: Drawer, data: ClientReportData) {
  const { tx } = d;
  const c = data.kpis.current;
  const p = data.kpis.previous;
  d.heading(tx.t('section.summary'));
  const lines: string[] = [];
  lines.push(
    tx.t('summary.volume', {
      client: data.client.name,
      conversations: tx.int(c.volume.conversationsIn),
      messages: tx.int(c.volume.messagesIn),
      month: tx.month(data.month),
      delta: tx.delta(c.volume.conversationsIn, p.volume.conversationsIn),
    }),
  );
  lines.push(
    tx.t('summary.members', {
      active: tx.int(c.volume.activeMembers),
      fresh: tx.int(c.volume.newMembers),
    }),
  );
  const r = c.responsiveness;
  lines.push(
    r.firstReplyMedianMinutes == null
      ? tx.t('summary.noFirstReply')
      : tx.t('summary.firstReply', {
          median: tx.minutes(r.firstReplyMedianMinutes),
          delta: tx.deltaMinutes(
            r.firstReplyMedianMinutes,
            p.responsiveness.firstReplyMedianMinutes,
          ),
          rate: tx.pct(r.responseRatePct),
        }),
  );
  const fr = c.sla.find((s) => s.metric === 'first_reply');
  if (fr?.attainmentPct != null) lines.push(tx.t('summary.sla', { pct: tx.pct(fr.attainmentPct) }));
  if (c.moderation.total > 0 || p.moderation.total > 0)
    lines.push(
      tx.t('summary.moderation', {
        count: tx.int(c.moderation.total),
        delta: tx.delta(c.moderation.total, p.moderation.total),
      }),
    );
  const top = c.feedback.themes[0];
  if (top)
    lines.push(
      tx.t('summary.feedback', {
        count: tx.int(c.feedback.total),
        theme: themeName(top, data.language),
        n: tx.int(top.count),
        delta: tx.delta(
          top.count,
          p.feedback.themes.find((t) => t.tagId === top.tagId)?.count ?? 0,
        ),
      }),
    );
  const h = data.hours;
  if (!h.approved && !h.problem)
    lines.push(tx.t('summary.hoursPending', { state: tx.t(`hours.state.${h.state}`) }));
  else if (h.totals && h.retainer)
    lines.push(
      tx.t('summary.hoursRetainer', {
        used: tx.hours(h.retainer.usedSeconds),
        included: tx.hours(h.retainer.includedSeconds),
        overage: tx.hours(h.retainer.overageSeconds),
      }),
    );
  else if (h.totals)
    lines.push(tx.t('summary.hours', { billed: tx.hours(h.totals.billedSeconds) }));
  d.para(lines.join(' '));
}

function compareTable(
  d: Drawer,
  rows: {
    label: string;
    cur: number | null;
    prev: number | null;
    fmt: (v: number | null) => string;
    delta: string;
  }[],
) {
  const { tx } = d;
  d.table(
    [
      { label: tx.t('col.metric'), width: 38 },
      { label: tx.t('col.current'), width: 18, align: 'right' },
      { label: tx.t('col.previous'), width: 18, align: 'right' },
      { label: tx.t('col.change'), width: 26, align: 'right' },
    ],
    rows.map((r) => [r.label, r.fmt(r.cur), r.fmt(r.prev), r.delta]),
  );
}

function volume(d: Drawer, data: ClientReportData) {
  const { tx, brand } = d;
  const c = data.kpis.current.volume;
  const p = data.kpis.previous.volume;
  d.heading(tx.t('section.volume'));
  const n = (v: number | null) => (v == null ? tx.t('unit.none') : tx.int(v));
  compareTable(d, [
    {
      label: tx.t('volume.conversationsIn'),
      cur: c.conversationsIn,
      prev: p.conversationsIn,
      fmt: n,
      delta: tx.delta(c.conversationsIn, p.conversationsIn),
    },
    {
      label: tx.t('volume.messagesIn'),
      cur: c.messagesIn,
      prev: p.messagesIn,
      fmt: n,
      delta: tx.delta(c.messagesIn, p.messagesIn),
    },
    {
      label: tx.t('volume.activeMembers'),
      cur: c.activeMembers,
      prev: p.activeMembers,
      fmt: n,
      delta: tx.delta(c.activeMembers, p.activeMembers),
    },
    {
      label: tx.t('volume.newMembers'),
      cur: c.newMembers,
      prev: p.newMembers,
      fmt: n,
      delta: tx.delta(c.newMembers, p.newMembers),
    },
    {
      label: tx.t('volume.returningMembers'),
      cur: c.returningMembers,
      prev: p.returningMembers,
      fmt: n,
      delta: tx.delta(c.returningMembers, p.returningMembers),
    },
  ]);
  d.lines(
    tx.t('volume.byWeek'),
    c.byWeek.map((w) => tx.date(Date.parse(w.weekStart))),
    [
      {
        label: tx.t('col.conversations'),
        colour: brand,
        values: c.byWeek.map((w) => w.conversations),
      },
      { label: tx.t('col.messages'), colour: '#6e7781', values: c.byWeek.map((w) => w.messages) },
    ],
    tx.int,
  );
  d.subheading(tx.t('volume.byPlatform'));
  d.table(
    [
      { label: tx.t('col.platform'), width: 50 },
      { label: tx.t('col.conversations'), width: 25, align: 'right' },
      { label: tx.t('col.messages'), width: 25, align: 'right' },
    ],
    c.byPlatform.map((r) => [
      data.platforms[r.platform] ?? r.platform,
      tx.int(r.conversations),
      tx.int(r.messages),
    ]),
  );
}

function responsiveness(d: Drawer, data: ClientReportData) {
  const { tx, brand } = d;
  const c = data.kpis.current.responsiveness;
  const p = data.kpis.previous.responsiveness;
  d.heading(tx.t('section.responsiveness'));
  const m = (v: number | null) => tx.minutes(v);
  const pc = (v: number | null) => tx.pct(v);
  const n = (v: number | null) => (v == null ? tx.t('unit.none') : tx.int(v));
  compareTable(d, [
    {
      label: tx.t('resp.firstReplyMedian'),
      cur: c.firstReplyMedianMinutes,
      prev: p.firstReplyMedianMinutes,
      fmt: m,
      delta: tx.deltaMinutes(c.firstReplyMedianMinutes, p.firstReplyMedianMinutes),
    },
    {
      label: tx.t('resp.firstReplyP90'),
      cur: c.firstReplyP90Minutes,
      prev: p.firstReplyP90Minutes,
      fmt: m,
      delta: tx.deltaMinutes(c.firstReplyP90Minutes, p.firstReplyP90Minutes),
    },
    {
      label: tx.t('resp.businessMedian'),
      cur: c.firstReplyBusinessMedianMinutes,
      prev: p.firstReplyBusinessMedianMinutes,
      fmt: m,
      delta: tx.deltaMinutes(c.firstReplyBusinessMedianMinutes, p.firstReplyBusinessMedianMinutes),
    },
    {
      label: tx.t('resp.calendarMedian'),
      cur: c.firstReplyCalendarMedianMinutes,
      prev: p.firstReplyCalendarMedianMinutes,
      fmt: m,
      delta: tx.deltaMinutes(c.firstReplyCalendarMedianMinutes, p.firstReplyCalendarMedianMinutes),
    },
    {
      label: tx.t('resp.responseRate'),
      cur: c.responseRatePct,
      prev: p.responseRatePct,
      fmt: pc,
      delta: '',
    },
    {
      label: tx.t('resp.backlogAtEnd'),
      cur: c.backlogAtEnd,
      prev: p.backlogAtEnd,
      fmt: n,
      delta: tx.delta(c.backlogAtEnd, p.backlogAtEnd),
    },
    {
      label: tx.t('resp.resolutionRate'),
      cur: c.resolutionRatePct,
      prev: p.resolutionRatePct,
      fmt: pc,
      delta: '',
    },
    {
      label: tx.t('resp.resolved'),
      cur: c.resolvedCount,
      prev: p.resolvedCount,
      fmt: n,
      delta: tx.delta(c.resolvedCount, p.resolvedCount),
    },
    {
      label: tx.t('resp.resolutionMedian'),
      cur: c.resolutionMedianMinutes,
      prev: p.resolutionMedianMinutes,
      fmt: m,
      delta: tx.deltaMinutes(c.resolutionMedianMinutes, p.resolutionMedianMinutes),
    },
  ]);
  d.bars(
    tx.t('resp.chart'),
    [tx.t('resp.firstReplyMedian'), tx.t('resp.firstReplyP90'), tx.t('resp.resolutionMedian')],
    [
      {
        label: tx.t('col.current'),
        colour: brand,
        values: [
          c.firstReplyMedianMinutes ?? 0,
          c.firstReplyP90Minutes ?? 0,
          c.resolutionMedianMinutes ?? 0,
        ],
      },
      {
        label: tx.t('col.previous'),
        colour: PREV_COLOUR,
        values: [
          p.firstReplyMedianMinutes ?? 0,
          p.firstReplyP90Minutes ?? 0,
          p.resolutionMedianMinutes ?? 0,
        ],
      },
    ],
    (v) => tx.int(Math.round(v)),
  );
}

function sla(d: Drawer, data: ClientReportData) {
  const { tx } = d;
  d.heading(tx.t('section.sla'));
  const rows = data.kpis.current.sla.filter((s) => s.total > 0);
  if (rows.length === 0) {
    d.para(tx.t('sla.none'), MUTED);
    return;
  }
  const prev = new Map(data.kpis.previous.sla.map((s) => [s.metric, s]));
  d.hbars(
    tx.t('sla.chart'),
    rows.map((s) => ({
      label: tx.t(`sla.${s.metric}`),
      current: s.attainmentPct,
      previous: prev.get(s.metric)?.attainmentPct ?? null,
    })),
    [tx.t('col.current'), tx.t('col.previous')],
  );
  d.table(
    [
      { label: tx.t('col.metric'), width: 30 },
      { label: tx.t('col.met'), width: 15, align: 'right' },
      { label: tx.t('col.breached'), width: 15, align: 'right' },
      { label: tx.t('col.attainment'), width: 20, align: 'right' },
      { label: tx.t('col.median'), width: 20, align: 'right' },
    ],
    rows.map((s) => [
      tx.t(`sla.${s.metric}`),
      tx.int(s.met),
      tx.int(s.breached),
      tx.pct(s.attainmentPct),
      tx.minutes(s.medianMinutes),
    ]),
  );
}

function moderation(d: Drawer, data: ClientReportData) {
  const { tx, brand } = d;
  const c = data.kpis.current;
  const p = data.kpis.previous;
  d.heading(tx.t('section.moderation'));
  if (c.moderation.total === 0 && p.moderation.total === 0) d.para(tx.t('mod.none'), MUTED);
  else {
    const kinds = [...new Set([...c.moderation.byKind, ...p.moderation.byKind].map((k) => k.kind))];
    const count = (list: typeof c.moderation.byKind, k: string) =>
      list.find((x) => x.kind === k)?.count ?? 0;
    d.bars(
      tx.t('mod.total'),
      kinds.map((k) => tx.label('mod', k)),
      [
        {
          label: tx.t('col.current'),
          colour: brand,
          values: kinds.map((k) => count(c.moderation.byKind, k)),
        },
        {
          label: tx.t('col.previous'),
          colour: PREV_COLOUR,
          values: kinds.map((k) => count(p.moderation.byKind, k)),
        },
      ],
      tx.int,
    );
    d.table(
      [
        { label: tx.t('col.kind'), width: 40 },
        { label: tx.t('col.current'), width: 20, align: 'right' },
        { label: tx.t('col.previous'), width: 20, align: 'right' },
        { label: tx.t('col.change'), width: 20, align: 'right' },
      ],
      [
        ...kinds.map((k) => {
          const a = count(c.moderation.byKind, k);
          const b = count(p.moderation.byKind, k);
          return [tx.label('mod', k), tx.int(a), tx.int(b), tx.delta(a, b)];
        }),
        [
          tx.t('mod.total'),
          tx.int(c.moderation.total),
          tx.int(p.moderation.total),
          tx.delta(c.moderation.total, p.moderation.total),
        ],
      ],
      { boldLast: true },
    );
    if (c.moderation.byPlatform.length > 0)
      d.table(
        [
          { label: tx.t('col.platform'), width: 60 },
          { label: tx.t('col.count'), width: 40, align: 'right' },
        ],
        c.moderation.byPlatform.map((r) => [
          data.platforms[r.platform] ?? r.platform,
          tx.int(r.count),
        ]),
      );
  }
  d.para(
    `${tx.t('mod.spamShare')}: ${tx.pct(c.moderation.spamSharePct)} · ${tx.t('mod.overrides')}: ${tx.int(c.guidelineOverrides)}`,
  );
}

function feedback(d: Drawer, data: ClientReportData) {
  const { tx, brand } = d;
  const f = data.kpis.current.feedback;
  const prev = data.kpis.previous.feedback;
  d.heading(tx.t('section.feedback'));
  if (f.total === 0 && prev.total === 0) return d.para(tx.t('feedback.none'), MUTED);
  const count = (list: typeof f.byKind, k: string) => list.find((x) => x.kind === k)?.count ?? 0;
  d.bars(
    tx.t('feedback.byKind'),
    f.byKind.map((k) => tx.t(`feedback.kind.${k.kind}`)),
    [
      { label: tx.t('col.current'), colour: brand, values: f.byKind.map((k) => k.count) },
      {
        label: tx.t('col.previous'),
        colour: PREV_COLOUR,
        values: f.byKind.map((k) => count(prev.byKind, k.kind)),
      },
    ],
    tx.int,
  );
  const themes = f.themes.slice(0, 12);
  // The previous calendar month's count of each theme (the kpis' own previousCount is the period of
  // equal length before, which for a month is not the previous month).
  const before = (tagId: number) => prev.themes.find((t) => t.tagId === tagId)?.count ?? 0;
  d.table(
    [
      { label: tx.t('col.theme'), width: 28 },
      { label: tx.t('col.feedbackKind'), width: 16 },
      { label: tx.t('col.current'), width: 13, align: 'right' },
      { label: tx.t('col.members'), width: 14, align: 'right' },
      { label: tx.t('col.previous'), width: 14, align: 'right' },
      { label: tx.t('col.change'), width: 15, align: 'right' },
    ],
    [
      ...themes.map((t) => [
        themeName(t, data.language),
        tx.t(`feedback.kind.${t.kind}`),
        tx.int(t.count),
        tx.int(t.members),
        tx.int(before(t.tagId)),
        tx.delta(t.count, before(t.tagId)),
      ]),
      [
        tx.t('feedback.total'),
        '',
        tx.int(f.total),
        '',
        tx.int(prev.total),
        tx.delta(f.total, prev.total),
      ],
    ],
    { boldLast: true },
  );
  const quotes = themes
    .slice(0, 3)
    .flatMap((t) => t.examples.slice(0, 1).map((e) => ({ e, theme: themeName(t, data.language) })));
  if (quotes.length > 0) {
    d.subheading(tx.t('feedback.examples'));
    for (const { e, theme } of quotes)
      d.para(tx.t('feedback.quote', { quote: e.quote, author: e.author, theme }));
  }
}

function effort(d: Drawer, data: ClientReportData) {
  const { tx, brand } = d;
  const e = data.kpis.current.effort;
  d.heading(tx.t('section.effort'));
  if (e.totalSeconds === 0) d.para(tx.t('effort.none'), MUTED);
  else {
    d.para(`${tx.t('effort.total')}: ${tx.hours(e.totalSeconds)}`);
    d.bars(
      tx.t('effort.chart'),
      e.byActivity.map((a) => tx.label('act', a.activity)),
      [
        {
          label: tx.t('col.hours'),
          colour: brand,
          values: e.byActivity.map((a) => a.seconds / 3600),
        },
      ],
      (v) => tx.hours(Math.round(v * 3600)),
    );
    d.table(
      [
        { label: tx.t('col.agent'), width: 70 },
        { label: tx.t('col.hours'), width: 30, align: 'right' },
      ],
      e.byAgent.map((a) => [a.name, tx.hours(a.seconds)]),
    );
  }
  const money = e.money.find((m) => m.clientId === data.client.id);
  if (money?.costPerResolvedMinor != null && money.currency && money.exponent != null)
    d.para(
      `${tx.t('effort.costPerResolved')}: ${tx.money(money.costPerResolvedMinor, money.currency, money.exponent)}`,
    );
}

function hours(d: Drawer, data: ClientReportData) {
  const { tx } = d;
  const h = data.hours;
  d.heading(tx.t('section.hours'));
  const state = tx.t(`hours.state.${h.state}`);
  const month = tx.month(data.month);
  if (h.problem === 'no contract') return d.para(tx.t('hours.noContract'), MUTED);
  if (!h.approved) return d.para(tx.t('hours.notApproved', { month, state }), MUTED);
  if (h.problem || !h.totals || !h.currency || h.exponent == null)
    return d.para(tx.t('hours.problem', { problem: h.problem ?? '' }), MUTED);
  const cur = h.currency;
  const ex = h.exponent;
  const money = (minor: number) => tx.money(minor, cur, ex);
  d.para(tx.t('hours.basis', { month, state }), MUTED);
  d.table(
    [
      { label: tx.t('col.activity'), width: 34 },
      { label: tx.t('col.entries'), width: 12, align: 'right' },
      { label: tx.t('col.rawHours'), width: 18, align: 'right' },
      { label: tx.t('col.billedHours'), width: 18, align: 'right' },
      { label: tx.t('col.amount'), width: 18, align: 'right' },
    ],
    [
      ...h.byActivity.map((a) => [
        a.billable
          ? tx.label('act', a.activity)
          : tx.t('hours.nonBillable', { activity: tx.label('act', a.activity) }),
        tx.int(a.entries),
        tx.hours(a.rawSeconds),
        tx.hours(a.billedSeconds),
        money(a.amountMinor),
      ]),
      [
        tx.t('hours.total'),
        tx.int(h.byActivity.reduce((n, a) => n + a.entries, 0)),
        tx.hours(h.totals.rawSeconds),
        tx.hours(h.totals.billedSeconds),
        money(h.totals.timeMinor),
      ],
    ],
    { boldLast: true },
  );
  const rows: string[][] = [];
  const r = h.retainer;
  if (r) {
    d.hbars(
      tx.t('hours.chart'),
      [
        {
          label: tx.t('hours.used'),
          current: r.includedSeconds
            ? Math.min(100, (r.usedSeconds / r.includedSeconds) * 100)
            : null,
          previous: null,
        },
      ],
      [tx.t('col.current')],
    );
    rows.push([tx.t('hours.included'), tx.hours(r.includedSeconds)]);
    rows.push([tx.t('hours.used'), tx.hours(r.usedSeconds)]);
    rows.push([tx.t('hours.overage'), tx.hours(r.overageSeconds)]);
    rows.push([tx.t('hours.unused'), tx.hours(r.unusedSeconds)]);
    if (r.rolloverOutSeconds > 0)
      rows.push([tx.t('hours.rolledOver'), tx.hours(r.rolloverOutSeconds)]);
    if (r.lostSeconds > 0) rows.push([tx.t('hours.lost'), tx.hours(r.lostSeconds)]);
    rows.push([tx.t('hours.fee'), money(h.totals.retainerFeeMinor)]);
  }
  rows.push([tx.t('hours.timeCharged'), money(h.totals.timeMinor)]);
  rows.push([tx.t('hours.totalDue'), money(h.totals.totalMinor)]);
  d.table(
    [
      { label: tx.t('col.metric'), width: 65 },
      { label: tx.t('col.current'), width: 35, align: 'right' },
    ],
    rows,
    { boldLast: true },
  );
}

function notable(d: Drawer, data: ClientReportData) {
  const { tx } = d;
  d.heading(tx.t('section.notable'));
  const n = data.notable;
  if (n.items.length === 0) return d.para(tx.t('notable.none'), MUTED);
  d.para(tx.t(`notable.${n.chosenBy}`), MUTED);
  const withNotes = n.items.some((i) => i.note);
  d.table(
    [
      { label: tx.t('col.conversation'), width: withNotes ? 30 : 42 },
      { label: tx.t('col.platform'), width: 16 },
      { label: tx.t('col.messages'), width: 16, align: 'right' },
      { label: tx.t('col.opened'), width: 16, align: 'right' },
      { label: tx.t('col.status'), width: 14 },
      ...(withNotes ? [{ label: tx.t('col.note'), width: 22 }] : []),
    ],
    n.items.map((i) => [
      i.title,
      i.platform,
      tx.int(i.messagesInMonth),
      tx.date(Date.parse(i.openedAt)),
      tx.label('status', i.status),
      ...(withNotes ? [i.note] : []),
    ]),
  );
}
