import { describe, expect, it } from 'vitest';
import { quoteArgv } from './shell-quote.js';

describe('quoteArgv', () => {
  it('quotes only what a shell would split or expand', () => {
    expect(quoteArgv(['python3', 'train.py', '--lr=3e-4', 'out/dir'])).toBe('python3 train.py --lr=3e-4 out/dir');
    expect(quoteArgv(['python3', '-c', "print('hi there')", ''])).toBe(`python3 -c 'print('\\''hi there'\\'')' ''`);
    expect(quoteArgv(['echo', '$HOME', 'a b', '*'])).toBe("echo '$HOME' 'a b' '*'");
  });
});
