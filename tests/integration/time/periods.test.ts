// Manual entries, edits with a reason, contracts and the period state machine with its locks,
// through the contract on a real SQLite file: who may submit, approve, invoice and unlock; a
// locked period refuses every change with the reason; every change is audited with the agent.
import { afterEach, describe, expect, it } from 'vitest';
import { periodTransition } from '../../../electron/core/domains/time/rules';
import { EUR_CONTRACT, timeWorld, type TimeWorld } from './helpers';

let w: TimeWorld | null = null;
afterEach(async () => {
  await w?.core.close();
  w = null;
});

const audit = (action: string) =>
  w!.core.internals.db
    .prepare(
      'SELECT actor_id actorId, data_json data FROM audit_events WHERE action = ? ORDER BY id',
    )
    .all(action) as { actorId: number; data: string }[];

describe('entries and contracts', () => {
  it('adds a manual entry, edits it with a reason (audited before/after), deletes it with a reason', async () => {
    w = await timeWorld();
    await w.core.call('time.setContract', {
      clientId: w.clients.a,
      contract: { ...EUR_CONTRACT, nonBillableActivities: ['admin'] },
    });
    const e = await w.core.call('time.addEntry', {
      clientId: w.clients.a,
      activity: 'call',
      start: '2026-11-09T10:00:00+01:00',
      seconds: 1800,
      note: 'Kick-off call',
    });
    expect(e).toMatchObject({
      origin: 'manual',
      billable: true,
      seconds: 1800,
      periodState: 'open',
      start: '2026-11-09T09:00:00.000Z',
    });
    const admin = await w.core.call('time.addEntry', {
      clientId: w.clients.a,
      activity: 'admin',
      start: '2026-11-09T11:00:00+01:00',
      seconds: 600,
    });
    expect(admin.billable).toBe(false);
    await expect(
      w.core.call('time.updateEntry', { id: e.id, seconds: 2400, reason: ' ' }),
    ).rejects.toThrow(/invalid_input.*reason/);
    const edited = await w.core.call('time.updateEntry', {
      id: e.id,
      seconds: 2400,
      activity: 'planning',
      reason: 'call ran over',
    });
    expect(edited).toMatchObject({ seconds: 2400, activity: 'planning' });
    const [ev] = audit('time.updateEntry');
    expect(ev!.actorId).toBe((await w.core.call('app.info', {})).agent!.id);
    expect(JSON.parse(ev!.data)).toMatchObject({
      reason: 'call ran over',
      before: { seconds: 1800, activity: 'call' },
      after: { seconds: 2400, activity: 'planning' },
    });
    await w.core.call('time.deleteEntry', { id: e.id, reason: 'duplicate' });
    expect(w.rows().map((r) => r.id)).toEqual([admin.id]);
    await expect(
      w.core.call('time.updateEntry', { id: e.id, note: 'x', reason: 'r' }),
    ).rejects.toThrow(/not_found/);
  });

  it('a contract is validated by shared/billing and refused with the field named; nothing is saved', async () => {
    w = await timeWorld();
    await expect(
      w.core.call('time.setContract', {
        clientId: w.clients.a,
        contract: { ...EUR_CONTRACT, currency: 'XXX' },
      }),
    ).rejects.toThrow(/invalid_input: contract\.currency/);
    await expect(
      w.core.call('time.setContract', {
        clientId: w.clients.a,
        contract: {
          ...EUR_CONTRACT,
          rates: [{ ratePerHourMinor: 1, effectiveFrom: '2026-02-30' }],
        },
      }),
    ).rejects.toThrow(/rates\[0\]\.effectiveFrom/);
    expect((await w.core.call('time.contract', { clientId: w.clients.a })).contract).toBeNull();
    const saved = await w.core.call('time.setContract', {
      clientId: w.clients.a,
      contract: EUR_CONTRACT,
    });
    expect((await w.core.call('time.contract', { clientId: w.clients.a })).contract).toEqual(
      saved.contract,
    );
    expect(saved.contract).toMatchObject({
      currency: 'EUR',
      minimumPerEntryMinutes: 0,
      retainer: null,
    });
  });

  it('the week view sums raw and rounded seconds per day and client in the asked zone', async () => {
    w = await timeWorld();
    await w.core.call('time.setContract', { clientId: w.clients.a, contract: EUR_CONTRACT });
    await w.core.call('time.addEntry', {
      clientId: w.clients.a,
      activity: 'call',
      start: '2026-11-09T23:30:00+01:00',
      seconds: 600,
    });
    await w.core.call('time.addEntry', {
      clientId: w.clients.a,
      activity: 'call',
      start: '2026-11-10T08:00:00+01:00',
      seconds: 65,
    });
    await w.core.call('time.addEntry', {
      clientId: w.clients.b,
      activity: 'call',
      start: '2026-11-10T08:00:00+01:00',
      seconds: 65,
    });
    const week = await w.core.call('time.week', {
      weekStart: '2026-11-09',
      timeZone: 'Europe/Copenhagen',
    });
    expect(week.days).toEqual([
      '2026-11-09',
      '2026-11-10',
      '2026-11-11',
      '2026-11-12',
      '2026-11-13',
      '2026-11-14',
      '2026-11-15',
    ]);
    const a = week.rows.find((r) => r.clientId === w!.clients.a)!;
    const b = week.rows.find((r) => r.clientId === w!.clients.b)!;
    expect(a.days.slice(0, 2)).toEqual([
      { rawSeconds: 600, roundedSeconds: 900 },
      { rawSeconds: 65, roundedSeconds: 900 },
    ]);
    expect(b.days[1]).toEqual({ rawSeconds: 65, roundedSeconds: 65 }); // no contract: no rounding
    expect(week.totals[1]).toEqual({ rawSeconds: 130, roundedSeconds: 965 });
    // In UTC the 23:30 entry falls on the 9th too, the 08:00 ones on the 10th; in Sydney both on the 10th.
    const syd = await w.core.call('time.week', {
      weekStart: '2026-11-09',
      timeZone: 'Australia/Sydney',
    });
    expect(
      syd.rows
        .find((r) => r.clientId === w!.clients.a)!
        .days.slice(0, 2)
        .map((d) => d.rawSeconds),
    ).toEqual([0, 665]);
  });
});

