// electron/core/domains/reports: the reports room's contract methods. `reports.kpis` assembles a
// period's figures and the previous period's: volume and response figures from the reports repo,
// SLA figures through summarizeSlaClocks (the function `sla.report` uses), moderation counts through
// the moderation repo's `counts` (as `moderation.counts`) and override counts through the guidelines
// repo's `overrides` (as `guidelines.overrides`), so every number equals the one the other rooms show.
import { stringify } from 'csv-stringify/sync';
import { CSV_STRINGIFY_OPTIONS, neutralizeFormula } from '../../../../shared/billing/exports';
import { FEEDBACK_KINDS } from '../../../../shared/domain/tags';
import type { ClockRow } from '../sla/repo';
import { KPI_HOW, type ReportsPeriodKpis } from '../../../../shared/ipc/domains/reports';
import type { ModerationActionKind } from '../../../../shared/domain/moderation';
import type { RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { iso } from '../../db/rows';
import type { HandlerDeps } from '../deps';
import { nearestRank, summarizeSlaClocks } from '../sla/handlers';
import { priceClientMonth } from '../time/pricing';
import { monthBounds, monthOf } from '../time/rules';
import { timeServiceOf } from '../time/handlers';
import type { VolumeCell } from './repo';

const MAX_PERIOD_MS = 3660 * 86_400_000;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** Sums cells by a key, keeping first-seen keys sorted by `order`. */
function sumBy<K extends string | number>(
  cells: VolumeCell[],
  key: (c: VolumeCell) => K,
): Map<K, number> {
  const m = new Map<K, number>();
  for (const c of cells) m.set(key(c), (m.get(key(c)) ?? 0) + c.count);
  return m;
}

/** The feedback CSV's header (one row per feedback item). */
export const FEEDBACK_CSV_HEADER = [
  'date',
  'client',
  'platform',
  'conversation_link',
  'conversation_id',
  'member',
  'kind',
  'theme',
  'quote',
  'tagged_by',
] as const;

/** Checks a period and returns it in milliseconds (the rules of reports.kpis). */
function periodOf(from: string, to: string): { a: number; b: number } {
  // from/to are contract Instants (validated by the dispatcher).
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (!(b > a)) throw new AppError('invalid_input', 'to: must be after from');
  // Bounded work: every contract month of the period is priced, and the previous period must be an instant too.
  if (b - a > MAX_PERIOD_MS)
    throw new AppError('invalid_input', 'to: a report period is at most 10 years long');
  if (a - (b - a) < 0)
    throw new AppError(
      'invalid_input',
      'from: the previous period of the same length would start before 1970',
    );
  return { a, b };
}

export function createReportsHandlers(
  d: HandlerDeps,
): RoomHandlers<'reports.kpis' | 'reports.feedbackCsv'> {
  const { repos: r, sla } = d;

  const time = timeServiceOf(d);

  /** The months of the client's contract zone wholly inside [from, to), priced and summed. */
  function money(
    clientId: number,
    from: number,
    to: number,
  ): ReportsPeriodKpis['effort']['money'][number] | null {
    const contract = time.contractOf(clientId);
    const zone = contract?.timeZone ?? r.clients.get(clientId)!.timezone;
    const months: { month: string; fromMs: number; toMs: number }[] = [];
    for (let m = monthOf(from, zone); ;) {
      const b = monthBounds(m, zone);
      if (b.fromMs >= to) break;
      if (b.fromMs >= from && b.toMs <= to) months.push({ month: m, ...b });
      m = monthOf(b.toMs, zone);
    }
    const entries = months.map((m) => r.time.exportEntries(clientId, m.fromMs, m.toMs));
    if (!contract && entries.every((e) => e.length === 0)) return null;
    const resolved = months
      .flatMap((m) => sla.repo.endedOrBreachedIn(clientId, m.fromMs, m.toMs))
      .filter((k) => k.metric === 'resolution' && k.status === 'fulfilled').length;
    const raw = entries.flat().reduce((n, e) => n + e.seconds, 0);
    const none = {
      clientId,
      months: months.map((m) => m.month),
      resolved,
      costPerResolvedMinor: null,
    };
    const unpriced = (problem: string) => ({
      ...none,
      currency: contract?.currency ?? null,
      exponent: contract?.exponent ?? null,
      billedSeconds: raw,
      includedSeconds: null,
      usedSeconds: null,
      overageSeconds: null,
      totalMinor: null,
      problem,
    });
    if (!contract) return unpriced('no contract');
    try {
      const priced = entries.map((rows) => priceClientMonth(contract, rows));
      const sum = (f: (p: (typeof priced)[number]) => number) =>
        priced.reduce((n, p) => n + f(p), 0);
      const totalMinor = sum((p) => p.totals.totalMinor);
      return {
        ...none,
        currency: contract.currency,
        exponent: contract.exponent,
        billedSeconds: sum((p) => p.totals.billedSeconds),
        includedSeconds: contract.retainer
          ? contract.retainer.includedMinutes * 60 * months.length
          : null,
        usedSeconds: contract.retainer ? sum((p) => p.retainer?.usedSeconds ?? 0) : null,
        overageSeconds: contract.retainer ? sum((p) => p.retainer?.overageSeconds ?? 0) : null,
        totalMinor,
        costPerResolvedMinor: resolved && months.length ? Math.round(totalMinor / resolved) : null,
        problem: null,
      };
    } catch (e) {
      return unpriced((e as Error).message);
    }
  }

  const clientIds = (clientId: number | null): number[] =>
    clientId == null ? r.clients.list().map((c) => c.id) : [clientId];

  function period(clientId: number | null, from: number, to: number): ReportsPeriodKpis {
    // Volume.
    const conv = r.reports.conversationsIn(clientId, from, to);
    const msgs = r.reports.messagesIn(clientId, from, to);
    const convP = sumBy(conv, (c) => c.platform);
    const msgP = sumBy(msgs, (c) => c.platform);
    const convW = sumBy(conv, (c) => c.weekStart);
    const msgW = sumBy(msgs, (c) => c.weekStart);
    const platforms = [...new Set([...convP.keys(), ...msgP.keys()])].sort();
    const weeks = sorted([...new Set([...convW.keys(), ...msgW.keys()])]);
    const members = r.reports.members(clientId, from, to);

    // SLA: the clocks that ended or breached in the period, summarised exactly as `sla.report` does.
    const clocks: ClockRow[] = clientIds(clientId).flatMap((id) =>
      sla.repo.endedOrBreachedIn(id, from, to),
    );
    const slaRows = summarizeSlaClocks(clocks);
    const firstDone = clocks.filter((k) => k.metric === 'first_reply' && k.status === 'fulfilled');
    const business = sorted(
      firstDone.filter((k) => k.mode === 'business').map((k) => k.elapsedMinutes),
    );
    const calendar = sorted(
      firstDone
        .filter((k) => k.startedAt != null && k.endedAt != null)
        .map((k) => (k.endedAt! - k.startedAt!) / 60_000),
    );
    const fr = slaRows.find((s) => s.metric === 'first_reply')!;
    const res = slaRows.find((s) => s.metric === 'resolution')!;
    const responded = r.reports.responded(clientId, from, to);
    const atEnd = r.reports.statusAtEnd(clientId, from, to);
    const spam = r.reports.spam(clientId, from, to);

    // Moderation (the counts `moderation.counts` returns) and guideline overrides (`guidelines.overrides`).
    const byKind = new Map<ModerationActionKind, number>();
    const modPlatform = new Map<string, number>();
    for (const c of r.moderation.counts({ clientId: clientId ?? undefined, from, to })) {
      byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + c.count);
      modPlatform.set(c.platform, (modPlatform.get(c.platform) ?? 0) + c.count);
    }
    const overrides = clientIds(clientId).reduce(
      (n, id) => n + r.guidelines.overrides(id, from, to).length,
      0,
    );

    // Feedback: items said in the period per tag, the same tags' items in the period before, examples.
    const len = to - from;
    const tagCounts = r.reports.feedbackByTag(clientId, from, to);
    const before = new Map(
      r.reports.feedbackByTag(clientId, from - len, from).map((c) => [c.tagId, c.count]),
    );
    const examples = new Map<number, ReportsPeriodKpis['feedback']['themes'][number]['examples']>();
    for (const e of r.reports.feedbackExamples(clientId, from, to, 3)) {
      const list = examples.get(e.tagId) ?? [];
      list.push({
        conversationId: e.conversationId,
        messageId: e.messageId,
        author: e.author,
        quote: e.quote,
        at: iso(e.at),
      });
      examples.set(e.tagId, list);
    }
    const feedbackKinds = new Map<string, number>();
    for (const c of tagCounts)
      feedbackKinds.set(c.kind, (feedbackKinds.get(c.kind) ?? 0) + c.count);

    // Effort: raw seconds of the time entries that start in the period.
    const entries = clientIds(clientId).flatMap((id) => r.time.exportEntries(id, from, to));
    const byActivity = new Map<string, number>();
    const byAgent = new Map<number, { name: string; seconds: number }>();
    for (const e of entries) {
      byActivity.set(e.activity, (byActivity.get(e.activity) ?? 0) + e.seconds);
      const a = byAgent.get(e.agentId) ?? { name: e.agentName, seconds: 0 };
      a.seconds += e.seconds;
      byAgent.set(e.agentId, a);
    }

    return {
      from: iso(from),
      to: iso(to),
      volume: {
        conversationsIn: conv.reduce((n, c) => n + c.count, 0),
        messagesIn: msgs.reduce((n, c) => n + c.count, 0),
        byPlatform: platforms.map((platform) => ({
          platform,
          conversations: convP.get(platform) ?? 0,
          messages: msgP.get(platform) ?? 0,
        })),
        byWeek: weeks.map((w) => ({
          weekStart: iso(w),
          conversations: convW.get(w) ?? 0,
          messages: msgW.get(w) ?? 0,
        })),
        activeMembers: members.active,
        newMembers: members.fresh,
        returningMembers: members.active - members.fresh,
      },
      responsiveness: {
        firstReplyCount: firstDone.length,
        firstReplyMedianMinutes: fr.medianMinutes,
        firstReplyP90Minutes: fr.p90Minutes,
        firstReplyBusinessMedianMinutes: nearestRank(business, 0.5),
        firstReplyBusinessP90Minutes: nearestRank(business, 0.9),
        firstReplyCalendarMedianMinutes: nearestRank(calendar, 0.5),
        firstReplyCalendarP90Minutes: nearestRank(calendar, 0.9),
        responseRatePct: responded.opened ? (responded.replied / responded.opened) * 100 : null,
        resolvedCount: clocks.filter((k) => k.metric === 'resolution' && k.status === 'fulfilled')
          .length,
        resolutionMedianMinutes: res.medianMinutes,
        backlogAtEnd: atEnd.backlog,
        resolutionRatePct: atEnd.opened ? (atEnd.resolved / atEnd.opened) * 100 : null,
      },
      sla: slaRows,
      moderation: {
        total: [...byKind.values()].reduce((n, c) => n + c, 0),
        byKind: [...byKind.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([kind, count]) => ({ kind, count })),
        byPlatform: [...modPlatform.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([platform, count]) => ({ platform, count })),
        spamRemoved: spam.spamRemoved,
        memberMessagesIn: spam.memberMessages,
        spamSharePct: spam.memberMessages ? (spam.spamRemoved / spam.memberMessages) * 100 : null,
      },
      guidelineOverrides: overrides,
      feedback: {
        total: tagCounts.reduce((n, c) => n + c.count, 0),
        byKind: FEEDBACK_KINDS.map((kind) => ({ kind, count: feedbackKinds.get(kind) ?? 0 })),
        themes: tagCounts
          .map((c) => ({
            tagId: c.tagId,
            clientId: c.clientId,
            name: c.name,
            kind: c.kind,
            builtin: c.builtin === 1,
            count: c.count,
            members: c.members,
            previousCount: before.get(c.tagId) ?? 0,
            examples: examples.get(c.tagId) ?? [],
          }))
          .sort((x, y) => y.count - x.count || x.name.localeCompare(y.name) || x.tagId - y.tagId),
      },
      effort: {
        totalSeconds: entries.reduce((n, e) => n + e.seconds, 0),
        byActivity: [...byActivity.entries()]
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([activity, seconds]) => ({ activity, seconds })),
        byAgent: [...byAgent.entries()]
          .sort(([x], [y]) => x - y)
          .map(([agentId, a]) => ({ agentId, ...a })),
        money: sorted(clientIds(clientId)).flatMap((id) => money(id, from, to) ?? []),
      },
    };
  }

  return {
    'reports.kpis': ({ clientId, from, to }) => {
      if (clientId != null && !r.clients.get(clientId))
        throw new AppError('not_found', `Client ${clientId} not found`);
      const { a, b } = periodOf(from, to);
      const len = b - a;
      return {
        clientId,
        current: period(clientId, a, b),
        previous: period(clientId, a - len, a),
        howComputed: { ...KPI_HOW },
      };
    },
    'reports.feedbackCsv': ({ clientId, from, to }) => {
      const client = clientId == null ? null : r.clients.get(clientId);
      if (clientId != null && !client)
        throw new AppError('not_found', `Client ${clientId} not found`);
      const { a, b } = periodOf(from, to);
      const rows = r.reports
        .feedbackRows(clientId, a, b)
        .map((x) =>
          [
            iso(x.at),
            x.client,
            x.platform,
            x.url ?? '',
            String(x.conversationId),
            x.member,
            x.kind,
            x.builtin ? '' : x.theme,
            x.quote,
            x.taggedBy ?? '',
          ].map(neutralizeFormula),
        );
      const slug =
        (client?.name ?? 'all')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'client';
      return {
        csv: stringify([[...FEEDBACK_CSV_HEADER], ...rows], CSV_STRINGIFY_OPTIONS),
        rows: rows.length,
        filename: `feedback-${slug}-${iso(a).slice(0, 10)}-${iso(b).slice(0, 10)}.csv`,
      };
    },
  };
}
