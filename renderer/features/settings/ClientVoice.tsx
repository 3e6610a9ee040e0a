// renderer/features/settings: a client's voice — Settings → client → Canned responses (the client's
// library or the agency-wide one: list, edit with locale and platform variants, import/export CSV
// and JSON with one error per bad row, "not used in 90 days") and Guideline (JSON or YAML editor,
// live validation and a preview of the findings on sample text, import/export).
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  GuidelineError,
  lintReply,
  parseGuideline,
  type Finding,
  type Guideline,
} from '../../../shared/guidelines';
import { detectLanguage } from '../../../shared/responses/detect';
import type { Client } from '../../../shared/domain/entities';
import type { ResponseDraft, ResponseRecord } from '../../../shared/ipc/contract';
import {
  guidelineOptions,
  responsesOptions,
  staleOptions,
  useApi,
  useDeleteResponse,
  useImportResponses,
  useSaveResponse,
  useSetGuideline,
} from '../../api/queries';
import { formatDateTime } from '../../components/time';
import { coreErrorText } from '../../i18n/coreMessages';

function download(filename: string, mimeType: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function FilePick({
  label,
  accept,
  onText,
  testId,
}: {
  label: string;
  accept: string;
  onText: (name: string, text: string) => void;
  testId: string;
}) {
  return (
    <label className="file-pick">
      {label}{' '}
      <input
        type="file"
        accept={accept}
        data-testid={testId}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void f.text().then((text) => onText(f.name, text));
        }}
      />
    </label>
  );
}

type Editing = ResponseDraft & {
  variants: { locale: string; platform: string | null; body: string }[];
};
const blank = (clientId: number | null): Editing => ({
  clientId,
  shortcut: '',
  title: '',
  folder: '',
  tags: [],
  overrides: null,
  variants: [{ locale: 'en', platform: null, body: '' }],
});

