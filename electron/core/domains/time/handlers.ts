// electron/core/domains/time: the time room's handlers — capture (heartbeats, timer), manual entries
// and edits with a reason, idle reviews, the agent's role and idle threshold, contracts, periods with
// their approval and locking, and exports. Every change is a named command (audited with the acting
// agent); heartbeats are audited once per agent per 10 minutes (they arrive every 15 s).
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { roundEntries } from '../../../../shared/billing/rounding';
import type { PeriodRow, TimeProfile } from '../../../../shared/ipc/domains/time';
import type { CallContext, RoomHandlers } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import { isValidZone } from '../../../../shared/sla/tz';
import type { HandlerDeps } from '../deps';
import { EXPORT_EXTENSIONS, writeExport } from './export';
import { priceClientMonth } from './pricing';
import type { Role } from './repo';
import { dayBounds, monthBounds, periodTransition } from './rules';
import { createTimeService, type TimeService } from './service';

type TimeMethods =
  | 'time.heartbeat'
  | 'time.status'
  | 'time.timerStart'
  | 'time.timerStop'
  | 'time.addEntry'
  | 'time.updateEntry'
  | 'time.deleteEntry'
  | 'time.week'
  | 'time.idleReviews'
  | 'time.resolveIdle'
  | 'time.profile'
  | 'time.setProfile'
  | 'time.contract'
  | 'time.setContract'
  | 'time.periods'
  | 'time.setPeriod'
  | 'time.export';

const services = new WeakMap<HandlerDeps['repos'], TimeService>();
/** One time service (with its in-memory capture state) per core. */
export function timeServiceOf(d: Pick<HandlerDeps, 'repos'>): TimeService {
  let s = services.get(d.repos);
  if (!s) services.set(d.repos, (s = createTimeService({ repos: d.repos })));
  return s;
}

