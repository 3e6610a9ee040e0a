// @vitest-environment jsdom
// Core messages reach the agent in the UI language: error codes (errors.*), source health
// (health.*), SLA notifications (built from kind + metric) and guideline severities are translated in
// the renderer; the core's English text follows only as detail. A sample of each, in en/da/ru,
// switched at run time.
import { afterEach, describe, expect, it } from 'vitest';
import { RpcCallError } from '../../shared/ipc/result';
import { notifyTitle } from '../../renderer/app/providers';
import { formatDuration } from '../../renderer/components/time';
import i18n, { setLanguage } from '../../renderer/i18n';
import { coreErrorText } from '../../renderer/i18n/coreMessages';

afterEach(() => setLanguage('en'));

describe('core messages in the agent language', () => {
  const blocked = new RpcCallError({
    code: 'guideline_blocked',
    message: 'Say "members", not "users" [members]',
  });
  const missing = new RpcCallError({ code: 'not_found', message: 'Conversation 7 not found' });
  it.each([
    [
      'en',
      'Blocked by the client\'s guideline — Say "members", not "users" [members]',
      'Not found — Conversation 7 not found',
      'Failing',
      'Error',
    ],
    [
      'da',
      'Blokeret af kundens retningslinje — Say "members", not "users" [members]',
      'Ikke fundet — Conversation 7 not found',
      'Fejler',
      'Fejl',
    ],
    [
      'ru',
      'Заблокировано руководством клиента — Say "members", not "users" [members]',
      'Не найдено — Conversation 7 not found',
      'Не работает',
      'Ошибка',
    ],
  ] as const)('%s', (lang, blockedText, missingText, failing, error) => {
    setLanguage(lang);
    expect(coreErrorText(i18n.t, blocked)).toBe(blockedText);
    expect(coreErrorText(i18n.t, missing)).toBe(missingText);
    expect(i18n.t('health.failing')).toBe(failing);
    expect(i18n.t('voice.severity.error')).toBe(error);
    // A code the renderer does not know shows the core's text as it is.
    expect(coreErrorText(i18n.t, Object.assign(new Error('plain'), { code: 'new_code' }))).toBe(
      'plain',
    );
  });

  it('notifications and durations follow the language switched at run time', () => {
    const p = {
      kind: 'breach' as const,
      title: 'First reply SLA breached — Northwind',
      body: 'Where is my refund?',
      metric: 'first_reply' as const,
      client: 'Northwind',
    };
    setLanguage('en');
    const en = notifyTitle(p);
    setLanguage('ru');
    const ru = notifyTitle(p);
    expect(ru).not.toBe(en);
    expect(ru).toContain('Northwind');
    expect(ru).toMatch(/[а-я]/);
    expect(formatDuration(3 * 3600_000 + 20 * 60_000, 'ru')).toBe('3 ч 20 мин');
    expect(formatDuration(3 * 3600_000 + 20 * 60_000, 'da')).toBe('3 t 20 m');
  });
});