function ResponseEditor({
  value,
  agency,
  onDone,
}: {
  value: Editing;
  agency: ResponseRecord[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState(value);
  const [tags, setTags] = useState((value.tags ?? []).join(', '));
  const save = useSaveResponse();
  const id = useId();
  const setVariant = (i: number, patch: Partial<Editing['variants'][number]>) =>
    setV({ ...v, variants: v.variants.map((x, k) => (k === i ? { ...x, ...patch } : x)) });
  return (
    <form
      className="card form"
      data-testid="response-editor"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          {
            response: {
              ...v,
              tags: tags
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean),
            },
          },
          { onSuccess: onDone },
        );
      }}
    >
      <h4 id={`${id}-h`}>
        {v.id ? t('voice.settings.editResponse') : t('voice.settings.newResponse')}
      </h4>
      <label>
        {t('voice.settings.shortcut')}
        <input
          data-testid="response-shortcut"
          value={v.shortcut}
          onChange={(e) => setV({ ...v, shortcut: e.target.value })}
          required
        />
      </label>
      <label>
        {t('voice.settings.title')}
        <input
          data-testid="response-title"
          value={v.title}
          onChange={(e) => setV({ ...v, title: e.target.value })}
          required
        />
      </label>
      <label>
        {t('voice.settings.folder')}
        <input value={v.folder ?? ''} onChange={(e) => setV({ ...v, folder: e.target.value })} />
      </label>
      <label>
        {t('voice.settings.tags')}
        <input value={tags} onChange={(e) => setTags(e.target.value)} />
      </label>
      {v.clientId !== null && (
        <label>
          {t('voice.settings.overrides')}
          <select
            value={v.overrides ?? ''}
            onChange={(e) => setV({ ...v, overrides: e.target.value || null })}
          >
            <option value="">{t('voice.settings.overridesNone')}</option>
            {agency.map((a) => (
              <option key={a.id} value={a.id}>
                #{a.shortcut} — {a.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset>
        <legend>{t('voice.settings.variants')}</legend>
        <p className="muted">
          {t('voice.settings.variantsHint', {
            examples:
              '{{member.first_name}}, {{member.first_name | "there"}}, {{input "Order number"}}',
          })}
        </p>
        {v.variants.map((x, i) => (
          <div className="variant" key={i} data-testid="variant">
            <div className="row">
              <label>
                {t('voice.settings.locale')}
                <input
                  value={x.locale}
                  size={8}
                  onChange={(e) => setVariant(i, { locale: e.target.value })}
                  required
                />
              </label>
              <label>
                {t('voice.settings.platform')}
                <input
                  value={x.platform ?? ''}
                  size={10}
                  placeholder={t('voice.settings.allPlatforms')}
                  onChange={(e) => setVariant(i, { platform: e.target.value.trim() || null })}
                />
              </label>
              {v.variants.length > 1 && (
                <button
                  type="button"
                  onClick={() => setV({ ...v, variants: v.variants.filter((_, k) => k !== i) })}
                >
                  {t('voice.settings.removeVariant')}
                </button>
              )}
            </div>
            <label>
              {t('voice.settings.body')}
              <textarea
                rows={4}
                value={x.body}
                onChange={(e) => setVariant(i, { body: e.target.value })}
                required
              />
            </label>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setV({ ...v, variants: [...v.variants, { locale: '', platform: null, body: '' }] })
          }
        >
          {t('voice.settings.addVariant')}
        </button>
      </fieldset>
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('voice.settings.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('voice.settings.cancel')}
        </button>
      </div>
      {save.error && (
        <p className="error" role="alert">
          {coreErrorText(t, save.error)}
        </p>
      )}
    </form>
  );
}

function CannedResponses({ client }: { client: Client }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [owner, setOwner] = useState<'client' | 'agency'>('client');
  const libId = owner === 'client' ? client.id : null;
  const list = useQuery(responsesOptions(api, libId));
  const agency = useQuery(responsesOptions(api, null));
  const stale = useQuery(staleOptions(api, client.id));
  const del = useDeleteResponse();
  const imp = useImportResponses();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const doExport = (format: 'csv' | 'json') =>
    api['responses.export']({ clientId: libId, format }).then(
      (f) => download(f.filename, f.mimeType, f.text),
      (e: unknown) => setExportError(coreErrorText(t, e)),
    );
  return (
    <section
      className="card voice-settings"
      data-testid="canned-settings"
      aria-labelledby="canned-h"
    >
      <h3 id="canned-h">
        {t('voice.settings.canned')} — {client.name}
      </h3>
      <div className="row">
        <label>
          {t('voice.settings.library')}{' '}
          <select
            data-testid="library-select"
            value={owner}
            onChange={(e) => {
              setOwner(e.target.value as 'client' | 'agency');
              setEditing(null);
            }}
          >
            <option value="client">{client.name}</option>
            <option value="agency">{t('voice.settings.agency')}</option>
          </select>
        </label>
        <button type="button" data-testid="new-response" onClick={() => setEditing(blank(libId))}>
          {t('voice.settings.newResponse')}
        </button>
        <button type="button" onClick={() => void doExport('csv')}>
          {t('voice.settings.exportCsv')}
        </button>
        <button type="button" onClick={() => void doExport('json')}>
          {t('voice.settings.exportJson')}
        </button>
        <FilePick
          label={t('voice.settings.import')}
          accept=".csv,.json,text/csv,application/json"
          testId="import-responses"
          onText={(name, text) =>
            imp.mutate({
              clientId: libId,
              format: name.toLowerCase().endsWith('.json') ? 'json' : 'csv',
              text,
            })
          }
        />
      </div>
      {exportError && (
        <p className="error" role="alert">
          {exportError}
        </p>
      )}
      {imp.data &&
        (imp.data.ok ? (
          <p className="ok" role="status" data-testid="import-result">
            {t('voice.settings.imported', { created: imp.data.created, updated: imp.data.updated })}
          </p>
        ) : (
          <div role="alert" data-testid="import-errors">
            <p className="error">
              {t('voice.settings.importFailed', { count: imp.data.errors.length })}
            </p>
            <ul>
              {imp.data.errors.slice(0, 50).map((e, i) => (
                <li key={i}>
                  <code>{e.text}</code>
                </li>
              ))}
            </ul>
          </div>
        ))}
      {imp.error && (
        <p className="error" role="alert">
          {coreErrorText(t, imp.error)}
        </p>
      )}
      {editing && (
        <ResponseEditor
          key={editing.id ?? 'new'}
          value={editing}
          agency={agency.data ?? []}
          onDone={() => setEditing(null)}
        />
      )}
      {list.data?.length ? (
        <table className="grid" data-testid="responses-table">
          <thead>
            <tr>
              <th>{t('voice.settings.shortcut')}</th>
              <th>{t('voice.settings.title')}</th>
              <th>{t('voice.settings.folder')}</th>
              <th>{t('voice.settings.languages')}</th>
              <th>
                <span className="sr-only">{t('settings.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <tr key={r.id} data-testid="response-row">
                <td>
                  <code>#{r.shortcut}</code>
                </td>
                <td>{r.title}</td>
                <td>{r.folder}</td>
                <td>
                  {[
                    ...new Set(
                      r.variants.map((x) => (x.platform ? `${x.locale}/${x.platform}` : x.locale)),
                    ),
                  ].join(', ')}
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={`${t('voice.settings.edit')}: #${r.shortcut}`}
                    onClick={() => setEditing({ ...r, variants: r.variants })}
                  >
                    {t('voice.settings.edit')}
                  </button>
                  <button
                    type="button"
                    aria-label={`${t('voice.settings.delete')}: #${r.shortcut}`}
                    onClick={() => del.mutate(r.id)}
                  >
                    {t('voice.settings.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('voice.settings.noResponses')}</p>
      )}
      <h4>{t('voice.settings.stale')}</h4>
      {stale.data?.length ? (
        <ul data-testid="stale-list">
          {stale.data.map((s) => (
            <li key={s.response.id}>
              <code>#{s.response.shortcut}</code> {s.response.title} —{' '}
              {s.lastUsedAt
                ? t('voice.settings.lastUsed', {
                    when: formatDateTime(s.lastUsedAt, i18n.language),
                  })
                : t('voice.settings.neverUsed')}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('voice.settings.noStale')}</p>
      )}
    </section>
  );
}

/** Text with findings marked (the guideline preview). */
export function MarkedText({ text, findings }: { text: string; findings: readonly Finding[] }) {
  const out: ReactNode[] = [];
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at || f.end <= f.start) continue;
    out.push(text.slice(at, f.start));
    out.push(
      <mark key={`${f.ruleId}-${f.start}`} className={`sev-${f.severity}`} title={f.message}>
        {text.slice(f.start, f.end)}
      </mark>,
    );
    at = f.end;
  }
  out.push(text.slice(at));
  return <>{out}</>;
}

function GuidelineEditor({ client }: { client: Client }) {
  const { t } = useTranslation();
  const api = useApi();
  const stored = useQuery(guidelineOptions(api, client.id));
  const set = useSetGuideline();
  const [source, setSource] = useState<string | null>(null);
  const [format, setFormat] = useState<'json' | 'yaml' | null>(null);
  const [sample, setSample] = useState('');
  const [platform, setPlatform] = useState('');
  const [saved, setSaved] = useState(false);
  const text = source ?? stored.data?.source ?? '';
  const fmt = format ?? stored.data?.format ?? 'yaml';
  const deferred = useDeferredValue(text);
  const parsed = useMemo((): { guideline: Guideline | null; errors: string[] } => {
    if (!deferred.trim()) return { guideline: null, errors: [] };
    try {
      return { guideline: parseGuideline(deferred, fmt), errors: [] };
    } catch (e) {
      return {
        guideline: null,
        errors:
          e instanceof GuidelineError
            ? e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
            : [String(e)],
      };
    }
  }, [deferred, fmt]);
  const findings = useMemo(() => {
    if (!parsed.guideline || !sample) return [];
    const lang = detectLanguage(sample).lang;
    return lintReply(parsed.guideline, sample, {
      platform: platform || undefined,
      language: lang === 'und' ? undefined : lang,
    });
  }, [parsed.guideline, sample, platform]);
  const submit = (via?: 'import', src = text, f = fmt) =>
    set.mutate(
      { clientId: client.id, source: src, format: f, via },
      {
        onSuccess: () => {
          setSource(null);
          setFormat(null);
          setSaved(true);
        },
      },
    );
  return (
    <section
      className="card voice-settings"
      data-testid="guideline-settings"
      aria-labelledby="guideline-h"
    >
      <h3 id="guideline-h">
        {t('voice.settings.guideline')} — {client.name}
      </h3>
      <p className="muted">{t('voice.settings.guidelineHint')}</p>
      <div className="row">
        <label>
          {t('voice.settings.format')}{' '}
          <select
            value={fmt}
            onChange={(e) => {
              setFormat(e.target.value as 'json' | 'yaml');
              setSaved(false);
            }}
          >
            <option value="yaml">YAML</option>
            <option value="json">JSON</option>
          </select>
        </label>
        <FilePick
          label={t('voice.settings.import')}
          accept=".json,.yaml,.yml"
          testId="import-guideline"
          onText={(name, src) =>
            submit('import', src, name.toLowerCase().endsWith('.json') ? 'json' : 'yaml')
          }
        />
        <button
          type="button"
          disabled={!stored.data?.format}
          onClick={() =>
            void api['guidelines.export']({ clientId: client.id }).then((f) =>
              download(f.filename, f.mimeType, f.text),
            )
          }
        >
          {t('voice.settings.export')}
        </button>
      </div>
      <textarea
        className="code"
        rows={14}
        data-testid="guideline-source"
        aria-label={t('voice.settings.guidelineSource')}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setSource(e.target.value);
          setSaved(false);
        }}
      />
      <div role="status" data-testid="guideline-status">
        {parsed.errors.length ? (
          <ul className="error">
            {parsed.errors.slice(0, 20).map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        ) : parsed.guideline ? (
          <span className="ok">
            {t('voice.settings.valid', { count: parsed.guideline.rules.length })}
          </span>
        ) : (
          <span className="muted">{t('voice.settings.empty')}</span>
        )}
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="save-guideline"
          disabled={set.isPending || parsed.errors.length > 0}
          onClick={() => submit()}
        >
          {t('voice.settings.save')}
        </button>
        {saved && <span className="ok">{t('settings.saved')}</span>}
        {set.error && (
          <span className="error" role="alert">
            {coreErrorText(t, set.error)}
          </span>
        )}
      </div>
      <h4>{t('voice.settings.preview')}</h4>
      <div className="row">
        <label>
          {t('voice.settings.platform')}
          <input
            value={platform}
            size={12}
            placeholder={t('voice.settings.allPlatforms')}
            onChange={(e) => setPlatform(e.target.value.trim())}
          />
        </label>
      </div>
      <label>
        {t('voice.settings.sample')}
        <textarea
          rows={4}
          data-testid="guideline-sample"
          value={sample}
          onChange={(e) => setSample(e.target.value)}
        />
      </label>
      <div
        className="preview"
        data-testid="guideline-preview"
        aria-label={t('voice.settings.previewLabel')}
        role="region"
      >
        <MarkedText text={sample} findings={findings} />
      </div>
      {findings.length > 0 && (
        <ul data-testid="preview-findings" aria-label={t('voice.findings')}>
          {findings.map((f, i) => (
            <li key={i} className={`finding sev-${f.severity}`}>
              <span className="sev">{t(`voice.severity.${f.severity}`)}</span> {f.message}{' '}
              <span className="muted">[{f.ruleId}]</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ClientVoice({ client }: { client: Client }) {
  return (
    <>
      <CannedResponses client={client} />
      <GuidelineEditor client={client} />
    </>
  );
}
