/**
 * Conformance of the Morpho Blue adapter (issue 17): Morpho's own `liquidate`, driven through the adapter, on
 * positions whose outcome is computed by hand below from Morpho's documented formulas (Morpho.sol `liquidate`,
 * SharesMathLib, ConstantsLib), to the wei. The figures are literals; each comment gives its derivation.
 *
 * World: loan token 6 decimals ("USDC"), collateral 18 decimals ("WETH"), lab feed 8 decimals, LLTV 0.8.
 *   oracle price = answer x 10^(36 + 6 - 18 - 8) = answer x 1e16
 *   LIF = min(1.15, 1e18 x 1e18 / (1e18 - 0.3e18 x 0.2e18 / 1e18)) = floor(1e36 / 0.94e18) = 1063829787234042553
 * A lender supplies 10,000 USDC; the borrower posts 1 WETH and borrows 1,500 USDC at 2,000 USDC/WETH. The first
 * borrow mints shares at toSharesUp(1500e6, 0, 0) = ceil(1500e6 x (0 + 1e6) / (0 + 1)) = 1500e12, so one asset is
 * (1500e12 + 1e6) / (1500e6 + 1) = 1e6 shares exactly while nothing else changes the totals.
 */
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { Morpho__factory } from "../../typechain-types";
import { MorphoBlueAdapter } from "../../scripts/adapters/morpho-blue/adapter";
import { deployMorphoBlue, morphoBlueDeployer } from "../../scripts/adapters/morpho-blue/deploy";
import type { MarketSetup } from "../../scripts/adapters/market-adapter";

const USDC = (n: bigint) => n * 10n ** 6n;
const WETH = 10n ** 18n;
const FEED_DECIMALS = 8;
const answer = (usdPerWeth: bigint) => usdPerWeth * 10n ** 8n;
const LLTV = 8n * 10n ** 17n;

async function world() {
  const [admin, lender, borrower, liquidator] = await ethers.getSigners();
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
  const feed = await ethers.deployContract("LaggedPriceFeed", [
    FEED_DECIMALS,
    "WETH / USDC",
    admin.address,
    admin.address,
    0,
    0,
  ]);
  await feed.submit(answer(2_000n), (await ethers.provider.getBlock("latest"))!.timestamp);
  const setup: MarketSetup = {
    market: "main",
    admin,
    debtToken: await usdc.getAddress(),
    collateralToken: await weth.getAddress(),
    collateralFeed: await feed.getAddress(),
    ltvWad: 75n * 10n ** 16n,
    liquidationThresholdWad: LLTV,
    liquidationBonusBps: 500,
  };
  const adapter = (await deployMorphoBlue(hre, setup)) as MorphoBlueAdapter;
  await usdc.mint(lender.address, USDC(10_000n));
  await adapter.supply(lender, USDC(10_000n));
  await weth.mint(borrower.address, WETH);
  await adapter.openPosition(borrower, setup.collateralToken, WETH, USDC(1_500n));
  await usdc.mint(liquidator.address, USDC(2_000n));
  for (const { token, spender } of await adapter.approvals()) {
    await (await ethers.getContractAt("MockERC20", token)).connect(liquidator).approve(spender, ethers.MaxUint256);
  }
  const morpho = Morpho__factory.connect(adapter.deployment.morpho, ethers.provider);
  const setPrice = async (usdPerWeth: bigint) =>
    feed.submit(answer(usdPerWeth), (await ethers.provider.getBlock("latest"))!.timestamp);
  return { adapter, morpho, usdc, weth, feed, setPrice, borrower, liquidator, lender, setup };
}

async function liquidate(w: Awaited<ReturnType<typeof world>>, repay: bigint) {
  const collateral = w.adapter.collateralAssets[0];
  const preview = await w.adapter.previewLiquidation(w.borrower.address, collateral, repay);
  const tx = await w.adapter.liquidationTx(w.liquidator.address, w.borrower.address, collateral, repay);
  const receipt = (await (await w.liquidator.sendTransaction(tx)).wait())!;
  return { preview, receipt, records: w.adapter.decode(receipt) };
}

