// renderer/features/time: Settings → the current agent's role (agent, team lead, account manager —
// who may approve, invoice and unlock periods) and idle threshold (default 5 minutes).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { timeProfileOptions, useApi, useTimeCommand } from '../../api/queries';

export function TimeProfileSettings() {
  const { t } = useTranslation();
  const api = useApi();
  const profile = useQuery(timeProfileOptions(api));
  const set = useTimeCommand('time.setProfile');
  if (!profile.data) return null;
  return (
    <>
      <h3>{t('time.profile')}</h3>
      <div className="row">
        <label>
          {t('time.role')}{' '}
          <select
            data-testid="role-select"
            value={profile.data.role}
            onChange={(e) =>
              set.mutate({ role: e.target.value as 'agent' | 'team_lead' | 'account_manager' })
            }
          >
            {(['agent', 'team_lead', 'account_manager'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`time.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('time.idleThreshold')}{' '}
          <input
            type="number"
            data-testid="idle-threshold"
            min={1}
            max={240}
            defaultValue={profile.data.idleThresholdMinutes}
            key={profile.data.idleThresholdMinutes}
            onBlur={(e) => {
              const n = Number(e.target.value);
              if (
                Number.isInteger(n) &&
                n >= 1 &&
                n <= 240 &&
                n !== profile.data.idleThresholdMinutes
              )
                set.mutate({ idleThresholdMinutes: n });
            }}
          />
        </label>
      </div>
      {set.error && (
        <p className="error" role="alert">
          {set.error.message}
        </p>
      )}
    </>
  );
}
