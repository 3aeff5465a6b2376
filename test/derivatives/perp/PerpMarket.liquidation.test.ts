import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { deployPerp, ETH, USD, expectConserved, open, poolPrice, moveMarket, movePool, setMark } from "./fixture";
import type { PerpFixture } from "./fixture";

async function events(f: PerpFixture, tx: Promise<ContractTransactionResponse>, name: string) {
  const receipt = await (await tx).wait();
  return receipt!.logs
    .map((l) => {
      try {
        return f.market.interface.parseLog(l);
      } catch {
        return null;
      }
    })
    .filter((e) => e?.name === name)
    .map((e) => e!.args);
}

const MARKET_SALE = 0n;
const BACKSTOP = 1n;

describe("PerpMarket: liquidation", () => {
  const fixture = () => deployPerp();

  it("refuses a healthy position and liquidates one below maintenance by a sale into the pool", async () => {
    const f = await loadFixture(fixture);
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await expect(f.market.connect(f.keeper).liquidate(id)).to.be.revertedWithCustomError(f.market, "NotLiquidatable");
    await moveMarket(f, 1_920n);
    expect(await f.market.isLiquidatable(id)).to.equal(true);
    const before = await poolPrice(f);
    const keeperBefore = await f.debt.balanceOf(f.keeper);
    const insuranceBefore = await f.market.insuranceFund();
    const [liq] = await events(f, f.market.connect(f.keeper).liquidate(id), "Liquidated");
    expect(liq.kind).to.equal(MARKET_SALE);
    expect(liq.size).to.equal(10n * ETH);
    expect(liq.remainingSize).to.equal(0n);
    // The feedback loop: the liquidation is a real sale that lowers the spot price.
    expect(await poolPrice(f)).to.be.lt(before);
    expect((await f.debt.balanceOf(f.keeper)) - keeperBefore).to.equal(liq.keeperReward);
    expect((await f.market.insuranceFund()) - insuranceBefore).to.equal(liq.insuranceFee);
    expect(liq.keeperReward + liq.insuranceFee).to.be.lte((liq.exitNotional * 150n + 9_999n) / 10_000n);
    expect(await f.market.longOpenInterest()).to.equal(0n);
    await expectConserved(f);
  });

  it("liquidates a large position in slices with a cooldown between them (Hyperliquid)", async () => {
    const f = await deployPerp({ largePositionNotional: 10_000n * USD });
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 1_920n);
    const [first] = await events(f, f.market.connect(f.keeper).liquidate(id), "Liquidated");
    expect(first.size).to.equal(2n * ETH); // 20% of 10 ETH
    expect(first.remainingSize).to.equal(8n * ETH);
    await expect(f.market.connect(f.keeper).liquidate(id)).to.be.revertedWithCustomError(f.market, "SliceCooldown");
    await time.increase(30);
    await setMark(f, 1_920n * 10n ** 8n);
    const priceBefore = await poolPrice(f);
    const [second] = await events(f, f.market.connect(f.keeper).liquidate(id), "Liquidated");
    expect(second.size).to.equal((8n * ETH * 2_000n + 9_999n) / 10_000n);
    expect(await poolPrice(f)).to.be.lt(priceBefore);
    await expectConserved(f);
  });

  it("hands a position the pool cannot fill within 1.5 × MMR of the mark to the backstop vault (dYdX spread)", async () => {
    const f = await loadFixture(fixture);
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await movePool(f, 1_700n * USD); // the pool has crashed, the mark lags at 1 920
    await setMark(f, 1_920n * 10n ** 8n);
    const before = await poolPrice(f);
    const [liq] = await events(f, f.market.connect(f.keeper).liquidate(id), "Liquidated");
    expect(liq.kind).to.equal(BACKSTOP);
    expect(await poolPrice(f)).to.equal(before); // no sale now: the vault holds the base
    expect(await f.market.backstopExposure()).to.equal(10n * ETH);
    // The vault unwinds later, through the pool (role-gated).
    await expect(f.market.connect(f.keeper).unwindBackstop(ETH, 0n, 0n)).to.be.revertedWithCustomError(
      f.market,
      "AccessControlUnauthorizedAccount",
    );
    await f.market.unwindBackstop(4n * ETH, 0n, 0n);
    expect(await f.market.backstopExposure()).to.equal(6n * ETH);
    expect(await poolPrice(f)).to.be.lt(before);
    await expectConserved(f);
  });

  it("recognises bad debt beyond margin and pays it from the insurance fund", async () => {
    const f = await loadFixture(fixture);
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 1_800n);
    const insurance = await f.market.insuranceFund();
    const [bad] = await events(f, f.market.connect(f.keeper).liquidate(id), "BadDebt");
    expect(bad.amount).to.be.gt(0n);
    expect(bad.coveredByInsurance).to.equal(bad.amount);
    expect(await f.market.insuranceFund()).to.equal(insurance - bad.amount);
    expect(await f.market.badDebtTotal()).to.equal(bad.amount);
    expect(await f.market.badDebtUncovered()).to.equal(0n);
    await expectConserved(f);
  });

  it("drains the insurance fund, then auto-deleverages the opposite side ranked by profit × leverage", async () => {
    const f = await deployPerp({}, 100n * USD);
    const lowLeverage = await open(f, f.carol, false, 2n * ETH, 2_000n * USD);
    const highLeverage = await open(f, f.bob, false, 2n * ETH, 400n * USD);
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 1_800n);
    expect(await f.market.adlScore(highLeverage)).to.be.gt(await f.market.adlScore(lowLeverage));
    const bobSize = (await f.market.position(highLeverage)).size;
    const tx = f.market.connect(f.keeper).liquidate(id);
    const [bad] = await events(f, tx, "BadDebt");
    expect(await f.market.insuranceFund()).to.equal(0n);
    expect(bad.coveredByInsurance).to.equal(100n * USD);
    expect(bad.coveredByAdl).to.equal(bad.amount - 100n * USD);
    expect(bad.uncovered).to.equal(0n);
    const adl = await f.market.queryFilter(f.market.filters.AutoDeleveraged());
    // Bob (5× more leveraged, same profit) first: his whole profit is withheld, then Carol's covers the rest.
    expect(adl.map((e) => e.args.id)).to.deep.equal([highLeverage, lowLeverage]);
    expect(adl[0].args.size).to.equal(bobSize);
    expect((await f.market.position(highLeverage)).size).to.equal(0n);
    expect((await f.market.position(lowLeverage)).size).to.equal(2n * ETH - adl[1].args.size);
    expect(adl[0].args.haircut + adl[1].args.haircut).to.equal(bad.coveredByAdl);
    expect(await f.market.badDebtCoveredByAdl()).to.equal(bad.coveredByAdl);
    await expectConserved(f);
  });

  it("keeps what neither the fund nor ADL covers recognised as uncovered bad debt", async () => {
    const f = await deployPerp({}, 0n);
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 1_700n);
    const [bad] = await events(f, f.market.connect(f.keeper).liquidate(id), "BadDebt");
    expect(bad.uncovered).to.equal(bad.amount);
    expect(await f.market.badDebtUncovered()).to.equal(bad.amount);
    await expectConserved(f);
  });

  it("liquidates a short squeezed by a rise with a buy on the pool (the price rises)", async () => {
    const f = await loadFixture(fixture);
    const id = await open(f, f.bob, false, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 2_080n);
    const before = await poolPrice(f);
    const [liq] = await events(f, f.market.connect(f.keeper).liquidate(id), "Liquidated");
    expect(liq.kind).to.equal(MARKET_SALE);
    expect(await poolPrice(f)).to.be.gt(before);
    await expectConserved(f);
  });

  it("raises the maintenance margin with same-side open interest when the GMX v2 factor is on", async () => {
    const off = await deployPerp();
    const on = await deployPerp({ oiMmrFactorWad: 10n ** 11n }); // +1e-7 per whole USD of OI
    const a = await open(off, off.alice, true, 10n * ETH, 1_500n * USD);
    const b = await open(on, on.alice, true, 10n * ETH, 1_500n * USD);
    const mmOff = await off.market.maintenanceMarginOf(a);
    const mmOn = await on.market.maintenanceMarginOf(b);
    expect(mmOn).to.be.gt(mmOff);
    await open(on, on.bob, true, 10n * ETH, 3_000n * USD);
    expect(await on.market.maintenanceMarginOf(b)).to.be.gt(mmOn);
    expect(await ethers.provider.getBlockNumber()).to.be.gt(0);
  });
});
