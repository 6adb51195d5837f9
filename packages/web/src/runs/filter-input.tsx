/**
 * The filter box of the runs table: the filter language with autocompletion of fields (from the runs' keys),
 * operators and values, and errors shown at the bad token — underlined in the box and repeated below it with a
 * caret, from the server's FILTER_SYNTAX `details.column` (or, while typing, from the same parser run locally).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { isRunlensError, parseFilter } from '@runlens/core';
import { ApiError } from '../api/http.js';
import type { RunKeys } from './columns.js';
import { applyCompletion, completeFilter, type CompletionResult } from './filter-completions.js';

/** A filter error at a 1-based column, with the token found there. */
export interface FilterErrorInfo {
  message: string;
  column: number;
  token: string;
}

/** The position of a FILTER_SYNTAX error from the API or from core's parser; undefined for other errors. */
export function filterErrorOf(e: unknown): FilterErrorInfo | undefined {
  let details: Readonly<Record<string, unknown>> | undefined;
  let message = '';
  if (e instanceof ApiError && e.code === 'FILTER_SYNTAX') {
    details = e.details;
    message = e.message;
  } else if (isRunlensError(e) && e.code === 'FILTER_SYNTAX') {
    details = e.details;
    message = e.message;
  }
  if (!details) return undefined;
  const column = typeof details.column === 'number' ? details.column : 1;
  const token = typeof details.token === 'string' ? details.token : '';
  return { message, column, token };
}

function localError(text: string): FilterErrorInfo | undefined {
  try {
    parseFilter(text);
    return undefined;
  } catch (e) {
    return filterErrorOf(e);
  }
}

interface FilterInputProps {
  /** The filter in effect (in the URL). */
  applied: string;
  onApply(text: string): void;
  keys: RunKeys;
  /** The error the server gave for `applied`. */
  serverError: FilterErrorInfo | undefined;
  inputRef: RefObject<HTMLInputElement | null>;
}

const LOCAL_ERROR_DELAY_MS = 700;

export function FilterInput({ applied, onApply, keys, serverError, inputRef }: FilterInputProps) {
  const [text, setText] = useState(applied);
  const [caret, setCaret] = useState(applied.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [idleError, setIdleError] = useState<FilterErrorInfo | undefined>();
  const [scrollLeft, setScrollLeft] = useState(0);
  const appliedRef = useRef(applied);

  // the URL changed under us (back button, a link): show what is in effect
  useEffect(() => {
    if (applied !== appliedRef.current) {
      appliedRef.current = applied;
      setText(applied);
    }
  }, [applied]);

  useEffect(() => {
    setIdleError(undefined);
    if (text === applied) return;
    const t = setTimeout(() => setIdleError(localError(text)), LOCAL_ERROR_DELAY_MS);
    return () => clearTimeout(t);
  }, [text, applied]);

  const completions: CompletionResult | null = useMemo(() => (open ? completeFilter(text, caret, keys) : null), [open, text, caret, keys]);
  const error = text === applied ? serverError : idleError;

  const apply = (value: string) => {
    appliedRef.current = value.trim();
    setOpen(false);
    onApply(value.trim());
  };

  const accept = (index: number) => {
    if (!completions) return;
    const item = completions.items[index];
    if (!item) return;
    const next = applyCompletion(text, completions, item);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(next.caret, next.caret));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = completions?.items.length ?? 0;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      setActive((a) => (a - 1 + n) % n);
    } else if (e.key === 'Tab' && n) {
      e.preventDefault();
      accept(active);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (n && open) accept(active);
      else apply(text);
    } else if (e.key === 'Escape') {
      if (open && n) setOpen(false);
      else inputRef.current?.blur();
    }
  };

  const syncCaret = () => {
    const el = inputRef.current;
    if (!el) return;
    setCaret(el.selectionStart ?? el.value.length);
    setScrollLeft(el.scrollLeft);
  };

  const focusError = () => {
    const el = inputRef.current;
    if (!el || !error) return;
    el.focus();
    const start = Math.max(0, error.column - 1);
    el.setSelectionRange(start, start + Math.max(1, error.token.length));
  };

  return (
    <div className="filter">
      <div className={`filter-box${error ? ' has-error' : ''}`}>
        <span className="filter-prompt" aria-hidden="true">
          filter
        </span>
        <div className="filter-field">
          <input
            ref={inputRef}
            className="filter-input"
            data-testid="filter-input"
            type="text"
            spellCheck={false}
            autoComplete="off"
            aria-label="Filter runs"
            aria-invalid={error ? true : undefined}
            aria-autocomplete="list"
            aria-expanded={Boolean(completions)}
            placeholder='params.lr >= 0.1 and status == "completed"   (press / to focus)'
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setCaret(e.target.selectionStart ?? e.target.value.length);
              setOpen(true);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            onKeyUp={syncCaret}
            onClick={() => {
              syncCaret();
              setOpen(true);
            }}
            onScroll={syncCaret}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
          />
          {error && <ErrorUnderline text={text} error={error} scrollLeft={scrollLeft} />}
          {completions && (
            <ul className="completions" role="listbox" data-testid="filter-completions">
              {completions.items.map((c, i) => (
                <li
                  key={c.label}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'active' : undefined}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    accept(i);
                  }}
                  onMouseEnter={() => setActive(i)}
                >
                  <span className="completion-label">{c.label}</span>
                  <span className="completion-detail">{c.detail}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        {text !== applied && (
          <button type="button" className="button small" onMouseDown={(e) => e.preventDefault()} onClick={() => apply(text)}>
            Apply ⏎
          </button>
        )}
        {applied && (
          <button type="button" className="button small quiet" title="Clear the filter" onClick={() => {
            setText('');
            apply('');
          }}>
            Clear
          </button>
        )}
      </div>
      {error && <FilterErrorDetail text={text} error={error} onClick={focusError} />}
    </div>
  );
}

/** The input's text drawn again, invisible but for a wavy line under the bad token. */
function ErrorUnderline({ text, error, scrollLeft }: { text: string; error: FilterErrorInfo; scrollLeft: number }) {
  const start = Math.min(text.length, Math.max(0, error.column - 1));
  const len = Math.max(1, error.token.length);
  return (
    <div className="filter-underline" aria-hidden="true">
      <span style={{ transform: `translateX(${-scrollLeft}px)` }}>
        {text.slice(0, start)}
        <span className="bad-token" data-testid="filter-bad-token">
          {text.slice(start, start + len) || '\u00a0'}
        </span>
      </span>
    </div>
  );
}

/** Below the box: the text around the error, a caret under the token, and the parser's message. */
function FilterErrorDetail({ text, error, onClick }: { text: string; error: FilterErrorInfo; onClick(): void }) {
  const start = Math.min(text.length, Math.max(0, error.column - 1));
  const len = Math.max(1, error.token.length);
  // a window of the text around a far-right error
  const from = Math.max(0, start - 60);
  const shown = (from > 0 ? '…' : '') + text.slice(from, start + len + 40);
  const caretAt = start - from + (from > 0 ? 1 : 0);
  return (
    <div className="filter-error" role="alert" data-testid="filter-error" data-column={error.column} onClick={onClick} title="Click to select the bad token">
      <pre>
        {shown.slice(0, caretAt)}
        <mark>{shown.slice(caretAt, caretAt + len) || ' '}</mark>
        {shown.slice(caretAt + len)}
        {'\n'}
        <span className="caret-line">{' '.repeat(caretAt)}{'^'.repeat(len)}</span>
      </pre>
      <div className="filter-error-message">{error.message}</div>
    </div>
  );
}