describe('periods', () => {
  it('the state machine: roles, order and reasons (pure rules)', () => {
    expect(periodTransition('open', 'submit', 'agent', undefined)).toEqual({ state: 'submitted' });
    expect(periodTransition('submitted', 'approve', 'agent', undefined)).toMatchObject({
      refused: expect.stringMatching(/team lead/),
    });
    expect(periodTransition('submitted', 'approve', 'account_manager', undefined)).toMatchObject({
      refused: expect.stringMatching(/team lead/),
    });
    expect(periodTransition('submitted', 'approve', 'team_lead', undefined)).toEqual({
      state: 'approved',
    });
    expect(periodTransition('open', 'approve', 'team_lead', undefined)).toMatchObject({
      refused: expect.stringMatching(/only a submitted/),
    });
    expect(periodTransition('approved', 'invoice', 'team_lead', undefined)).toMatchObject({
      refused: expect.stringMatching(/account manager/),
    });
    expect(periodTransition('approved', 'invoice', 'account_manager', undefined)).toEqual({
      state: 'invoiced',
    });
    expect(periodTransition('invoiced', 'unlock', 'team_lead', 'typo')).toMatchObject({
      refused: expect.stringMatching(/account manager/),
    });
    expect(periodTransition('invoiced', 'unlock', 'account_manager', '')).toMatchObject({
      refused: expect.stringMatching(/reason/),
    });
    expect(periodTransition('invoiced', 'unlock', 'account_manager', 'credit note')).toEqual({
      state: 'open',
    });
    expect(periodTransition('approved', 'unlock', 'team_lead', 'fix')).toEqual({ state: 'open' });
    expect(periodTransition('approved', 'unlock', 'agent', 'fix')).toMatchObject({
      refused: expect.any(String),
    });
    expect(periodTransition('submitted', 'unlock', 'agent', 'forgot a call')).toEqual({
      state: 'open',
    });
    expect(periodTransition('open', 'unlock', 'account_manager', 'x')).toMatchObject({
      refused: expect.any(String),
    });
  });

  it('approved and invoiced months lock their entries (edit refused with the reason); unlock needs the role and a reason, and is audited', async () => {
    w = await timeWorld();
    const { a } = w.clients;
    await w.core.call('time.setContract', { clientId: a, contract: EUR_CONTRACT });
    const oct = await w.core.call('time.addEntry', {
      clientId: a,
      activity: 'call',
      start: '2026-10-31T23:30:00+01:00',
      seconds: 1200,
    });
    const nov = await w.core.call('time.addEntry', {
      clientId: a,
      activity: 'call',
      start: '2026-11-01T00:10:00+01:00',
      seconds: 600,
    });

    await w.core.call('time.setPeriod', { clientId: a, month: '2026-10', action: 'submit' });
    await expect(
      w.core.call('time.setPeriod', { clientId: a, month: '2026-10', action: 'approve' }),
    ).rejects.toThrow(/unauthorized: approve: needs the role team lead/);
    await w.core.call('time.setProfile', { role: 'team_lead' });
    const approved = await w.core.call('time.setPeriod', {
      clientId: a,
      month: '2026-10',
      action: 'approve',
    });
    expect(approved).toMatchObject({
      state: 'approved',
      entries: 1,
      rawSeconds: 1200,
      billedSeconds: 1800,
      totalMinor: 4500,
      currency: 'EUR',
    });

    // October (Copenhagen) is locked, November is not — the boundary is local midnight.
    await expect(
      w.core.call('time.updateEntry', { id: oct.id, seconds: 60, reason: 'r' }),
    ).rejects.toThrow(
      /conflict: locked: Northwind 2026-10 is approved; unlocking it needs a team lead or an account manager and a reason/,
    );
    await expect(w.core.call('time.deleteEntry', { id: oct.id, reason: 'r' })).rejects.toThrow(
      /locked/,
    );
    await expect(
      w.core.call('time.addEntry', {
        clientId: a,
        activity: 'call',
        start: '2026-10-15T10:00:00Z',
        seconds: 60,
      }),
    ).rejects.toThrow(/locked/);
    await expect(
      w.core.call('time.updateEntry', {
        id: nov.id,
        start: '2026-10-20T10:00:00Z',
        reason: 'moved',
      }),
    ).rejects.toThrow(/locked/);
    expect(
      (await w.core.call('time.updateEntry', { id: nov.id, seconds: 660, reason: 'ok' })).seconds,
    ).toBe(660);
    const week = await w.core.call('time.week', {
      weekStart: '2026-10-26',
      timeZone: 'Europe/Copenhagen',
    });
    expect(week.entries.find((e) => e.id === oct.id)!.periodState).toBe('approved');

    await expect(
      w.core.call('time.setPeriod', { clientId: a, month: '2026-10', action: 'invoice' }),
    ).rejects.toThrow(/account manager/);
    await w.core.call('time.setProfile', { role: 'account_manager' });
    await w.core.call('time.setPeriod', { clientId: a, month: '2026-10', action: 'invoice' });
    await expect(
      w.core.call('time.setPeriod', { clientId: a, month: '2026-10', action: 'unlock' }),
    ).rejects.toThrow(/reason/);
    await w.core.call('time.setProfile', { role: 'team_lead' });
    await expect(
      w.core.call('time.setPeriod', {
        clientId: a,
        month: '2026-10',
        action: 'unlock',
        reason: 'wrong rate',
      }),
    ).rejects.toThrow(/account manager/);
    await w.core.call('time.setProfile', { role: 'account_manager' });
    const open = await w.core.call('time.setPeriod', {
      clientId: a,
      month: '2026-10',
      action: 'unlock',
      reason: 'wrong rate',
    });
    expect(open.state).toBe('open');
    expect(
      (await w.core.call('time.updateEntry', { id: oct.id, seconds: 60, reason: 'fixed' })).seconds,
    ).toBe(60);

    const unlock = audit('period.unlock');
    expect(unlock).toHaveLength(1);
    expect(JSON.parse(unlock[0]!.data)).toEqual({
      clientId: a,
      month: '2026-10',
      from: 'invoiced',
      to: 'open',
      reason: 'wrong rate',
    });
    expect(audit('period.approve')).toHaveLength(1);
    expect(audit('agent.timeProfile').length).toBeGreaterThanOrEqual(4);
  });

  it('idle time cannot be kept into a locked month, and automatic capture does not write into one', async () => {
    w = await timeWorld(Date.parse('2026-11-10T09:00:00Z'));
    const { a } = w.clients;
    await w.core.call('time.setProfile', { role: 'team_lead' });
    await w.core.call('time.setPeriod', { clientId: a, month: '2026-11', action: 'submit' });
    await w.core.call('time.setPeriod', { clientId: a, month: '2026-11', action: 'approve' });
    const st = await w.core.call('time.heartbeat', {
      conversationId: w.conv(1),
      activity: 'triage',
      focused: true,
      active: true,
    });
    expect(st.tracking).toBe('locked');
    const other = await w.core.call('time.heartbeat', {
      conversationId: w.conv(3),
      activity: 'triage',
      focused: true,
      active: true,
    });
    expect(other.tracking).toBe('auto');
    await expect(
      w.core.call('time.timerStart', { clientId: a, activity: 'call', note: '' }),
    ).rejects.toThrow(/locked/);
  });
});
