// renderer/features/reports: the Reports tab — pick a client (or all) and a period (month, quarter
// or custom days; in the client's contract time zone, UTC for all clients), and see `reports.kpis`
// for it against the previous period of the same length: volume, responsiveness, SLA attainment
// (the SLA report's numbers), moderation, and effort and money. Every figure has its "how computed"
// tooltip; every chart has its data table beside it.
import { useQueries, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ReportsKpis, ReportsPeriodKpis } from '../../../shared/ipc/domains/reports';
import {
  clientsOptions,
  connectorsOptions,
  contractOptions,
  kpisOptions,
  useApi,
} from '../../api/queries';
import { localized } from '../../components/domain';
import { useUiStore } from '../../store/useUiStore';
import { formatMoney } from '../time/format';
import { ClientReportExport } from './ClientReportExport';
import { ChartTable, Change, How, Kpi, type ChartRow } from './parts';
import {
  currentMonth,
  formatCount,
  formatHoursShort,
  formatMinutes,
  formatPct,
  formatSignedCount,
  formatSignedPoints,
  hoursOf,
  periodBounds,
  quarterOf,
  shownDays,
  type PeriodKind,
  type PeriodPick,
} from './period';

const KINDS: PeriodKind[] = ['month', 'quarter', 'custom'];

/** The last 12 quarters up to the current one, newest first. */
function recentQuarters(now: string): string[] {
  const [y, q] = [Number(now.slice(0, 4)), Number(now.slice(6))];
  return Array.from({ length: 12 }, (_, i) => {
    const n = y * 4 + (q - 1) - i;
    return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
  });
}

