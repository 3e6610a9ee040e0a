// renderer/features/settings: the source setup form, generated from the connectors' declared fields
// (sources.connectors): pick the platform, then its fields in order — labels and help in the UI
// language, required marks, `when` conditions. Secret fields are write-only: an existing source shows
// "set — replace", never a value. "Test connection" calls the platform with what is typed (saved or
// not) and shows the translated reason of a failure. Add (new) or Save (existing source).
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  SourceTestResult,
  SourceWithSecrets,
  ConnectorField,
  ConnectorInfo,
} from '../../../shared/ipc/contract';
import {
  clientsOptions,
  connectorsOptions,
  useAddSource,
  useApi,
  useTestSource,
  useUpdateSource,
} from '../../api/queries';
import { localized } from '../../components/domain';

type Values = Record<string, unknown>;

/** Initial config values: what the source has, else required selects start at their first option. */
function initialConfig(c: ConnectorInfo | undefined, source?: SourceWithSecrets): Values {
  if (source) return { ...source.config };
  const out: Values = {};
  for (const f of c?.fields ?? [])
    if (f.kind === 'select' && f.required && f.options?.[0]) out[f.key] = f.options[0].value;
  return out;
}

const visible = (f: ConnectorField, config: Values) =>
  !f.when || f.when.in.includes(String(config[f.when.key] ?? ''));

/** A field named by the core's invalid_input message ("config.apiUsername: …", "secrets.apiKey: required"). */
function fieldOfError(message: string): { key: string; text: string } | null {
  const m = /^(?:config|secrets)\.([A-Za-z0-9_-]+)(?:\.[^:]*)?: (.*)$/.exec(message);
  return m ? { key: m[1]!, text: m[2]! } : null;
}

export function TestResult({ result }: { result: SourceTestResult | null }) {
  const { t } = useTranslation();
  if (!result) return null;
  return result.ok ? (
    <p className="ok" data-testid="test-result" data-ok="true">
      {t('sources.testOk', { account: result.account })}
    </p>
  ) : (
    <p className="error" data-testid="test-result" data-ok="false" data-reason={result.reason}>
      {t(`sources.reason.${result.reason}`)} <span className="muted">({result.message})</span>
    </p>
  );
}

