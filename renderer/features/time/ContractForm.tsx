// renderer/features/time: Settings → client → Contract. An accessible form over shared/billing's
// ContractSchema: currency and zone, hourly rates by activity and/or agent with effective dates,
// non-billable activities, duration rounding, clock rounding, a minimum per entry and a monthly
// retainer. Money is typed in the currency's major unit and stored as exact integer minor units;
// the core validates (the field at fault is named) and saves.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/domain/entities';
import type { Contract } from '../../../shared/billing/contract';
import { lookupExponent } from '../../../shared/billing/currency';
import { formatMinor } from '../../../shared/billing/money';
import { ROUNDING_INTERVALS } from '../../../shared/billing/rounding';
import { STANDARD_ACTIVITIES } from '../../../shared/ipc/domains/time';
import { agentsOptions, contractOptions, useApi, useTimeCommand } from '../../api/queries';

/** "12.5" in a currency with `exponent` decimals -> 1250 minor units (exact; NaN when malformed). */
export function parseMajor(text: string, exponent: number): number {
  const m = /^\s*(\d{1,13})(?:[.,](\d*))?\s*$/.exec(text);
  if (!m || (m[2] ?? '').length > exponent) return NaN;
  return Number(m[1]) * 10 ** exponent + Number((m[2] ?? '').padEnd(exponent, '0') || '0');
}

type RateRow = { rate: string; from: string; to: string; agentId: string; activity: string };
type Form = {
  currency: string;
  timeZone: string;
  rates: RateRow[];
  nonBillable: string[];
  rounding: { mode: '' | 'up' | 'down' | 'nearest'; interval: number; scope: 'entry' | 'group' };
  clock: { mode: '' | 'up' | 'down' | 'nearest'; interval: number };
  minimum: number;
  retainer: {
    on: boolean;
    fee: string;
    hours: number;
    overage: string;
    unused: 'lose' | 'rollover';
    capHours: number;
  };
};

function toForm(c: Contract | null, client: Client): Form {
  const e = c ? (lookupExponent(c.currency) ?? 2) : 2;
  const major = (minor: number) => formatMinor(minor, e);
  return {
    currency: c?.currency ?? 'EUR',
    timeZone: c?.timeZone ?? client.timezone,
    rates: (
      c?.rates ?? [{ ratePerHourMinor: 0, effectiveFrom: new Date().toISOString().slice(0, 10) }]
    ).map((r) => ({
      rate: major(r.ratePerHourMinor),
      from: r.effectiveFrom,
      to: r.effectiveTo ?? '',
      agentId: r.agentId ?? '',
      activity: r.activity ?? '',
    })),
    nonBillable: c?.nonBillableActivities ?? [],
    rounding: {
      mode: c?.rounding?.mode ?? '',
      interval: c?.rounding?.intervalMinutes ?? 15,
      scope: c?.rounding?.scope ?? 'entry',
    },
    clock: {
      mode: c?.clockRounding?.start ?? '',
      interval: c?.clockRounding?.intervalMinutes ?? 15,
    },
    minimum: c?.minimumPerEntryMinutes ?? 0,
    retainer: {
      on: Boolean(c?.retainer),
      fee: major(c?.retainer?.monthlyFeeMinor ?? 0),
      hours: (c?.retainer?.includedMinutes ?? 0) / 60,
      overage:
        c?.retainer?.overageRatePerHourMinor != null
          ? major(c.retainer.overageRatePerHourMinor)
          : '',
      unused: c?.retainer?.unused.policy ?? 'lose',
      capHours: c?.retainer?.unused.policy === 'rollover' ? c.retainer.unused.capMinutes / 60 : 0,
    },
  };
}

function toContract(f: Form): unknown {
  const e = lookupExponent(f.currency.trim().toUpperCase()) ?? 2;
  return {
    currency: f.currency.trim().toUpperCase(),
    timeZone: f.timeZone.trim(),
    rates: f.rates.map((r) => ({
      ratePerHourMinor: parseMajor(r.rate, e),
      effectiveFrom: r.from,
      ...(r.to ? { effectiveTo: r.to } : {}),
      ...(r.agentId ? { agentId: r.agentId } : {}),
      ...(r.activity ? { activity: r.activity } : {}),
    })),
    nonBillableActivities: f.nonBillable,
    rounding: f.rounding.mode
      ? { mode: f.rounding.mode, intervalMinutes: f.rounding.interval, scope: f.rounding.scope }
      : null,
    clockRounding: f.clock.mode
      ? { start: f.clock.mode, end: f.clock.mode, intervalMinutes: f.clock.interval }
      : null,
    minimumPerEntryMinutes: f.minimum,
    retainer: f.retainer.on
      ? {
          monthlyFeeMinor: parseMajor(f.retainer.fee, e),
          includedMinutes: Math.round(f.retainer.hours * 60),
          overageRatePerHourMinor: f.retainer.overage.trim()
            ? parseMajor(f.retainer.overage, e)
            : null,
          unused:
            f.retainer.unused === 'rollover'
              ? { policy: 'rollover', capMinutes: Math.round(f.retainer.capHours * 60) }
              : { policy: 'lose' },
        }
      : null,
  };
}

