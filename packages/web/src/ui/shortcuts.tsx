/**
 * Keyboard shortcuts: `/` focuses the filter, `g r` goes to the runs, `g l` / `g o` / `g c` to a run's logs,
 * overview or charts, `?` lists them. Keys typed into a text field are left alone.
 */
import { useEffect, useRef, useState } from 'react';

export interface ShortcutActions {
  focusFilter(): void;
  goRuns(): void;
  goRunTab?: ((tab: 'charts' | 'overview' | 'logs') => void) | undefined;
}

export const SHORTCUTS: readonly [string, string][] = [
  ['/', 'Focus the runs filter'],
  ['g r', 'Go to the runs table'],
  ['g c', 'Run: charts'],
  ['g o', 'Run: overview'],
  ['g l', 'Run: logs'],
  ['?', 'Show this list'],
  ['Esc', 'Close a dialog, leave a field'],
];

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

export function useShortcuts(actions: ShortcutActions): { helpOpen: boolean; setHelpOpen(open: boolean): void } {
  const [helpOpen, setHelpOpen] = useState(false);
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') {
        setHelpOpen(false);
        return;
      }
      if (typing(e.target)) return;
      const now = Date.now();
      if (now - pendingG < 1000) {
        pendingG = 0;
        const tabs: Record<string, 'charts' | 'overview' | 'logs'> = { c: 'charts', o: 'overview', l: 'logs' };
        if (e.key === 'r') {
          e.preventDefault();
          ref.current.goRuns();
        } else if (tabs[e.key] && ref.current.goRunTab) {
          e.preventDefault();
          ref.current.goRunTab(tabs[e.key]!);
        }
        return;
      }
      if (e.key === 'g') pendingG = now;
      else if (e.key === '/') {
        e.preventDefault();
        ref.current.focusFilter();
      } else if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return { helpOpen, setHelpOpen };
}

export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts-dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([k, what]) => (
              <tr key={k}>
                <td>
                  {k.split(' ').map((part) => (
                    <kbd key={part}>{part}</kbd>
                  ))}
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
