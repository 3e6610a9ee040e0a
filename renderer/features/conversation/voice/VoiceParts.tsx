// renderer/features/conversation/voice: what the composer shows for the client's voice — the `#`
// picker (a listbox the textarea drives with aria-activedescendant), the highlight layer behind the
// textarea (guideline findings and unfilled holes, coloured by severity), and the bar under it: the
// member's language, prompted inputs (Tab between them), findings with their one-key fixes, and
// the override reason when an error would block Send.
import { Fragment, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComposerVoice } from './useComposerVoice';

export function languageName(code: string | undefined, uiLanguage: string): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function CannedPicker({ voice }: { voice: ComposerVoice }) {
  const { t } = useTranslation();
  if (!voice.picker) return null;
  return (
    <div className="canned-picker" data-testid="canned-picker">
      <div className="muted canned-picker-head">
        {voice.picker.query
          ? t('voice.pickerMatches', { query: voice.picker.query })
          : t('voice.pickerSuggested')}
      </div>
      {voice.hits.length === 0 ? (
        <p className="muted">{t('voice.pickerNone')}</p>
      ) : (
        <ul role="listbox" id={voice.listId} aria-label={t('voice.pickerLabel')}>
          {voice.hits.map((r, i) => (
            <li
              key={r.id}
              id={`${voice.listId}-${i}`}
              role="option"
              aria-selected={i === voice.picker!.active}
              className={i === voice.picker!.active ? 'active' : ''}
              data-testid="canned-option"
              data-shortcut={r.shortcut}
              onMouseDown={(e) => {
                e.preventDefault();
                voice.choose(r);
              }}
            >
              <span className="shortcut">#{r.shortcut}</span> {r.title}
              {r.folder && <span className="muted"> · {r.folder}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Marks behind the textarea: same text, transparent, with findings and holes highlighted. */
export function Highlights({ voice, body }: { voice: ComposerVoice; body: string }) {
  const parts = useMemo(() => {
    const marks = [
      ...voice.holes.map((h) => ({ start: h.start, end: h.end, cls: 'hole' })),
      ...voice.findings
        .filter((f) => f.end > f.start)
        .map((f) => ({ start: f.start, end: f.end, cls: `sev-${f.severity}` })),
    ].sort((a, b) => a.start - b.start || b.end - a.end);
    const out: ReactNode[] = [];
    let at = 0;
    for (const m of marks) {
      if (m.start < at) continue; // overlapping marks: the first wins
      out.push(body.slice(at, m.start));
      out.push(
        <mark key={`${m.start}-${m.cls}`} className={m.cls}>
          {body.slice(m.start, m.end)}
        </mark>,
      );
      at = m.end;
    }
    out.push(body.slice(at) + '\n');
    return out;
  }, [voice.holes, voice.findings, body]);
  return (
    <div
      className="composer-highlights"
      aria-hidden="true"
      style={{ transform: `translateY(${-voice.scrollTop}px)` }}
    >
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </div>
  );
}

export function VoiceBar({ voice, body }: { voice: ComposerVoice; body: string }) {
  const { t, i18n } = useTranslation();
  const quote = (s: number, e: number) => (e > s ? `“${body.slice(s, Math.min(e, s + 40))}”` : '');
  return (
    <div className="voice-bar" id={`${voice.listId}-voice`} data-testid="voice-bar">
      <div className="voice-meta">
        <span data-testid="member-language">
          {voice.memberLanguage
            ? t('voice.memberLanguage', {
                language: languageName(voice.memberLanguage, i18n.language),
              })
            : t('voice.memberLanguageUnknown')}
        </span>
        {!voice.picker && <span className="muted"> · {t('voice.hashHint')}</span>}
      </div>
      {voice.prompts && voice.prompts.template.inputs.length > 0 && (
        <fieldset className="voice-inputs" data-testid="prompted-inputs">
          <legend>{t('voice.inputs')}</legend>
          {voice.prompts.template.inputs.map((label, i) => (
            <label key={label}>
              {label}
              <input
                data-testid="prompted-input"
                autoFocus={i === 0}
                value={voice.prompts!.inputs[label] ?? ''}
                onChange={(e) => voice.setInput(label, e.target.value)}
              />
            </label>
          ))}
        </fieldset>
      )}
      {voice.holes.length > 0 && (
        <p className="hole-note" data-testid="holes" role="status">
          {t('voice.holes', {
            count: voice.holes.length,
            names: [...new Set(voice.holes.map((h) => h.name))].join(', '),
          })}
        </p>
      )}
      {voice.findings.length > 0 && (
        <ul className="findings" aria-label={t('voice.findings')} data-testid="findings">
          {voice.findings.map((f, i) => {
            const k = voice.fixable.indexOf(f);
            return (
              <li
                key={`${f.ruleId}-${f.start}-${i}`}
                className={`finding sev-${f.severity}`}
                data-testid="finding"
                data-rule={f.ruleId}
                data-severity={f.severity}
              >
                <span className="sev">{t(`voice.severity.${f.severity}`)}</span> {f.message}{' '}
                <span className="muted">{quote(f.start, f.end)}</span>
                {f.fix && k >= 0 && (
                  <button
                    type="button"
                    className="link"
                    data-testid="apply-fix"
                    aria-keyshortcuts={`Alt+${k + 1}`}
                    onClick={() => voice.fix(k)}
                  >
                    {t('voice.fix', { key: `Alt+${k + 1}`, label: f.fix.label })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {voice.errors && voice.overrideOpen && (
        <div className="override" data-testid="override">
          <label>
            {t('voice.overrideReason')}
            <input
              data-testid="override-reason"
              value={voice.reason}
              onChange={(e) => voice.setReason(e.target.value)}
              autoFocus
            />
          </label>
          <span className="muted">{t('voice.overrideHint')}</span>
        </div>
      )}
    </div>
  );
}
