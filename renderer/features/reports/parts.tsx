// renderer/features/reports: the building blocks of the Reports tab — a figure with its change
// against the previous period (direction in words for screen readers, an arrow and signed numbers on
// screen: never colour alone), the "how is this computed" tooltip (hover or keyboard focus), and a
// bar chart (recharts) with its data table beside it. Colours come from the CSS variables, so the
// charts follow the light and dark themes.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { delta, formatSignedRatio } from './period';

/** "How is this computed": a focusable (?) whose text shows on hover and focus and describes it. */
export function How(p: { name: string; text: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <span className="how-wrap">
      <button
        type="button"
        className="how"
        aria-label={t('reports.howLabel', { name: p.name })}
        aria-describedby={id}
      >
        ?
      </button>
      <span role="tooltip" id={id} className="how-tip">
        {p.text}
      </span>
    </span>
  );
}

const ARROW = { up: '▲', down: '▼', same: '=', none: '' } as const;

/**
 * The change of a value against the previous period: "▲ +12 (+25%) · previous: 48". `diffText`
 * formats the signed difference in the figure's unit (counts, minutes, percentage points).
 */
export function Change(p: {
  current: number | null;
  previous: number | null;
  format: (v: number) => string;
  diffText: (diff: number) => string;
  /** Relative change shown in brackets (false for percentages, whose change is in points). */
  ratio?: boolean;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const d = delta(p.current, p.previous);
  const prev = p.previous == null ? t('reports.none') : p.format(p.previous);
  return (
    <span className={`change ${d.direction}`} data-testid={p.testId} data-direction={d.direction}>
      {d.direction !== 'none' && (
        <>
          <span aria-hidden="true">{ARROW[d.direction]}</span>{' '}
        </>
      )}
      <span className="sr-only">{t(`reports.delta.${d.direction}`)}</span>
      {d.diff != null && d.direction !== 'same' && <> {p.diffText(d.diff)}</>}
      {d.direction !== 'same' && p.ratio !== false && d.ratio != null && (
        <> ({formatSignedRatio(d.ratio, i18n.language)})</>
      )}
      <span className="muted">
        {d.direction === 'none' ? ' ' : ' · '}
        {t('reports.delta.previous', { value: prev })}
      </span>
    </span>
  );
}

/** One headline figure: label with its tooltip, the value, and the change. */
export function Kpi(p: {
  id: string;
  label: string;
  how: string;
  current: number | null;
  previous: number | null;
  format: (v: number) => string;
  diffText: (diff: number) => string;
  ratio?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="kpi" data-testid={`kpi-${p.id}`}>
      <div className="kpi-label">
        {p.label} <How name={p.label} text={p.how} />
      </div>
      <div className="kpi-value" data-testid={`kpi-${p.id}-value`}>
        {p.current == null ? t('reports.none') : p.format(p.current)}
      </div>
      <Change
        current={p.current}
        previous={p.previous}
        format={p.format}
        diffText={p.diffText}
        ratio={p.ratio}
        testId={`kpi-${p.id}-change`}
      />
    </div>
  );
}

export type Series = { key: string; name: string; color: string };
export type ChartRow = { label: string } & Record<string, number | string>;

/**
 * A bar chart (grouped, or stacked / horizontal when asked) with its data table beside it. The chart
 * is an image named by `title` for assistive technology; the table carries every value, and its rows
 * are what a screen reader reads.
 */
export function ChartTable(p: {
  testId: string;
  title: string;
  how: string;
  rows: ChartRow[];
  series: Series[];
  /** Heading of the label column. */
  labelHeader: string;
  format: (v: number) => string;
  stacked?: boolean;
  horizontal?: boolean;
  height?: number;
  /** Extra table columns after the series (e.g. the previous period). */
  extra?: { header: string; cell: (row: ChartRow) => ReactNode }[];
}) {
  const { t } = useTranslation();
  const captionId = useId();
  const empty = p.rows.length === 0;
  return (
    <figure className="chart-figure" data-testid={p.testId} aria-labelledby={captionId}>
      <figcaption id={captionId}>
        {p.title} <How name={p.title} text={p.how} />
      </figcaption>
      {empty ? (
        <p className="muted">{t('reports.empty')}</p>
      ) : (
        <div className="chart-and-table">
          <div className="chart" role="img" aria-label={p.title}>
            <ResponsiveContainer width="100%" height={p.height ?? 220}>
              <BarChart
                data={p.rows}
                layout={p.horizontal ? 'vertical' : 'horizontal'}
                accessibilityLayer={false}
                margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
              >
                <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" />
                {p.horizontal ? (
                  <>
                    <XAxis type="number" tick={{ fill: 'var(--muted)' }} stroke="var(--line)" />
                    <YAxis
                      type="category"
                      dataKey="label"
                      width={110}
                      tick={{ fill: 'var(--muted)' }}
                      stroke="var(--line)"
                    />
                  </>
                ) : (
                  <>
                    <XAxis
                      dataKey="label"
                      interval={0}
                      tick={{ fill: 'var(--muted)' }}
                      stroke="var(--line)"
                    />
                    <YAxis tick={{ fill: 'var(--muted)' }} stroke="var(--line)" width={48} />
                  </>
                )}
                <Tooltip
                  formatter={(v) => (typeof v === 'number' ? p.format(v) : String(v))}
                  contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }}
                  labelStyle={{ color: 'var(--text)' }}
                  itemStyle={{ color: 'var(--text)' }}
                  cursor={{ fill: 'var(--sel)' }}
                />
                {p.series.length > 1 && <Legend wrapperStyle={{ color: 'var(--text)' }} />}
                {p.series.map((s) => (
                  <Bar
                    key={s.key}
                    dataKey={s.key}
                    name={s.name}
                    fill={s.color}
                    stackId={p.stacked ? 'a' : undefined}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="grid data-table" data-testid={`${p.testId}-table`}>
            <caption className="sr-only">{p.title}</caption>
            <thead>
              <tr>
                <th scope="col">{p.labelHeader}</th>
                {p.series.map((s) => (
                  <th scope="col" key={s.key}>
                    {s.name}
                  </th>
                ))}
                {p.extra?.map((x) => (
                  <th scope="col" key={x.header}>
                    {x.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  {p.series.map((s) => (
                    <td key={s.key} className="num">
                      {typeof r[s.key] === 'number' ? p.format(r[s.key] as number) : ''}
                    </td>
                  ))}
                  {p.extra?.map((x) => (
                    <td key={x.header} className="num">
                      {x.cell(r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
