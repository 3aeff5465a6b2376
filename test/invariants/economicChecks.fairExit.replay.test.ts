import { replay } from "./replay";

const CHECKS = "fair-exit,no-unrecorded-gain";

/**
 * The campaigns' counterexamples for fair-exit and no-unrecorded-gain (docs/fuzzing.md), shrunk by fast-check. The
 * first three fail on the contracts before the take re-marked the receivable at the mark price (a take below the
 * mark left the receivable above the lot's marked value); the fourth fails on the worth model that counted only the
 * auctions' unbooked penalty (a take below the oracle that eats a lot's cushion above its receivable).
 */
describe("Economic checks on the fair-exit campaigns' counterexamples", () => {
  it("fair-exit, seed 1501: a take of 22% of a lot at 84% of its mark, then the other lender withdraws everything", async () => {
    await replay(
      [
        { t: "take", who: 0, slot: 0, bps: 1, maxPriceBps: 10_000, waitSteps: 1 },
        { t: "price", asset: 1, changeBps: -3820 },
        { t: "repay", who: 0, onBehalf: 3, assets: "max" },
        { t: "kick", who: 0, borrower: 3, asset: 0, pickUnhealthy: true, crash: true },
        { t: "take", who: 0, slot: 0, bps: 1, maxPriceBps: 10_000, waitSteps: 1 },
        { t: "redo", who: 0, slot: 0, wait: true, times: 1 },
        { t: "kick", who: 0, borrower: 3, asset: 0, pickUnhealthy: true, crash: true },
        { t: "take", who: 0, slot: 0, bps: 2220, maxPriceBps: 10_000, waitSteps: 36 },
        { t: "withdraw", who: 1, onBehalf: 1, assets: "max" },
      ],
      CHECKS,
    );
  });

  it("fair-exit, seed 1502: a reset, a take below the new mark, then a lender withdraws", async () => {
    await replay(
      [
        { t: "redo", who: 0, slot: 0, wait: true, times: 1 },
        { t: "price", asset: 0, changeBps: -3000 },
        { t: "time", seconds: 600 },
        { t: "borrow", who: 3, onBehalf: 3, bps: 1 },
        { t: "kick", who: 0, borrower: 3, asset: 0, pickUnhealthy: true, crash: true },
        { t: "redo", who: 0, slot: 0, wait: true, times: 2 },
        { t: "take", who: 0, slot: 0, bps: 1, maxPriceBps: 10_000, waitSteps: 21 },
        { t: "supply", who: 1, assets: 1_000_000n },
        { t: "withdraw", who: 1, onBehalf: 1, assets: 74_125_853n },
      ],
      CHECKS,
    );
  });

  it("no-unrecorded-gain, seed 1601: a take of 61% of a WBTC lot below its mark (the 0.49 USDC one)", async () => {
    await replay(
      [
        { t: "price", asset: 0, changeBps: -3528 },
        { t: "redo", who: 0, slot: 0, wait: true, times: 1 },
        { t: "supply", who: 1, assets: 1_000_000n },
        { t: "deposit", who: 3, onBehalf: 3, asset: 0, amount: 1n },
        { t: "kick", who: 0, borrower: 5, asset: 1, pickUnhealthy: true, crash: true },
        { t: "realizeBadDebt", who: 0, borrower: 3, crumb: true },
        { t: "flashLiquidate", who: 0, borrower: 3, pickUnhealthy: true, repayBps: 1 },
        { t: "take", who: 0, slot: 0, bps: 6071, maxPriceBps: 10_000, waitSteps: 0 },
      ],
      CHECKS,
    );
  });

  it("no-unrecorded-gain, seed 1602: a take below the oracle eats the cushion an earlier take above it left (0.01 USDC)", async () => {
    await replay(
      [
        { t: "kick", who: 0, borrower: 3, asset: 0, pickUnhealthy: false, crash: true },
        { t: "realizeBadDebt", who: 0, borrower: 3, crumb: true },
        { t: "redo", who: 0, slot: 0, wait: true, times: 1 },
        { t: "redo", who: 0, slot: 0, wait: true, times: 2 },
        { t: "riskAttack", who: 0, wethBps: 1 },
        { t: "take", who: 0, slot: 0, bps: 1, maxPriceBps: 10_000, waitSteps: 11 },
        { t: "takeAndSell", who: 0, slot: 0, bps: 1, waitSteps: 8 },
        { t: "redo", who: 0, slot: 0, wait: false, times: 1 },
        { t: "take", who: 0, slot: 0, bps: 3, maxPriceBps: 10_000, waitSteps: 0 },
      ],
      CHECKS,
    );
  });
});
