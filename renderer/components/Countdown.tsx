// renderer/components: live durations on the one shared 1-second clock: the countdown to an SLA
// deadline (amber under 15 minutes, red and negative once overdue) and the age of a message.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDuration, useNow } from './time';

const SOON_MS = 15 * 60_000;

/** Live time to a deadline; hovering shows the due time in the client's zone and the agent's. */
export function Countdown({
  dueAt,
  paused,
  zone,
}: {
  dueAt: string | null;
  paused?: boolean;
  zone?: string;
}) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const title = useMemo(() => {
    if (!dueAt) return '';
    const agent = formatDateTime(dueAt, i18n.language);
    return zone
      ? t('conversation.dueClient', {
          client: formatDateTime(dueAt, i18n.language, zone),
          clientZone: zone,
          agent,
        })
      : agent;
  }, [dueAt, zone, i18n.language, t]);
  if (paused)
    return (
      <span className="countdown paused" data-state="paused">
        {t('queue.paused')}
      </span>
    );
  if (!dueAt)
    return (
      <span className="countdown none" data-state="none">
        {t('queue.noDue')}
      </span>
    );
  const left = Date.parse(dueAt) - now;
  const state = left < 0 ? 'overdue' : left < SOON_MS ? 'soon' : 'ok';
  return (
    <span className={`countdown ${state}`} data-testid="countdown" data-state={state} title={title}>
      {formatDuration(left, i18n.language)}
    </span>
  );
}

/** Only the live parts re-render every second, not the rows. */
export function Age({ since }: { since: string }) {
  const { i18n } = useTranslation();
  const now = useNow();
  return <>{formatDuration(now - Date.parse(since), i18n.language)}</>;
}
