// renderer/features/time: the Time tab — the week (per day and client, raw and rounded hours, in
// the agent's zone), the week's entries with add / edit / delete (edits need a reason; locked months
// refuse with the reason), the activity for automatic capture, the month's periods with submit /
// approve / invoice / unlock, and exports with progress.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeriodRow, TimeEntry } from '../../../shared/ipc/domains/time';
import {
  clientsOptions,
  periodsOptions,
  timeKeys,
  useApi,
  useTimeCommand,
  useTimeExport,
  weekOptions,
} from '../../api/queries';
import { useUiStore } from '../../store/useUiStore';
import { Dialog } from './Dialog';
import { addDays, formatDuration, formatHours, formatMoney, mondayOf, todayIn } from './format';
import { ActivitySelect } from './TimerControl';

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function TimeView() {
  const { t } = useTranslation();
  return (
    <main className="settings time-view" data-testid="time-view">
      <h1>{t('time.title')}</h1>
      <CaptureActivity />
      <Week />
      <Periods />
      <Export />
    </main>
  );
}

function CaptureActivity() {
  const { t } = useTranslation();
  const override = useUiStore((s) => s.activityOverride);
  const set = useUiStore((s) => s.setActivityOverride);
  return (
    <section className="card">
      <label>
        {t('time.captureActivity')}{' '}
        <select
          data-testid="capture-activity"
          value={override ?? ''}
          onChange={(e) => set(e.target.value || null)}
        >
          <option value="">{t('time.captureAuto')}</option>
          {['triage', 'reply', 'moderation'].map((a) => (
            <option key={a} value={a}>
              {t(`time.activity.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">{t('time.captureHint')}</p>
    </section>
  );
}

function Week() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const tz = zone();
  const [weekStart, setWeekStart] = useState(() => mondayOf(todayIn(tz)));
  const week = useQuery(weekOptions(api, weekStart, tz));
  const [editing, setEditing] = useState<TimeEntry | 'new' | null>(null);
  const del = useTimeCommand('time.deleteEntry');
  const dayName = (d: string) =>
    new Intl.DateTimeFormat(i18n.language, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(Date.parse(`${d}T12:00:00Z`));
  const cell = (c: { rawSeconds: number; roundedSeconds: number }) =>
    c.rawSeconds === 0 ? (
      <span className="muted">–</span>
    ) : (
      <>
        {formatHours(c.rawSeconds, i18n.language)}{' '}
        <span className="muted">/ {formatHours(c.roundedSeconds, i18n.language)}</span>
      </>
    );
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, {
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(Date.parse(iso));
  return (
    <section className="card">
      <h2>{t('time.week')}</h2>
      <div className="row" role="group" aria-label={t('time.weekNav')}>
        <button
          type="button"
          data-testid="week-prev"
          onClick={() => setWeekStart(addDays(weekStart, -7))}
        >
          {t('time.prevWeek')}
        </button>
        <button type="button" onClick={() => setWeekStart(mondayOf(todayIn(tz)))}>
          {t('time.thisWeek')}
        </button>
        <button
          type="button"
          data-testid="week-next"
          onClick={() => setWeekStart(addDays(weekStart, 7))}
        >
          {t('time.nextWeek')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="entry-add"
          onClick={() => setEditing('new')}
        >
          {t('time.addEntry')}
        </button>
      </div>
      {week.error && (
        <p className="error" role="alert">
          {week.error.message}
        </p>
      )}
      {week.data && (
        <div className="table-scroll">
          <table className="time-table" data-testid="week-table">
            <caption>
              {t('time.weekCaption', {
                from: dayName(week.data.days[0]!),
                to: dayName(week.data.days[6]!),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('time.client')}</th>
                {week.data.days.map((d) => (
                  <th scope="col" key={d}>
                    {dayName(d)}
                  </th>
                ))}
                <th scope="col">{t('time.total')}</th>
              </tr>
            </thead>
            <tbody>
              {week.data.rows.map((r) => (
                <tr key={r.clientId} data-testid="week-row">
                  <th scope="row">{r.clientName}</th>
                  {r.days.map((c, i) => (
                    <td key={i}>{cell(c)}</td>
                  ))}
                  <td>{cell(r.total)}</td>
                </tr>
              ))}
              {week.data.rows.length === 0 && (
                <tr>
                  <td colSpan={9} className="muted">
                    {t('time.noTime')}
                  </td>
                </tr>
              )}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('time.total')}</th>
                {week.data.totals.map((c, i) => (
                  <td key={i}>{cell(c)}</td>
                ))}
                <td>
                  {cell(
                    week.data.totals.reduce(
                      (s, c) => ({
                        rawSeconds: s.rawSeconds + c.rawSeconds,
                        roundedSeconds: s.roundedSeconds + c.roundedSeconds,
                      }),
                      { rawSeconds: 0, roundedSeconds: 0 },
                    ),
                  )}
                </td>
              </tr>
            </tfoot>
          </table>
          <p className="muted">{t('time.rawRounded')}</p>
        </div>
      )}
      <h3>{t('time.entries')}</h3>
      {del.error && (
        <p className="error" role="alert" data-testid="entry-error">
          {del.error.message}
        </p>
      )}
      {week.data && week.data.entries.length > 0 ? (
        <div className="table-scroll">
          <table className="time-table" data-testid="entries-table">
            <thead>
              <tr>
                <th scope="col">{t('time.when')}</th>
                <th scope="col">{t('time.client')}</th>
                <th scope="col">{t('time.what')}</th>
                <th scope="col">{t('time.activityLabel')}</th>
                <th scope="col">{t('time.duration')}</th>
                <th scope="col">{t('time.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('time.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {week.data.entries.map((e) => (
                <tr key={e.id} data-testid="entry-row">
                  <td>{when(e.start)}</td>
                  <td>{e.clientName}</td>
                  <td>
                    {e.conversationTitle ?? e.note}{' '}
                    <span className="muted">({t(`time.origin.${e.origin}`)})</span>
                  </td>
                  <td>
                    {t(`time.activity.${e.activity}`, { defaultValue: e.activity })}
                    {!e.billable && <span className="muted"> · {t('time.nonBillable')}</span>}
                  </td>
                  <td>
                    {formatDuration(e.seconds, i18n.language)}
                    {e.running && <span className="muted"> · {t('time.running')}</span>}
                  </td>
                  <td>{t(`time.period.${e.periodState}`)}</td>
                  <td>
                    {!e.running && (
                      <>
                        <button
                          type="button"
                          className="link"
                          data-testid="entry-edit"
                          onClick={() => setEditing(e)}
                          aria-label={t('time.editEntry')}
                        >
                          {t('time.edit')}
                        </button>
                        <button
                          type="button"
                          className="link"
                          data-testid="entry-delete"
                          aria-label={t('time.deleteEntry')}
                          onClick={() => {
                            const reason = window.prompt(t('time.reasonPrompt'));
                            if (reason?.trim()) del.mutate({ id: e.id, reason });
                          }}
                        >
                          {t('time.delete')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('time.noTime')}</p>
      )}
      {editing && (
        <EntryDialog entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </section>
  );
}

function localParts(iso: string): { date: string; time: string } {
  const d = new Date(Date.parse(iso));
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/** Manual entry (new) or an edit of an existing entry (a reason is required and audited). */
function EntryDialog({ entry, onClose }: { entry: TimeEntry | null; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const clients = useQuery(clientsOptions(api));
  const add = useTimeCommand('time.addEntry');
  const update = useTimeCommand('time.updateEntry');
  const start = localParts(entry?.start ?? new Date().toISOString());
  const [f, setF] = useState({
    clientId: entry?.clientId ?? 0,
    activity: entry?.activity ?? 'call',
    date: start.date,
    time: start.time,
    minutes: entry ? Math.round(entry.seconds / 60) : 30,
    note: entry?.note ?? '',
    billable: entry?.billable ?? true,
    reason: '',
  });
  const clientId = f.clientId || clients.data?.[0]?.id || 0;
  const error = add.error ?? update.error;
  const submit = () => {
    const startIso = new Date(`${f.date}T${f.time}:00`).toISOString();
    if (entry)
      update.mutate(
        {
          id: entry.id,
          clientId,
          activity: f.activity,
          start: startIso,
          seconds: f.minutes * 60,
          note: f.note,
          billable: f.billable,
          reason: f.reason,
        },
        { onSuccess: onClose },
      );
    else
      add.mutate(
        {
          clientId,
          activity: f.activity,
          start: startIso,
          seconds: f.minutes * 60,
          note: f.note,
          billable: f.billable,
        },
        { onSuccess: onClose },
      );
  };
  return (
    <Dialog
      title={entry ? t('time.editEntry') : t('time.addEntry')}
      onClose={onClose}
      testId="entry-dialog"
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          {t('time.client')}
          <select
            data-testid="entry-client"
            value={clientId}
            onChange={(e) => setF({ ...f, clientId: Number(e.target.value) })}
          >
            {clients.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <ActivitySelect
          value={f.activity}
          onChange={(activity) => setF({ ...f, activity })}
          testId="entry-activity"
        />
        <label>
          {t('time.date')}
          <input
            type="date"
            data-testid="entry-date"
            required
            value={f.date}
            onChange={(e) => setF({ ...f, date: e.target.value })}
          />
        </label>
        <label>
          {t('time.startTime')}
          <input
            type="time"
            data-testid="entry-time"
            required
            value={f.time}
            onChange={(e) => setF({ ...f, time: e.target.value })}
          />
        </label>
        <label>
          {t('time.minutes')}
          <input
            type="number"
            data-testid="entry-minutes"
            min={1}
            max={1440}
            required
            value={f.minutes}
            onChange={(e) => setF({ ...f, minutes: Number(e.target.value) })}
          />
        </label>
        <label>
          {t('time.note')}
          <input
            data-testid="entry-note"
            maxLength={2000}
            value={f.note}
            onChange={(e) => setF({ ...f, note: e.target.value })}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={f.billable}
            onChange={(e) => setF({ ...f, billable: e.target.checked })}
          />{' '}
          {t('time.billable')}
        </label>
        {entry && (
          <label>
            {t('time.reason')}
            <input
              data-testid="entry-reason"
              required
              maxLength={500}
              value={f.reason}
              onChange={(e) => setF({ ...f, reason: e.target.value })}
            />
          </label>
        )}
        {error && (
          <p className="error" role="alert" data-testid="entry-dialog-error">
            {error.message}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" data-testid="entry-save">
            {t('time.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('time.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const thisMonth = () => todayIn(zone()).slice(0, 7);

function Periods() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [month, setMonth] = useState(thisMonth);
  const periods = useQuery({ ...periodsOptions(api, month), enabled: /^\d{4}-\d{2}$/.test(month) });
  const set = useTimeCommand('time.setPeriod');
  const [reason, setReason] = useState('');
  const act = (p: PeriodRow, action: 'submit' | 'approve' | 'invoice' | 'unlock') =>
    set.mutate({
      clientId: p.clientId,
      month,
      action,
      reason: action === 'unlock' ? reason : undefined,
    });
  return (
    <section className="card">
      <h2>{t('time.periods')}</h2>
      <div className="row">
        <label>
          {t('time.month')}{' '}
          <input
            type="month"
            data-testid="period-month"
            value={month}
            onChange={(e) => setMonth(e.target.value)}
          />
        </label>
        <label>
          {t('time.unlockReason')}{' '}
          <input
            data-testid="unlock-reason"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
      </div>
      {set.error && (
        <p className="error" role="alert" data-testid="period-error">
          {set.error.message}
        </p>
      )}
      {periods.data && (
        <div className="table-scroll">
          <table className="time-table" data-testid="periods-table">
            <thead>
              <tr>
                <th scope="col">{t('time.client')}</th>
                <th scope="col">{t('time.state')}</th>
                <th scope="col">{t('time.entriesCount')}</th>
                <th scope="col">{t('time.rawHours')}</th>
                <th scope="col">{t('time.billedHours')}</th>
                <th scope="col">{t('time.amount')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('time.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {periods.data.map((p) => (
                <tr key={p.clientId} data-testid="period-row">
                  <th scope="row">{p.clientName}</th>
                  <td data-testid="period-state">{t(`time.period.${p.state}`)}</td>
                  <td>{p.entries}</td>
                  <td>{formatHours(p.rawSeconds, i18n.language)}</td>
                  <td>{formatHours(p.billedSeconds, i18n.language)}</td>
                  <td>
                    {p.totalMinor != null && p.currency && p.exponent != null ? (
                      formatMoney(p.totalMinor, p.currency, p.exponent, i18n.language)
                    ) : (
                      <span className="muted">{p.problem ?? '–'}</span>
                    )}
                  </td>
                  <td className="row">
                    {p.state === 'open' && (
                      <button
                        type="button"
                        data-testid="period-submit"
                        onClick={() => act(p, 'submit')}
                      >
                        {t('time.submit')}
                      </button>
                    )}
                    {p.state === 'submitted' && (
                      <button
                        type="button"
                        data-testid="period-approve"
                        onClick={() => act(p, 'approve')}
                      >
                        {t('time.approve')}
                      </button>
                    )}
                    {p.state === 'approved' && (
                      <button
                        type="button"
                        data-testid="period-invoice"
                        onClick={() => act(p, 'invoice')}
                      >
                        {t('time.invoice')}
                      </button>
                    )}
                    {p.state !== 'open' && (
                      <button
                        type="button"
                        data-testid="period-unlock"
                        onClick={() => act(p, 'unlock')}
                      >
                        {t('time.unlock')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Export() {
  const { t } = useTranslation();
  const api = useApi();
  const clients = useQuery(clientsOptions(api));
  const [month, setMonth] = useState(thisMonth);
  const [clientId, setClientId] = useState<number | null>(null);
  const [format, setFormat] = useState<'harvest' | 'toggl' | 'clockify' | 'csv' | 'xlsx'>('csv');
  const [exportId, setExportId] = useState('');
  const run = useTimeExport();
  const progress = useQuery({
    queryKey: timeKeys.exportProgress(exportId),
    queryFn: () => null,
    enabled: false,
  });
  const p = progress.data as { rows: number; total: number; done: boolean } | null | undefined;
  return (
    <section className="card">
      <h2>{t('time.export')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const id = `x${Date.now()}`;
          setExportId(id);
          run.mutate({ clientId, month, format, exportId: id });
        }}
      >
        <label>
          {t('time.client')}
          <select
            data-testid="export-client"
            value={clientId ?? ''}
            onChange={(e) => setClientId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t('time.allClients')}</option>
            {clients.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('time.month')}{' '}
          <input type="month" required value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <label>
          {t('time.format')}
          <select
            data-testid="export-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as typeof format)}
          >
            {(['csv', 'xlsx', 'harvest', 'toggl', 'clockify'] as const).map((f) => (
              <option key={f} value={f}>
                {t(`time.formats.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" data-testid="export-run" disabled={run.isPending}>
          {t('time.exportButton')}
        </button>
      </form>
      {run.isPending && (
        <progress
          data-testid="export-progress"
          aria-label={t('time.exporting')}
          max={p?.total || undefined}
          value={p?.rows ?? undefined}
        />
      )}
      {run.data && (
        <p className="ok" role="status" data-testid="export-done">
          {t('time.exported', { count: run.data.rows, path: run.data.path })}
        </p>
      )}
      {run.error && (
        <p className="error" role="alert">
          {run.error.message}
        </p>
      )}
    </section>
  );
}
