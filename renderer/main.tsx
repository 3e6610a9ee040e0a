// renderer: entry point. Picks the transport (Electron IPC or browser-mode HTTP) and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api/transport';
import { App } from './app/App';
import { Providers } from './app/providers';
import i18n from './i18n';
import './styles/app.css';

const root = createRoot(document.getElementById('root')!);
const transport = pickTransport();
document.documentElement.lang = i18n.language;
if (!transport) {
  root.render(<p className="fatal">{i18n.t('app.noToken')}</p>);
} else {
  root.render(
    <StrictMode>
      <Providers transport={transport}>
        <App />
      </Providers>
    </StrictMode>,
  );
}
