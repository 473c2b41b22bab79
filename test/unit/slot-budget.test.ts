import { slotBudgetMs, worthStarting } from '../../worker/runtime/slot-budget';

test('a job that arrived just now has its timeout less a tenth (at most 10 s) to run', () => {
  expect(slotBudgetMs(10_000, 1_000, 1_000)).toBe(9_000);
  expect(slotBudgetMs(300_000, 0, 0)).toBe(290_000);
  expect(worthStarting(10_000, 9_000)).toBe(true);
});

test('a job that waited for a slot more than half its timeout is not started', () => {
  expect(slotBudgetMs(10_000, 0, 6_000)).toBe(3_000);
  expect(worthStarting(10_000, slotBudgetMs(10_000, 0, 4_000))).toBe(true);
  expect(worthStarting(10_000, slotBudgetMs(10_000, 0, 6_000))).toBe(false);
  expect(worthStarting(300_000, slotBudgetMs(300_000, 0, 160_000))).toBe(false);
});
