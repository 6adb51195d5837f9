/**
 * The conformance suite every `Store` must pass (SQLite now, PostgreSQL later): call
 * `describeStoreConformance('MyStore', () => makeEmptyStore())` from a test file.
 */
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { DashboardInputSchema, parseFilter, parseSort, type RunlensError, createSeededRandom } from '@runlens/core';
import type { Store, StoreEvent } from './store.js';

const T0 = 1_700_000_000_000;

function cols(steps: number[], values: number[], times?: number[]) {
  return { steps, values, times: times ?? steps.map((s) => T0 + s * 1000) };
}

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

export function describeStoreConformance(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates projects idempotently and lists them with run counts', async () => {
      await store.ensureProject('vision', 'image models', ['cv']);
      await store.ensureProject('vision', 'ignored second description');
      await store.createRun({ project: 'vision' });
      await store.createRun({ project: 'nlp' });
      const projects = await store.listProjects();
      expect(projects.map((p) => [p.name, p.runCount])).toEqual([
        ['nlp', 1],
        ['vision', 1],
      ]);
      expect(projects.find((p) => p.name === 'vision')!.description).toBe('image models');
    });

    it('creates a run with typed params, tags and defaults, and returns the same run for a repeated id', async () => {
      const { run, created } = await store.createRun({
        project: 'p',
        name: 'résumé-実験-🚀',
        params: { lr: 0.001, 'model.layers': 4, 'opt.name': 'adam', amsgrad: false, warmup: null },
        tags: ['baseline', 'gpu'],
        command: 'python train.py --lr 1e-3',
      });
      expect(created).toBe(true);
      expect(run.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(run.status).toBe('running');
      expect(run.params).toEqual({ lr: 0.001, 'model.layers': 4, 'opt.name': 'adam', amsgrad: false, warmup: null });
      expect(run.tags).toEqual(['baseline', 'gpu']);
      expect(run.name).toBe('résumé-実験-🚀');
      const again = await store.createRun({ id: run.id, project: 'p', name: 'other' });
      expect(again.created).toBe(false);
      expect(again.run.name).toBe('résumé-実験-🚀');
      await expect(store.createRun({ id: run.id, project: 'elsewhere' })).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('groups runs that differ only by seed', async () => {
      const a = await store.createRun({ project: 'p', params: { lr: 0.1, seed: 1 } });
      const b = await store.createRun({ project: 'p', params: { seed: 2, lr: 0.1 } });
      const c = await store.createRun({ project: 'p', params: { lr: 0.3, seed: 1 } });
      expect(a.run.group).toBe(b.run.group);
      expect(a.run.group).not.toBe(c.run.group);
      const d = await store.createRun({ project: 'p', group: 'mine', params: { lr: 0.1 } });
      expect(d.run.group).toBe('mine');
    });

    it('stores every value exactly, NaN and ±Infinity included, and keeps the summary', async () => {
      const { run } = await store.createRun({ project: 'p' });
      const values = [1.5, Number.NaN, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, 1.7976931348623157e308, 0.1 + 0.2];
      const steps = values.map((_, i) => i * 10);
      await store.appendPoints(run.id, [{ key: 'loss', ...cols(steps, values) }]);
      const back = (await store.readSeries(run.id, 'loss'))!;
      expect(Array.from(back.steps)).toEqual(steps);
      values.forEach((v, i) => expect(same(back.values[i]!, v), `value ${i}: ${back.values[i]} vs ${v}`).toBe(true));
      const [summary] = await store.listSeries(run.id);
      expect(summary).toMatchObject({ key: 'loss', count: 8, first: 1.5, min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY, nanCount: 1, firstStep: 0, lastStep: 70 });
      expect(summary!.last).toBe(0.1 + 0.2);
      const got = (await store.getRun(run.id))!;
      expect(got.summary.loss).toBe(0.1 + 0.2);
    });

    it('an all-NaN series has NaN min/max and counts its NaNs', async () => {
      const { run } = await store.createRun({ project: 'p' });
      await store.appendPoints(run.id, [{ key: 'x', ...cols([0, 1, 2], [Number.NaN, Number.NaN, Number.NaN]) }]);
      const [s] = await store.listSeries(run.id);
      expect(s!.count).toBe(3);
      expect(s!.nanCount).toBe(3);
      expect(Number.isNaN(s!.min) && Number.isNaN(s!.max) && Number.isNaN(s!.last)).toBe(true);
    });

    it('a repeated (run, key, step) replaces the earlier value, in a batch and across batches', async () => {
      const { run } = await store.createRun({ project: 'p' });
      await store.appendPoints(run.id, [{ key: 'a', ...cols([0, 1, 2, 1], [10, 11, 12, 99]) }]);
      await store.appendPoints(run.id, [{ key: 'a', ...cols([2, 0], [-5, 100]) }]);
      const back = (await store.readSeries(run.id, 'a'))!;
      expect(Array.from(back.steps)).toEqual([0, 1, 2]);
      expect(Array.from(back.values)).toEqual([100, 99, -5]);
      const [s] = await store.listSeries(run.id);
      expect(s).toMatchObject({ count: 3, min: -5, max: 100, first: 100, last: -5, lastStep: 2 });
    });

    it('accepts out-of-order and late steps and reads them back sorted', async () => {
      const { run } = await store.createRun({ project: 'p' });
      await store.appendPoints(run.id, [{ key: 'a', ...cols([5, 3, 9], [5, 3, 9]) }]);
      await store.appendPoints(run.id, [{ key: 'a', ...cols([1, 7, 20], [1, 7, 20]) }]);
      const back = (await store.readSeries(run.id, 'a'))!;
      expect(Array.from(back.steps)).toEqual([1, 3, 5, 7, 9, 20]);
      expect(Array.from(back.values)).toEqual([1, 3, 5, 7, 9, 20]);
      const ranged = (await store.readSeries(run.id, 'a', 4, 9))!;
      expect(Array.from(ranged.steps)).toEqual([5, 7, 9]);
    });

    it('matches a reference model over many random batches (sealing, merging, rewrites)', async () => {
      const rand = createSeededRandom(42).next;
      const { run } = await store.createRun({ project: 'p' });
      const truth = new Map<string, Map<number, number>>();
      let next = 0;
      for (let b = 0; b < 120; b++) {
        const key = `k${Math.floor(rand() * 3)}`;
        const n = rand() < 0.1 ? 3000 + Math.floor(rand() * 6000) : 1 + Math.floor(rand() * 60);
        const steps: number[] = [];
        const values: number[] = [];
        for (let i = 0; i < n; i++) {
          // mostly increasing steps, some rewrites of old steps and some duplicates
          const s = rand() < 0.05 ? Math.floor(rand() * (next + 1)) : next++;
          const v = rand() < 0.02 ? Number.NaN : Math.round((rand() - 0.5) * 1e6) / 100;
          steps.push(s);
          values.push(v);
        }
        await store.appendPoints(run.id, [{ key, ...cols(steps, values) }]);
        let m = truth.get(key);
        if (!m) truth.set(key, (m = new Map()));
        steps.forEach((s, i) => m!.set(s, values[i]!));
      }
      const summaries = await store.listSeries(run.id);
      for (const [key, m] of truth) {
        const expectedSteps = [...m.keys()].sort((a, b) => a - b);
        const back = (await store.readSeries(run.id, key))!;
        expect(back.steps.length, key).toBe(expectedSteps.length);
        expect(Array.from(back.steps)).toEqual(expectedSteps);
        expectedSteps.forEach((s, i) => {
          if (!same(back.values[i]!, m.get(s)!)) throw new Error(`${key} step ${s}: ${back.values[i]} != ${m.get(s)}`);
        });
        const finite = [...m.values()].filter((v) => !Number.isNaN(v));
        const s = summaries.find((x) => x.key === key)!;
        expect(s.count).toBe(expectedSteps.length);
        expect(s.nanCount).toBe(expectedSteps.length - finite.length);
        expect(s.min).toBe(Math.min(...finite));
        expect(s.max).toBe(Math.max(...finite));
        expect(s.lastStep).toBe(expectedSteps[expectedSteps.length - 1]);
        expect(same(s.last, m.get(s.lastStep)!)).toBe(true);
        expect(same(s.first, m.get(expectedSteps[0]!)!)).toBe(true);
        // block aggregates at both levels cover every point once, and their min/max are the true ones
        for (const level of ['coarse', 'fine'] as const) {
          const blocks = (await store.readBlocks(run.id, key, undefined, undefined, level))!;
          let total = 0;
          let nan = 0;
          let bmin = Number.POSITIVE_INFINITY;
          let bmax = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < blocks.count.length; i++) {
            total += blocks.count[i]!;
            nan += blocks.nanCount[i]!;
            if (!Number.isNaN(blocks.min[i]!)) bmin = Math.min(bmin, blocks.min[i]!);
            if (!Number.isNaN(blocks.max[i]!)) bmax = Math.max(bmax, blocks.max[i]!);
            if (i > 0) expect(blocks.stepFirst[i]!).toBeGreaterThan(blocks.stepLast[i - 1]!);
          }
          expect([total, nan, bmin, bmax]).toEqual([s.count, s.nanCount, s.min, s.max]);
        }
      }
    }, 60_000);

    it('rejects points for an unknown run and stores nothing', async () => {
      await expect(store.appendPoints('01ARZ3NDEKTSV4RRFFQ69G5FAV', [{ key: 'a', ...cols([0], [1]) }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await store.stats()).points).toBe(0);
    });

    it('emits events after writes', async () => {
      const events: StoreEvent['type'][] = [];
      store.onEvent((e) => events.push(e.type));
      const { run } = await store.createRun({ project: 'p' });
      await store.appendPoints(run.id, [{ key: 'a', ...cols([0, 1], [1, 2]) }]);
      await store.appendLogs(run.id, [{ line: 'hello', stream: 'stdout', time: T0 }]);
      await store.updateRun(run.id, { status: 'completed' });
      await store.deleteRun(run.id);
      expect(events).toEqual(['run.created', 'points.appended', 'logs.appended', 'run.updated', 'run.deleted']);
    });

    it('updates status, merges params and summaries, replaces tags', async () => {
      const { run } = await store.createRun({ project: 'p', params: { a: 1 }, tags: ['x'] });
      await store.appendPoints(run.id, [{ key: 'acc', ...cols([0, 1], [0.5, 0.7]) }]);
      const updated = await store.updateRun(run.id, { status: 'failed', params: { b: 'two' }, tags: ['y', 'z'], summary: { best: 0.9, acc: Number.NaN }, exitCode: 3, error: 'boom' });
      expect(updated.status).toBe('failed');
      expect(updated.endTime).not.toBeNull();
      expect(updated.params).toEqual({ a: 1, b: 'two' });
      expect(updated.tags).toEqual(['y', 'z']);
      expect(updated.summary.best).toBe(0.9);
      // an explicit summary wins over the series' last value, NaN included
      expect(Number.isNaN(updated.summary.acc!)).toBe(true);
      expect(updated).toMatchObject({ exitCode: 3, error: 'boom' });
      await expect(store.updateRun('01ARZ3NDEKTSV4RRFFQ69G5FAV', { status: 'completed' })).rejects.toMatchObject({ code: 'NOT_FOUND' } satisfies Partial<RunlensError>);
    });

    it('marks runs with a lost heartbeat as crashed', async () => {
      const { run } = await store.createRun({ project: 'p' });
      const { run: done } = await store.createRun({ project: 'p' });
      await store.updateRun(done.id, { status: 'completed' });
      const crashed = await store.markCrashed(Date.now() + 1000);
      expect(crashed.map((r) => r.id)).toEqual([run.id]);
      expect((await store.getRun(run.id))!.status).toBe('crashed');
      expect((await store.getRun(done.id))!.status).toBe('completed');
    });

    it('lists runs with filter, sort and cursor paging', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        const { run } = await store.createRun({ project: i % 2 ? 'odd' : 'even', name: `run-${String(i).padStart(2, '0')}`, params: { lr: i / 100, opt: i % 3 ? 'adam' : 'sgd' }, tags: i % 5 === 0 ? ['baseline'] : [] });
        await store.appendPoints(run.id, [{ key: 'val_loss', ...cols([0, 1], [10, 5 - i / 10]) }]);
        ids.push(run.id);
      }
      const filtered = await store.listRuns({ filter: parseFilter('params.lr >= 0.1 and params.opt == "adam" and metrics.val_loss.min < 4'), sort: parseSort('-params.lr') });
      const expected = [...Array(25).keys()].filter((i) => i / 100 >= 0.1 && i % 3 !== 0 && 5 - i / 10 < 4).reverse();
      expect(filtered.runs.map((r) => r.name)).toEqual(expected.map((i) => `run-${String(i).padStart(2, '0')}`));
      expect(filtered.total).toBe(expected.length);
      const tagged = await store.listRuns({ project: 'even', filter: parseFilter('tags contains "baseline"') });
      expect(tagged.runs.map((r) => r.name).sort()).toEqual(['run-00', 'run-10', 'run-20']);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listRuns({ sort: parseSort('name'), limit: 7, cursor });
        seen.push(...page.runs.map((r) => r.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...Array(25).keys()].map((i) => `run-${String(i).padStart(2, '0')}`));
      await expect(store.listRuns({ cursor: 'garbage!' })).rejects.toMatchObject({ code: 'BAD_CURSOR' });
    });

    it('lists runs with only the series summaries of metricKeys, NaN and ±Infinity intact', async () => {
      const keys = ['val/loss', 'train/loss', 'acc', 'z/損失', 'z/🚀', 'z/\uffff'];
      for (let i = 0; i < 12; i++) {
        const { run } = await store.createRun({ project: i % 2 ? 'odd' : 'even', name: `run-${String(i).padStart(2, '0')}`, params: { lr: i / 100 } });
        const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][i % 3]!;
        await store.appendPoints(
          run.id,
          keys
            .map((key, k) => ({ key, ...cols([0, 1, 2], [i + k, i % 2 === 0 ? special : 10 - i, i % 6 === 1 ? Number.NaN : k - i]) }))
            .filter((_, k) => (i + k) % 5 !== 0), // not every run has every key
        );
        if (i % 3 === 0) await store.updateRun(run.id, { summary: { acc: 100 + i, best: i } });
      }
      const { run: empty } = await store.createRun({ project: 'even', name: 'run-no-series' });
      expect(empty.metrics).toEqual({});

      // the full load is the reference: the narrowed one must be it restricted to the keys asked for
      const restricted = (run: { metrics: Record<string, unknown> }, wanted: readonly string[]) =>
        Object.keys(run.metrics).filter((k) => wanted.includes(k));
      const check = async (metricKeys: readonly string[], options: Parameters<Store['listRuns']>[0] = {}) => {
        const full = await store.listRuns({ ...options, limit: 100 });
        const narrow = await store.listRuns({ ...options, limit: 100, metricKeys });
        expect(narrow.runs.map((r) => r.id)).toEqual(full.runs.map((r) => r.id));
        expect(narrow.total).toBe(full.total);
        full.runs.forEach((f, i) => {
          const n = narrow.runs[i]!;
          const { metrics: _fm, summary: _fs, ...fRest } = f;
          const { metrics: _nm, summary: _ns, ...nRest } = n;
          expect(nRest).toEqual(fRest);
          expect(Object.keys(n.metrics)).toEqual(restricted(f, metricKeys));
          for (const [k, s] of Object.entries(n.metrics)) {
            const want = f.metrics[k]!;
            for (const field of ['first', 'last', 'min', 'max'] as const) expect(same(s[field], want[field]), `${f.name} ${k}.${field}: ${s[field]} vs ${want[field]}`).toBe(true);
            expect({ ...s, first: 0, last: 0, min: 0, max: 0 }).toEqual({ ...want, first: 0, last: 0, min: 0, max: 0 });
          }
          // the explicit summary is kept whole; series-derived values only for the keys asked for
          for (const k of Object.keys(f.summary).filter((key) => metricKeys.includes(key) || !(key in f.metrics))) {
            expect(same(n.summary[k]!, f.summary[k]!), `${f.name} summary.${k}`).toBe(true);
          }
          for (const k of Object.keys(n.summary)) expect(k in f.summary).toBe(true);
        });
        return narrow;
      };

      const one = await check(['val/loss']);
      // runs 0, 5, 10 and run-no-series have no val/loss
      expect(one.runs.filter((r) => Object.keys(r.metrics).length === 1)).toHaveLength(one.runs.length - 4);
      const loss = (name: string) => one.runs.find((r) => r.name === name)!.metrics['val/loss']!;
      expect(loss('run-01')).toMatchObject({ count: 3, nanCount: 1, first: 1, min: 1, max: 9 });
      expect(Number.isNaN(loss('run-01').last)).toBe(true);
      expect(loss('run-02')).toMatchObject({ min: Number.NEGATIVE_INFINITY, max: 2, last: -2 });
      expect(loss('run-04')).toMatchObject({ min: -4, max: Number.POSITIVE_INFINITY, last: -4 });
      expect(loss('run-06')).toMatchObject({ nanCount: 1, min: -6, max: 6, last: -6 });
      const explicit = one.runs.find((r) => r.name === 'run-03')!;
      expect(explicit.summary).toEqual({ 'val/loss': -3, acc: 103, best: 3 }); // explicit values kept, acc not loaded
      await check(['acc', 'z/🚀', 'z/損失', 'z/\uffff', 'acc']); // repeated, non-ASCII, out of order
      expect((await check(['no/such/key'])).runs.every((r) => Object.keys(r.metrics).length === 0)).toBe(true);
      expect((await check([])).runs.every((r) => Object.keys(r.metrics).length === 0)).toBe(true);
      // more keys than one SQL statement takes at once
      await check([...Array.from({ length: 1500 }, (_, i) => `absent/${i}`), 'train/loss', 'acc']);
      // filter and sort on metrics that are not loaded still see every series
      const filtered = await check(['acc'], { project: 'even', filter: parseFilter('metrics.train/loss.min < 0 and params.lr >= 0.02'), sort: parseSort('-metrics.`z/損失`.last') });
      expect(filtered.runs.length).toBeGreaterThan(0);
      // paging
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listRuns({ sort: parseSort('name'), limit: 5, cursor, metricKeys: ['train/loss'] });
        for (const r of page.runs) expect(Object.keys(r.metrics).every((k) => k === 'train/loss')).toBe(true);
        seen.push(...page.runs.map((r) => r.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...Array.from({ length: 12 }, (_, i) => `run-${String(i).padStart(2, '0')}`), 'run-no-series']);
      // without metricKeys, every series as before
      const all = await store.listRuns({ filter: parseFilter('name == "run-01"') });
      expect(Object.keys(all.runs[0]!.metrics).sort()).toEqual(keys.filter((_, k) => (1 + k) % 5 !== 0).sort());
    });

    it('appends, pages and searches logs', async () => {
      const { run } = await store.createRun({ project: 'p' });
      await store.appendLogs(run.id, [
        { line: 'epoch 1 loss 0.5', stream: 'stdout', time: T0 },
        { line: 'WARNING: lr too high', stream: 'stderr', time: T0 + 1 },
        { line: '\u001b[32mgreen\u001b[0m 日本語', stream: 'stdout', time: T0 + 2 },
      ]);
      await store.appendLogs(run.id, [{ line: 'epoch 2 loss 0.4', stream: 'stdout', time: T0 + 3 }]);
      const all = await store.readLogs(run.id, {});
      expect(all.map((l) => l.seq)).toEqual([0, 1, 2, 3]);
      expect(all[2]!.line).toBe('\u001b[32mgreen\u001b[0m 日本語');
      expect((await store.readLogs(run.id, { after: 1 })).map((l) => l.seq)).toEqual([2, 3]);
      expect((await store.readLogs(run.id, { q: 'EPOCH' })).map((l) => l.line)).toEqual(['epoch 1 loss 0.5', 'epoch 2 loss 0.4']);
      expect((await store.readLogs(run.id, { limit: 1 })).length).toBe(1);
      // the end first (a terminal in follow mode), then backwards page by page, always oldest first
      expect((await store.readLogs(run.id, { tail: true, limit: 2 })).map((l) => l.seq)).toEqual([2, 3]);
      expect((await store.readLogs(run.id, { tail: true, limit: 2, before: 2 })).map((l) => l.seq)).toEqual([0, 1]);
      expect((await store.readLogs(run.id, { before: 2 })).map((l) => l.seq)).toEqual([0, 1]);
      expect((await store.readLogs(run.id, { tail: true, q: 'epoch', limit: 1 })).map((l) => l.line)).toEqual(['epoch 2 loss 0.4']);
    });

    it('stores histograms and texts per (key, step), replacing repeats', async () => {
      const { run } = await store.createRun({ project: 'p' });
      await store.appendHistograms(run.id, [
        { key: 'w', step: 0, time: T0, edges: [Number.NEGATIVE_INFINITY, 0, 1, Number.POSITIVE_INFINITY], counts: [1, 5, 2] },
        { key: 'w', step: 10, time: T0 + 1, edges: [0, 1], counts: [8] },
        { key: 'b', step: 0, time: T0, edges: [0, 0.5, 1], counts: [3, 4] },
      ]);
      await store.appendHistograms(run.id, [{ key: 'w', step: 10, time: T0 + 2, edges: [0, 2], counts: [9] }]);
      const w = await store.readHistograms(run.id, 'w');
      expect(w.map((h) => [h.step, Array.from(h.edges), Array.from(h.counts)])).toEqual([
        [0, [Number.NEGATIVE_INFINITY, 0, 1, Number.POSITIVE_INFINITY], [1, 5, 2]],
        [10, [0, 2], [9]],
      ]);
      expect(await store.histogramKeys(run.id)).toEqual([
        { key: 'b', count: 1 },
        { key: 'w', count: 2 },
      ]);
      await store.appendTexts(run.id, [
        { key: 'sample', step: 1, time: T0, text: 'hello 世界' },
        { key: 'sample', step: 1, time: T0 + 5, text: 'replaced' },
        { key: 'notes', step: 0, time: T0, text: '' },
      ]);
      expect((await store.readTexts(run.id)).map((t) => [t.key, t.step, t.text])).toEqual([
        ['notes', 0, ''],
        ['sample', 1, 'replaced'],
      ]);
      expect((await store.readTexts(run.id, 'notes')).length).toBe(1);
      await expect(store.appendHistograms('01ARZ3NDEKTSV4RRFFQ69G5FAV', [])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('stores tensor snapshots (float32 exact, float16 rounded), replaces a repeated step, lists and reads them', async () => {
      const { run } = await store.createRun({ project: 'p' });
      const noNonFinite = { nan: 0, posInf: 0, negInf: 0 };
      const values = Float32Array.from([0.1, -2.5, 3, 1e-3, 40000, -0]);
      await store.appendTensor(run.id, { name: 'tok_emb', step: 0, time: T0, dtype: 'float32', rows: 3, cols: 2, values, labels: ['a', 'b', 'ç'], finite: noNonFinite }, 100);
      await store.appendTensor(run.id, { name: 'tok_emb', step: 5, time: T0 + 1, dtype: 'float16', rows: 3, cols: 2, values, finite: { nan: 1, posInf: 0, negInf: 2 } }, 100);
      await store.appendTensor(run.id, { name: 'tok_emb', step: 5, time: T0 + 2, dtype: 'float16', rows: 3, cols: 2, values: values.map((v) => v * 2), finite: noNonFinite }, 100);
      await store.appendTensor(run.id, { name: 'pos_emb', step: 1, time: T0, dtype: 'float32', rows: 2, cols: 1, values: Float32Array.from([1, 2]), finite: noNonFinite }, 100);
      expect(await store.listTensors(run.id)).toEqual([
        { name: 'pos_emb', steps: [1], dtype: 'float32', rows: 2, cols: 1 },
        { name: 'tok_emb', steps: [0, 5], dtype: 'float16', rows: 3, cols: 2 },
      ]);
      const first = await store.readTensor(run.id, 'tok_emb', 0);
      expect(Array.from(first!.values)).toEqual(Array.from(values));
      expect(first!.labels).toEqual(['a', 'b', 'ç']);
      const latest = await store.readTensor(run.id, 'tok_emb');
      expect(latest!.step).toBe(5);
      expect(latest!.time).toBe(T0 + 2);
      expect(latest!.labels).toBeNull();
      expect(latest!.finite).toEqual(noNonFinite);
      const doubled = Array.from(values, (v) => v * 2);
      latest!.values.forEach((v, i) => expect(Math.abs(v - Math.min(65504, doubled[i]!))).toBeLessThanOrEqual(Math.abs(doubled[i]!) * 1e-3 + 1e-7));
      expect(await store.readTensor(run.id, 'tok_emb', 3)).toBeUndefined();
      expect(await store.readTensor(run.id, 'nope')).toBeUndefined();
      // by step, the replacement and not the first write at that step
      expect(Array.from((await store.readTensor(run.id, 'tok_emb', 5))!.values)).toEqual(Array.from(latest!.values));
      await expect(store.appendTensor('01ARZ3NDEKTSV4RRFFQ69G5FAV', { name: 'x', step: 0, time: T0, dtype: 'float32', rows: 1, cols: 1, values: Float32Array.from([1]), finite: noNonFinite }, 100)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('thins tensor snapshots evenly to the retention limit, keeping the first and last, and rejects a bad shape whole', async () => {
      const { run } = await store.createRun({ project: 'p' });
      const finite = { nan: 0, posInf: 0, negInf: 0 };
      for (let step = 0; step <= 300; step += 10) {
        await store.appendTensor(run.id, { name: 'w', step, time: T0 + step, dtype: 'float16', rows: 1, cols: 2, values: Float32Array.from([step, 1]), finite }, 7);
      }
      const steps = (await store.listTensors(run.id))[0]!.steps;
      expect(steps.length).toBe(7);
      expect(steps[0]).toBe(0);
      expect(steps[6]).toBe(300);
      const gaps = steps.slice(1).map((s, i) => s - steps[i]!);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * Math.min(...gaps));
      await expect(store.appendTensor(run.id, { name: 'w', step: 400, time: T0, dtype: 'float32', rows: 2, cols: 2, values: Float32Array.from([1, 2, 3]), finite }, 7)).rejects.toMatchObject({ code: 'VALIDATION' });
      await expect(store.appendTensor(run.id, { name: 'w', step: 400, time: T0, dtype: 'float32', rows: 1, cols: 2, values: Float32Array.from([1, 2]), labels: ['a', 'b'], finite }, 7)).rejects.toMatchObject({ code: 'VALIDATION' });
      expect((await store.listTensors(run.id))[0]!.steps).toEqual(steps);
      await store.deleteRun(run.id);
      const { run: other } = await store.createRun({ project: 'p' });
      expect(await store.listTensors(other.id)).toEqual([]);
    });

    it('deletes a run with all its data', async () => {
      const { run } = await store.createRun({ project: 'p' });
      await store.appendPoints(run.id, [{ key: 'a', ...cols([0, 1], [1, 2]) }]);
      await store.appendLogs(run.id, [{ line: 'x', stream: 'stdout', time: T0 }]);
      await store.deleteRun(run.id);
      expect(await store.getRun(run.id)).toBeUndefined();
      expect(await store.readSeries(run.id, 'a')).toBeUndefined();
      expect(await store.stats()).toMatchObject({ runs: 0, series: 0, points: 0 });
    });

    it('saves, lists, replaces and deletes dashboards', async () => {
      const input = DashboardInputSchema.parse({
        name: 'overview',
        spec: { panels: [{ id: 'p1', type: 'curves', options: { metrics: ['loss'] }, layout: { x: 0, y: 0, w: 6, h: 4 } }], widgets: { smoother: 'ema', smoothing: 0.6 } },
      });
      const a = await store.createDashboard(input);
      const b = await store.createDashboard({ ...input, name: 'second' });
      expect(a.id).not.toBe(b.id);
      expect(a.spec).toEqual({ version: 1, panels: [{ id: 'p1', type: 'curves', options: { metrics: ['loss'] }, layout: { x: 0, y: 0, w: 6, h: 4 } }], widgets: { smoother: 'ema', smoothing: 0.6 }, selection: {} });
      expect(await store.getDashboard(a.id)).toEqual(a);
      expect((await store.listDashboards()).map((d) => [d.name, d.panels])).toEqual([
        ['second', 1],
        ['overview', 1],
      ]);
      // times have millisecond resolution: update in a later millisecond than the last save, so the order is defined
      while (Date.now() <= b.updated) await new Promise((r) => setTimeout(r, 1));
      const moved = await store.updateDashboard(a.id, { ...input, name: 'renamed', spec: { ...input.spec, panels: [] } });
      expect(moved).toMatchObject({ id: a.id, name: 'renamed', created: a.created });
      expect(moved.updated).toBeGreaterThan(a.updated);
      expect((await store.getDashboard(a.id))!.spec.panels).toEqual([]);
      expect((await store.listDashboards())[0]!.name).toBe('renamed');
      await expect(store.updateDashboard('nope', input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await store.deleteDashboard(a.id)).toBe(true);
      expect(await store.deleteDashboard(a.id)).toBe(false);
      expect(await store.getDashboard(a.id)).toBeUndefined();
      expect((await store.listDashboards()).map((d) => d.name)).toEqual(['second']);
    });
  });
}
