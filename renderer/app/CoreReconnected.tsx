// renderer/app: the banner that says the core was restarted after it died (the host's
// `app.reconnected` event): a polite status message, dismissible, gone by itself after a while.
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { coreStatus } from '../api/coreStatus';

export const RECONNECTED_BANNER_MS = 20_000;

export function CoreReconnected() {
  const { t } = useTranslation();
  const at = useSyncExternalStore(coreStatus.subscribe, coreStatus.get);
  useEffect(() => {
    if (at == null) return;
    const timer = setTimeout(() => coreStatus.dismiss(), RECONNECTED_BANNER_MS);
    return () => clearTimeout(timer);
  }, [at]);
  if (at == null) return null;
  return (
    <div className="banner info" role="status" data-testid="core-reconnected">
      <span>{t('app.reconnected')}</span>{' '}
      <button type="button" className="link" onClick={() => coreStatus.dismiss()}>
        {t('toast.dismiss')}
      </button>
    </div>
  );
}
