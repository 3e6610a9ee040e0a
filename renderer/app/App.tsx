// renderer/app: the shell — top bar, filters, queue, conversation pane, board, settings — and the
// global keyboard handler (keyboard-first triage).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { appInfoOptions, conversationOptions, countsOptions, useApi, useAssign, useSetStatus } from '../api/queries';
import { focusActiveComposer } from '../features/conversation/Composer';
import { ConversationPane } from '../features/conversation/ConversationPane';
import { Filters } from '../features/queue/Filters';
import { QueueList } from '../features/queue/QueueList';
import { useQueue, useQueueFilters } from '../features/queue/useQueue';
import { Settings } from '../features/settings/Settings';
import { ShortcutHelp } from '../features/shortcuts/ShortcutHelp';
import { isTyping } from '../features/shortcuts/shortcuts';
import { SlaBoard } from '../features/sla/SlaBoard';
import { useUiStore } from '../store/useUiStore';

export function App() {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const info = useQuery(appInfoOptions(api));
  const counts = useQuery(countsOptions(api));
  const filters = useQueueFilters();
  const selectedIndex = useUiStore((s) => s.selectedIndex);
  const selectedId = useUiStore((s) => s.selectedId);
  const view = useUiStore((s) => s.view);
  const setView = useUiStore((s) => s.setView);
  const search = useUiStore((s) => s.search);
  const setSearch = useUiStore((s) => s.setSearch);
  const searchTick = useUiStore((s) => s.searchFocusTick);
  const searchRef = useRef<HTMLInputElement>(null);
  const { total, getRow, firstPage } = useQueue(filters, selectedIndex >= 0 ? [selectedIndex] : []);
  const setStatus = useSetStatus();
  const assign = useAssign();

  // Readiness signal for end-to-end tests and the UI benchmark.
  useEffect(() => {
    if (info.data && firstPage) document.documentElement.dataset.ready = '1';
  }, [info.data, firstPage]);
  useEffect(() => {
    if (searchTick > 0) searchRef.current?.focus();
  }, [searchTick]);

  // Selection follows the conversation, not the row position: when the queue re-sorts (a reply
  // set it pending, new items arrived) the open conversation stays open. A selected index whose
  // page was not loaded yet gets its id when the page arrives.
  const row = selectedIndex >= 0 ? getRow(selectedIndex) : undefined;
  useEffect(() => {
    if (row && useUiStore.getState().selectedId == null) useUiStore.getState().select(selectedIndex, row.id);
  }, [row, selectedIndex]);

  /** Where the selected conversation is now (it may have moved since it was selected). */
  const currentIndex = useCallback((): number => {
    const s = useUiStore.getState();
    if (s.selectedId == null || getRow(s.selectedIndex)?.id === s.selectedId) return s.selectedIndex;
    for (let d = 1; d < 400; d++) {
      for (const i of [s.selectedIndex - d, s.selectedIndex + d]) {
        if (i >= 0 && i < total && getRow(i)?.id === s.selectedId) return i;
      }
    }
    return s.selectedIndex;
  }, [getRow, total]);

  const move = useCallback(
    (delta: number) => {
      const s = useUiStore.getState();
      if (total === 0) return;
      const cur = s.selectedIndex < 0 ? -1 : currentIndex();
      const next = Math.max(0, Math.min(total - 1, cur + delta));
      const r = getRow(next);
      s.select(next, r?.id ?? null);
      // Prefetch the neighbours so the next keystroke paints from cache.
      for (const k of [next + 1, next + 2, next - 1]) {
        const n = getRow(k);
        if (n) void qc.prefetchQuery(conversationOptions(api, n.id));
      }
    },
    [total, getRow, qc, api, currentIndex],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useUiStore.getState();
      if (e.key === 'Escape') {
        if (s.helpOpen) s.setHelp(false);
        else if (isTyping(e.target)) (e.target as HTMLElement).blur();
        return;
      }
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const id = s.selectedId;
      switch (e.key) {
        case 'j':
          move(1);
          break;
        case 'k':
          move(-1);
          break;
        case 'Enter':
          if (s.selectedIndex < 0) move(1);
          else s.select(s.selectedIndex, getRow(s.selectedIndex)?.id ?? s.selectedId);
          break;
        case 'r':
          if (id != null && !focusActiveComposer()) s.focusComposer();
          break;
        case 'e':
          if (id != null) {
            setStatus.mutate({ id, status: 'solved' });
            move(1);
          }
          break;
        case 'p':
          if (id != null) setStatus.mutate({ id, status: 'pending' });
          break;
        case 'a': {
          const me = info.data?.agent;
          if (id != null && me) assign.mutate({ id, assigneeId: me.id });
          break;
        }
        case '/':
          s.focusSearch();
          break;
        case '?':
          s.setHelp(!s.helpOpen);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, getRow, setStatus, assign, info.data]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        {info.data?.demo && (
          <span className="demo-badge" title={t('app.demoHint')}>
            {t('app.demo')}
          </span>
        )}
        <nav className="tabs">
          {(['queue', 'board', 'settings'] as const).map((v) => (
            <button key={v} type="button" className={view === v ? 'active' : ''} onClick={() => setView(v)}>
              {t(`nav.${v}`)}
            </button>
          ))}
        </nav>
        <input ref={searchRef} className="search" type="search" value={search} placeholder={t('filters.search')} onChange={(e) => setSearch(e.target.value)} aria-label={t('filters.search')} />
        {counts.data && (
          <span className="counts">
            {t('app.open', { count: counts.data.open })}
            {counts.data.breached > 0 && <span className="breached"> · {t('app.breached', { count: counts.data.breached })}</span>}
          </span>
        )}
        <button type="button" className="link" onClick={() => useUiStore.getState().setHelp(true)} aria-label={t('help.title')}>?</button>
      </header>
      {view === 'queue' && (
        <main className="workspace">
          <Filters />
          <QueueList filters={filters} />
          <ConversationPane id={selectedId} preview={row} />
        </main>
      )}
      {view === 'board' && <SlaBoard />}
      {view === 'settings' && <Settings />}
      <ShortcutHelp />
    </div>
  );
}
