// electron/core/domains/reports: the client report (PDF) of one client and month. `collect` gathers
// what the report shows — the month's KPIs and the previous calendar month's (the same period
// function `reports.kpis` runs), the hours statement from the month's APPROVED time priced by the
// time room (priceClientMonth → shared/billing, never a second implementation), and the notable
// conversations — and `writeClientReport` draws it with pdfkit (./pdf/render.ts). The UI's
// `reports.clientReport`, `reports.clientReportData` and the CLI (`npm run report`) share this path.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type {
  ClientReportData,
  ReportLanguage,
  ReportPaper,
  ReportsKpis,
  ReportsPeriodKpis,
} from '../../../../shared/ipc/domains/reports';
import { KPI_HOW } from '../../../../shared/ipc/domains/reports';
import { AppError } from '../../../../shared/ipc/result';
import { platformInfo } from '../../connectors/registry';
import { iso } from '../../db/rows';
import type { HandlerDeps } from '../deps';
import { priceClientMonth } from '../time/pricing';
import { monthBounds } from '../time/rules';
import { timeServiceOf } from '../time/handlers';
import { REPORT_STEPS, renderClientReport, type RenderProgress } from './pdf/render';
import { themeName } from './pdf/text';

/** How many conversations the default choice lists. */
export const DEFAULT_NOTABLE = 5;

export type PeriodKpis = (clientId: number | null, from: number, to: number) => ReportsPeriodKpis;

const prevMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

export function createClientReport(d: Pick<HandlerDeps, 'repos'>, periodKpis: PeriodKpis) {
  const r = d.repos;
  const time = timeServiceOf(d);

  function hoursStatement(clientId: number, month: string): ClientReportData['hours'] {
    const contract = time.contractOf(clientId);
    const state = r.time.periodState(clientId, month);
    const approved = state === 'approved' || state === 'invoiced';
    const none = {
      state,
      approved,
      currency: contract?.currency ?? null,
      exponent: contract?.exponent ?? null,
      byActivity: [],
      totals: null,
      retainer: null,
    };
    if (!contract) return { ...none, problem: 'no contract' };
    // Unapproved time is not shown to the client: the statement waits for the approval.
    if (!approved) return { ...none, problem: null };
    const { fromMs, toMs } = monthBounds(month, contract.timeZone);
    const entries = r.time.exportEntries(clientId, fromMs, toMs);
    let priced;
    try {
      priced = priceClientMonth(contract, entries);
    } catch (e) {
      return { ...none, problem: (e as Error).message };
    }
    const groups = new Map<string, ClientReportData['hours']['byActivity'][number]>();
    for (const l of priced.lines) {
      const key = `${l.billable ? 1 : 0}:${l.activity}`;
      const g = groups.get(key) ?? {
        activity: l.activity,
        billable: l.billable,
        entries: 0,
        rawSeconds: 0,
        billedSeconds: 0,
        amountMinor: 0,
      };
      g.entries++;
      g.rawSeconds += l.rawSeconds;
      g.billedSeconds += l.billable ? l.roundedSeconds : 0;
      g.amountMinor += l.amountMinor;
      groups.set(key, g);
    }
    const t = priced.totals;
    const k = priced.retainer;
    return {
      ...none,
      byActivity: [...groups.values()].sort(
        (a, b) => Number(b.billable) - Number(a.billable) || a.activity.localeCompare(b.activity),
      ),
      totals: {
        rawSeconds: t.rawSeconds,
        billedSeconds: t.billedSeconds,
        timeMinor: t.timeMinor,
        retainerFeeMinor: t.retainerFeeMinor,
        totalMinor: t.totalMinor,
      },
      retainer: k && {
        includedSeconds: k.includedSeconds,
        usedSeconds: k.usedSeconds,
        overageSeconds: k.overageSeconds,
        unusedSeconds: k.unusedSeconds,
        rolloverOutSeconds: k.rolloverOutSeconds,
        lostSeconds: k.lostSeconds,
        feeMinor: k.feeMinor,
      },
      problem: null,
    };
  }

  function notable(
    clientId: number,
    month: string,
    from: number,
    to: number,
    lang: ReportLanguage,
    themes: ReportsPeriodKpis['feedback']['themes'],
  ): ClientReportData['notable'] {
    const picks = r.reports.notable(clientId, month);
    const label = (p: string) => platformInfo(p).platformLabel[lang];
    const toItem = (row: ReturnType<typeof r.reports.notableRows>[number], note: string) => ({
      conversationId: row.conversationId,
      title: row.title,
      platform: label(row.platform),
      sourceName: row.sourceName,
      url: row.url,
      openedAt: iso(row.createdAt),
      status: row.status,
      messagesInMonth: row.messagesInMonth,
      note,
    });
    if (picks.length > 0) {
      const rows = new Map(
        r.reports
          .notableRows(
            clientId,
            picks.map((p) => p.conversationId),
            from,
            to,
          )
          .map((x) => [x.conversationId, x]),
      );
      const items = picks.flatMap((p) => {
        const row = rows.get(p.conversationId);
        return row ? [toItem(row, p.note)] : [];
      });
      if (items.length > 0) return { chosenBy: 'manager', items };
    }
    // The top themes (most items first): each one's newest quoted conversation, once each.
    const byTheme: { conversationId: number; theme: string }[] = [];
    for (const t of themes) {
      const ex = t.examples.find(
        (e) => !byTheme.some((b) => b.conversationId === e.conversationId),
      );
      if (ex) byTheme.push({ conversationId: ex.conversationId, theme: themeName(t, lang) });
      if (byTheme.length === DEFAULT_NOTABLE) break;
    }
    if (byTheme.length > 0) {
      const rows = new Map(
        r.reports
          .notableRows(
            clientId,
            byTheme.map((b) => b.conversationId),
            from,
            to,
          )
          .map((x) => [x.conversationId, x]),
      );
      const items = byTheme.flatMap((b) => {
        const row = rows.get(b.conversationId);
        return row ? [toItem(row, b.theme)] : [];
      });
      if (items.length > 0) return { chosenBy: 'themes', items };
    }
    return {
      chosenBy: 'messages',
      items: r.reports
        .busiestConversations(clientId, from, to, DEFAULT_NOTABLE)
        .map((row) => toItem(row, '')),
    };
  }

  /** Everything the report of a client's month shows. */
  function collect(clientId: number, month: string, language?: ReportLanguage): ClientReportData {
    const c = r.clients.get(clientId);
    if (!c) throw new AppError('not_found', `Client ${clientId} not found`);
    const lang = language ?? r.reports.reportLanguage(clientId) ?? 'en';
    const zone = time.contractOf(clientId)?.timeZone ?? c.timezone;
    const { fromMs, toMs } = monthBounds(month, zone);
    const prev = monthBounds(prevMonth(month), zone);
    if (prev.fromMs < 0) throw new AppError('invalid_input', 'month: must be after 1970-01');
    const kpis: ReportsKpis = {
      clientId,
      current: periodKpis(clientId, fromMs, toMs),
      previous: periodKpis(clientId, prev.fromMs, prev.toMs),
      howComputed: { ...KPI_HOW },
    };
    const platforms: Record<string, string> = {};
    for (const p of [
      ...kpis.current.volume.byPlatform,
      ...kpis.current.moderation.byPlatform,
      ...kpis.previous.volume.byPlatform,
    ])
      platforms[p.platform] = platformInfo(p.platform).platformLabel[lang];
    return {
      client: { id: c.id, name: c.name, color: c.color, timezone: zone },
      month,
      language: lang,
      from: iso(fromMs),
      to: iso(toMs),
      platforms,
      kpis,
      hours: hoursStatement(clientId, month),
      notable: notable(clientId, month, fromMs, toMs, lang, kpis.current.feedback.themes),
    };
  }

  return { collect };
}

