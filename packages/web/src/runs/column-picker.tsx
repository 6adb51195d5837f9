/** Picks and orders the runs table's columns: attributes, any param, any metric as last / min / max. */
import { useEffect, useRef, useState } from 'react';
import type { FieldRef } from '@runlens/core';
import { ATTRIBUTE_COLUMNS, TABLE_AGGREGATES, columnLabel, fieldId, parseColumnId, type RunKeys } from './columns.js';

interface ColumnPickerProps {
  columns: readonly string[];
  keys: RunKeys;
  onChange(columns: string[]): void;
  onReset(): void;
}

export function ColumnPicker({ columns, keys, onChange, onReset }: ColumnPickerProps) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const shown = new Set(columns);
  const move = (i: number, d: number) => {
    const j = i + d;
    if (j < 0 || j >= columns.length) return;
    const next = [...columns];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  const toggle = (id: string) => onChange(shown.has(id) ? columns.filter((c) => c !== id) : [...columns, id]);
  const q = search.trim().toLowerCase();
  const matches = (s: string) => q === '' || s.toLowerCase().includes(q);

  const option = (f: FieldRef, label = columnLabel(f)) => {
    const id = fieldId(f);
    if (!id || !matches(id)) return null;
    return (
      <label key={id} className="picker-option">
        <input type="checkbox" checked={shown.has(id)} onChange={() => toggle(id)} />
        <span>{label}</span>
      </label>
    );
  };

  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="button" aria-expanded={open} data-testid="column-picker-button" onClick={() => setOpen((o) => !o)}>
        Columns ▾
      </button>
      {open && (
        <div className="popover column-picker" role="dialog" aria-label="Columns" data-testid="column-picker">
          <div className="picker-shown">
            <div className="picker-heading">
              Shown, in order
              <button type="button" className="link-button" onClick={onReset}>
                reset
              </button>
            </div>
            <ol>
              {columns.map((id, i) => {
                const f = parseColumnId(id);
                return (
                  <li key={id}>
                    <span className="picker-label" title={id}>
                      {f ? columnLabel(f) : id}
                    </span>
                    <button type="button" className="icon-button small" aria-label={`Move ${id} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button type="button" className="icon-button small" aria-label={`Move ${id} down`} disabled={i === columns.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </button>
                    <button type="button" className="icon-button small" aria-label={`Hide ${id}`} onClick={() => toggle(id)}>
                      ×
                    </button>
                  </li>
                );
              })}
            </ol>
          </div>
          <div className="picker-available">
            <input className="text-input" type="search" placeholder="Search params and metrics" value={search} onChange={(e) => setSearch(e.target.value)} autoFocus />
            <div className="picker-section">
              <div className="picker-heading">Attributes</div>
              {ATTRIBUTE_COLUMNS.map((name) => option({ kind: 'attr', name }))}
            </div>
            {keys.params.length > 0 && (
              <div className="picker-section">
                <div className="picker-heading">Params</div>
                {keys.params.map((key) => option({ kind: 'param', key }, key))}
              </div>
            )}
            {keys.metrics.length > 0 && (
              <div className="picker-section">
                <div className="picker-heading">Metrics</div>
                {keys.metrics.map((key) => {
                  const ids = TABLE_AGGREGATES.map((agg) => fieldId({ kind: 'metric', key, agg }));
                  if (!ids.some((id) => id && matches(id))) return null;
                  return (
                    <div key={key} className="picker-metric">
                      <span className="picker-label" title={key}>
                        {key}
                      </span>
                      {TABLE_AGGREGATES.map((agg, i) => {
                        const id = ids[i];
                        if (!id) return null;
                        return (
                          <label key={agg} className="picker-agg">
                            <input type="checkbox" checked={shown.has(id)} onChange={() => toggle(id)} aria-label={`${key} ${agg}`} />
                            {agg}
                          </label>
                        );
                      })}
                    </div>
                  );
                })}
              </div>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
