// renderer/features/settings: sources (health, quarantine, the generated setup form), clients
// (briefing, SLA editor), language and notifications.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  clientsOptions,
  quarantineOptions,
  sourcesOptions,
  useApi,
  useCreateClient,
  useRemoveSource,
  useSyncSource,
  useUpdateClient,
} from '../../api/queries';
import { splitReason } from '../../../shared/reasons';
import type { SourceWithSecrets } from '../../../shared/ipc/contract';
import { localized } from '../../components/domain';
import { formatDateTime } from '../../components/time';
import { LANGUAGES, setLanguage, type Language } from '../../i18n';
import { SlaEditor } from '../sla/SlaEditor';
import { SourceForm } from './SourceForm';
import { ContractForm } from '../time/ContractForm';
import { TimeProfileSettings } from '../time/TimeProfileSettings';
import { ClientTags } from './ClientTags';
import { ClientVoice } from './ClientVoice';

/** A source's health: its state (a push stream shows connecting / live) and the last error's translated reason. */
function Health({ s }: { s: SourceWithSecrets }) {
  const { t } = useTranslation();
  const err = splitReason(s.health.lastError);
  return (
    <>
      <td>
        <span className={`health health-${s.health.status}`} data-testid="source-health">
          {t(`health.${s.health.status}`)}
        </span>
      </td>
      <td className="error-text" data-testid="source-error" data-reason={err.reason ?? ''}>
        {err.reason && <strong>{t(`sources.reason.${err.reason}`)} </strong>}
        {err.text}
      </td>
    </>
  );
}

/** Remove asks first: the source's conversations leave this computer with it. */
function RemoveSource({ s }: { s: SourceWithSecrets }) {
  const { t } = useTranslation();
  const remove = useRemoveSource();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        data-testid="remove-source"
        onClick={() => setAsking(true)}
        aria-label={`${t('settings.remove')}: ${s.name}`}
      >
        {t('settings.remove')}
      </button>
    );
  }
  return (
    <span
      role="group"
      aria-label={t('sources.confirmRemove', { name: s.name })}
      className="confirm"
      data-testid="confirm-remove"
    >
      <span>{t('sources.confirmRemove', { name: s.name })}</span>{' '}
      <button
        type="button"
        className="danger"
        autoFocus
        data-testid="confirm-remove-yes"
        disabled={remove.isPending}
        onClick={() => remove.mutate(s.id)}
      >
        {t('sources.confirmYes')}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        {t('sources.cancel')}
      </button>
      {remove.error && (
        <span className="error" role="alert">
          {remove.error.message}
        </span>
      )}
    </span>
  );
}

