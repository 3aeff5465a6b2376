import { expect } from "chai";
import hre, { ethers } from "hardhat";
import type { Signer } from "ethers";
import { deployLabWith } from "../../scripts/adapters/lab/deploy";
import type { MarketAdapter } from "../../scripts/adapters/market-adapter";
import { deployCompareWorld, type CompareWorld } from "../../scripts/adapters/compare/world";

/*
 * Conformance of the lab adapter, to the wei, against LendingPool's documented formulas (ILendingPool /
 * LendingPool NatSpec; docs/protocols.md): with USDC (6), WETH (18) and a feed of 8 decimals,
 *   value    = amount x answer x 10^6 / 10^(18 + 8)                      (down)
 *   health   = floor(value x LT) / debt                                  (WAD, down)
 *   maxRepay = debt x 50% (up) while health >= 0.95; the whole debt below 0.95 or when value < debt x 1.05
 *   seized   = repaid x 10500 x 10^30 / (priceWad x 10000)             (down; unitScale = 10^(18 + 18 - 6))
 *   if the seizure would take all (or leave less than dust): seized = balance,
 *   repaid = balance x priceWad x 10000 / (10^30 x 10500) (up), and the rest of the debt is written off.
 * The position: 10 WETH, 15,000 USDC borrowed at 2,000; LTV 75%, LT 80%, bonus 5%, dust 10 USDC, zero interest.
 */
const USDC = (n: bigint) => n * 10n ** 6n;
const WETH = (n: bigint) => n * 10n ** 18n;
const ANSWER = (dollars: bigint, cents = 0n) => dollars * 10n ** 8n + cents * 10n ** 6n;

