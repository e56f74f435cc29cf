import { describe, expect, it } from 'vitest';
import { formatDate, formatDecimal, formatNumber, formatPercent, formatSigned, formatSignedPercent, MINUS } from '../src/format.js';

describe('Italian formatting', () => {
  it('groups thousands with a dot, four-digit numbers too', () => {
    expect(formatNumber(1001148)).toBe('1.001.148');
    expect(formatNumber(3308)).toBe('3.308');
    expect(formatNumber(697)).toBe('697');
  });

  it('rounds a share to a whole percent', () => {
    expect(formatPercent(20907 / 40725)).toBe('51%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(44 / 113, 1)).toBe('38,9%');
  });

  it('signs a difference, with a real minus sign (U+2212)', () => {
    expect(formatSigned(108)).toBe('+108');
    expect(formatSigned(-283)).toBe('\u2212283');
    expect(MINUS).toBe('\u2212');
    expect(formatSigned(6672)).toBe('+6.672');
    expect(formatNumber(-1234567)).toBe('\u22121.234.567');
  });

  it('shows zero without a sign, even when it comes from rounding or from −0', () => {
    expect(formatSigned(0)).toBe('0');
    expect(formatSigned(-0)).toBe('0');
    expect(formatNumber(-0.4)).toBe('0');
    expect(formatPercent(-0.001)).toBe('0%');
    expect(formatSignedPercent(-0.0001)).toBe('0,0%');
    expect(formatSignedPercent(0.00001)).toBe('0,0%');
  });

  it('signs a relative change with one decimal', () => {
    expect(formatSignedPercent(544 / 6934)).toBe('+7,8%');
    expect(formatSignedPercent(-283 / 79614)).toBe('\u22120,4%');
  });

  it('writes a ratio with a decimal comma', () => {
    expect(formatDecimal(79331 / 8754)).toBe('9,1');
    expect(formatDecimal(12.5)).toBe('12,5');
    expect(formatDecimal(9)).toBe('9');
  });

  it('writes dates in words', () => {
    expect(formatDate('2026-05-16')).toBe('16 maggio 2026');
    expect(formatDate('2026-01-01')).toBe('1 gennaio 2026');
  });
});
