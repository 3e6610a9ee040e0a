// renderer/features/settings: a client's tag catalogue — the five built-in feedback kinds and the
// client's own themes, with how many conversations and feedback items carry each. Themes are added,
// renamed, given a kind, merged into another tag (its conversations and feedback move to the survivor,
// SLA tag conditions follow) and archived or restored; every change is an audited command in the core.
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedbackKind, Tag } from '../../../shared/domain/tags';
import { tagKeys, useApi, useTagCommand } from '../../api/queries';
import { FEEDBACK_KINDS } from '../../components/domain';

export function ClientTags({ client }: { client: { id: number; name: string } }) {
  const { t } = useTranslation();
  const api = useApi();
  const tags = useQuery({
    queryKey: [...tagKeys.catalogue(client.id), 'withArchived'],
    queryFn: () => api['tags.list']({ clientId: client.id, includeArchived: true }),
  });
  const create = useTagCommand('tags.create');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<FeedbackKind | ''>('');
  const ids = { name: useId(), kind: useId() };
  const live = (tags.data ?? []).filter((x) => x.mergedIntoId == null);
  const label = (x: Tag) => (x.builtin && x.kind ? t(`feedback.kind.${x.kind}`) : x.name);
  return (
    <section className="card" data-testid="client-tags" aria-labelledby={`${ids.name}-h`}>
      <h3 id={`${ids.name}-h`}>
        {t('settings.tags.title')} — {client.name}
      </h3>
      <p className="muted">{t('settings.tags.help')}</p>
      <table className="tags-table">
        <thead>
          <tr>
            <th scope="col">{t('settings.tags.name')}</th>
            <th scope="col">{t('settings.tags.kind')}</th>
            <th scope="col">{t('settings.tags.conversations')}</th>
            <th scope="col">{t('settings.tags.feedback')}</th>
            <th scope="col">{t('settings.tags.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {live.map((x) => (
            <TagRow
              key={x.id}
              tag={x}
              label={label(x)}
              others={live.filter((o) => o.id !== x.id && !o.archived)}
            />
          ))}
        </tbody>
      </table>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { clientId: client.id, name, kind: kind || null },
            { onSuccess: () => setName('') },
          );
        }}
      >
        <label htmlFor={ids.name}>{t('settings.tags.newTheme')}</label>
        <input
          id={ids.name}
          data-testid="tag-new-name"
          value={name}
          maxLength={40}
          required
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor={ids.kind}>{t('settings.tags.kind')}</label>
        <select
          id={ids.kind}
          value={kind}
          onChange={(e) => setKind(e.target.value as FeedbackKind | '')}
        >
          <option value="">{t('settings.tags.noKind')}</option>
          {FEEDBACK_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`feedback.kind.${k}`)}
            </option>
          ))}
        </select>
        <button type="submit" data-testid="tag-create" disabled={create.isPending}>
          {t('settings.tags.add')}
        </button>
        {create.error && (
          <span className="error" role="alert">
            {create.error.message}
          </span>
        )}
      </form>
    </section>
  );
}

function TagRow({ tag, label, others }: { tag: Tag; label: string; others: Tag[] }) {
  const { t } = useTranslation();
  const rename = useTagCommand('tags.rename');
  const setKind = useTagCommand('tags.setKind');
  const merge = useTagCommand('tags.merge');
  const archive = useTagCommand('tags.archive');
  const [name, setName] = useState<string | null>(null);
  const [into, setInto] = useState('');
  const error = rename.error ?? setKind.error ?? merge.error ?? archive.error;
  return (
    <tr data-testid="tag-row" data-tag={tag.key} className={tag.archived ? 'muted' : undefined}>
      <th scope="row">
        {tag.builtin ? (
          label
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (name != null)
                rename.mutate({ id: tag.id, name }, { onSuccess: () => setName(null) });
            }}
          >
            <input
              aria-label={t('settings.tags.renameLabel', { name: tag.name })}
              data-testid="tag-name"
              value={name ?? tag.name}
              maxLength={40}
              onChange={(e) => setName(e.target.value)}
            />
            {name != null && name !== tag.name && (
              <button type="submit" data-testid="tag-rename">
                {t('settings.tags.rename')}
              </button>
            )}
          </form>
        )}
        {tag.archived && <span className="muted"> ({t('settings.tags.archived')})</span>}
      </th>
      <td>
        {tag.builtin ? (
          t(`feedback.kind.${tag.kind}`)
        ) : (
          <select
            aria-label={t('settings.tags.kindOf', { name: tag.name })}
            value={tag.kind ?? ''}
            onChange={(e) =>
              setKind.mutate({ id: tag.id, kind: (e.target.value || null) as FeedbackKind | null })
            }
          >
            <option value="">{t('settings.tags.noKind')}</option>
            {FEEDBACK_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`feedback.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </td>
      <td>{tag.conversations}</td>
      <td>{tag.feedbackItems}</td>
      <td>
        {!tag.builtin && (
          <div className="row">
            <select
              aria-label={t('settings.tags.mergeInto', { name: tag.name })}
              data-testid="tag-merge-into"
              value={into}
              onChange={(e) => setInto(e.target.value)}
            >
              <option value="">{t('settings.tags.mergeChoose')}</option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.builtin && o.kind ? t(`feedback.kind.${o.kind}`) : o.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              data-testid="tag-merge"
              disabled={!into || merge.isPending}
              onClick={() =>
                merge.mutate({ id: tag.id, intoId: Number(into) }, { onSuccess: () => setInto('') })
              }
            >
              {t('settings.tags.merge')}
            </button>
            <button
              type="button"
              data-testid="tag-archive"
              onClick={() => archive.mutate({ id: tag.id, archived: !tag.archived })}
            >
              {t(tag.archived ? 'settings.tags.restore' : 'settings.tags.archive')}
            </button>
          </div>
        )}
        {error && (
          <span className="error" role="alert">
            {error.message}
          </span>
        )}
      </td>
    </tr>
  );
}
