import { describe, expect, it } from 'vitest';
import { applyCompletion, completeFilter } from './filter-completions.js';

const keys = { params: ['lr', 'optimizer.name', 'learning rate'], metrics: ['val/loss', 'train/loss'], tags: ['demo'], projects: ['charlm-demo'] };
const labels = (text: string, caret = text.length) => completeFilter(text, caret, keys)?.items.map((i) => i.label) ?? [];

describe('completeFilter', () => {
  it('offers fields from the runs keys at the start and after and/or', () => {
    expect(labels('par')).toEqual(['params.lr', 'params.optimizer.name', 'params.`learning rate`']);
    expect(labels('params.lr > 1 and val')).toEqual(['metrics.val/loss']);
    expect(labels('metrics.val/loss.m')).toEqual(['metrics.val/loss.min', 'metrics.val/loss.max']);
    expect(labels('st')).toEqual(['status', 'start_time', 'host']);
  });

  it('offers operators after a field, values after an operator, and/or after a value', () => {
    expect(labels('params.lr ')).toContain('>=');
    expect(labels('params.lr ex')).toEqual(['exists', 'not exists']);
    expect(labels('status == ')).toEqual(['"running"', '"completed"', '"failed"', '"killed"', '"crashed"']);
    expect(labels('status == "fa')).toEqual(['"failed"']);
    expect(labels('tags contains ')).toEqual(['"demo"']);
    expect(labels('params.lr > 1 ')).toEqual(['and', 'or']);
  });

  it('replaces the word at the caret', () => {
    const text = 'params.lr > 1 and metr';
    const r = completeFilter(text, text.length, keys)!;
    const next = applyCompletion(text, r, r.items.find((i) => i.label === 'metrics.train/loss')!);
    expect(next.text).toBe('params.lr > 1 and metrics.train/loss ');
    expect(next.caret).toBe(next.text.length);
  });
});
