import { describe, expect, it } from 'vitest';
import { stripAnsi } from './strip-ansi.js';

const ESC = '\u001b';

describe('stripAnsi', () => {
  it('removes SGR colours, as in the wandb footer of a real nanoGPT log', () => {
    expect(stripAnsi(`${ESC}[1;34mwandb${ESC}[0m: Find logs at: ${ESC}[1;35mwandb/run-1/logs${ESC}[0m`)).toBe(
      'wandb: Find logs at: wandb/run-1/logs',
    );
  });

  it('removes cursor movement, erase and private-mode sequences', () => {
    expect(stripAnsi(`a${ESC}[2K${ESC}[1A${ESC}[?25lb${ESC}[?25h`)).toBe('ab');
  });

  it('removes OSC titles and hyperlinks ended by BEL or by ESC \\', () => {
    expect(stripAnsi(`${ESC}]0;training\u0007x`)).toBe('x');
    expect(stripAnsi(`${ESC}]8;;https://example.org${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('link');
  });

  it('removes 8-bit CSI and two-byte escapes', () => {
    expect(stripAnsi('\u009b31mred\u009b0m')).toBe('red');
    expect(stripAnsi(`${ESC}(Bplain${ESC}M${ESC}7`)).toBe('plain');
  });

  it('drops what is left of a truncated sequence so the rest cannot start an escape', () => {
    expect(stripAnsi(`loss 0.5${ESC}[3`)).toBe('loss 0.53');
    expect(stripAnsi(`${ESC}`)).toBe('');
    expect(stripAnsi(`${ESC}]0;title without end`)).toBe('0;title without end');
  });

  it('leaves text without escapes, \\r and \\b alone', () => {
    expect(stripAnsi('iter 10: loss 9.4648\r[==>]\b')).toBe('iter 10: loss 9.4648\r[==>]\b');
  });

  it('reads a megabyte of unterminated CSI parameters in one pass', () => {
    const out = stripAnsi(`${ESC}[${'0;'.repeat(500_000)}`);
    expect(out.length).toBe(1_000_000);
  });
});
