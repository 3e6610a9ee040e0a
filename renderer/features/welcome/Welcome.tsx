// renderer/features/welcome: first start — the agent says who they are (name, e-mail). Every change
// they make afterwards is recorded in the audit log under this agent; the top bar shows them.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSetupSelf } from '../../api/queries';

export function Welcome() {
  const { t } = useTranslation();
  const setup = useSetupSelf();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setup.mutate({ name: name.trim(), email: email.trim() });
  };
  return (
    <main className="welcome" data-testid="welcome">
      <form className="welcome-card" onSubmit={submit} aria-labelledby="welcome-title">
        <h1 id="welcome-title">{t('welcome.title')}</h1>
        <p>{t('welcome.intro')}</p>
        <label>
          {t('welcome.name')}
          <input
            data-testid="welcome-name"
            required
            maxLength={100}
            autoComplete="name"
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          {t('welcome.email')}
          <input
            data-testid="welcome-email"
            type="email"
            required
            maxLength={254}
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        {setup.error && (
          <p className="banner error" role="alert">
            {t('welcome.failed', { message: setup.error.message })}
          </p>
        )}
        <button
          type="submit"
          className="primary"
          data-testid="welcome-submit"
          disabled={setup.isPending}
        >
          {t('welcome.start')}
        </button>
      </form>
    </main>
  );
}
