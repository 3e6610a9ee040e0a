// shared/ipc/domains: the reports room of the contract — KPIs per client (or all clients) for a
// period, compared with the previous period of equal length. Every figure carries a `howComputed`
// i18n key (renderer tooltips); ARCHITECTURE.md "Reports room" names the functions it reuses so its
// SLA, moderation and override numbers are the same as the other rooms'.
import { z } from 'zod';
import { Id, Instant } from '../../domain/entities';
import { ModerationActionKind } from '../../domain/moderation';
import { FeedbackKind } from '../../domain/tags';
import { SlaMetricReport } from './sla';
import { defineEvents, defineMethods } from '../define';

const Count = z.number().int();
const Minutes = z.number().nullable();

export const ReportsPeriodKpis = z.object({
  from: Instant,
  to: Instant,
  volume: z.object({
    conversationsIn: Count,
    messagesIn: Count,
    byPlatform: z.array(z.object({ platform: z.string(), conversations: Count, messages: Count })),
    /** Weeks start Monday 00:00 UTC; only weeks with traffic are listed, oldest first. */
    byWeek: z.array(z.object({ weekStart: Instant, conversations: Count, messages: Count })),
    activeMembers: Count,
    newMembers: Count,
    returningMembers: Count,
  }),
  responsiveness: z.object({
    /** First-reply clocks fulfilled in the period: nearest-rank median / p90. */
    firstReplyCount: Count,
    firstReplyMedianMinutes: Minutes,
    firstReplyP90Minutes: Minutes,
    /** The same clocks in business-time mode only (the engine's elapsed business minutes). */
    firstReplyBusinessMedianMinutes: Minutes,
    firstReplyBusinessP90Minutes: Minutes,
    /** The same clocks in calendar time (ended − started, pauses included). */
    firstReplyCalendarMedianMinutes: Minutes,
    firstReplyCalendarP90Minutes: Minutes,
    /** Conversations opened in the period that have a first reply, in percent (null: none opened). */
    responseRatePct: z.number().nullable(),
    resolvedCount: Count,
    resolutionMedianMinutes: Minutes,
    /** Support conversations not solved at the period's end (status log: last status before `to`). */
    backlogAtEnd: Count,
    /** Conversations opened in the period that are solved at its end, in percent (null: none opened). */
    resolutionRatePct: z.number().nullable(),
  }),
  sla: z.array(SlaMetricReport),
  moderation: z.object({
    total: Count,
    byKind: z.array(z.object({ kind: ModerationActionKind, count: Count })),
    byPlatform: z.array(z.object({ platform: z.string(), count: Count })),
    /** Moderation items removed (remove/delete done in the period) whose reason or reports say spam. */
    spamRemoved: Count,
    /** Member messages written in the period (every conversation): the spam share's denominator. */
    memberMessagesIn: Count,
    /** 100 × spamRemoved / memberMessagesIn (null: no member messages). */
    spamSharePct: z.number().nullable(),
  }),
  guidelineOverrides: Count,
  /**
   * Feedback items on member messages written in the period (counted by the message's time, with
   * the tag's kind as it is now; merged tags count as their survivor).
   */
  feedback: z.object({
    total: Count,
    /** Every kind, in picker order (zeros included). */
    byKind: z.array(z.object({ kind: FeedbackKind, count: Count })),
    /** Per tag with items in the period (built-in kinds and themes), most items first. */
    themes: z.array(
      z.object({
        tagId: Id,
        clientId: Id,
        name: z.string(),
        kind: FeedbackKind,
        builtin: z.boolean(),
        count: Count,
        /** Distinct members who said it. */
        members: Count,
        /** The same tag's items in the period before (same length): the trend. */
        previousCount: Count,
        /** Up to 3 of the period's items, newest first (quote: the message's text, at most 280 characters). */
        examples: z.array(
          z.object({
            conversationId: Id,
            messageId: Id,
            author: z.string(),
            quote: z.string(),
            at: Instant,
          }),
        ),
      }),
    ),
  }),
  effort: z.object({
    /** Raw (unrounded) seconds of time entries starting in the period. */
    totalSeconds: Count,
    byActivity: z.array(z.object({ activity: z.string(), seconds: Count })),
    byAgent: z.array(z.object({ agentId: Id, name: z.string(), seconds: Count })),
    /**
     * Per client: the contract months (in the contract's zone) wholly inside the period, each priced
     * as the time room prices it (priceClientMonth → shared/billing priceEntries), summed.
     */
    money: z.array(
      z.object({
        clientId: Id,
        months: z.array(z.string()),
        currency: z.string().nullable(),
        exponent: z.number().int().nullable(),
        billedSeconds: Count,
        includedSeconds: Count.nullable(),
        usedSeconds: Count.nullable(),
        overageSeconds: Count.nullable(),
        totalMinor: Count.nullable(),
        /** Resolution clocks fulfilled in those months. */
        resolved: Count,
        /** totalMinor / resolved, rounded half up to a minor unit; null without money or resolutions. */
        costPerResolvedMinor: Count.nullable(),
        /** Why the money is missing (no contract, or the pricing error). */
        problem: z.string().nullable(),
      }),
    ),
  }),
});
export type ReportsPeriodKpis = z.infer<typeof ReportsPeriodKpis>;

