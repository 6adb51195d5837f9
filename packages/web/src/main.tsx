import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app.js';
import { adoptTokenFromUrl } from './api/http.js';
import { LiveConnection } from './live/live-connection.js';
import { LiveProvider } from './live/live-context.js';
import { SelectionProvider } from './runs/selection.js';
import { ThemeProvider, applyStoredTheme } from './ui/theme.js';
import './styles.css';

adoptTokenFromUrl();
applyStoredTheme();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // live updates keep what is on screen current; refetch on focus only when something is old
      staleTime: 30_000,
      refetchOnWindowFocus: false,
    },
  },
});
const live = new LiveConnection();

const root = document.getElementById('root');
if (!root) throw new Error('runlens: #root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        <LiveProvider connection={live}>
          <SelectionProvider>
            <App />
          </SelectionProvider>
        </LiveProvider>
      </ThemeProvider>
    </QueryClientProvider>
  </StrictMode>,
);