export function createTimeHandlers(d: HandlerDeps): RoomHandlers<TimeMethods> {
  const { repos: r } = d;
  const svc = timeServiceOf(d);
  const t = r.time;
  const changed = (reason: string) => d.bus.emit('time.changed', { reason });
  /** What each agent's last heartbeat reported: views refresh only when that changes (not every 15 s). */
  const lastBeat = new Map<number, string>();

  const self = (call: CallContext) => d.commands.actorOf(call);
  const roleOf = (agentId: number): Role => t.profile(agentId)?.role ?? 'agent';
  const mayEditOthers = (agentId: number) => roleOf(agentId) !== 'agent';
  const profileOf = (agentId: number): TimeProfile => {
    const p = t.profile(agentId)!;
    return { agentId, role: p.role, idleThresholdMinutes: Math.round(p.idleThresholdSeconds / 60) };
  };
  const clientOrThrow = (id: number) => {
    const c = r.clients.get(id);
    if (!c) throw new AppError('not_found', `Client ${id} not found`);
    return c;
  };
  const conversationFor = (clientId: number, conversationId: number | null) => {
    if (conversationId == null) return { conversationId: null, sourceId: null };
    const conv = r.conversations.raw(conversationId);
    if (!conv) throw new AppError('not_found', `Conversation ${conversationId} not found`);
    if (conv.client_id !== clientId)
      throw new AppError(
        'invalid_input',
        `conversationId: conversation ${conversationId} belongs to another client`,
      );
    return { conversationId: conv.id, sourceId: conv.source_id };
  };

  function periodRow(clientId: number, month: string): PeriodRow {
    const c = clientOrThrow(clientId);
    const contract = svc.contractOf(clientId);
    const zone = contract?.timeZone ?? c.timezone;
    const { fromMs, toMs } = monthBounds(month, zone);
    const rows = t.exportEntries(clientId, fromMs, toMs);
    const rawSeconds = rows.reduce((s, e) => s + e.seconds, 0);
    const base = {
      clientId,
      clientName: c.name,
      month,
      state: t.periodState(clientId, month),
      entries: rows.length,
      rawSeconds,
    };
    if (!contract)
      return {
        ...base,
        billedSeconds: rawSeconds,
        totalMinor: null,
        currency: null,
        exponent: null,
        problem: rows.length ? 'no contract' : null,
      };
    try {
      const p = priceClientMonth(contract, rows);
      return {
        ...base,
        billedSeconds: p.totals.billedSeconds,
        totalMinor: p.totals.totalMinor,
        currency: p.currency,
        exponent: p.exponent,
        problem: null,
      };
    } catch (e) {
      return {
        ...base,
        billedSeconds: rawSeconds,
        totalMinor: null,
        currency: contract.currency,
        exponent: contract.exponent,
        problem: (e as Error).message,
      };
    }
  }

  return {
    'time.heartbeat': (input, call) => {
      const actor = self(call);
      const result = d.commands.run(
        call,
        'time.capture',
        { entity: 'agent', id: actor.id },
        ({ at }) => svc.heartbeat(actor.id, input, at),
        (s) => ({ tracking: s.tracking, conversationId: s.segment?.conversationId ?? null }),
        { coalesceMs: 10 * 60_000 },
      );
      const key = `${result.tracking}|${result.segment?.id ?? ''}|${result.timer?.id ?? ''}|${result.pendingIdle}`;
      if (lastBeat.get(actor.id) !== key) {
        lastBeat.set(actor.id, key);
        changed('capture');
      }
      return result;
    },
    'time.status': (_i, call) => svc.status(self(call).id),
    'time.timerStart': (input, call) => {
      const e = d.commands.run(
        call,
        'time.timerStart',
        { entity: 'time_entry', id: 0 },
        ({ actor, at }) => svc.timerStart(actor.id, input, at),
        (e) => ({ entryId: e.id, clientId: e.clientId, activity: e.activity }),
      );
      changed('timer');
      return e;
    },
    'time.timerStop': (_i, call) => {
      const e = d.commands.run(
        call,
        'time.timerStop',
        { entity: 'time_entry', id: 0 },
        ({ actor, at }) => svc.timerStop(actor.id, at),
        (e) => ({ entryId: e?.id ?? null, seconds: e?.seconds ?? 0 }),
      );
      changed('timer');
      return e;
    },
    'time.addEntry': (input, call) => {
      clientOrThrow(input.clientId);
      const link = conversationFor(input.clientId, input.conversationId);
      const startAt = Date.parse(input.start);
      const e = d.commands.run(
        call,
        'time.addEntry',
        { entity: 'time_entry', id: 0 },
        ({ actor, at }) => {
          svc.assertUnlocked(input.clientId, startAt);
          const id = t.insert(
            {
              agentId: actor.id,
              clientId: input.clientId,
              ...link,
              activity: input.activity,
              note: input.note,
              billable: input.billable ?? svc.billableByContract(input.clientId, input.activity),
              origin: 'manual',
              startAt,
              seconds: input.seconds,
              running: false,
            },
            at,
          );
          return svc.toEntry(t.get(id)!);
        },
        (e) => ({
          entryId: e.id,
          clientId: e.clientId,
          activity: e.activity,
          start: e.start,
          seconds: e.seconds,
        }),
      );
      changed('entry');
      return e;
    },
    'time.updateEntry': ({ id, reason, ...patch }, call) => {
      const e = d.commands.run(
        call,
        'time.updateEntry',
        { entity: 'time_entry', id },
        ({ actor, at }) => {
          const cur = t.get(id);
          if (!cur || cur.deletedAt != null)
            throw new AppError('not_found', `Time entry ${id} not found`);
          if (cur.agentId !== actor.id && !mayEditOthers(actor.id))
            throw new AppError(
              'unauthorized',
              "only a team lead or an account manager may edit another agent's time",
            );
          if (cur.running)
            throw new AppError('conflict', 'a running entry cannot be edited: stop it first');
          svc.assertUnlocked(cur.clientId, cur.startAt);
          const clientId = patch.clientId ?? cur.clientId;
          clientOrThrow(clientId);
          const link =
            patch.conversationId !== undefined
              ? conversationFor(clientId, patch.conversationId)
              : clientId !== cur.clientId
                ? { conversationId: null, sourceId: null }
                : { conversationId: cur.conversationId, sourceId: cur.sourceId };
          const startAt = patch.start !== undefined ? Date.parse(patch.start) : cur.startAt;
          svc.assertUnlocked(clientId, startAt);
          const next = {
            clientId,
            ...link,
            activity: patch.activity ?? cur.activity,
            startAt,
            seconds: patch.seconds ?? cur.seconds,
            note: patch.note ?? cur.note,
            billable: patch.billable ?? cur.billable,
          };
          t.update(id, next, at);
          return { before: cur, after: svc.toEntry(t.get(id)!) };
        },
        ({ before, after }) => ({
          reason,
          before: {
            clientId: before.clientId,
            activity: before.activity,
            start: new Date(before.startAt).toISOString(),
            seconds: before.seconds,
            billable: before.billable,
            note: before.note,
          },
          after: {
            clientId: after.clientId,
            activity: after.activity,
            start: after.start,
            seconds: after.seconds,
            billable: after.billable,
            note: after.note,
          },
        }),
      );
      changed('entry');
      return e.after;
    },
    'time.deleteEntry': ({ id, reason }, call) => {
      d.commands.run(
        call,
        'time.deleteEntry',
        { entity: 'time_entry', id },
        ({ actor, at }) => {
          const cur = t.get(id);
          if (!cur || cur.deletedAt != null)
            throw new AppError('not_found', `Time entry ${id} not found`);
          if (cur.agentId !== actor.id && !mayEditOthers(actor.id))
            throw new AppError(
              'unauthorized',
              "only a team lead or an account manager may delete another agent's time",
            );
          if (cur.running)
            throw new AppError('conflict', 'a running entry cannot be deleted: stop it first');
          svc.assertUnlocked(cur.clientId, cur.startAt);
          t.softDelete(id, at);
          return cur;
        },
        (cur) => ({
          reason,
          clientId: cur.clientId,
          seconds: cur.seconds,
          start: new Date(cur.startAt).toISOString(),
        }),
      );
      changed('entry');
      return { id };
    },
    'time.week': ({ weekStart, timeZone, agentId }, call) => {
      if (!isValidZone(timeZone))
        throw new AppError('invalid_input', `timeZone: unknown IANA time zone "${timeZone}"`);
      const who = agentId === undefined ? self(call).id : agentId;
      const days: string[] = [];
      const first = dayBounds(weekStart, timeZone);
      const bounds: { fromMs: number; toMs: number }[] = [];
      for (let i = 0; i < 7; i++) {
        const day = new Date(Date.parse(`${weekStart}T00:00:00Z`) + i * 86_400_000)
          .toISOString()
          .slice(0, 10);
        days.push(day);
        bounds.push(dayBounds(day, timeZone));
      }
      const entries = t.listRange(first.fromMs, bounds[6]!.toMs, who);
      const byClient = new Map<
        number,
        { clientId: number; clientName: string; seconds: number[][] }
      >();
      for (const e of entries) {
        const day = bounds.findIndex((b) => e.startAt >= b.fromMs && e.startAt < b.toMs);
        if (day < 0) continue;
        let row = byClient.get(e.clientId);
        if (!row)
          byClient.set(
            e.clientId,
            (row = { clientId: e.clientId, clientName: e.clientName, seconds: days.map(() => []) }),
          );
        row.seconds[day]!.push(e.seconds);
      }
      const totals = days.map(() => ({ rawSeconds: 0, roundedSeconds: 0 }));
      const rows = [...byClient.values()]
        .sort((a, b) => a.clientName.localeCompare(b.clientName))
        .map((row) => {
          // Rounded as the client's contract rounds (per entry, or the day's sum per group): a preview;
          // invoices round per period (see the export).
          const rule = svc.contractOf(row.clientId)?.rounding ?? null;
          const cells = row.seconds.map((list) => {
            const raw = list.reduce((s, x) => s + x, 0);
            const rounded = rule ? roundEntries(list, rule).totalSeconds : raw;
            return { rawSeconds: raw, roundedSeconds: rounded };
          });
          cells.forEach((c, i) => {
            totals[i]!.rawSeconds += c.rawSeconds;
            totals[i]!.roundedSeconds += c.roundedSeconds;
          });
          const total = cells.reduce(
            (s, c) => ({
              rawSeconds: s.rawSeconds + c.rawSeconds,
              roundedSeconds: s.roundedSeconds + c.roundedSeconds,
            }),
            { rawSeconds: 0, roundedSeconds: 0 },
          );
          return { clientId: row.clientId, clientName: row.clientName, days: cells, total };
        });
      return { days, rows, totals, entries: entries.map(svc.toEntry) };
    },
    'time.idleReviews': (_i, call) => t.pendingIdle(self(call).id).map(svc.toReview),
    'time.resolveIdle': ({ id, action, clientId, activity }, call) => {
      const res = d.commands.run(
        call,
        'time.resolveIdle',
        { entity: 'idle_review', id },
        ({ actor, at }) => {
          const v = t.idleReview(id);
          if (!v || v.agentId !== actor.id)
            throw new AppError('not_found', `Idle review ${id} not found`);
          if (v.state !== 'pending')
            throw new AppError('conflict', `idle review ${id} was already resolved (${v.state})`);
          if (action === 'discard') {
            t.resolveIdle(id, 'discarded', null, at);
            return null;
          }
          const target = action === 'keep' ? v.clientId : (clientId ?? v.clientId);
          if (target == null)
            throw new AppError('invalid_input', 'clientId: choose the client this time goes to');
          clientOrThrow(target);
          const act = action === 'keep' ? v.activity : (activity ?? v.activity);
          svc.assertUnlocked(target, v.startAt);
          const sameConversation = target === v.clientId && action === 'keep';
          const entryId = t.insert(
            {
              agentId: actor.id,
              clientId: target,
              conversationId: sameConversation ? v.conversationId : null,
              sourceId: sameConversation ? v.sourceId : null,
              activity: act,
              note: v.note,
              billable: svc.billableByContract(target, act),
              origin: 'idle-kept',
              startAt: v.startAt,
              seconds: Math.round((v.endAt - v.startAt) / 1000),
              running: false,
            },
            at,
          );
          t.resolveIdle(id, action === 'keep' ? 'kept' : 'reassigned', entryId, at);
          return svc.toEntry(t.get(entryId)!);
        },
        (e) => ({
          action,
          entryId: e?.id ?? null,
          clientId: e?.clientId ?? null,
          activity: e?.activity ?? null,
          seconds: e?.seconds ?? null,
        }),
      );
      changed('idle');
      return { entry: res };
    },
    'time.profile': (_i, call) => profileOf(self(call).id),
    'time.setProfile': ({ role, idleThresholdMinutes }, call) => {
      const p = d.commands.run(
        call,
        'agent.timeProfile',
        { entity: 'agent', id: self(call).id },
        ({ actor }) => {
          t.setProfile(actor.id, {
            role,
            idleThresholdSeconds:
              idleThresholdMinutes === undefined
                ? undefined
                : Math.max(60, idleThresholdMinutes * 60),
          });
          return profileOf(actor.id);
        },
        (p) => ({ role: p.role, idleThresholdMinutes: p.idleThresholdMinutes }),
      );
      changed('profile');
      return p;
    },
    'time.contract': ({ clientId }) => {
      clientOrThrow(clientId);
      const json = t.contractJson(clientId);
      return {
        contract:
          json == null
            ? null
            : svc.contractOf(clientId) && stripExponent(svc.contractOf(clientId)!),
      };
    },
    'time.setContract': ({ clientId, contract }, call) => {
      clientOrThrow(clientId);
      const c = d.commands.run(
        call,
        'client.contract',
        { entity: 'client', id: clientId },
        ({ at }) => svc.setContract(clientId, contract, at),
        (c) => ({
          currency: c.currency,
          rates: c.rates.length,
          rounding: c.rounding,
          retainer: c.retainer !== null,
        }),
      );
      changed('contract');
      return { contract: c };
    },
    'time.periods': ({ month }) => r.clients.list().map((c) => periodRow(c.id, month)),
    'time.setPeriod': ({ clientId, month, action, reason }, call) => {
      clientOrThrow(clientId);
      const row = d.commands.run(
        call,
        `period.${action}`,
        { entity: 'period', id: `${clientId}:${month}` },
        ({ actor, at }) => {
          const state = t.periodState(clientId, month);
          const next = periodTransition(state, action, roleOf(actor.id), reason);
          if ('refused' in next)
            throw new AppError(
              next.refused.startsWith('needs the role') ? 'unauthorized' : 'conflict',
              `${action}: ${next.refused}`,
            );
          t.setPeriodState(clientId, month, next.state, actor.id, at);
          return { from: state, to: next.state };
        },
        (x) => ({ clientId, month, from: x.from, to: x.to, ...(reason ? { reason } : {}) }),
      );
      changed('period');
      return { ...periodRow(clientId, month), state: row.to };
    },
    'time.export': async ({ clientId, month, format, exportId }) => {
      const dir = join(d.info().dataDir, 'exports');
      mkdirSync(dir, { recursive: true });
      const name =
        clientId == null
          ? 'all'
          : clientOrThrow(clientId)
              .name.replace(/[^\p{L}\p{N}]+/gu, '-')
              .replace(/^-+|-+$/g, '')
              .slice(0, 60) || `client-${clientId}`;
      const path = join(dir, `steward-${name}-${month}-${format}.${EXPORT_EXTENSIONS[format]}`);
      // A connection of its own: the export's read transaction spans the stream's awaits.
      const reader = new Database(join(d.info().dataDir, 'steward.db'), {
        readonly: true,
        fileMustExist: true,
      });
      try {
        const out = createWriteStream(path);
        const res = await writeExport(reader, { clientId, month, format }, out, (rows, total) =>
          d.bus.emit('time.exportProgress', { exportId, rows, total, done: false }),
        );
        d.bus.emit('time.exportProgress', {
          exportId,
          rows: res.rows,
          total: res.rows,
          done: true,
        });
        return { path, rows: res.rows, bytes: out.bytesWritten };
      } finally {
        reader.close();
      }
    },
  };
}

function stripExponent<T extends { exponent?: number }>(c: T): Omit<T, 'exponent'> {
  const { exponent: _e, ...rest } = c;
  return rest;
}