describe("Morpho Blue adapter: conformance with Morpho's own liquidate", function () {
  it("reads the opened position as Morpho books it and reports health from _isHealthy's terms", async function () {
    const w = await loadFixture(world);
    const p = await w.adapter.position(w.borrower.address);
    expect(p.debt).to.equal(USDC(1_500n)); // toAssetsUp(1500e12) = ceil(1500e12 x (1500e6 + 1) / (1500e12 + 1e6))
    expect(p.collateral[w.adapter.collateralAssets[0]]).to.equal(WETH);
    // maxBorrow = 1e18 x 2e27 / 1e36 x 0.8 = 1600e6; health = 1600e6 x 1e18 / 1500e6 = 1.0666...e18, rounded down
    expect(p.healthWad).to.equal(1066666666666666666n);
    const m = await w.morpho.market(w.adapter.id);
    expect(m.totalBorrowShares).to.equal(1500n * 10n ** 12n);
    expect(await w.adapter.badDebt([w.borrower.address])).to.equal(0n);
    // A healthy position: Morpho refuses, and the preview says nothing would happen.
    expect(
      await w.adapter.previewLiquidation(w.borrower.address, w.adapter.collateralAssets[0], USDC(500n)),
    ).to.deep.equal({ repay: 0n, seized: 0n });
  });

  it("partial liquidation at 1,800: repaidShares from assets rounded down, seized collateral rounded down", async function () {
    const w = await loadFixture(world);
    await w.setPrice(1_800n); // oracle price 1.8e27
    // maxBorrow = 1e18 x 1.8e27 / 1e36 x 0.8 = 1440e6 < 1500e6; health = 1440e6 x 1e18 / 1500e6 = 0.96e18
    expect((await w.adapter.position(w.borrower.address)).healthWad).to.equal(96n * 10n ** 16n);
    const before = await w.weth.balanceOf(w.liquidator.address);
    const { preview, records } = await liquidate(w, USDC(500n));
    // repaidShares = toSharesDown(500e6) = floor(500e6 x 1e6) = 500e12
    // seized = toAssetsDown(500e12) = 500e6; x LIF (wMulDown) = floor(500e6 x 1.063829787234042553) = 531914893;
    //          x 1e36 / 1.8e27 (mulDivDown) = floor(531914893e9 / 1.8) = 295508273888888888
    // repaidAssets = toAssetsUp(500e12) = 500e6
    const seized = 295508273888888888n;
    expect(preview).to.deep.equal({ repay: USDC(500n), seized });
    expect(records).to.have.length(1);
    expect(records[0]).to.deep.include({
      protocol: "morpho-blue",
      market: "main",
      borrower: w.borrower.address,
      liquidator: w.liquidator.address,
      debtRepaid: USDC(500n),
      collateralSeized: seized,
      badDebt: 0n,
    });
    expect((await w.weth.balanceOf(w.liquidator.address)) - before).to.equal(seized);
    expect(await w.usdc.balanceOf(w.liquidator.address)).to.equal(USDC(1_500n));
    const p = await w.adapter.position(w.borrower.address);
    expect(p.debt).to.equal(USDC(1_000n));
    expect(p.collateral[w.adapter.collateralAssets[0]]).to.equal(WETH - seized);
    // value = floor(704491726111111112 x 1.8e27 / 1e36) = floor(1268085107.0000000016) = 1268085107;
    // maxBorrow = wMulDown(1268085107, 0.8e18) = floor(1014468085.6) = 1014468085; health = that x 1e18 / 1000e6
    expect(p.healthWad).to.equal(1014468085n * 10n ** 9n);
  });

  it("no close factor: one call repays the whole 1,500 at 1,800 and leaves the rest of the collateral", async function () {
    const w = await loadFixture(world);
    await w.setPrice(1_800n);
    const { preview, records } = await liquidate(w, USDC(2_000n)); // asks more than the debt: capped at the shares
    // repaidShares = min(toSharesDown(2000e6) = 2000e12, 1500e12) = 1500e12; seized = 1500e6 x LIF = 1595744680
    // (floor of 1595744680.85), x 1e36 / 1.8e27 = floor(1595744680e9 / 1.8) = 886524822222222222 < 1e18
    const seized = 886524822222222222n;
    expect(preview).to.deep.equal({ repay: USDC(1_500n), seized });
    expect(records[0]).to.deep.include({ debtRepaid: USDC(1_500n), collateralSeized: seized, badDebt: 0n });
    const p = await w.adapter.position(w.borrower.address);
    expect(p.debt).to.equal(0n);
    expect(p.healthWad).to.equal(2n ** 256n - 1n);
    expect(p.collateral[w.adapter.collateralAssets[0]]).to.equal(WETH - seized);
  });

  it("crash to 1,000: seizes all the collateral (seizedAssets input) and Morpho realises the rest as bad debt", async function () {
    const w = await loadFixture(world);
    await w.setPrice(1_000n); // oracle price 1e27; collateral worth 1000e6 against 1500e6 of debt
    expect(await w.adapter.badDebt([w.borrower.address])).to.equal(USDC(500n)); // 1500e6 - 1000e6, not realised yet
    const supplyBefore = (await w.morpho.market(w.adapter.id)).totalSupplyAssets;
    const { preview, records } = await liquidate(w, USDC(1_500n));
    // By shares the whole debt would seize 1500e6 x LIF x 1e36 / 1e27 = 1.59574468e18 > 1e18: seize 1e18 instead.
    // seizedAssetsQuoted = mulDivUp(1e18, 1e27, 1e36) = 1000e6; / LIF (wDivUp) = ceil(1000e6 x 1e18 / LIF)
    //   = ceil(940000000.00000000017...) = 940000001 (LIF is rounded down, so the quotient is just above 940e6);
    // repaidShares = toSharesUp(940000001) = 940000001e6; repaidAssets = toAssetsUp(940000001e6) = 940000001.
    // Left: 1500e6 - 940000001 = 559999999 assets and 559999999e6 shares, all the borrower's, no collateral:
    // badDebtAssets = min(559999999, toAssetsUp(559999999e6, 559999999, 559999999e6))
    //               = ceil(559999999e6 x 560000000 / 560000000e6) = 559999999
    expect(preview).to.deep.equal({ repay: 940000001n, seized: WETH });
    expect(records).to.have.length(1);
    expect(records[0]).to.deep.include({ debtRepaid: 940000001n, collateralSeized: WETH, badDebt: 559999999n });
    const m = await w.morpho.market(w.adapter.id);
    expect(m.totalBorrowAssets).to.equal(0n);
    expect(m.totalBorrowShares).to.equal(0n);
    expect(supplyBefore - m.totalSupplyAssets).to.equal(559999999n); // charged to suppliers
    const p = await w.adapter.position(w.borrower.address);
    expect(p.debt).to.equal(0n);
    expect(p.collateral[w.adapter.collateralAssets[0]]).to.equal(0n);
    // The lab's measure after realisation: nothing uncovered left, plus what Morpho realised.
    expect(await w.adapter.realisedBadDebt()).to.equal(559999999n);
    expect(await w.adapter.badDebt([w.borrower.address])).to.equal(559999999n);
    // Money conserved: the liquidator paid 940000001 and holds the 1e18 collateral.
    expect(await w.usdc.balanceOf(w.liquidator.address)).to.equal(USDC(2_000n) - 940000001n);
    expect(await w.weth.balanceOf(w.liquidator.address)).to.equal(WETH);
  });

  it("states its parameters, and what of the setup Morpho does not use", async function () {
    const w = await loadFixture(world);
    const p = await w.adapter.parameters();
    expect(p["liquidation LTV (LLTV)"]).to.equal("80.0%");
    expect(p["liquidation incentive factor"]).to.match(/^1\.063829787234042553 /);
    expect(p["close factor"]).to.match(/^none/);
    expect(p["opening LTV (not used)"]).to.match(/^75\.0% asked/);
    expect(p["liquidation bonus (not used)"]).to.match(/^500 bps asked/);
  });

  it("refuses a collateral the market does not list, and a repay too small to buy a share", async function () {
    const w = await loadFixture(world);
    await w.setPrice(1_800n);
    await expect(w.adapter.previewLiquidation(w.borrower.address, w.adapter.debtAsset, 1n)).to.be.rejectedWith(/lists/);
    await expect(
      w.adapter.liquidationTx(w.liquidator.address, w.borrower.address, w.adapter.collateralAssets[0], 0n),
    ).to.be.rejectedWith(/no borrow share/);
  });

  it("positions() reads every account as position() does, and a stranger has no debt", async function () {
    const w = await loadFixture(world);
    await w.setPrice(1_800n);
    const accounts = [w.borrower.address, w.lender.address];
    const each = await Promise.all(accounts.map((a) => w.adapter.position(a)));
    expect(await w.adapter.positions(accounts)).to.deep.equal(each);
    expect(each[1]).to.deep.equal({
      account: w.lender.address,
      debt: 0n,
      collateral: { [w.adapter.collateralAssets[0]]: 0n },
      healthWad: 2n ** 256n - 1n,
    });
  });

  it("a second market on the same Morpho singleton: decode and bad debt keep to their own market id", async function () {
    const w = await loadFixture(world);
    const other = (await morphoBlueDeployer({ morpho: w.adapter.deployment.morpho })(hre, {
      ...w.setup,
      market: "second",
      liquidationThresholdWad: 86n * 10n ** 16n, // a second LLTV, enabled on the shared singleton
    })) as MorphoBlueAdapter;
    expect(other.deployment.morpho).to.equal(w.adapter.deployment.morpho);
    expect(other.id).to.not.equal(w.adapter.id);
    expect(await w.morpho.isLltvEnabled(86n * 10n ** 16n)).to.equal(true);
    await w.setPrice(1_000n);
    const { receipt, records } = await liquidate(w, USDC(1_500n));
    expect(records).to.have.length(1);
    expect(other.decode(receipt)).to.deep.equal([]);
    expect(await other.realisedBadDebt()).to.equal(0n);
    expect(await w.adapter.realisedBadDebt()).to.equal(559999999n);
  });
});
