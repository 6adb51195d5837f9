/** A run's params, nested by their dot keys (`optimizer.lr` under `optimizer`) and searchable by key or value. */
import { useMemo, useState, type ReactNode } from 'react';
import type { ParamValue, Params } from '@runlens/core';
import { formatParam } from '../ui/format.js';

interface ParamNode {
  name: string;
  path: string;
  value?: ParamValue;
  hasValue: boolean;
  children: Map<string, ParamNode>;
}

/** Builds the tree; a key that is both a value and a prefix (`a` and `a.b`) keeps both. */
export function paramTree(params: Params): ParamNode {
  const root: ParamNode = { name: '', path: '', hasValue: false, children: new Map() };
  for (const key of Object.keys(params).sort()) {
    let node = root;
    const parts = key.split('.');
    parts.forEach((part, i) => {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { name: part, path: parts.slice(0, i + 1).join('.'), hasValue: false, children: new Map() }));
      node = child;
    });
    node.value = params[key];
    node.hasValue = true;
  }
  return root;
}

function matches(node: ParamNode, q: string): boolean {
  if (!q) return true;
  if (node.path.toLowerCase().includes(q)) return true;
  if (node.hasValue && formatParam(node.value).toLowerCase().includes(q)) return true;
  for (const c of node.children.values()) if (matches(c, q)) return true;
  return false;
}

function renderNodes(node: ParamNode, q: string, depth: number): ReactNode[] {
  const out: ReactNode[] = [];
  for (const child of node.children.values()) {
    if (!matches(child, q)) continue;
    const v = child.value;
    out.push(
      <div key={child.path} className="param-row" style={{ paddingLeft: 8 + depth * 16 }} data-testid="param-row">
        <span className="param-key" title={child.path}>
          {child.name}
        </span>
        {child.hasValue && <span className={`param-value type-${v === null ? 'null' : typeof v}`}>{v === null ? 'null' : typeof v === 'string' ? v : formatParam(v)}</span>}
      </div>,
    );
    out.push(...renderNodes(child, q, depth + 1));
  }
  return out;
}

export function ParamsTree({ params }: { params: Params }) {
  const [search, setSearch] = useState('');
  const tree = useMemo(() => paramTree(params), [params]);
  const count = Object.keys(params).length;
  const q = search.trim().toLowerCase();
  const rows = renderNodes(tree, q, 0);
  return (
    <div className="params">
      <input className="text-input" type="search" placeholder={`Search ${count} params`} value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search params" />
      <div className="param-list">{count === 0 ? <p className="muted">No params.</p> : rows.length ? rows : <p className="muted">No param matches “{search}”.</p>}</div>
    </div>
  );
}
