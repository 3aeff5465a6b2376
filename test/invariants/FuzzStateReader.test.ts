import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { fuzzWorld } from "./world";
import { execute, readState } from "./runner";

/** The fuzzer's one-call state read (contracts/test/FuzzStateReader.sol) against the views it replaces, one by one. */
describe("FuzzStateReader (the invariant fuzzer's state read)", () => {
  it("reads what the market, auction, AMM and feed views return, with an auction open", async () => {
    const w = await loadFixture(fuzzWorld);
    const pre = await readState(w);
    const kick = await execute(w, { t: "kick", who: 7, borrower: 5, asset: 0, pickUnhealthy: false, crash: true }, pre);
    expect(kick.ok, kick.error).to.equal(true);
    const s = await readState(w);
    const { pool, auctions, amm, usdc, weth, wbtc } = w;
    expect(s.poolUsdc).to.equal(await usdc.balanceOf(pool));
    expect(s.supplyAssets).to.equal(await pool.totalSupplyAssets());
    expect(s.supplyShares).to.equal(await pool.totalSupplyShares());
    expect(s.borrowAssets).to.equal(await pool.totalBorrowAssets());
    expect(s.borrowShares).to.equal(await pool.totalBorrowShares());
    expect(s.reserves).to.equal(await pool.reserves());
    expect(s.debtInAuction).to.equal(await pool.debtInAuction());
    expect(s.badDebt).to.equal(await pool.totalBadDebt());
    expect(s.totalCollateral).to.deep.equal([await pool.totalCollateral(weth), await pool.totalCollateral(wbtc)]);
    expect(s.poolCollateral).to.deep.equal([await weth.balanceOf(pool), await wbtc.balanceOf(pool)]);
    expect(s.auctionCollateral).to.deep.equal([await weth.balanceOf(auctions), await wbtc.balanceOf(auctions)]);
    expect(s.auctionUsdc).to.equal(await usdc.balanceOf(auctions));
    expect(s.debtInAuctions).to.equal(await auctions.debtInAuctions(pool));
    expect(s.assetDebtInAuctions).to.deep.equal([
      await auctions.assetDebtInAuctions(pool, weth),
      await auctions.assetDebtInAuctions(pool, wbtc),
    ]);
    const lots = await auctions.activeAuctions();
    expect(lots.length).to.equal(1);
    expect(s.auctions).to.deep.equal(
      lots.map((a) => ({
        id: a.id,
        borrower: a.borrower,
        asset: a.asset,
        debtToRaise: a.debtToRaise,
        collateral: a.collateral,
        startPrice: a.startPrice,
        price: a.price,
        startTime: a.startTime,
        needsReset: a.needsReset,
      })),
    );
    for (const [i, actor] of w.actors.entries()) {
      const x = s.accounts[i];
      expect(x.supplyShares).to.equal(await pool.supplyShares(actor.address));
      expect(x.borrowShares).to.equal(await pool.borrowShares(actor.address));
      expect(x.collateral).to.deep.equal([
        await pool.collateralOf(actor.address, weth),
        await pool.collateralOf(actor.address, wbtc),
      ]);
      expect(x.health).to.equal(await pool.healthFactor(actor.address));
      expect(x.wallet).to.deep.equal([
        await usdc.balanceOf(actor.address),
        await weth.balanceOf(actor.address),
        await wbtc.balanceOf(actor.address),
      ]);
    }
    const [r0, r1] = await amm.getReserves();
    const wethIsToken0 = (await amm.token0()) === (await weth.getAddress());
    expect([s.amm.r0, s.amm.r1]).to.deep.equal(wethIsToken0 ? [r0, r1] : [r1, r0]);
    expect(s.amm.supply).to.equal(await amm.totalSupply());
    expect([s.amm.b0, s.amm.b1]).to.deep.equal([await weth.balanceOf(amm), await usdc.balanceOf(amm)]);
    expect(s.amm.traderShares).to.equal(await amm.balanceOf(w.trader.address));
    const eth = await w.ethFeed.latestRoundData();
    expect(s.ethRound).to.equal(eth[0]);
    expect(s.prices).to.deep.equal([eth[1] * 10n ** 10n, (await w.btcFeed.latestRoundData())[1] * 10n ** 10n]);
    for (const [k, asset] of [weth, wbtc].entries()) {
      const c = await pool.collateralConfig(asset);
      expect(s.configs[k]).to.deep.equal({
        ltv: c.ltv,
        threshold: c.liquidationThreshold,
        bonusBps: c.liquidationBonusBps,
      });
    }
  });
});