export function ReportsView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const api = useApi();
  const clients = useQuery(clientsOptions(api));
  const [clientId, setClientId] = useState<number | null>(null);
  const client = clients.data?.find((c) => c.id === clientId) ?? null;
  // Every client's contract is asked for when the tab opens, so picking a client waits for nothing
  // but its figures.
  useQueries({ queries: (clients.data ?? []).map((c) => contractOptions(api, c.id)) });
  const contract = useQuery({ ...contractOptions(api, clientId ?? 0), enabled: clientId != null });
  // One client: its contract's zone (the one its invoices' months are cut in), else its own zone.
  // All clients: UTC — clients sit in different zones, so no local month is everyone's.
  const zone =
    clientId == null
      ? 'UTC'
      : contract.isFetched || contract.isError
        ? (contract.data?.contract?.timeZone ?? client?.timezone ?? null)
        : null;

  const [kind, setKind] = useState<PeriodKind>('month');
  const [month, setMonth] = useState(() => currentMonth('UTC'));
  const [quarter, setQuarter] = useState(() => quarterOf(currentMonth('UTC')));
  const [fromDay, setFromDay] = useState(() => `${currentMonth('UTC')}-01`);
  const [toDay, setToDay] = useState(() => new Date().toISOString().slice(0, 10));
  const pick: PeriodPick =
    kind === 'month'
      ? { kind, month }
      : kind === 'quarter'
        ? { kind, quarter }
        : { kind, fromDay, toDay };
  const bounds = zone ? periodBounds(pick, zone) : null;
  const valid = bounds && 'from' in bounds ? bounds : null;
  const kpis = useQuery({
    ...kpisOptions(api, clientId, valid?.from ?? '', valid?.to ?? ''),
    enabled: valid != null,
  });
  const data = kpis.data;
  const quarters = useMemo(() => recentQuarters(quarterOf(currentMonth('UTC'))), []);
  const ids = {
    client: useId(),
    kind: useId(),
    month: useId(),
    quarter: useId(),
    from: useId(),
    to: useId(),
  };

  return (
    <main
      className="settings reports"
      data-testid="reports"
      // For tests and the benchmark: which client and period the figures on screen belong to.
      data-shown={data ? `${data.clientId ?? 'all'}|${data.current.from}|${data.current.to}` : ''}
      aria-busy={kpis.isFetching}
    >
      <h1>{t('reports.title')}</h1>
      <section className="card reports-pickers" aria-label={t('reports.pickers')}>
        <div className="row">
          <label htmlFor={ids.client}>{t('reports.client')}</label>
          <select
            id={ids.client}
            data-testid="reports-client"
            value={clientId ?? ''}
            onChange={(e) => setClientId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t('reports.allClients')}</option>
            {clients.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <fieldset className="period-kind">
            <legend>{t('reports.period')}</legend>
            {KINDS.map((k) => (
              <label key={k}>
                <input
                  type="radio"
                  name={ids.kind}
                  value={k}
                  checked={kind === k}
                  data-testid={`reports-kind-${k}`}
                  onChange={() => setKind(k)}
                />{' '}
                {t(`reports.kind.${k}`)}
              </label>
            ))}
          </fieldset>
          {kind === 'month' && (
            <>
              <label htmlFor={ids.month}>{t('reports.kind.month')}</label>
              <input
                id={ids.month}
                type="month"
                data-testid="reports-month"
                value={month}
                onChange={(e) => e.target.value && setMonth(e.target.value)}
              />
            </>
          )}
          {kind === 'quarter' && (
            <>
              <label htmlFor={ids.quarter}>{t('reports.kind.quarter')}</label>
              <select
                id={ids.quarter}
                data-testid="reports-quarter"
                value={quarter}
                onChange={(e) => setQuarter(e.target.value)}
              >
                {quarters.map((q) => (
                  <option key={q} value={q}>
                    {t('reports.quarterName', { year: q.slice(0, 4), n: q.slice(6) })}
                  </option>
                ))}
              </select>
            </>
          )}
          {kind === 'custom' && (
            <>
              <label htmlFor={ids.from}>{t('reports.fromDay')}</label>
              <input
                id={ids.from}
                type="date"
                data-testid="reports-from"
                value={fromDay}
                onChange={(e) => setFromDay(e.target.value)}
              />
              <label htmlFor={ids.to}>{t('reports.toDay')}</label>
              <input
                id={ids.to}
                type="date"
                data-testid="reports-to"
                value={toDay}
                onChange={(e) => setToDay(e.target.value)}
              />
            </>
          )}
        </div>
        {bounds && 'error' in bounds && (
          <p className="error" role="alert" data-testid="reports-invalid">
            {t(`reports.invalid.${bounds.error}`)}
          </p>
        )}
        {valid && zone && (
          <p
            className="muted"
            data-testid="reports-period"
            data-from={valid.from}
            data-to={valid.to}
          >
            {periodLine(valid, zone, lang, t, clientId == null)}
          </p>
        )}
        {clientId != null && kind === 'month' && valid && (
          <ClientReportExport clientId={clientId} month={month} />
        )}
        {data && zone && (
          <p className="muted" data-testid="reports-previous">
            {(() => {
              const d = shownDays(data.previous.from, data.previous.to, zone, lang);
              return t('reports.compared', { first: d.first, last: d.last });
            })()}
          </p>
        )}
      </section>
      {kpis.error && (
        <p className="banner error" role="alert" data-testid="reports-error">
          {t('reports.error', { message: kpis.error.message })}
        </p>
      )}
      {/* The last figures stay on screen while another client's or period's load: a live region says so. */}
      <p className="muted" role="status" data-testid="reports-loading">
        {valid && kpis.isFetching ? t(data ? 'reports.updating' : 'reports.loading') : ''}
      </p>
      {data && <Sections data={data} />}
    </main>
  );
}

function periodLine(
  b: { from: string; to: string },
  zone: string,
  lang: string,
  t: TFunction,
  all: boolean,
): string {
  const d = shownDays(b.from, b.to, zone, lang);
  return t(all ? 'reports.periodLineUtc' : 'reports.periodLine', {
    first: d.first,
    last: d.last,
    zone,
  });
}

/** Formatters of the figures' units, for a language. */
function units(lang: string, t: TFunction) {
  return {
    count: (v: number) => formatCount(v, lang),
    countDiff: (v: number) => formatSignedCount(v, lang),
    pct: (v: number) => formatPct(v, lang),
    pctDiff: (v: number) => t('reports.points', { value: formatSignedPoints(v, lang) }),
    minutes: (v: number) => formatMinutes(v, lang),
    minutesDiff: (v: number) => (v > 0 ? '+' : '') + formatMinutes(v, lang),
    hours: (s: number) => formatHoursShort(s, lang),
    hoursDiff: (s: number) => (s > 0 ? '+' : '') + formatHoursShort(s, lang),
  };
}

