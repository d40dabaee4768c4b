/** A lone "Mr X" linked to the one full name the document writes for X (issue #16, helper i16j). */
import { describe, expect, it } from 'vitest';
import { personNames as names } from '../helpers/paragraphs.js';

describe('a lone surname and the full name its document writes', () => {
  it('links "Mr X" to a full name with a generational suffix', () => {
    const ps = ['Robert Hale Jr won the race in Ohio on Sunday.', 'Mr Hale said the course was hard.'];
    expect(names(ps)).toEqual(['Robert Hale Jr']);
  });

  it('keeps a full name from a list after "are" and links "Mr X" to it', () => {
    const ps = ['The chosen directors are Mary Lund and Simon Warwick - with Mr Warwick to lead.', 'Mr Warwick declined to comment.'];
    expect(names(ps)).toContain('Simon Warwick');
    expect(names(ps)).not.toContain('Warwick');
  });

  it('takes initials as the given name and leaves a label before it out', () => {
    const ps = ['Welshmen KD Prowse and Alan Carr, who run the mill, were pleased.', 'Mr Prowse said sales were up.'];
    expect(names(ps)).toContain('KD Prowse');
    expect(names(ps)).not.toContain('Prowse');
    const ps2 = ['But Green Party member Simon Pardoe attacked the plan.', 'Mr Pardoe, the party spokesman, wants a vote.'];
    expect(names(ps2)).toContain('Simon Pardoe');
    expect(names(ps2)).not.toContain('Party member Simon Pardoe');
  });

  it('keeps the surname alone when two full names end in it, or none does', () => {
    const ps = ['Welshmen KD Prowse and JT Prowse run the mill.', 'Mr Prowse said sales were up.'];
    expect(names(ps)).toEqual(['Prowse']);
    const ps2 = ['The firm said the Brodie deal was done.', 'Mr Brodie declined to comment.'];
    expect(names(ps2)).toEqual(['Brodie']);
  });
});

describe('what a lone surname never takes', () => {
  it('never cuts a given name off a longer full name, nor takes a stage prefix', () => {
    const ps = ['The suit names Carol Lisa Brandt of Texas.', 'Ms Brandt did not answer.'];
    expect(names(ps)).not.toContain('Lisa Brandt');
    const ps2 = ['The chart has MC Trabbo at third.', 'Mr Trabbo thanked fans.'];
    expect(names(ps2)).not.toContain('MC Trabbo');
  });
});
