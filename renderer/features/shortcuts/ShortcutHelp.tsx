// renderer/features/shortcuts: the `?` overlay listing every shortcut from the one table.
import { useTranslation } from 'react-i18next';
import { useUiStore } from '../../store/useUiStore';
import { SHORTCUTS } from './shortcuts';

export function ShortcutHelp() {
  const { t } = useTranslation();
  const open = useUiStore((s) => s.helpOpen);
  const setHelp = useUiStore((s) => s.setHelp);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('help.title')} data-testid="shortcut-help" onClick={() => setHelp(false)}>
      <div className="overlay-card" onClick={(e) => e.stopPropagation()}>
        <h2>{t('help.title')}</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action} data-action={s.action}>
                <td><kbd>{s.label}</kbd></td>
                <td>{t(`help.${s.action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => setHelp(false)}>{t('help.close')}</button>
      </div>
    </div>
  );
}