function Sections({ data }: { data: ReportsKpis }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const api = useApi();
  const connectors = useQuery(connectorsOptions(api));
  const u = units(lang, t);
  const how = (k: string) => t(data.howComputed[k] ?? `reports.how.${k}`);
  const platform = (p: string) =>
    localized(connectors.data?.find((c) => c.platform === p)?.label, lang) || p;
  const cur = data.current;
  const prev = data.previous;
  return (
    <>
      <Volume cur={cur} prev={prev} u={u} how={how} platform={platform} />
      <Responsiveness cur={cur} prev={prev} u={u} how={how} />
      <Sla cur={cur} prev={prev} u={u} how={how} />
      <Moderation cur={cur} prev={prev} u={u} how={how} platform={platform} />
      <Feedback cur={cur} prev={prev} u={u} how={how} clientId={data.clientId} />
      <Effort cur={cur} prev={prev} u={u} how={how} clientId={data.clientId} />
    </>
  );
}

type SectionProps = {
  cur: ReportsPeriodKpis;
  prev: ReportsPeriodKpis;
  u: ReturnType<typeof units>;
  how: (k: string) => string;
};

function Section(p: { id: string; title: string; children: ReactNode }) {
  const hid = useId();
  return (
    <section className="card report-section" aria-labelledby={hid} data-testid={`reports-${p.id}`}>
      <h2 id={hid}>{p.title}</h2>
      {p.children}
    </section>
  );
}

/** Rows of a "name → current / previous" table from two lists keyed alike. */
function pairRows<X>(
  cur: X[],
  prev: X[],
  key: (x: X) => string,
  value: (x: X) => number,
  label: (k: string) => string,
): ChartRow[] {
  const keys = [...new Set([...cur.map(key), ...prev.map(key)])];
  return keys.map((k) => {
    const c = cur.find((x) => key(x) === k);
    const p = prev.find((x) => key(x) === k);
    return { label: label(k), key: k, current: c ? value(c) : 0, previous: p ? value(p) : 0 };
  });
}

