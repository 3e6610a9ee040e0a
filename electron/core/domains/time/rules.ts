// electron/core/domains/time: the pure rules of the time room — months in a client's zone, the
// period state machine and who may move it, and which states lock entries.
//
// Periods (per client and month; no row = open):
//   submit   open      -> submitted   any role (the agent says the month is complete)
//   approve  submitted -> approved    team lead
//   invoice  approved  -> invoiced    account manager
//   unlock   submitted -> open        any role, with a reason
//            approved  -> open        team lead or account manager, with a reason
//            invoiced  -> open        account manager, with a reason
// Approved and invoiced periods are locked: no entry in them may be added, edited, deleted or kept
// from idle; automatic capture does not write into them.
import { daysFromCivil, DAY_MS } from '../../../../shared/billing/civil';
import { localDate } from '../../../../shared/billing/contract';
import { localToUtc } from '../../../../shared/sla/tz';
import type { PeriodState, Role } from './repo';

export type PeriodAction = 'submit' | 'approve' | 'invoice' | 'unlock';

export const LOCKED_STATES: ReadonlySet<PeriodState> = new Set(['approved', 'invoiced']);
export const isLocked = (s: PeriodState): boolean => LOCKED_STATES.has(s);

const ROLE_NAMES: Record<Role, string> = {
  agent: 'agent',
  team_lead: 'team lead',
  account_manager: 'account manager',
};

/** The next state, or why the action is refused (a sentence for the agent). */
export function periodTransition(
  state: PeriodState,
  action: PeriodAction,
  role: Role,
  reason: string | undefined,
): { state: PeriodState } | { refused: string } {
  const needs = (roles: Role[]) =>
    roles.includes(role)
      ? null
      : `needs the role ${roles.map((r) => ROLE_NAMES[r]).join(' or ')} (you are ${ROLE_NAMES[role]})`;
  const from = (s: PeriodState) =>
    state === s
      ? null
      : `only a ${s} period can be ${action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : 'invoiced'} (this one is ${state})`;
  let why: string | null;
  switch (action) {
    case 'submit':
      why = from('open');
      return why ? { refused: why } : { state: 'submitted' };
    case 'approve':
      why = from('submitted') ?? needs(['team_lead']);
      return why ? { refused: why } : { state: 'approved' };
    case 'invoice':
      why = from('approved') ?? needs(['account_manager']);
      return why ? { refused: why } : { state: 'invoiced' };
    case 'unlock': {
      if (state === 'open') return { refused: 'the period is already open' };
      why =
        state === 'invoiced'
          ? needs(['account_manager'])
          : state === 'approved'
            ? needs(['team_lead', 'account_manager'])
            : null;
      if (!why && !reason?.trim()) why = 'unlocking needs a reason';
      return why ? { refused: why } : { state: 'open' };
    }
  }
}

/** "YYYY-MM" of an instant in a zone. */
export const monthOf = (ms: number, zone: string): string => localDate(ms, zone).slice(0, 7);

/** [from, to) in epoch ms of a calendar month in a zone. */
export function monthBounds(month: string, zone: string): { fromMs: number; toMs: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = localToUtc(zone, daysFromCivil(y, m, 1) * DAY_MS);
  const to = localToUtc(
    zone,
    daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) * DAY_MS,
  );
  return { fromMs: from, toMs: to };
}

/** [from, to) of a local calendar day (YYYY-MM-DD) in a zone. */
export function dayBounds(day: string, zone: string): { fromMs: number; toMs: number } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const n = daysFromCivil(y, m, d);
  return { fromMs: localToUtc(zone, n * DAY_MS), toMs: localToUtc(zone, (n + 1) * DAY_MS) };
}

/** The sentence shown when an edit touches a locked period. */
export function lockedMessage(clientName: string, month: string, state: PeriodState): string {
  const who = state === 'invoiced' ? 'an account manager' : 'a team lead or an account manager';
  return `locked: ${clientName} ${month} is ${state}; unlocking it needs ${who} and a reason`;
}
