import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { WAD, position, healthFactor, RefCollateral } from "../helpers/lendingMath";

/** Tiny seeded PRNG (mulberry32) so that the random positions are the same on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZERO_RATES = { baseRatePerYear: 0n, slope1PerYear: 0n, slope2PerYear: 0n, kinkUtilization: WAD / 2n };
const MARKET = {
  closeFactor: WAD / 2n,
  fullCloseHealthFactor: (WAD * 95n) / 100n,
  dust: 0n,
  reserveFactorBps: 0,
  mechanisms: 3,
};

/** A market per debt-decimals case, with collaterals of 6, 8 and 18 decimals and feeds of 8 and 18 decimals. */
async function world(debtDecimals: number) {
  const [admin, lender] = await ethers.getSigners();
  const debt = await ethers.deployContract("MockERC20", ["Debt", "DEBT", debtDecimals]);
  const pool = await ethers.deployContract("LendingPool", [await debt.getAddress(), admin.address, MARKET, ZERO_RATES]);
  const specs = [
    { decimals: 18, feedDecimals: 8, ltv: (WAD * 75n) / 100n, threshold: (WAD * 80n) / 100n },
    { decimals: 8, feedDecimals: 18, ltv: (WAD * 70n) / 100n, threshold: (WAD * 78n) / 100n },
    { decimals: 6, feedDecimals: 8, ltv: (WAD * 60n) / 100n, threshold: (WAD * 65n) / 100n },
  ];
  const collaterals = [];
  for (const spec of specs) {
    const token = await ethers.deployContract("MockERC20", ["C", "C", spec.decimals]);
    const feed = await ethers.deployContract("MockPriceFeed", [spec.feedDecimals, 10n ** BigInt(spec.feedDecimals)]);
    await pool.listCollateral(await token.getAddress(), {
      feed: await feed.getAddress(),
      maxPriceAge: 86_400,
      ltv: spec.ltv,
      liquidationThreshold: spec.threshold,
      liquidationBonusBps: 500,
      supplyCap: 2n ** 127n,
    });
    await token.approve(await pool.getAddress(), ethers.MaxUint256);
    collaterals.push({ ...spec, token, feed });
  }
  const supply = 10n ** BigInt(debtDecimals + 12);
  await debt.mint(lender.address, supply);
  await debt.connect(lender).approve(await pool.getAddress(), supply);
  await pool.connect(lender).supply(supply, lender.address);
  return { pool, debt, collaterals, admin };
}

for (const debtDecimals of [6, 18]) {
  describe(`LendingPool: health and borrow limits against an independent reference (debt ${debtDecimals} decimals)`, () => {
    it("matches the reference for 24 random multi-collateral positions, to the wei, before and after a price move", async () => {
      const w = await loadFixture(debtDecimals === 6 ? world6 : world18);
      const random = prng(debtDecimals);
      const signers = (await ethers.getSigners()).slice(2, 26);
      const answers = w.collaterals.map(() => 0n);
      const setPrices = async () => {
        for (let j = 0; j < w.collaterals.length; j++) {
          const c = w.collaterals[j];
          // price between 0.01 and 50,000 whole debt tokens per whole collateral token
          const units = BigInt(Math.floor(random() * 5_000_000) + 1);
          answers[j] = (units * 10n ** BigInt(c.feedDecimals)) / 100n;
          await c.feed.setAnswer(answers[j]);
        }
      };
      await setPrices();
      const holdings: bigint[][] = [];
      for (const s of signers) {
        const amounts = w.collaterals.map((c) =>
          random() < 0.3 ? 0n : (BigInt(Math.floor(random() * 1e9) + 1) * 10n ** BigInt(c.decimals)) / 10_000n + 1n,
        );
        holdings.push(amounts);
        for (let j = 0; j < amounts.length; j++) {
          if (amounts[j] === 0n) continue;
          await w.collaterals[j].token.mint(w.admin.address, amounts[j]);
          await w.pool.depositCollateral(await w.collaterals[j].token.getAddress(), amounts[j], s.address);
        }
      }
      const refFor = (i: number): RefCollateral[] =>
        w.collaterals.map((c, j) => ({
          amount: holdings[i][j],
          decimals: c.decimals,
          answer: answers[j],
          feedDecimals: c.feedDecimals,
          ltv: c.ltv,
          threshold: c.threshold,
        }));
      // Borrow a random share of each limit; borrowing one unit past the limit must fail.
      for (let i = 0; i < signers.length; i++) {
        const ref = position(refFor(i), debtDecimals);
        const state = await w.pool.accountState(signers[i].address);
        expect(state.collateralValue).to.equal(ref.collateralValue);
        expect(state.borrowLimit).to.equal(ref.borrowLimit);
        expect(state.liquidationLimit).to.equal(ref.liquidationLimit);
        if (ref.borrowLimit === 0n) continue;
        if (i % 6 === 0) {
          await expect(
            w.pool.connect(signers[i]).borrow(ref.borrowLimit + 1n, signers[i].address, signers[i].address),
          ).to.be.revertedWithCustomError(w.pool, "BorrowLimitExceeded");
          await w.pool.connect(signers[i]).borrow(ref.borrowLimit, signers[i].address, signers[i].address);
        } else {
          const share = BigInt(Math.floor(random() * 1000));
          const amount = (ref.borrowLimit * share) / 1000n;
          if (amount > 0n) await w.pool.connect(signers[i]).borrow(amount, signers[i].address, signers[i].address);
        }
      }
      await setPrices();
      for (let i = 0; i < signers.length; i++) {
        const ref = position(refFor(i), debtDecimals);
        const debt = await w.pool.debtOf(signers[i].address);
        const state = await w.pool.accountState(signers[i].address);
        expect(state.collateralValue).to.equal(ref.collateralValue);
        expect(state.liquidationLimit).to.equal(ref.liquidationLimit);
        expect(state.healthFactor).to.equal(healthFactor(ref.liquidationLimit, debt));
        expect(await w.pool.healthFactor(signers[i].address)).to.equal(state.healthFactor);
      }
    });
  });
}

async function world6() {
  return world(6);
}
async function world18() {
  return world(18);
}