export type ClientReportRequest = {
  clientId: number;
  month: string;
  language?: ReportLanguage;
  paper: ReportPaper;
};

/**
 * Collects and draws one report into `path` (whose folder must exist): written next to it and
 * renamed into place only when complete (no partial file); an unwritable path is AppError
 * `conflict` "cannot write <path>: <code>". Progress: step 1 = data collected, then the renderer's steps.
 */
export async function writeClientReport(
  collect: (clientId: number, month: string, language?: ReportLanguage) => ClientReportData,
  req: ClientReportRequest,
  path: string,
  opts: { now: number; onProgress?: RenderProgress },
): Promise<{ path: string; pages: number; bytes: number; language: ReportLanguage }> {
  const data = collect(req.clientId, req.month, req.language);
  const steps = 1 + REPORT_STEPS;
  opts.onProgress?.(1, steps);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const out = createWriteStream(tmp, { flags: 'w' });
  try {
    await Promise.race([
      once(out, 'open'),
      once(out, 'error').then(([e]) => Promise.reject(e as Error)),
    ]);
  } catch (e) {
    throw new AppError(
      'conflict',
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  try {
    const { pages } = await renderClientReport(
      data,
      { paper: req.paper, now: opts.now },
      out,
      (s) => opts.onProgress?.(1 + s, steps),
    );
    renameSync(tmp, path);
    return { path, pages, bytes: out.bytesWritten, language: data.language };
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** exports/steward-<client>-<month>-report-<lang>-<paper>.pdf in the data folder. */
export function reportFileName(
  clientName: string,
  clientId: number,
  month: string,
  lang: string,
  paper: string,
) {
  const name =
    clientName
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || `client-${clientId}`;
  return `steward-${name}-${month}-report-${lang}-${paper}.pdf`;
}
