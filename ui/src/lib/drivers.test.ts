import { expect, it } from 'vitest';
import { niceTicks, quadrantCorners, quadrantName, tickDigits } from './drivers';

it('puts the quadrants where importance runs right and performance up', () => {
  const at = (q: string) => quadrantCorners.find((c) => c.quadrant === q)!;
  expect(at('priorities_for_improvement')).toMatchObject({ right: true, top: false });
  expect(at('strengths_to_maintain')).toMatchObject({ right: true, top: true });
  expect(at('lower_priority')).toMatchObject({ right: false, top: false });
  expect(at('possible_over_investment')).toMatchObject({ right: false, top: true });
  expect(quadrantName('priorities_for_improvement')).toBe('Priorities for improvement');
  expect(quadrantName(null)).toBe('–');
});

it('makes round axis ticks', () => {
  expect(niceTicks(0, 14.2)).toMatchObject({ start: 0, end: 15, step: 5, ticks: [0, 5, 10, 15] });
  expect(niceTicks(36.8, 66.1).ticks).toEqual([30, 40, 50, 60, 70]);
  expect(niceTicks(3.02, 3.88, 4).ticks).toEqual([3, 3.25, 3.5, 3.75, 4]);
  expect(niceTicks(2, 2).ticks.length).toBeGreaterThan(1);
  expect([tickDigits(5), tickDigits(0.2), tickDigits(0.25), tickDigits(2.5)]).toEqual([0, 1, 2, 1]);
});
