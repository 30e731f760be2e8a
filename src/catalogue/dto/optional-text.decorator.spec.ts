import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OptionalText } from './optional-text.decorator.js';

class Sample {
  @OptionalText({ max: 5, min: 1, noNul: true })
  title?: string;

  @OptionalText({ max: 5, trim: false, matches: [/^\S*$/, 'link must be a URL without spaces'] })
  link?: string;
}

const check = (plain: object) => validateSync(plainToInstance(Sample, plain));

describe('OptionalText', () => {
  it('accepts an absent field and a trimmed text within bounds', () => {
    expect(check({})).toEqual([]);
    expect(plainToInstance(Sample, { title: '  abc ' }).title).toBe('abc');
    expect(check({ title: '  abc ' })).toEqual([]);
  });

  it('refuses null, and reports the constraints in stacked order (bottom first)', () => {
    expect(check({ title: null })).toHaveLength(1);
    const [error] = check({ title: 5 });
    expect(Object.keys(error.constraints ?? {})).toEqual([
      'matches',
      'maxLength',
      'minLength',
      'isString',
    ]);
    expect(error.constraints?.matches).toBe('title must not contain NUL characters');
  });

  it('keeps whitespace when trim is false and applies the given pattern', () => {
    expect(plainToInstance(Sample, { link: ' a' }).link).toBe(' a');
    expect(check({ link: 'a b' })[0].constraints).toEqual({
      matches: 'link must be a URL without spaces',
    });
  });
});
