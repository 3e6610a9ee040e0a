// renderer/features/time: the running timer in the top bar (client, activity, elapsed time, Stop),
// or a Start button that opens the start dialog (client, activity, note). The `t` shortcut does the
// same: stop when running, else open the dialog. Also hosts the idle review dialog, which opens when
// the core reports pending idle time.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STANDARD_ACTIVITIES } from '../../../shared/ipc/domains/time';
import {
  clientsOptions,
  idleReviewsOptions,
  timeStatusOptions,
  useApi,
  useTimeCommand,
} from '../../api/queries';
import { useUiStore } from '../../store/useUiStore';
import { Dialog } from './Dialog';
import { formatClock, formatDuration } from './format';

export function TimerControl() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const status = useQuery(timeStatusOptions(api));
  const stop = useTimeCommand('time.timerStop');
  const [starting, setStarting] = useState(false);
  const timer = status.data?.timer ?? null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!timer) return;
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, [timer]);
  // The `t` shortcut.
  const request = useUiStore((s) => s.timerRequest);
  const seen = useRef(request);
  useEffect(() => {
    if (request === seen.current) return;
    seen.current = request;
    if (timer) stop.mutate({});
    else setStarting(true);
  }, [request, timer, stop]);
  return (
    <div className="timer-control" data-testid="timer-control">
      {timer ? (
        <>
          <span className="timer-running" role="timer" aria-live="off" data-testid="timer-running">
            {timer.clientName} ·{' '}
            {t(`time.activity.${timer.activity}`, { defaultValue: timer.activity })} ·{' '}
            {formatClock((now - Date.parse(timer.start)) / 1000, i18n.language)}
          </span>
          <button
            type="button"
            data-testid="timer-stop"
            onClick={() => stop.mutate({})}
            title={t('time.stopHint')}
          >
            {t('time.stop')}
          </button>
        </>
      ) : (
        <button
          type="button"
          data-testid="timer-start"
          onClick={() => setStarting(true)}
          title={t('time.startHint')}
        >
          {t('time.start')}
        </button>
      )}
      {status.data && status.data.tracking === 'idle' && (
        <span className="muted" data-testid="tracking-idle">
          {t('time.idleNow')}
        </span>
      )}
      {starting && <StartTimerDialog onClose={() => setStarting(false)} />}
      <IdleReview />
    </div>
  );
}

function StartTimerDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const clients = useQuery(clientsOptions(api));
  const start = useTimeCommand('time.timerStart');
  const [clientId, setClientId] = useState<number | null>(null);
  const [activity, setActivity] = useState<string>('reporting');
  const [note, setNote] = useState('');
  const chosen = clientId ?? clients.data?.[0]?.id ?? null;
  return (
    <Dialog title={t('time.startTitle')} onClose={onClose} testId="timer-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen != null)
            start.mutate({ clientId: chosen, activity, note }, { onSuccess: onClose });
        }}
      >
        <label>
          {t('time.client')}
          <select
            data-testid="timer-client"
            value={chosen ?? ''}
            onChange={(e) => setClientId(Number(e.target.value))}
          >
            {clients.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <ActivitySelect value={activity} onChange={setActivity} testId="timer-activity" />
        <label>
          {t('time.note')}
          <input
            data-testid="timer-note"
            value={note}
            maxLength={2000}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {start.error && (
          <p className="error" role="alert">
            {start.error.message}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" data-testid="timer-go">
            {t('time.start')}
          </button>
          <button type="button" onClick={onClose}>
            {t('time.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ActivitySelect(p: {
  value: string;
  onChange: (v: string) => void;
  testId: string;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {p.label ?? t('time.activityLabel')}
      <select data-testid={p.testId} value={p.value} onChange={(e) => p.onChange(e.target.value)}>
        {STANDARD_ACTIVITIES.map((a) => (
          <option key={a} value={a}>
            {t(`time.activity.${a}`)}
          </option>
        ))}
        {!(STANDARD_ACTIVITIES as readonly string[]).includes(p.value) && (
          <option value={p.value}>{p.value}</option>
        )}
      </select>
    </label>
  );
}

/** Idle time is offered on return: discard, keep, or give to another client/activity. */
function IdleReview() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const status = useQuery(timeStatusOptions(api));
  const reviews = useQuery({
    ...idleReviewsOptions(api),
    enabled: (status.data?.pendingIdle ?? 0) > 0,
  });
  const clients = useQuery(clientsOptions(api));
  const resolve = useTimeCommand('time.resolveIdle');
  const [later, setLater] = useState<number[]>([]);
  const [otherClient, setOtherClient] = useState<number | null>(null);
  const [otherActivity, setOtherActivity] = useState('triage');
  const review =
    (status.data?.pendingIdle ?? 0) > 0
      ? reviews.data?.find((r) => !later.includes(r.id))
      : undefined;
  if (!review) return null;
  const time = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(
      Date.parse(iso),
    );
  const target =
    otherClient ?? clients.data?.find((c) => c.id !== review.clientId)?.id ?? review.clientId;
  const act = (action: 'discard' | 'keep' | 'reassign') =>
    resolve.mutate(
      action === 'reassign'
        ? { id: review.id, action, clientId: target ?? undefined, activity: otherActivity }
        : { id: review.id, action },
    );
  return (
    <Dialog
      title={t('time.idleTitle')}
      onClose={() => setLater((l) => [...l, review.id])}
      testId="idle-dialog"
    >
      <p data-testid="idle-summary">
        {t('time.idleBody', {
          from: time(review.start),
          to: time(review.end),
          duration: formatDuration(review.seconds, i18n.language),
        })}
        {review.clientName && (
          <>
            {' '}
            {t('time.idleWhile', {
              client: review.clientName,
              activity: t(`time.activity.${review.activity}`, { defaultValue: review.activity }),
            })}
          </>
        )}
        {review.conversationTitle && (
          <>
            {' '}
            — <q>{review.conversationTitle}</q>
          </>
        )}
      </p>
      <div className="row">
        <button type="button" data-testid="idle-discard" onClick={() => act('discard')}>
          {t('time.idleDiscard')}
        </button>
        {review.clientId != null && (
          <button
            type="button"
            className="primary"
            data-testid="idle-keep"
            onClick={() => act('keep')}
          >
            {t('time.idleKeep')}
          </button>
        )}
      </div>
      <fieldset className="form">
        <legend>{t('time.idleGive')}</legend>
        <label>
          {t('time.client')}
          <select
            data-testid="idle-client"
            value={target ?? ''}
            onChange={(e) => setOtherClient(Number(e.target.value))}
          >
            {clients.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <ActivitySelect value={otherActivity} onChange={setOtherActivity} testId="idle-activity" />
        <button type="button" data-testid="idle-reassign" onClick={() => act('reassign')}>
          {t('time.idleGiveButton')}
        </button>
      </fieldset>
      {resolve.error && (
        <p className="error" role="alert">
          {resolve.error.message}
        </p>
      )}
      <button type="button" onClick={() => setLater((l) => [...l, review.id])}>
        {t('time.later')}
      </button>
    </Dialog>
  );
}