/** Figure → i18n key of its "how is this computed" text. */
export const KPI_HOW = {
  conversationsIn: 'reports.how.conversationsIn',
  messagesIn: 'reports.how.messagesIn',
  byPlatform: 'reports.how.byPlatform',
  byWeek: 'reports.how.byWeek',
  activeMembers: 'reports.how.activeMembers',
  newMembers: 'reports.how.newMembers',
  returningMembers: 'reports.how.returningMembers',
  firstReply: 'reports.how.firstReply',
  firstReplyBusiness: 'reports.how.firstReplyBusiness',
  firstReplyCalendar: 'reports.how.firstReplyCalendar',
  responseRate: 'reports.how.responseRate',
  resolution: 'reports.how.resolution',
  backlogAtEnd: 'reports.how.backlogAtEnd',
  resolutionRate: 'reports.how.resolutionRate',
  spamShare: 'reports.how.spamShare',
  sla: 'reports.how.sla',
  moderation: 'reports.how.moderation',
  guidelineOverrides: 'reports.how.guidelineOverrides',
  hoursByActivity: 'reports.how.hoursByActivity',
  hoursByAgent: 'reports.how.hoursByAgent',
  retainer: 'reports.how.retainer',
  costPerResolved: 'reports.how.costPerResolved',
  feedback: 'reports.how.feedback',
  feedbackThemes: 'reports.how.feedbackThemes',
} as const;

export const ReportsKpis = z.object({
  clientId: Id.nullable(),
  current: ReportsPeriodKpis,
  previous: ReportsPeriodKpis,
  howComputed: z.record(z.string(), z.string()),
});
export type ReportsKpis = z.infer<typeof ReportsKpis>;

export const methods = defineMethods({
  /** KPIs of [from, to) and of the previous period of the same length, for one client or all. */
  'reports.kpis': {
    read: true,
    input: z.object({ clientId: Id.nullable(), from: Instant, to: Instant }),
    output: ReportsKpis,
  },
  /**
   * The feedback items of [from, to) (by the message's time) as CSV for a client's product team:
   * date (UTC, ISO 8601), client, platform, conversation link, conversation id, member, kind, theme,
   * quote, tagged by. RFC 4180, text cells formula-neutralised as in the time exports.
   */
  'reports.feedbackCsv': {
    read: true,
    input: z.object({ clientId: Id.nullable(), from: Instant, to: Instant }),
    output: z.object({ csv: z.string(), rows: Count, filename: z.string() }),
  },
});

export const events = defineEvents({});