function Sources() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const api = useApi();
  const sources = useQuery(sourcesOptions(api));
  const clients = useQuery(clientsOptions(api));
  const quarantine = useQuery(quarantineOptions(api));
  const sync = useSyncSource();
  const [editing, setEditing] = useState<number | null>(null);
  const clientName = (id: number) => clients.data?.find((c) => c.id === id)?.name ?? '';
  const sourceName = (id: number) => sources.data?.find((x) => x.id === id)?.name ?? `#${id}`;
  const edited = sources.data?.find((s) => s.id === editing);
  return (
    <section>
      <h2>{t('settings.sources')}</h2>
      <table className="grid" data-testid="sources">
        <thead>
          <tr>
            <th>{t('settings.name')}</th>
            <th>{t('settings.client')}</th>
            <th>{t('settings.health')}</th>
            <th>{t('settings.lastError')}</th>
            <th>{t('settings.lastSync')}</th>
            <th>{t('settings.quarantined')}</th>
            <th>
              <span className="sr-only">{t('settings.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.data?.map((s) => (
            <tr key={s.id} data-testid="source-row" data-source-id={s.id}>
              <td>
                {s.name}
                <div className="muted">
                  {localized(s.platformLabel, lang)}
                  {s.baseUrl ? ` · ${s.baseUrl}` : ''}
                </div>
                {s.hasSecret && <div className="muted">{t('settings.keyStored')}</div>}
              </td>
              <td>{clientName(s.clientId)}</td>
              <Health s={s} />
              <td>
                {s.health.lastSyncAt
                  ? formatDateTime(s.health.lastSyncAt, i18n.language)
                  : t('settings.never')}
              </td>
              <td>{s.health.quarantined}</td>
              <td>
                <button
                  type="button"
                  onClick={() => sync.mutate(s.id)}
                  aria-label={`${t('settings.syncNow')}: ${s.name}`}
                >
                  {t('settings.syncNow')}
                </button>
                <button
                  type="button"
                  data-testid="edit-source-button"
                  onClick={() => setEditing(s.id)}
                  aria-label={`${t('sources.edit')}: ${s.name}`}
                >
                  {t('sources.edit')}
                </button>
                <RemoveSource s={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {edited ? (
        <SourceForm key={edited.id} source={edited} onDone={() => setEditing(null)} />
      ) : (
        <SourceForm />
      )}
      <h2>{t('settings.quarantine')}</h2>
      {quarantine.data?.length ? (
        <table className="grid" data-testid="quarantine">
          <thead>
            <tr>
              <th>{t('settings.received')}</th>
              <th>{t('settings.source')}</th>
              <th>{t('settings.reason')}</th>
              <th>{t('settings.payload')}</th>
            </tr>
          </thead>
          <tbody>
            {quarantine.data.map((q) => (
              <tr key={q.id} data-testid="quarantine-row">
                <td>{formatDateTime(q.receivedAt, i18n.language)}</td>
                <td>{sourceName(q.sourceId)}</td>
                <td>{q.reason}</td>
                <td>
                  <code className="payload">{q.payload.slice(0, 300)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('settings.noQuarantine')}</p>
      )}
    </section>
  );
}

function Clients() {
  const { t } = useTranslation();
  const api = useApi();
  const clients = useQuery(clientsOptions(api));
  const [selected, setSelected] = useState<number | null>(null);
  const client = clients.data?.find((c) => c.id === (selected ?? clients.data?.[0]?.id));
  const [briefing, setBriefing] = useState<string | null>(null);
  const [savedBriefing, setSavedBriefing] = useState(false);
  const update = useUpdateClient();
  const [newClient, setNewClient] = useState({
    name: '',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    firstReplyMinutes: 240,
  });
  const create = useCreateClient();
  const saveBriefing = (id: number, text: string) =>
    update.mutate(
      { id, briefing: text },
      {
        onSuccess: () => {
          setBriefing(null);
          setSavedBriefing(true);
        },
      },
    );
  return (
    <section>
      <h2>{t('settings.clients')}</h2>
      <div className="client-tabs" role="group" aria-label={t('settings.clients')}>
        {clients.data?.map((c) => (
          <button
            key={c.id}
            type="button"
            data-testid="client-tab"
            aria-pressed={c.id === client?.id}
            className={c.id === client?.id ? 'active' : ''}
            onClick={() => {
              setSelected(c.id);
              setBriefing(null);
              setSavedBriefing(false);
            }}
          >
            <span className="client-dot" style={{ background: c.color }} /> {c.name}
          </button>
        ))}
      </div>
      {client && (
        <div className="card">
          <h3>
            {t('settings.briefing')} — {client.name} ({client.timezone})
          </h3>
          <textarea
            rows={4}
            data-testid="briefing-editor"
            aria-label={t('settings.briefing')}
            value={briefing ?? client.briefing}
            onChange={(e) => {
              setBriefing(e.target.value);
              setSavedBriefing(false);
            }}
          />
          <div className="row">
            <button
              type="button"
              onClick={() => saveBriefing(client.id, briefing ?? client.briefing)}
              disabled={update.isPending}
            >
              {t('settings.saveBriefing')}
            </button>
            {savedBriefing && <span className="ok">{t('settings.saved')}</span>}
            {update.error && <span className="error">{update.error.message}</span>}
          </div>
          <SlaEditor client={client} />
          <ContractForm client={client} />
          <ClientVoice client={client} />
          <ClientTags client={client} />
        </div>
      )}
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(newClient, { onSuccess: () => setNewClient((n) => ({ ...n, name: '' })) });
        }}
      >
        <h3>{t('settings.newClient')}</h3>
        <label>
          {t('settings.name')}
          <input
            value={newClient.name}
            onChange={(e) => setNewClient({ ...newClient, name: e.target.value })}
            required
          />
        </label>
        <label>
          {t('settings.timezone')}
          <input
            value={newClient.timezone}
            onChange={(e) => setNewClient({ ...newClient, timezone: e.target.value })}
            required
          />
        </label>
        <label>
          {t('settings.firstReply')}
          <input
            type="number"
            min={1}
            value={newClient.firstReplyMinutes}
            onChange={(e) =>
              setNewClient({ ...newClient, firstReplyMinutes: Number(e.target.value) })
            }
          />
        </label>
        <button type="submit">{t('settings.create')}</button>
        {create.error && <p className="error">{(create.error as Error).message}</p>}
      </form>
    </section>
  );
}

export function Settings() {
  const { t, i18n } = useTranslation();
  const [perm, setPerm] = useState<NotificationPermission | 'unsupported'>(
    typeof Notification !== 'undefined' ? Notification.permission : 'unsupported',
  );
  // The desktop app shows native notifications from the main process; browsers ask once, on a click.
  const canAsk = !window.app && perm === 'default';
  return (
    <main className="settings" data-testid="settings">
      <h1>{t('settings.title')}</h1>
      <section className="card">
        <h2>{t('settings.general')}</h2>
        <label>
          {t('settings.language')}{' '}
          <select
            data-testid="language-select"
            value={i18n.resolvedLanguage ?? i18n.language}
            onChange={(e) => setLanguage(e.target.value as Language)}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <TimeProfileSettings />
        <h3>{t('settings.notifications')}</h3>
        {window.app ? (
          <p className="muted">{t('settings.notificationsDesktop')}</p>
        ) : canAsk ? (
          <button
            type="button"
            data-testid="enable-notifications"
            onClick={() => void Notification.requestPermission().then(setPerm)}
          >
            {t('settings.enableNotifications')}
          </button>
        ) : (
          <p className="muted">{t(`settings.notificationsState.${perm}`)}</p>
        )}
      </section>
      <Sources />
      <Clients />
    </main>
  );
}
