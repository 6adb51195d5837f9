/**
 * Light, dark or follow-the-OS. The choice lives in localStorage and on `<html data-theme>`; the colours are CSS
 * variables (styles.css). Canvas charts cannot read CSS, so {@link useResolvedTheme} tells them when to redraw.
 */
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type ResolvedTheme = 'light' | 'dark';

const STORAGE_KEY = 'runlens.theme';

function storedChoice(): ThemeChoice {
  const v = localStorage.getItem(STORAGE_KEY);
  return v === 'light' || v === 'dark' || v === 'system' ? v : 'system';
}

/** Sets `<html data-theme>` before the first render, so a dark page never flashes light. */
export function applyStoredTheme(): void {
  document.documentElement.dataset.theme = storedChoice();
}

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function useSystemTheme(): ResolvedTheme {
  return useSyncExternalStore(
    (fn) => {
      const q = darkQuery();
      q.addEventListener('change', fn);
      return () => q.removeEventListener('change', fn);
    },
    () => (darkQuery().matches ? 'dark' : 'light'),
  );
}

interface ThemeContextValue {
  choice: ThemeChoice;
  resolved: ResolvedTheme;
  setChoice(c: ThemeChoice): void;
}

const ThemeContext = createContext<ThemeContextValue | null>(null);

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>(storedChoice);
  const system = useSystemTheme();
  const resolved = choice === 'system' ? system : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = choice;
  }, [choice]);
  const value = useMemo<ThemeContextValue>(
    () => ({
      choice,
      resolved,
      setChoice(c) {
        localStorage.setItem(STORAGE_KEY, c);
        setChoiceState(c);
      },
    }),
    [choice, resolved],
  );
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeContextValue {
  const v = useContext(ThemeContext);
  if (!v) throw new Error('runlens: useTheme needs a <ThemeProvider>');
  return v;
}

export function useResolvedTheme(): ResolvedTheme {
  return useTheme().resolved;
}

const LABELS: Record<ThemeChoice, string> = { system: 'Theme: follow the OS', light: 'Theme: light', dark: 'Theme: dark' };
const ICONS: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/** Cycles system → light → dark. */
export function ThemeToggle() {
  const { choice, setChoice } = useTheme();
  const next = THEME_CHOICES[(THEME_CHOICES.indexOf(choice) + 1) % THEME_CHOICES.length]!;
  return (
    <button type="button" className="icon-button" data-testid="theme-toggle" data-theme-choice={choice} title={`${LABELS[choice]} (click for ${next})`} aria-label={LABELS[choice]} onClick={() => setChoice(next)}>
      {ICONS[choice]}
    </button>
  );
}
