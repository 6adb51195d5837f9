import { describe, expect, it } from 'vitest';
import { findPythonDicts } from './python-dict.js';

const values = (text: string) => findPythonDicts(text).map((d) => Object.fromEntries(d.map((e) => [e.key, e.value])));

describe('findPythonDicts', () => {
  it('reads a Trainer log dict', () => {
    expect(values("{'loss': 0.5, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.1}")).toEqual([
      { loss: 0.5, grad_norm: 1.2, learning_rate: 5e-5, epoch: 0.1 },
    ]);
  });

  it('reads numbers in strings, calls, non-finite names, and double-quoted keys', () => {
    const [d] = values(
      `{'a': '0.5', 'b': np.float64(2.5), 'c': tensor(0.75, device='cuda:0'), 'd': nan, 'e': -inf, "f'g": np.float32(inf), 'h': torch.tensor(np.float64(3))}`,
    );
    expect(d).toEqual({ a: 0.5, b: 2.5, c: 0.75, d: NaN, e: -Infinity, "f'g": Infinity, h: 3 });
  });

  it('keeps non-numeric values as undefined and skips nested values whole', () => {
    expect(values("{'opt': 'adamw', 'n': None, 'ok': True, 'l': [1, {'x': 2}], 't': (1, ')'), 'loss': 1}")).toEqual([
      { opt: undefined, n: undefined, ok: undefined, l: undefined, t: undefined, loss: 1 },
    ]);
  });

  it('finds dicts after prefixes, several on a line, and after text that only looks like one', () => {
    expect(values("[INFO|trainer.py:1] >> {oops} {'a': 1}{'b': 2,} and {'c' 3} {}")).toEqual([{ a: 1 }, { b: 2 }, {}]);
  });

  it('keeps escaped quotes in keys', () => {
    expect(values("{'it\\'s': 1, 'back\\\\slash': 2, 'new\\nline': 3}")).toEqual([{ "it's": 1, 'back\\slash': 2, 'new\\nline': 3 }]);
  });

  it('gives up on unterminated input without throwing', () => {
    for (const s of ["{'loss': 0.5", "{'loss", "{'a': np.float64(", "{'a': [1, 2", '{', "{'a':", "{'a': 1 'b': 2}"]) {
      expect(values(s), s).toEqual([]);
    }
  });

  it('bounds how deep it follows nested calls', () => {
    const deep = `{'a': ${'f('.repeat(10_000)}1${')'.repeat(10_000)}}`;
    expect(values(deep)).toEqual([{ a: undefined }]);
  });
});
