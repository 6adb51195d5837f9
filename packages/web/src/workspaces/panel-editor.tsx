/**
 * The editor of one panel: its title and options, in a modal dialog (the browser's top layer, so the grid's clipped,
 * transformed panels do not cut it). Options are a form generated from the plot type's JSON Schema (loaded on
 * demand), with a JSON view for advanced users; both edit one draft, so switching loses nothing. Plot types without a
 * schema (third-party plugins) get the JSON view only. Apply hands the draft to the workspace; Cancel (or Escape)
 * drops it.
 */
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { DashboardPanel } from '@runlens/core';
import { listPlotTypes } from '../api/dashboards.js';
import { Spinner } from '../ui/feedback.js';
import { formSchemaOf, type OptionsError } from './panel-options-schema.js';
import './panel-editor.css';

const PanelOptionsForm = lazy(() => import('./panel-options-form.js'));

type Options = Record<string, unknown>;

export interface PanelEditorProps {
  panel: DashboardPanel;
  /** Keys the form suggests for `metrics` and `params`. */
  metricKeys: readonly string[];
  paramKeys: readonly string[];
  onApply(patch: Pick<DashboardPanel, 'title' | 'options'>): void;
  onClose(): void;
}

/** The JSON text as options, or the reason it is not an object. */
function parseOptions(text: string): { options: Options } | { error: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'options must be a JSON object' };
    return { options: parsed as Options };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

const describe = (e: OptionsError) => (e.property ? `${e.property}: ${e.message}` : e.message);

export function PanelEditor({ panel, metricKeys, paramKeys, onApply, onClose }: PanelEditorProps) {
  const types = useQuery({ queryKey: ['plot-types'], queryFn: ({ signal }) => listPlotTypes(signal), staleTime: Infinity });
  const schema = useMemo(() => formSchemaOf(types.data?.find((t) => t.name === panel.type)?.options), [types.data, panel.type]);
  const [title, setTitle] = useState(panel.title ?? '');
  const [draft, setDraft] = useState<Options>(panel.options);
  const [text, setText] = useState(() => JSON.stringify(panel.options, null, 2));
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState<OptionsError[]>([]);
  const onValidate = useCallback((errors: OptionsError[]) => setFormErrors(errors), []);

  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const loading = types.isPending;
  const formAvailable = schema !== null;
  const showForm = !loading && formAvailable && mode === 'form';
  const showJson = !loading && !showForm;

  const toJson = () => {
    setText(JSON.stringify(draft, null, 2));
    setJsonError(null);
    setMode('json');
  };
  const toForm = () => {
    const parsed = parseOptions(text);
    if ('error' in parsed) {
      setJsonError(`${parsed.error}: fix the JSON to switch to the form`);
      return;
    }
    setDraft(parsed.options);
    setFormErrors([]);
    setJsonError(null);
    setMode('form');
  };
  const apply = () => {
    const t = title.trim() === '' ? undefined : title;
    if (showForm) {
      if (formErrors.length > 0) return;
      onApply({ title: t, options: draft });
      return;
    }
    const parsed = parseOptions(text);
    if ('error' in parsed) {
      setJsonError(parsed.error);
      return;
    }
    onApply({ title: t, options: parsed.options });
  };

  const titleId = useId();
  const invalid = showForm && formErrors.length > 0;
  return (
    <dialog
      ref={dialog}
      className="panel-editor-dialog panel-actions"
      aria-labelledby={titleId}
      data-testid="panel-editor"
      data-mode={showForm ? 'form' : 'json'}
      onCancel={(e) => {
        // Escape: the same as Cancel (the dialog closes when React drops it)
        e.preventDefault();
        onClose();
      }}
    >
      <header className="panel-editor-head">
        <h3 id={titleId}>
          Edit <span className="panel-type">{panel.type}</span> panel
        </h3>
        {formAvailable && (
          <span className="segmented" role="group" aria-label="Edit options as">
            <button type="button" className={`button small${showForm ? ' active' : ''}`} aria-pressed={showForm} onClick={() => showJson && toForm()} data-testid="panel-mode-form">
              Form
            </button>
            <button type="button" className={`button small${showJson ? ' active' : ''}`} aria-pressed={showJson} onClick={() => showForm && toJson()} data-testid="panel-mode-json">
              JSON
            </button>
          </span>
        )}
      </header>
      <div className="panel-editor-body">
        <label className="option-field panel-title-field">
          <span className="option-label">title</span>
          <input className="text-input" value={title} placeholder={panel.type} onChange={(e) => setTitle(e.target.value)} data-testid="panel-title-input" />
        </label>
        {loading && <Spinner label="Loading the options…" />}
        {showForm && (
          <Suspense fallback={<Spinner label="Loading the form…" />}>
            <PanelOptionsForm schema={schema} value={draft} onChange={setDraft} onValidate={onValidate} metricKeys={metricKeys} paramKeys={paramKeys} />
          </Suspense>
        )}
        {showJson && (
          <>
            {!formAvailable && (
              <p className="muted panel-editor-note" data-testid="panel-no-form">
                {types.isError ? 'Could not load the plot types: edit the options as JSON.' : `The plot type ${panel.type} describes no options: edit them as JSON.`}
              </p>
            )}
            <textarea
              className="text-input options-text"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setJsonError(null);
              }}
              rows={12}
              spellCheck={false}
              aria-label="Panel options (JSON)"
              data-testid="panel-options"
            />
          </>
        )}
      </div>
      <footer className="panel-editor-foot">
        <span className="panel-editor-status" role="status" data-testid="panel-editor-status">
          {jsonError !== null && <span className="chart-error">{jsonError}</span>}
          {invalid && (
            <span className="chart-error" title={formErrors.map(describe).join('\n')}>
              {formErrors.length === 1 ? `Fix ${describe(formErrors[0]!)}` : `Fix the ${formErrors.length} errors marked above`}
            </span>
          )}
        </span>
        <button type="button" className="button" onClick={onClose} data-testid="panel-cancel">
          Cancel
        </button>
        <button type="button" className="button primary" onClick={apply} disabled={loading || invalid} data-testid="panel-apply">
          Apply
        </button>
      </footer>
    </dialog>
  );
}
