import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarket, deployMarketNoInterest, openPosition, USDC, ETH, BTC, FEED, WAD } from "../lending/fixtures";

/**
 * Accounts in the "many accounts" scan: 1,000 by default; the coverage run (scripts/coverage/run.ts) sets
 * LENS_ACCOUNTS=40 because an instrumented 1,000-account scan needs more than 18 GB.
 */
const LENS_ACCOUNTS = Number(process.env.LENS_ACCOUNTS ?? 1000);
/** Accounts credited per BatchDepositor call: four calls stay far below the block gas limit. */
const DEPOSIT_BATCH = 250;

describe("RiskLens", () => {
  async function world() {
    return positions(await deployMarketNoInterest());
  }
  async function worldWithInterest() {
    return positions(await deployMarket());
  }
  async function positions(m: Awaited<ReturnType<typeof deployMarket>>) {
    const lens = await ethers.deployContract("RiskLens");
    const [, , a, b, c] = m.signers;
    await openPosition(m, a, { weth: ETH(10) }, USDC(15_000)); // health 1.0667 at 2,000
    await openPosition(m, b, { weth: ETH(10) }, USDC(10_000)); // health 1.6
    await openPosition(m, c, { weth: ETH(2), wbtc: BTC(1) }, USDC(20_000));
    return { ...m, lens, a, b, c };
  }

  it("returns health factors and full account states for a list", async () => {
    const w = await loadFixture(world);
    const accounts = [w.a.address, w.b.address, w.c.address, ethers.Wallet.createRandom().address];
    const hf = await w.lens.healthFactors(await w.pool.getAddress(), accounts);
    for (let i = 0; i < accounts.length; i++) expect(hf[i]).to.equal(await w.pool.healthFactor(accounts[i]));
    expect(hf[3]).to.equal(ethers.MaxUint256);
    const states = await w.lens.accountStates(await w.pool.getAddress(), accounts);
    expect(states[0].debt).to.equal(USDC(15_000));
    expect(states[2].collateralValue).to.equal(USDC(34_000));
  });

  it("the market's batched health factors equal the one-by-one ones to the wei, with interest pending", async () => {
    const w = await loadFixture(worldWithInterest);
    await time.increase(200 * 86_400); // unaccrued interest: both must see the same accrued debt
    await w.ethFeed.setAnswer(FEED(1850));
    const accounts = [w.a.address, w.b.address, w.c.address, ethers.Wallet.createRandom().address];
    const batch = await w.pool.healthFactorsOf(accounts);
    const one = await Promise.all(accounts.map((a) => w.pool.healthFactor(a)));
    expect(batch).to.deep.equal(one);
    expect(batch[0]).to.be.lt(WAD);
  });

  it("lists only the liquidatable accounts with the best repay and the collateral it yields", async () => {
    const w = await loadFixture(world);
    await w.ethFeed.setAnswer(FEED(1850)); // a: 14,800 / 15,000 < 1; b: 1.48; c: 2,960 + 22,500 > 20,000
    const found = await w.lens.liquidatable(await w.pool.getAddress(), [w.a.address, w.b.address, w.c.address]);
    expect(found).to.have.length(1);
    expect(found[0].account).to.equal(w.a.address);
    expect(found[0].asset).to.equal(await w.weth.getAddress());
    const [repaid, seized] = await w.pool.previewLiquidation(w.a.address, await w.weth.getAddress(), ethers.MaxUint256);
    expect(found[0].maxRepay).to.equal(repaid);
    expect(found[0].collateralOut).to.equal(seized);
    expect(repaid).to.equal(USDC(7_500)); // close factor 50%
    expect(found[0].healthFactor).to.equal((14_800n * WAD) / 15_000n);
  });

  it("previews each account's largest liquidation as the market does, zero for the healthy", async () => {
    const w = await loadFixture(world);
    await w.ethFeed.setAnswer(FEED(1850)); // only a is liquidatable
    const accounts = [w.a.address, w.b.address, w.c.address];
    const weth = await w.weth.getAddress();
    const [repay, seized] = await w.lens.previews(await w.pool.getAddress(), weth, accounts);
    for (const [i, account] of accounts.entries()) {
      const [r, s] = await w.pool.previewLiquidation(account, weth, ethers.MaxUint256);
      expect([repay[i], seized[i]]).to.deep.equal([r, s]);
    }
    expect(repay[0]).to.equal(USDC(7_500));
    expect([repay[1], seized[1]]).to.deep.equal([0n, 0n]);
  });

  it("returns raw collateral and debt shares for indexers", async () => {
    const w = await loadFixture(world);
    const accounts = [w.a.address, w.b.address, w.c.address];
    const [collateral, shares] = await w.lens.rawPositions(
      await w.pool.getAddress(),
      await w.weth.getAddress(),
      accounts,
    );
    for (let i = 0; i < accounts.length; i++) {
      expect(collateral[i]).to.equal(await w.pool.collateralOf(accounts[i], await w.weth.getAddress()));
      expect(shares[i]).to.equal(await w.pool.borrowShares(accounts[i]));
    }
    expect(collateral[2]).to.equal(ETH(2));
  });

  it("reports market totals and utilization", async () => {
    const w = await loadFixture(world);
    const t = await w.lens.marketTotals(await w.pool.getAddress());
    expect(t.supplied).to.equal(USDC(1_000_000));
    expect(t.borrowed).to.equal(USDC(45_000));
    expect(t.utilization).to.equal((USDC(45_000) * WAD) / USDC(1_000_000));
    expect(t.availableLiquidity).to.equal(USDC(955_000));
    expect(t.badDebt).to.equal(0n);
  });

  it(`handles ${LENS_ACCOUNTS} accounts with collateral in one call`, async () => {
    const w = await loadFixture(world);
    const depositor = await ethers.deployContract("BatchDepositor");
    const accounts = Array.from({ length: LENS_ACCOUNTS }, (_, i) =>
      ethers.getAddress(ethers.toBeHex(0x1000n + BigInt(i), 20)),
    );
    await w.weth.mint(w.signers[0].address, ETH(LENS_ACCOUNTS));
    await w.weth.approve(await depositor.getAddress(), ETH(LENS_ACCOUNTS));
    for (let i = 0; i < LENS_ACCOUNTS; i += DEPOSIT_BATCH) {
      await depositor.depositFor(
        await w.pool.getAddress(),
        await w.weth.getAddress(),
        accounts.slice(i, i + DEPOSIT_BATCH),
        ETH(1),
      );
    }
    const all = [...accounts, w.a.address];
    await w.ethFeed.setAnswer(FEED(1850));
    const found = await w.lens.liquidatable(await w.pool.getAddress(), all);
    expect(found.map((f) => f.account)).to.deep.equal([w.a.address]);
    const gas = await w.lens.liquidatable.estimateGas(await w.pool.getAddress(), all);
    // within the in-process chain's 60M call gas, with room to spare (measured about 24M)
    expect(gas).to.be.lt(30_000_000n);
  });
});