function Volume(p: SectionProps & { platform: (p: string) => string }) {
  const { t, i18n } = useTranslation();
  const { cur, prev, u, how } = p;
  const v = cur.volume;
  const pv = prev.volume;
  const weekFmt = new Intl.DateTimeFormat(i18n.language, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const weeks: ChartRow[] = v.byWeek.map((w) => ({
    label: weekFmt.format(Date.parse(w.weekStart)),
    conversations: w.conversations,
    messages: w.messages,
  }));
  const counts = (id: string, key: keyof typeof v & string, howKey: string) => (
    <Kpi
      id={id}
      label={t(`reports.fig.${id}`)}
      how={how(howKey)}
      current={v[key] as number}
      previous={pv[key] as number}
      format={u.count}
      diffText={u.countDiff}
    />
  );
  return (
    <Section id="volume" title={t('reports.section.volume')}>
      <div className="kpis">
        {counts('conversationsIn', 'conversationsIn', 'conversationsIn')}
        {counts('messagesIn', 'messagesIn', 'messagesIn')}
        {counts('activeMembers', 'activeMembers', 'activeMembers')}
        {counts('newMembers', 'newMembers', 'newMembers')}
        {counts('returningMembers', 'returningMembers', 'returningMembers')}
      </div>
      <ChartTable
        testId="chart-byWeek"
        title={t('reports.chart.byWeek')}
        how={how('byWeek')}
        rows={weeks}
        labelHeader={t('reports.col.week')}
        format={u.count}
        series={[
          { key: 'conversations', name: t('reports.col.conversations'), color: 'var(--chart-1)' },
          { key: 'messages', name: t('reports.col.messages'), color: 'var(--chart-2)' },
        ]}
      />
      <PlatformTable
        cur={v.byPlatform}
        prev={pv.byPlatform}
        platform={p.platform}
        how={how('byPlatform')}
        u={u}
      />
    </Section>
  );
}

function PlatformTable(p: {
  cur: ReportsPeriodKpis['volume']['byPlatform'];
  prev: ReportsPeriodKpis['volume']['byPlatform'];
  platform: (p: string) => string;
  how: string;
  u: SectionProps['u'];
}) {
  const { t } = useTranslation();
  const keys = [
    ...new Set([...p.cur.map((x) => x.platform), ...p.prev.map((x) => x.platform)]),
  ].sort();
  const title = t('reports.chart.byPlatform');
  return (
    <figure className="chart-figure" data-testid="table-byPlatform">
      <figcaption>
        {title} <How name={title} text={p.how} />
      </figcaption>
      {keys.length === 0 ? (
        <p className="muted">{t('reports.empty')}</p>
      ) : (
        <table className="grid data-table">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.col.platform')}</th>
              <th scope="col">{t('reports.col.conversations')}</th>
              <th scope="col">{t('reports.col.messages')}</th>
              <th scope="col">{t('reports.col.change')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const c = p.cur.find((x) => x.platform === k);
              const q = p.prev.find((x) => x.platform === k);
              return (
                <tr key={k} data-testid="platform-row" data-platform={k}>
                  <th scope="row">{p.platform(k)}</th>
                  <td className="num">{p.u.count(c?.conversations ?? 0)}</td>
                  <td className="num">{p.u.count(c?.messages ?? 0)}</td>
                  <td>
                    <Change
                      current={c?.messages ?? 0}
                      previous={q?.messages ?? 0}
                      format={p.u.count}
                      diffText={p.u.countDiff}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </figure>
  );
}

function Responsiveness({ cur, prev, u, how }: SectionProps) {
  const { t } = useTranslation();
  const r = cur.responsiveness;
  const pr = prev.responsiveness;
  const mins = (id: string, key: keyof typeof r & string, howKey: string) => (
    <Kpi
      id={id}
      label={t(`reports.fig.${id}`)}
      how={how(howKey)}
      current={r[key]}
      previous={pr[key]}
      format={u.minutes}
      diffText={u.minutesDiff}
    />
  );
  return (
    <Section id="responsiveness" title={t('reports.section.responsiveness')}>
      <div className="kpis">
        {mins('firstReplyMedian', 'firstReplyMedianMinutes', 'firstReply')}
        {mins('firstReplyP90', 'firstReplyP90Minutes', 'firstReply')}
        {mins('firstReplyBusinessMedian', 'firstReplyBusinessMedianMinutes', 'firstReplyBusiness')}
        {mins('firstReplyBusinessP90', 'firstReplyBusinessP90Minutes', 'firstReplyBusiness')}
        {mins('firstReplyCalendarMedian', 'firstReplyCalendarMedianMinutes', 'firstReplyCalendar')}
        {mins('firstReplyCalendarP90', 'firstReplyCalendarP90Minutes', 'firstReplyCalendar')}
        <Kpi
          id="responseRate"
          label={t('reports.fig.responseRate')}
          how={how('responseRate')}
          current={r.responseRatePct}
          previous={pr.responseRatePct}
          format={u.pct}
          diffText={u.pctDiff}
          ratio={false}
        />
        <Kpi
          id="resolved"
          label={t('reports.fig.resolved')}
          how={how('resolution')}
          current={r.resolvedCount}
          previous={pr.resolvedCount}
          format={u.count}
          diffText={u.countDiff}
        />
        {mins('resolutionMedian', 'resolutionMedianMinutes', 'resolution')}
        <Kpi
          id="resolutionRate"
          label={t('reports.fig.resolutionRate')}
          how={how('resolutionRate')}
          current={r.resolutionRatePct}
          previous={pr.resolutionRatePct}
          format={u.pct}
          diffText={u.pctDiff}
          ratio={false}
        />
        <Kpi
          id="backlogAtEnd"
          label={t('reports.fig.backlogAtEnd')}
          how={how('backlogAtEnd')}
          current={r.backlogAtEnd}
          previous={pr.backlogAtEnd}
          format={u.count}
          diffText={u.countDiff}
        />
      </div>
    </Section>
  );
}

function Sla({ cur, prev, u, how }: SectionProps) {
  const { t } = useTranslation();
  const title = t('reports.section.sla');
  return (
    <Section id="sla" title={title}>
      <p className="muted">
        {t('reports.slaNote')} <How name={title} text={how('sla')} />
      </p>
      <table className="grid data-table" data-testid="sla-table">
        <caption className="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sla.metricColumn')}</th>
            <th scope="col">{t('sla.attainment')}</th>
            <th scope="col">{t('reports.col.metBreached')}</th>
            <th scope="col">{t('sla.median')}</th>
            <th scope="col">{t('sla.p90')}</th>
            <th scope="col">{t('reports.col.change')}</th>
          </tr>
        </thead>
        <tbody>
          {cur.sla.map((s) => {
            const p = prev.sla.find((x) => x.metric === s.metric);
            return (
              <tr key={s.metric} data-testid="sla-row" data-metric={s.metric}>
                <th scope="row">{t(`sla.metric.${s.metric}`)}</th>
                <td className="num" data-testid="sla-attainment">
                  {s.attainmentPct == null ? t('reports.none') : u.pct(s.attainmentPct)}
                  {s.attainmentPct != null && (
                    <span className="bar" aria-hidden="true">
                      <span style={{ width: `${s.attainmentPct}%` }} />
                    </span>
                  )}
                </td>
                <td className="num">
                  {t('reports.metBreached', { met: u.count(s.met), breached: u.count(s.breached) })}
                </td>
                <td className="num">
                  {s.medianMinutes == null ? t('reports.none') : u.minutes(s.medianMinutes)}
                </td>
                <td className="num">
                  {s.p90Minutes == null ? t('reports.none') : u.minutes(s.p90Minutes)}
                </td>
                <td>
                  <Change
                    current={s.attainmentPct}
                    previous={p?.attainmentPct ?? null}
                    format={u.pct}
                    diffText={u.pctDiff}
                    ratio={false}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

function Moderation({
  cur,
  prev,
  u,
  how,
  platform,
}: SectionProps & { platform: (p: string) => string }) {
  const { t } = useTranslation();
  const m = cur.moderation;
  const pm = prev.moderation;
  const series = compareSeries(t);
  return (
    <Section id="moderation" title={t('reports.section.moderation')}>
      <div className="kpis">
        <Kpi
          id="moderationTotal"
          label={t('reports.fig.moderationTotal')}
          how={how('moderation')}
          current={m.total}
          previous={pm.total}
          format={u.count}
          diffText={u.countDiff}
        />
        <Kpi
          id="spamShare"
          label={t('reports.fig.spamShare')}
          how={how('spamShare')}
          current={m.spamSharePct}
          previous={pm.spamSharePct}
          format={u.pct}
          diffText={u.pctDiff}
          ratio={false}
        />
      </div>
      <div className="two-up">
        <ChartTable
          testId="chart-modByKind"
          title={t('reports.chart.modByKind')}
          how={how('moderation')}
          rows={pairRows(
            m.byKind,
            pm.byKind,
            (x) => x.kind,
            (x) => x.count,
            (k) => t(`moderation.kind.${k}`),
          )}
          labelHeader={t('reports.col.kind')}
          format={u.count}
          series={series}
        />
        <ChartTable
          testId="chart-modByPlatform"
          title={t('reports.chart.modByPlatform')}
          how={how('moderation')}
          rows={pairRows(
            m.byPlatform,
            pm.byPlatform,
            (x) => x.platform,
            (x) => x.count,
            platform,
          )}
          labelHeader={t('reports.col.platform')}
          format={u.count}
          series={series}
        />
      </div>
    </Section>
  );
}

function Effort({ cur, prev, u, how, clientId }: SectionProps & { clientId: number | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const api = useApi();
  const clients = useQuery(clientsOptions(api));
  const e = cur.effort;
  const pe = prev.effort;
  const series = compareSeries(t);
  // Charts in decimal hours; tables format the same seconds as hours.
  const hourRows = (rows: ChartRow[]) =>
    rows.map((r) => ({
      ...r,
      current: hoursOf(r.current as number),
      previous: hoursOf(r.previous as number),
    }));
  const hoursFmt = (h: number) => formatHoursShort(h * 3600, lang);
  const nameOf = (id: number) => clients.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  return (
    <Section id="effort" title={t('reports.section.effort')}>
      <div className="kpis">
        <Kpi
          id="hoursTotal"
          label={t('reports.fig.hoursTotal')}
          how={how('hoursByActivity')}
          current={e.totalSeconds}
          previous={pe.totalSeconds}
          format={u.hours}
          diffText={u.hoursDiff}
        />
        <Kpi
          id="guidelineOverrides"
          label={t('reports.fig.guidelineOverrides')}
          how={how('guidelineOverrides')}
          current={cur.guidelineOverrides}
          previous={prev.guidelineOverrides}
          format={u.count}
          diffText={u.countDiff}
        />
      </div>
      <div className="two-up">
        <ChartTable
          testId="chart-hoursByActivity"
          title={t('reports.chart.hoursByActivity')}
          how={how('hoursByActivity')}
          rows={hourRows(
            pairRows(
              e.byActivity,
              pe.byActivity,
              (x) => x.activity,
              (x) => x.seconds,
              (a) => t(`time.activity.${a}`, { defaultValue: a }),
            ),
          )}
          labelHeader={t('reports.col.activity')}
          format={hoursFmt}
          series={series}
        />
        <ChartTable
          testId="chart-hoursByAgent"
          title={t('reports.chart.hoursByAgent')}
          how={how('hoursByAgent')}
          rows={hourRows(
            pairRows(
              e.byAgent,
              pe.byAgent,
              (x) => String(x.agentId),
              (x) => x.seconds,
              (id) =>
                [...e.byAgent, ...pe.byAgent].find((a) => String(a.agentId) === id)?.name ?? id,
            ),
          )}
          labelHeader={t('reports.col.agent')}
          format={hoursFmt}
          series={series}
        />
      </div>
      <h3>{t('reports.money')}</h3>
      {clientId == null && <p className="muted">{t('reports.moneyAllClients')}</p>}
      {e.money.map((m) => (
        <Money
          key={m.clientId}
          m={m}
          prev={pe.money.find((x) => x.clientId === m.clientId) ?? null}
          name={nameOf(m.clientId)}
          how={how}
          u={u}
        />
      ))}
    </Section>
  );
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * What members said: feedback by kind (chart + table), then each theme with its count, members,
 * trend against the previous period and up to three quotes linking to their conversations; the
 * period's items as CSV for the client's product team. Quotes are members' text, shown as text.
 */
function Feedback({ cur, prev, u, how, clientId }: SectionProps & { clientId: number | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const api = useApi();
  const clients = useQuery(clientsOptions(api));
  const [csvError, setCsvError] = useState<string | null>(null);
  const f = cur.feedback;
  const pf = prev.feedback;
  const kindLabel = (k: string) => t(`feedback.kind.${k}`);
  const themeName = (x: (typeof f.themes)[number]) => (x.builtin ? kindLabel(x.kind) : x.name);
  const open = (conversationId: number) => {
    useUiStore.getState().select(-1, conversationId);
    useUiStore.getState().setView('queue');
  };
  const exportCsv = async () => {
    setCsvError(null);
    try {
      const r = await api['reports.feedbackCsv']({ clientId, from: cur.from, to: cur.to });
      download(r.filename, r.csv);
    } catch (e) {
      setCsvError((e as Error).message);
    }
  };
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  return (
    <Section id="feedback" title={t('reports.section.feedback')}>
      <div className="kpis">
        <Kpi
          id="feedbackTotal"
          label={t('reports.fig.feedbackTotal')}
          how={how('feedback')}
          current={f.total}
          previous={pf.total}
          format={u.count}
          diffText={u.countDiff}
        />
      </div>
      <button type="button" data-testid="feedback-csv" onClick={() => void exportCsv()}>
        {t('reports.feedbackCsv')}
      </button>
      {csvError && (
        <p className="error" role="alert">
          {t('reports.error', { message: csvError })}
        </p>
      )}
      <ChartTable
        testId="chart-feedbackByKind"
        title={t('reports.chart.feedbackByKind')}
        how={how('feedback')}
        rows={pairRows(
          f.byKind,
          pf.byKind,
          (x) => x.kind,
          (x) => x.count,
          kindLabel,
        )}
        labelHeader={t('reports.col.kind')}
        format={u.count}
        series={compareSeries(t)}
      />
      <h3>
        {t('reports.themes')} <How name={t('reports.themes')} text={how('feedbackThemes')} />
      </h3>
      {f.themes.length === 0 && <p className="muted">{t('reports.empty')}</p>}
      {f.themes.map((x) => (
        <div key={x.tagId} className="theme" data-testid="feedback-theme" data-tag={x.tagId}>
          <h4>
            {themeName(x)}
            {!x.builtin && <span className="muted"> · {kindLabel(x.kind)}</span>}
            {clientId == null && (
              <span className="muted">
                {' '}
                · {clients.data?.find((c) => c.id === x.clientId)?.name ?? `#${x.clientId}`}
              </span>
            )}
          </h4>
          <p data-testid="theme-summary">
            {t('reports.themeItems', { count: x.count, items: u.count(x.count) })}{' '}
            {t('reports.themeMembers', { count: x.members, members: u.count(x.members) })}{' '}
            <Change
              current={x.count}
              previous={x.previousCount}
              format={u.count}
              diffText={u.countDiff}
              testId="theme-change"
            />
          </p>
          <ul className="quotes">
            {x.examples.map((q) => (
              <li key={q.messageId}>
                <blockquote data-testid="theme-quote">{q.quote}</blockquote>
                <span className="muted">
                  {q.author} · {when.format(Date.parse(q.at))} ·{' '}
                </span>
                <button type="button" className="link" onClick={() => open(q.conversationId)}>
                  {t('reports.openConversation')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Section>
  );
}

type MoneyRow = ReportsPeriodKpis['effort']['money'][number];

function Money(p: {
  m: MoneyRow;
  prev: MoneyRow | null;
  name: string;
  how: (k: string) => string;
  u: SectionProps['u'];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const { m, u } = p;
  const money = (minor: number | null) =>
    minor == null || !m.currency || m.exponent == null
      ? t('reports.none')
      : formatMoney(minor, m.currency, m.exponent, lang);
  const retainerTitle = t('reports.chart.retainer', { client: p.name });
  const inc = m.includedSeconds;
  const used = m.usedSeconds ?? 0;
  const over = m.overageSeconds ?? 0;
  return (
    <div className="money-card" data-testid="money" data-client={m.clientId}>
      <h4>{p.name}</h4>
      {m.months.length === 0 ? (
        <p className="muted" data-testid="money-no-months">
          {t('reports.noMonths')}
        </p>
      ) : (
        <p className="muted">{t('reports.months', { months: m.months.join(', ') })}</p>
      )}
      {m.problem && (
        <p className="warn-text" data-testid="money-problem">
          {m.problem === 'no contract'
            ? t('reports.noContract')
            : t('reports.problem', { problem: m.problem })}
        </p>
      )}
      {m.months.length > 0 && (
        <>
          <dl className="money-figures">
            <dt>{t('reports.fig.billed')}</dt>
            <dd data-testid="money-billed">{u.hours(m.billedSeconds)}</dd>
            <dt>{t('reports.fig.charge')}</dt>
            <dd data-testid="money-total">{money(m.totalMinor)}</dd>
            <dt>
              {t('reports.fig.costPerResolved')}{' '}
              <How name={t('reports.fig.costPerResolved')} text={p.how('costPerResolved')} />
            </dt>
            <dd data-testid="money-cpr">
              {money(m.costPerResolvedMinor)}{' '}
              {m.costPerResolvedMinor != null && (
                <Change
                  current={m.costPerResolvedMinor}
                  previous={p.prev?.months.length ? (p.prev.costPerResolvedMinor ?? null) : null}
                  format={(v) => money(v)}
                  diffText={(d) => (d > 0 ? '+' : '') + money(d)}
                />
              )}
            </dd>
            <dt>{t('reports.fig.resolvedInMonths')}</dt>
            <dd>{u.count(m.resolved)}</dd>
          </dl>
          {inc != null ? (
            <ChartTable
              testId="chart-retainer"
              title={retainerTitle}
              how={p.how('retainer')}
              horizontal
              stacked
              height={90}
              rows={[
                {
                  label: t('reports.col.hours'),
                  within: hoursOf(Math.min(used, inc)),
                  overage: hoursOf(over),
                  unused: hoursOf(Math.max(0, inc - used)),
                },
              ]}
              labelHeader={t('reports.col.retainer')}
              format={(h) => formatHoursShort(h * 3600, lang)}
              series={[
                { key: 'within', name: t('reports.col.withinRetainer'), color: 'var(--chart-1)' },
                { key: 'overage', name: t('reports.col.overage'), color: 'var(--chart-bad)' },
                { key: 'unused', name: t('reports.col.unused'), color: 'var(--chart-3)' },
              ]}
              extra={[{ header: t('reports.col.included'), cell: () => u.hours(inc) }]}
            />
          ) : (
            <p className="muted">{t('reports.noRetainer')}</p>
          )}
        </>
      )}
    </div>
  );
}

/** The two series of a comparison chart: this period and the previous one. */
function compareSeries(t: TFunction) {
  return [
    { key: 'current', name: t('reports.col.current'), color: 'var(--chart-1)' },
    { key: 'previous', name: t('reports.col.previous'), color: 'var(--chart-3)' },
  ];
}