export function SourceForm({ source, onDone }: { source?: SourceWithSecrets; onDone?(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const api = useApi();
  const connectors = useQuery(connectorsOptions(api));
  const clients = useQuery(clientsOptions(api));
  const formId = useId();
  const [platform, setPlatform] = useState<string>(source?.platform ?? '');
  const connector = connectors.data?.find(
    (c) => c.platform === (platform || connectors.data?.[0]?.platform),
  );
  const [clientId, setClientId] = useState<number>(source?.clientId ?? 0);
  const [name, setName] = useState(source?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(source?.baseUrl ?? '');
  const [config, setConfig] = useState<Values | null>(null);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [replacing, setReplacing] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [testResult, setTestResult] = useState<SourceTestResult | null>(null);
  const add = useAddSource();
  const update = useUpdateSource();
  const test = useTestSource();
  const values = useMemo(
    () => config ?? initialConfig(connector, source),
    [config, connector, source],
  );
  const editing = source != null;
  const idOf = (key: string) => `${formId}-${key}`;

  const touched = () => {
    setDone(false);
    setTestResult(null);
  };
  const setValue = (key: string, v: unknown) => {
    touched();
    setErrors(({ [key]: _drop, ...rest }) => rest);
    setConfig({ ...values, [key]: v });
  };

  const fields = (connector?.fields ?? []).filter((f) => visible(f, values));
  const secretSet = (key: string) =>
    editing && source.secretsSet.includes(key) && !replacing.has(key);

  /** What the form holds, for sources.add/update/test: visible config fields only, typed secrets only. */
  const collect = () => {
    const cfg: Values = {};
    for (const f of fields)
      if (f.kind !== 'secret' && values[f.key] !== undefined && values[f.key] !== '')
        cfg[f.key] = values[f.key];
    const sec: Record<string, string> = {};
    for (const f of fields) if (f.kind === 'secret' && secrets[f.key]) sec[f.key] = secrets[f.key]!;
    return { config: cfg, secrets: sec };
  };

  /** Required fields filled (secrets already stored count). Returns whether the form may go out. */
  const validate = (): boolean => {
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = t('sources.required');
    for (const f of fields) {
      if (!f.required) continue;
      const empty =
        f.kind === 'secret'
          ? !secrets[f.key] && !secretSet(f.key)
          : f.kind === 'boolean'
            ? false
            : values[f.key] === undefined ||
              values[f.key] === '' ||
              (Array.isArray(values[f.key]) && (values[f.key] as unknown[]).length === 0);
      if (empty) missing[f.key] = t('sources.required');
    }
    setErrors(missing);
    setFormError(Object.keys(missing).length ? t('sources.fixFields') : null);
    return Object.keys(missing).length === 0;
  };

  const failed = (e: Error) => {
    const f = fieldOfError(e.message);
    if (f) setErrors((x) => ({ ...x, [f.key]: f.text }));
    setFormError(e.message);
  };

  const submit = () => {
    setFormError(null);
    if (!connector || !validate()) return;
    const { config: cfg, secrets: sec } = collect();
    if (editing) {
      update.mutate(
        {
          id: source.id,
          name: name.trim(),
          baseUrl,
          config: cfg,
          ...(Object.keys(sec).length ? { secrets: sec } : {}),
        },
        {
          onSuccess: () => {
            setSecrets({});
            setReplacing(new Set());
            setDone(true);
            onDone?.();
          },
          onError: failed,
        },
      );
    } else {
      add.mutate(
        {
          clientId: clientId || clients.data?.[0]?.id || 0,
          platform: connector.platform,
          name: name.trim(),
          baseUrl,
          config: cfg,
          secrets: sec,
        },
        {
          onSuccess: () => {
            // Secrets are write-only: cleared from the form, never shown again.
            setName('');
            setBaseUrl('');
            setConfig(null);
            setSecrets({});
            setDone(true);
          },
          onError: failed,
        },
      );
    }
  };

  const runTest = () => {
    setFormError(null);
    setTestResult(null);
    if (!connector) return;
    const { config: cfg, secrets: sec } = collect();
    const input = editing
      ? {
          id: source.id,
          baseUrl,
          config: cfg,
          ...(Object.keys(sec).length ? { secrets: sec } : {}),
        }
      : {
          clientId: clientId || clients.data?.[0]?.id || 0,
          platform: connector.platform,
          name: name.trim() || connector.platform,
          baseUrl,
          config: cfg,
          secrets: sec,
        };
    test.mutate(input, { onSuccess: setTestResult, onError: failed });
  };

  const described = (key: string, help: boolean) =>
    [help ? `${idOf(key)}-help` : '', errors[key] ? `${idOf(key)}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;
  const labelText = (text: string, required: boolean) => (
    <>
      {text}
      {required && (
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </>
  );
  const wrap = (key: string, label: ReactNode, control: ReactNode, help?: string) => (
    <div className="field" key={key} data-field={key}>
      {label}
      {control}
      {help && (
        <small id={`${idOf(key)}-help`} className="muted">
          {help}
        </small>
      )}
      {errors[key] && (
        <small id={`${idOf(key)}-error`} className="error">
          {errors[key]}
        </small>
      )}
    </div>
  );

  const control = (f: ConnectorField) => {
    const id = idOf(f.key);
    const label = localized(f.label, lang);
    const help = f.help ? localized(f.help, lang) : undefined;
    const common = {
      id,
      'aria-describedby': described(f.key, !!help),
      'aria-invalid': errors[f.key] ? true : undefined,
      'data-testid': `field-${f.key}`,
    };
    const lbl = (
      <label htmlFor={id}>
        {labelText(label, f.required && !(f.kind === 'secret' && secretSet(f.key)))}
      </label>
    );
    switch (f.kind) {
      case 'boolean':
        return wrap(
          f.key,
          null,
          <label className="check" htmlFor={id}>
            <input
              type="checkbox"
              {...common}
              checked={values[f.key] === true}
              onChange={(e) => setValue(f.key, e.target.checked)}
            />{' '}
            {label}
          </label>,
          help,
        );
      case 'select':
        return wrap(
          f.key,
          lbl,
          <select
            {...common}
            required={f.required}
            value={String(values[f.key] ?? '')}
            onChange={(e) => setValue(f.key, e.target.value)}
          >
            {!f.required && <option value="">—</option>}
            {f.options?.map((o) => (
              <option key={o.value} value={o.value}>
                {localized(o.label, lang)}
              </option>
            ))}
          </select>,
          help,
        );
      case 'list':
      case 'textarea': {
        const v = values[f.key];
        const text = Array.isArray(v) ? v.join('\n') : typeof v === 'string' ? v : '';
        return wrap(
          f.key,
          lbl,
          <textarea
            {...common}
            rows={f.kind === 'list' ? 3 : 4}
            required={f.required}
            value={text}
            placeholder={f.placeholder}
            onChange={(e) =>
              setValue(
                f.key,
                f.kind === 'list'
                  ? e.target.value
                      .split('\n')
                      .map((x) => x.trim())
                      .filter(Boolean)
                  : e.target.value,
              )
            }
          />,
          f.kind === 'list' ? [help, t('sources.onePerLine')].filter(Boolean).join(' ') : help,
        );
      }
      case 'secret':
        if (secretSet(f.key)) {
          return wrap(
            f.key,
            <span className="label" id={`${id}-label`}>
              {label}
            </span>,
            <span className="secret-set" data-testid={`secret-set-${f.key}`}>
              {t('sources.secretSet')}{' '}
              <button
                type="button"
                className="link"
                aria-describedby={`${id}-label`}
                onClick={() => {
                  touched();
                  setReplacing(new Set([...replacing, f.key]));
                }}
              >
                {t('sources.replace')}
              </button>
            </span>,
            help,
          );
        }
        return wrap(
          f.key,
          lbl,
          <input
            {...common}
            type="password"
            autoComplete="new-password"
            required={f.required && !editing}
            value={secrets[f.key] ?? ''}
            placeholder={f.placeholder}
            onChange={(e) => {
              touched();
              setErrors(({ [f.key]: _drop, ...rest }) => rest);
              setSecrets({ ...secrets, [f.key]: e.target.value });
            }}
          />,
          help,
        );
      case 'number':
        return wrap(
          f.key,
          lbl,
          <input
            {...common}
            type="number"
            required={f.required}
            value={values[f.key] === undefined ? '' : String(values[f.key])}
            placeholder={f.placeholder}
            onChange={(e) =>
              setValue(f.key, e.target.value === '' ? undefined : Number(e.target.value))
            }
          />,
          help,
        );
      default:
        return wrap(
          f.key,
          lbl,
          <input
            {...common}
            type={f.kind === 'url' ? 'url' : 'text'}
            required={f.required}
            value={typeof values[f.key] === 'string' ? (values[f.key] as string) : ''}
            placeholder={f.placeholder}
            onChange={(e) => setValue(f.key, e.target.value)}
          />,
          help,
        );
    }
  };

  const busy = add.isPending || update.isPending;
  const title = editing ? t('sources.editTitle', { name: source.name }) : t('sources.addTitle');
  return (
    <form
      className="card form source-form"
      aria-labelledby={`${formId}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid={editing ? 'edit-source' : 'add-source'}
    >
      <h3 id={`${formId}-title`}>{title}</h3>
      {editing ? (
        <p className="muted">{localized(source.platformLabel, lang)}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={idOf('client')}>{t('settings.client')}</label>
            <select
              id={idOf('client')}
              value={clientId || clients.data?.[0]?.id || 0}
              onChange={(e) => setClientId(Number(e.target.value))}
            >
              {clients.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={idOf('platform')}>{t('sources.platform')}</label>
            <select
              id={idOf('platform')}
              data-testid="platform-select"
              value={connector?.platform ?? ''}
              onChange={(e) => {
                touched();
                setPlatform(e.target.value);
                setConfig(null);
                setSecrets({});
                setErrors({});
              }}
            >
              {connectors.data?.map((c) => (
                <option key={c.platform} value={c.platform}>
                  {localized(c.label, lang)}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      {wrap(
        'name',
        <label htmlFor={idOf('name')}>{labelText(t('settings.name'), true)}</label>,
        <input
          id={idOf('name')}
          data-testid="field-name"
          required
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={described('name', false)}
          value={name}
          onChange={(e) => {
            touched();
            setName(e.target.value);
          }}
        />,
      )}
      {wrap(
        'baseUrl',
        <label htmlFor={idOf('baseUrl')}>{t('sources.address')}</label>,
        <input
          id={idOf('baseUrl')}
          data-testid="field-baseUrl"
          type="url"
          aria-describedby={described('baseUrl', true)}
          value={baseUrl}
          placeholder="https://"
          onChange={(e) => {
            touched();
            setBaseUrl(e.target.value);
          }}
        />,
        t('sources.addressHelp'),
      )}
      {fields.map(control)}
      <p className="muted">{t('sources.requiredNote')}</p>
      <div className="row">
        <button
          type="button"
          data-testid="test-connection"
          onClick={runTest}
          disabled={test.isPending}
        >
          {test.isPending ? t('sources.testing') : t('sources.test')}
        </button>
        <button type="submit" className="primary" data-testid="save-source" disabled={busy}>
          {editing ? t('sources.save') : t('settings.add')}
        </button>
        {editing && (
          <button type="button" onClick={onDone}>
            {t('sources.cancel')}
          </button>
        )}
      </div>
      <div role="status" aria-live="polite">
        <TestResult result={testResult} />
        {done && !editing && (
          <p className="ok" data-testid="source-added">
            {t('settings.added')}
          </p>
        )}
      </div>
      <div role="alert">
        {formError && (
          <p className="error" data-testid="source-form-error">
            {formError}
          </p>
        )}
      </div>
    </form>
  );
}