export function ContractForm({ client }: { client: Client }) {
  const { t } = useTranslation();
  const api = useApi();
  const contract = useQuery(contractOptions(api, client.id));
  const agents = useQuery(agentsOptions(api));
  const save = useTimeCommand('time.setContract');
  const [f, setF] = useState<Form | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (contract.data) setF(toForm(contract.data.contract, client));
  }, [contract.data, client]);
  if (!f) return null;
  const id = (s: string) => `contract-${client.id}-${s}`;
  const setRate = (i: number, patch: Partial<RateRow>) =>
    setF({ ...f, rates: f.rates.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <form
      className="contract-form form"
      data-testid="contract-form"
      aria-labelledby={id('title')}
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate(
          { clientId: client.id, contract: toContract(f) },
          { onSuccess: () => setSaved(true) },
        );
      }}
    >
      <h3 id={id('title')}>
        {t('contract.title')} — {client.name}
      </h3>
      {contract.data?.contract === null && <p className="muted">{t('contract.none')}</p>}
      <div className="row">
        <label>
          {t('contract.currency')}
          <input
            data-testid="contract-currency"
            required
            maxLength={3}
            size={4}
            value={f.currency}
            onChange={(e) => setF({ ...f, currency: e.target.value })}
          />
        </label>
        <label>
          {t('contract.timeZone')}
          <input
            required
            value={f.timeZone}
            onChange={(e) => setF({ ...f, timeZone: e.target.value })}
          />
        </label>
      </div>
      <fieldset>
        <legend>{t('contract.rates')}</legend>
        <p className="muted">{t('contract.ratesHint')}</p>
        {f.rates.map((r, i) => (
          <div className="row" key={i} role="group" aria-label={t('contract.rateN', { n: i + 1 })}>
            <label>
              {t('contract.rate', { currency: f.currency })}
              <input
                data-testid="contract-rate"
                inputMode="decimal"
                required
                size={8}
                value={r.rate}
                onChange={(e) => setRate(i, { rate: e.target.value })}
              />
            </label>
            <label>
              {t('contract.from')}
              <input
                type="date"
                required
                value={r.from}
                onChange={(e) => setRate(i, { from: e.target.value })}
              />
            </label>
            <label>
              {t('contract.to')}
              <input
                type="date"
                value={r.to}
                onChange={(e) => setRate(i, { to: e.target.value })}
              />
            </label>
            <label>
              {t('contract.agent')}
              <select value={r.agentId} onChange={(e) => setRate(i, { agentId: e.target.value })}>
                <option value="">{t('contract.anyAgent')}</option>
                {agents.data?.map((a) => (
                  <option key={a.id} value={String(a.id)}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('contract.activity')}
              <select value={r.activity} onChange={(e) => setRate(i, { activity: e.target.value })}>
                <option value="">{t('contract.anyActivity')}</option>
                {STANDARD_ACTIVITIES.map((a) => (
                  <option key={a} value={a}>
                    {t(`time.activity.${a}`)}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              onClick={() => setF({ ...f, rates: f.rates.filter((_, j) => j !== i) })}
              aria-label={t('contract.removeRateN', { n: i + 1 })}
            >
              {t('contract.remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          data-testid="contract-add-rate"
          onClick={() =>
            setF({
              ...f,
              rates: [
                ...f.rates,
                {
                  rate: '',
                  from: new Date().toISOString().slice(0, 10),
                  to: '',
                  agentId: '',
                  activity: '',
                },
              ],
            })
          }
        >
          {t('contract.addRate')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('contract.nonBillable')}</legend>
        {STANDARD_ACTIVITIES.map((a) => (
          <label key={a} className="check">
            <input
              type="checkbox"
              checked={f.nonBillable.includes(a)}
              onChange={(e) =>
                setF({
                  ...f,
                  nonBillable: e.target.checked
                    ? [...f.nonBillable, a]
                    : f.nonBillable.filter((x) => x !== a),
                })
              }
            />{' '}
            {t(`time.activity.${a}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('contract.rounding')}</legend>
        <div className="row">
          <label>
            {t('contract.mode')}
            <select
              data-testid="contract-rounding"
              value={f.rounding.mode}
              onChange={(e) =>
                setF({
                  ...f,
                  rounding: { ...f.rounding, mode: e.target.value as Form['rounding']['mode'] },
                })
              }
            >
              <option value="">{t('contract.noRounding')}</option>
              {(['up', 'down', 'nearest'] as const).map((m) => (
                <option key={m} value={m}>
                  {t(`contract.modes.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('contract.interval')}
            <select
              value={f.rounding.interval}
              onChange={(e) =>
                setF({ ...f, rounding: { ...f.rounding, interval: Number(e.target.value) } })
              }
            >
              {ROUNDING_INTERVALS.map((n) => (
                <option key={n} value={n}>
                  {t('contract.minutesN', { count: n })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('contract.scope')}
            <select
              value={f.rounding.scope}
              onChange={(e) =>
                setF({
                  ...f,
                  rounding: { ...f.rounding, scope: e.target.value as 'entry' | 'group' },
                })
              }
            >
              <option value="entry">{t('contract.perEntry')}</option>
              <option value="group">{t('contract.perGroup')}</option>
            </select>
          </label>
        </div>
        <div className="row">
          <label>
            {t('contract.clockRounding')}
            <select
              value={f.clock.mode}
              onChange={(e) =>
                setF({ ...f, clock: { ...f.clock, mode: e.target.value as Form['clock']['mode'] } })
              }
            >
              <option value="">{t('contract.noRounding')}</option>
              {(['up', 'down', 'nearest'] as const).map((m) => (
                <option key={m} value={m}>
                  {t(`contract.modes.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('contract.interval')}
            <select
              value={f.clock.interval}
              onChange={(e) =>
                setF({ ...f, clock: { ...f.clock, interval: Number(e.target.value) } })
              }
            >
              {ROUNDING_INTERVALS.map((n) => (
                <option key={n} value={n}>
                  {t('contract.minutesN', { count: n })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('contract.minimum')}
            <input
              type="number"
              min={0}
              max={1440}
              value={f.minimum}
              onChange={(e) => setF({ ...f, minimum: Number(e.target.value) })}
            />
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('contract.retainer')}</legend>
        <label className="check">
          <input
            type="checkbox"
            data-testid="contract-retainer"
            checked={f.retainer.on}
            onChange={(e) => setF({ ...f, retainer: { ...f.retainer, on: e.target.checked } })}
          />{' '}
          {t('contract.retainerOn')}
        </label>
        {f.retainer.on && (
          <div className="row">
            <label>
              {t('contract.fee', { currency: f.currency })}
              <input
                inputMode="decimal"
                required
                size={10}
                value={f.retainer.fee}
                onChange={(e) => setF({ ...f, retainer: { ...f.retainer, fee: e.target.value } })}
              />
            </label>
            <label>
              {t('contract.includedHours')}
              <input
                type="number"
                min={0}
                step="0.25"
                value={f.retainer.hours}
                onChange={(e) =>
                  setF({ ...f, retainer: { ...f.retainer, hours: Number(e.target.value) } })
                }
              />
            </label>
            <label>
              {t('contract.overage', { currency: f.currency })}
              <input
                inputMode="decimal"
                size={8}
                placeholder={t('contract.rateCard')}
                value={f.retainer.overage}
                onChange={(e) =>
                  setF({ ...f, retainer: { ...f.retainer, overage: e.target.value } })
                }
              />
            </label>
            <label>
              {t('contract.unused')}
              <select
                value={f.retainer.unused}
                onChange={(e) =>
                  setF({
                    ...f,
                    retainer: { ...f.retainer, unused: e.target.value as 'lose' | 'rollover' },
                  })
                }
              >
                <option value="lose">{t('contract.lose')}</option>
                <option value="rollover">{t('contract.rollover')}</option>
              </select>
            </label>
            {f.retainer.unused === 'rollover' && (
              <label>
                {t('contract.capHours')}
                <input
                  type="number"
                  min={0}
                  value={f.retainer.capHours}
                  onChange={(e) =>
                    setF({ ...f, retainer: { ...f.retainer, capHours: Number(e.target.value) } })
                  }
                />
              </label>
            )}
          </div>
        )}
      </fieldset>
      <div className="row">
        <button
          type="submit"
          className="primary"
          data-testid="contract-save"
          disabled={save.isPending}
        >
          {t('contract.save')}
        </button>
        {saved && (
          <span className="ok" role="status">
            {t('settings.saved')}
          </span>
        )}
        {save.error && (
          <span className="error" role="alert" data-testid="contract-error">
            {save.error.message}
          </span>
        )}
      </div>
    </form>
  );
}
