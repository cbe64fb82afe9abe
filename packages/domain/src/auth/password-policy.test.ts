import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

describe('password policy', () => {
  it.each([
    ['Abcdefgh12', 0],
    ['abcdefgh1!', 0],
    ['abcdefghij', 1],
    ['Abc1!', 1],
    ['abc', 2],
  ])('%s has %i problems', (password, count) => {
    expect(passwordProblems(password)).toHaveLength(count);
  });
});
