// renderer/features/sla: per-client SLA policy and business schedule, with JSON import/export,
// public holidays by country, a live preview ("a message arriving now is due at …") and this
// month's attainment.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client, Priority } from '../../../shared/domain/entities';
import type { SlaMetric, SlaPolicyInput } from '../../../shared/domain/sla';
import {
  policiesOptions,
  previewOptions,
  reportOptions,
  scheduleOptions,
  useApi,
  useSavePolicy,
  useSetSchedule,
} from '../../api/queries';
import { PRIORITIES, SLA_METRICS as METRICS } from '../../components/domain';
import { formatDateTime } from '../../components/time';

function monthRange(now = new Date()) {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: from.toISOString(), to: to.toISOString() };
}

export function SlaEditor({ client }: { client: Client }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const schedule = useQuery(scheduleOptions(api, client.id));
  const policies = useQuery(policiesOptions(api, client.id));
  const [text, setText] = useState<string | null>(null);
  const [country, setCountry] = useState('DK');
  const [err, setErr] = useState<string | null>(null);
  const preview = useQuery(previewOptions(api, client.id));
  const { from, to } = monthRange();
  const report = useQuery(reportOptions(api, client.id, from, to));
  const setSchedule = useSetSchedule();
  const saveSchedule = (doc: unknown) =>
    setSchedule.mutate(
      { clientId: client.id, schedule: doc },
      {
        onSuccess: () => {
          setText(null);
          setErr(null);
        },
        onError: (e) => setErr(t('sla.invalid', { message: (e as Error).message })),
      },
    );
  const savePolicy = useSavePolicy();
  const current = policies.data?.[0];
  const [draft, setDraft] = useState<SlaPolicyInput | null>(null);
  const policy: SlaPolicyInput =
    draft ??
    (current
      ? {
          name: current.name,
          position: current.position,
          conditions: current.conditions,
          targets: current.targets,
          warnRatio: current.warnRatio,
          pausesOnPending: current.pausesOnPending,
        }
      : {
          name: 'Standard',
          targets: {
            first_reply: { normal: { minutes: client.firstReplyMinutes, mode: 'business' } },
          },
          warnRatio: 0.75,
        });

  const setTarget = (
    m: SlaMetric,
    p: Priority,
    minutes: number | null,
    mode: 'business' | 'calendar',
  ) => {
    const targets = structuredClone(policy.targets);
    const byP = { ...(targets[m] ?? {}) };
    if (minutes && minutes > 0) byP[p] = { minutes, mode };
    else delete byP[p];
    targets[m] = byP;
    setDraft({ ...policy, targets });
  };

  const scheduleJson = text ?? JSON.stringify(schedule.data?.schedule ?? {}, null, 2);
  const exportJson = () => {
    const blob = new Blob([scheduleJson], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${client.name.replace(/\W+/g, '-')}-schedule.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const importJson = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
  };
  const addHolidays = async () => {
    try {
      const year = new Date().getFullYear();
      const days = await api['sla.holidays']({ country, years: [year, year + 1] });
      const doc = JSON.parse(scheduleJson) as { holidays?: string[] };
      doc.holidays = [...new Set([...(doc.holidays ?? []), ...days])].sort();
      setText(JSON.stringify(doc, null, 2));
    } catch (e) {
      setErr((e as Error).message);
    }
  };

  return (
    <div className="sla-editor" data-testid="sla-editor">
      <h3>{t('sla.editor')}</h3>
      {preview.data?.map((p) => (
        <p key={p.metric} className="preview">
          {t(`sla.metric.${p.metric}`)}:{' '}
          {t('sla.preview', {
            due: `${formatDateTime(p.dueAt, i18n.language, client.timezone)} (${client.timezone})`,
          })}
        </p>
      ))}
      <h4>{t('sla.policy')}</h4>
      <table className="grid">
        <thead>
          <tr>
            <th>
              <span className="sr-only">{t('sla.metricColumn')}</span>
            </th>
            {PRIORITIES.map((p) => (
              <th key={p} scope="col">
                {t(`priority.${p}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {METRICS.map((m) => (
            <tr key={m}>
              <th scope="row">{t(`sla.metric.${m}`)}</th>
              {PRIORITIES.map((p) => {
                const target = policy.targets[m]?.[p];
                const cell = `${t(`sla.metric.${m}`)} · ${t(`priority.${p}`)}`;
                return (
                  <td key={p}>
                    <input
                      type="number"
                      min={0}
                      className="num"
                      value={target?.minutes ?? ''}
                      aria-label={`${cell} · ${t('sla.target')}`}
                      onChange={(e) =>
                        setTarget(
                          m,
                          p,
                          e.target.value ? Number(e.target.value) : null,
                          target?.mode ?? 'business',
                        )
                      }
                    />
                    <select
                      value={target?.mode ?? 'business'}
                      onChange={(e) =>
                        setTarget(
                          m,
                          p,
                          target?.minutes ?? null,
                          e.target.value as 'business' | 'calendar',
                        )
                      }
                      aria-label={`${cell} · ${t('sla.mode')}`}
                    >
                      <option value="business">{t('sla.business')}</option>
                      <option value="calendar">{t('sla.calendar')}</option>
                    </select>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        {t('sla.warn')}{' '}
        <input
          type="number"
          min={5}
          max={99}
          className="num"
          value={Math.round((policy.warnRatio ?? 0.75) * 100)}
          onChange={(e) => setDraft({ ...policy, warnRatio: Number(e.target.value) / 100 })}
        />
      </label>
      <button
        type="button"
        className="primary"
        onClick={() =>
          savePolicy.mutate(
            { clientId: client.id, id: current?.id, policy },
            { onSuccess: () => setDraft(null), onError: (e) => setErr((e as Error).message) },
          )
        }
      >
        {t('sla.savePolicy')}
      </button>
      <h4>{t('sla.schedule')}</h4>
      {schedule.data?.isDefault && <p className="muted">{t('sla.defaultSchedule')}</p>}
      <textarea
        className="code"
        rows={10}
        aria-label={t('sla.scheduleJson')}
        data-testid="schedule-json"
        value={scheduleJson}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
      />
      <div className="row">
        <button
          type="button"
          onClick={() => {
            try {
              saveSchedule(JSON.parse(scheduleJson));
            } catch (e) {
              setErr(t('sla.invalid', { message: (e as Error).message }));
            }
          }}
        >
          {t('sla.saveSchedule')}
        </button>
        <button type="button" onClick={exportJson}>
          {t('sla.exportJson')}
        </button>
        <label className="file">
          {t('sla.importJson')}{' '}
          <input
            type="file"
            accept="application/json"
            onChange={(e) => void importJson(e.target.files?.[0])}
          />
        </label>
        <label>
          {t('sla.holidaysFrom')}{' '}
          <input
            className="num"
            value={country}
            onChange={(e) => setCountry(e.target.value.toUpperCase())}
            maxLength={5}
          />
        </label>
        <button
          type="button"
          onClick={() => void addHolidays()}
          aria-label={t('sla.addHolidays')}
          title={t('sla.addHolidays')}
        >
          +
        </button>
      </div>
      {err && (
        <p className="error" role="alert">
          {err}
        </p>
      )}
      <h4>{t('sla.report')}</h4>
      <table className="grid report">
        <thead>
          <tr>
            <th>
              <span className="sr-only">{t('sla.metricColumn')}</span>
            </th>
            <th>{t('sla.attainment')}</th>
            <th>{t('sla.median')}</th>
            <th>{t('sla.p90')}</th>
          </tr>
        </thead>
        <tbody>
          {report.data?.map((r) => (
            <tr key={r.metric}>
              <th scope="row">{t(`sla.metric.${r.metric}`)}</th>
              <td>
                {r.attainmentPct == null
                  ? t('sla.none')
                  : `${r.attainmentPct.toFixed(1)} % (${r.met}/${r.total})`}
                {r.attainmentPct != null && (
                  <span className="bar">
                    <span style={{ width: `${r.attainmentPct}%` }} />
                  </span>
                )}
              </td>
              <td>
                {r.medianMinutes == null
                  ? t('sla.none')
                  : t('sla.minutes', { count: Math.round(r.medianMinutes) })}
              </td>
              <td>
                {r.p90Minutes == null
                  ? t('sla.none')
                  : t('sla.minutes', { count: Math.round(r.p90Minutes) })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
