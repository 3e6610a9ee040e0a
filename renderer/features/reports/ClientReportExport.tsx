// renderer/features/reports: "Export client report" — the month's branded PDF for one client
// (reports.clientReport, drawn by a reader core into the data folder's exports/), with its paper and
// language, generation progress from reports.clientReportProgress events, and where the file was saved.
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  clientReportKeys,
  reportLanguageOptions,
  useApi,
  useClientReport,
  useClientReportCommand,
} from '../../api/queries';
import { NotablePicker } from './NotablePicker';

const LANGUAGES = ['en', 'da', 'ru'] as const;
type Language = (typeof LANGUAGES)[number];

export function ClientReportExport({ clientId, month }: { clientId: number; month: string }) {
  const { t } = useTranslation();
  const ids = { paper: useId(), language: useId() };
  const [paper, setPaper] = useState<'a4' | 'letter'>('a4');
  const [language, setLanguage] = useState<Language | ''>('');
  const [reportId, setReportId] = useState('');
  const run = useClientReport();
  const api = useApi();
  const stored = useQuery(reportLanguageOptions(api, clientId));
  const setStored = useClientReportCommand('reports.setLanguage');
  const clientLanguage = stored.data?.language ?? 'en';
  const progress = useQuery({
    queryKey: clientReportKeys.progress(reportId),
    queryFn: () => null,
    enabled: false,
  });
  const p = progress.data as { step: number; steps: number; done: boolean } | null | undefined;
  return (
    <>
      <form
        className="row client-report"
        aria-label={t('reports.pdf.title')}
        onSubmit={(e) => {
          e.preventDefault();
          const id = `r${Date.now()}`;
          setReportId(id);
          run.mutate({ clientId, month, paper, reportId: id, ...(language ? { language } : {}) });
        }}
      >
        <label htmlFor={ids.paper}>{t('reports.pdf.paper')}</label>
        <select
          id={ids.paper}
          data-testid="report-paper"
          value={paper}
          onChange={(e) => setPaper(e.target.value as 'a4' | 'letter')}
        >
          <option value="a4">A4</option>
          <option value="letter">Letter</option>
        </select>
        <label htmlFor={ids.language}>{t('reports.pdf.language')}</label>
        <select
          id={ids.language}
          data-testid="report-language"
          value={language}
          onChange={(e) => setLanguage(e.target.value as Language | '')}
        >
          <option value="">
            {t('reports.pdf.clientLanguageIs', {
              language: t(`reports.pdf.lang.${clientLanguage}`),
            })}
          </option>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`reports.pdf.lang.${l}`)}
            </option>
          ))}
        </select>
        {language && language !== clientLanguage && (
          <button
            type="button"
            data-testid="report-language-save"
            disabled={setStored.isPending}
            onClick={() => setStored.mutate({ clientId, language })}
          >
            {t('reports.pdf.makeClientLanguage', { language: t(`reports.pdf.lang.${language}`) })}
          </button>
        )}
        <button type="submit" data-testid="report-pdf" disabled={run.isPending}>
          {t('reports.pdf.export', { month })}
        </button>
        {run.isPending && (
          <progress
            data-testid="report-progress"
            aria-label={t('reports.pdf.generating')}
            max={p?.steps || undefined}
            value={p?.step ?? undefined}
          />
        )}
        {run.data && (
          <p className="ok" role="status" data-testid="report-done">
            {t('reports.pdf.saved', { count: run.data.pages, path: run.data.path })}
          </p>
        )}
        {run.error && (
          <p className="error" role="alert" data-testid="report-error">
            {t('reports.error', { message: run.error.message })}
          </p>
        )}
      </form>
      <NotablePicker clientId={clientId} month={month} />
    </>
  );
}