describe("lab adapter: conformance to LendingPool's formulas", () => {
  let world: CompareWorld;
  let market: MarketAdapter;
  let borrower: Signer;
  let keeper: Signer;
  let weth: string;

  beforeEach(async () => {
    const [admin, lender, b, k] = await ethers.getSigners();
    [borrower, keeper] = [b, k];
    world = await deployCompareWorld(hre, admin);
    weth = world.setup.collateralToken;
    market = await deployLabWith({ zeroInterest: true })(hre, world.setup);
    await world.debt.mint(await lender.getAddress(), USDC(1_000_000n));
    await market.supply(lender, USDC(1_000_000n));
    await world.collateral.mint(await borrower.getAddress(), WETH(10n));
    await market.openPosition(borrower, weth, WETH(10n), USDC(15_000n));
    await world.debt.mint(await keeper.getAddress(), USDC(100_000n));
    for (const a of await market.approvals()) {
      const token = await ethers.getContractAt("MockERC20", a.token, keeper);
      await token.approve(a.spender, ethers.MaxUint256);
    }
  });

  async function liquidate(repay: bigint) {
    const tx = await market.liquidationTx(await keeper.getAddress(), await borrower.getAddress(), weth, repay);
    const receipt = await (await keeper.sendTransaction(tx)).wait();
    return market.decode(receipt!);
  }

  it("reads the opened position: debt, collateral and health 16,000 x 0.8 / 15,000", async () => {
    const p = await market.position(await borrower.getAddress());
    expect(p.debt).to.equal(USDC(15_000n));
    expect(p.collateral[weth]).to.equal(WETH(10n));
    // value 20,000e6; limit 16,000e6; 16,000e6 x 1e18 / 15,000e6 = 1.0666...e18 (down)
    expect(p.healthWad).to.equal(1_066_666_666_666_666_666n);
    expect(await market.positions([p.account])).to.deep.equal([p]);
    const preview = await market.previewLiquidation(p.account, weth, USDC(1_000n));
    expect(preview).to.deep.equal({ repay: 0n, seized: 0n });
  });

  it("health 0.9547 >= 0.95: half the debt, seized = 7,500e6 x 10500 x 1e30 / (1,790.13e18 x 1e4) rounded down", async () => {
    await world.setPrice(ANSWER(1790n, 13n));
    const who = await borrower.getAddress();
    // value = 10e18 x 179,013,000,000 x 1e6 / 1e26 = 17,901,300,000; limit x 0.8 = 14,321,040,000
    // health = 14,321,040,000e18 / 15,000,000,000 = 0.954736e18 (>= 0.95: close factor 50%)
    expect((await market.position(who)).healthWad).to.equal(954_736_000_000_000_000n);
    const seized = 4_399_121_851_485_646_293n; // floor(7.875e13 x 1e30 / 1.79013e22)
    expect(await market.previewLiquidation(who, weth, ethers.MaxUint256)).to.deep.equal({
      repay: USDC(7_500n),
      seized,
    });
    const [l, ...rest] = await liquidate(ethers.MaxUint256);
    expect(rest).to.have.length(0);
    expect([l.debtRepaid, l.collateralSeized, l.badDebt]).to.deep.equal([USDC(7_500n), seized, 0n]);
    expect(l.borrower).to.equal(who);
    expect(l.liquidator).to.equal(await keeper.getAddress());
    expect(l.protocol).to.equal("lab");
    expect(await world.collateral.balanceOf(await keeper.getAddress())).to.equal(seized);
    const after = await market.position(who);
    expect([after.debt, after.collateral[weth]]).to.deep.equal([USDC(7_500n), WETH(10n) - seized]);
    expect(after.healthWad).to.be.greaterThan(10n ** 18n);
    expect(await market.badDebt([who])).to.equal(0n);
  });

  it("health exactly 0.95 is not below 0.95: half the debt (Aave v3 closes all of it here)", async () => {
    await world.setPrice(ANSWER(1781n, 25n));
    const who = await borrower.getAddress();
    // value 17,812,500,000; limit 14,250,000,000; health 14,250e6 x 1e18 / 15,000e6 = 0.95e18 exactly
    expect((await market.position(who)).healthWad).to.equal(950_000_000_000_000_000n);
    const [l] = await liquidate(ethers.MaxUint256);
    // seized = floor(7,500e6 x 10500 x 1e30 / (1,781.25e18 x 1e4))
    expect([l.debtRepaid, l.collateralSeized]).to.deep.equal([USDC(7_500n), 4_421_052_631_578_947_368n]);
  });

  it("health 0.9067 < 0.95: the whole 15,000 USDC, seized = 15,000e6 x 1.05 / 1,700 = 9.264705882352941176 WETH", async () => {
    await world.setPrice(ANSWER(1700n));
    const who = await borrower.getAddress();
    expect((await market.position(who)).healthWad).to.equal(906_666_666_666_666_666n);
    const [l] = await liquidate(ethers.MaxUint256);
    expect([l.debtRepaid, l.collateralSeized, l.badDebt]).to.deep.equal([
      USDC(15_000n),
      9_264_705_882_352_941_176n,
      0n,
    ]);
    expect((await market.position(who)).debt).to.equal(0n);
  });

  it("value 14,000 < 15,000 x 1.05: takes all 10 WETH for 13,333.333334 USDC (up) and writes off 1,666.666666", async () => {
    await world.setPrice(ANSWER(1400n));
    const who = await borrower.getAddress();
    // repayForAll = ceil(10e18 x 1400e18 x 1e4 / (1e30 x 10500)) = 13,333,333,334
    const [l] = await liquidate(ethers.MaxUint256);
    expect([l.debtRepaid, l.collateralSeized, l.badDebt]).to.deep.equal([13_333_333_334n, WETH(10n), 1_666_666_666n]);
    const after = await market.position(who);
    expect([after.debt, after.collateral[weth]]).to.deep.equal([0n, 0n]);
    // Written off, and still counted: bad debt is measured as for a protocol that leaves it on the books.
    expect(await market.badDebt([who])).to.equal(1_666_666_666n);
  });

  it("reports its liquidation parameters", async () => {
    const p = await market.parameters();
    expect(p["close factor"]).to.equal("50.00% of debt while health >= 0.95");
    expect(p["liquidation bonus WETH"]).to.equal("500 bps");
    expect(p["liquidation threshold WETH"]).to.equal("80.00%");
  });
});
