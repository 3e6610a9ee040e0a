// renderer/components: the placeholder shown while a lazily loaded part's code arrives (a tab, the
// composer): busy for assistive technology, with a translated status line.
import { useTranslation } from 'react-i18next';

export function Loading({
  as: Tag = 'div',
  className,
}: {
  as?: 'div' | 'main';
  className: string;
}) {
  const { t } = useTranslation();
  return (
    <Tag className={className} aria-busy="true">
      <p className="muted" role="status">
        {t('app.loading')}
      </p>
    </Tag>
  );
}
