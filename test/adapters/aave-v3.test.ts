import { expect } from "chai";
import hre, { ethers } from "hardhat";
import type { Signer } from "ethers";
import { deployAaveV3With, type AaveMarketOptions } from "../../scripts/adapters/aave-v3/deploy-market";
import type { MarketAdapter } from "../../scripts/adapters/market-adapter";
import type { AaveV3Adapter } from "../../scripts/adapters/aave-v3/adapter";
import { deployCompareWorld, type CompareWorld } from "../../scripts/adapters/compare/world";

/*
 * Conformance of the Aave v3 adapter, to the wei, against Aave v3.0's documented formulas (LiquidationLogic,
 * GenericLogic, PercentageMath: percentMul / percentDiv / wadDiv round half up), on the same position as the lab's
 * test: 10 WETH, 15,000 USDC borrowed at 2,000; LTV 75%, LT 80%, bonus 5% (10500); base currency = the feed's
 * 8 decimals, USDC priced 1e8; zero interest (indexes stay 1 RAY).
 *   collateralBase = 10e18 x answer / 1e18;   debtBase = 15,000e6 x 1e8 / 1e6 = 1.5e12
 *   health = wadDiv(percentMul(collateralBase, 8000), debtBase)
 *   maxDebt = percentMul(debt, 5000) while health > 0.95, percentMul(debt, 10000) at or below
 *   seized = percentMul(1e8 x repay x 1e18 / (answer x 1e6), 10500); if above the balance: seized = balance,
 *   repay = percentDiv(answer x balance x 1e6 / (1e8 x 1e18), 10500)
 *   protocol fee = percentMul(seized - percentDiv(seized, 10500), fee), taken from what the liquidator receives.
 */
const USDC = (n: bigint) => n * 10n ** 6n;
const WETH = (n: bigint) => n * 10n ** 18n;
const ANSWER = (dollars: bigint, cents = 0n) => dollars * 10n ** 8n + cents * 10n ** 6n;

describe("Aave v3 adapter: conformance to Aave v3.0's formulas", () => {
  let world: CompareWorld;
  let market: MarketAdapter;
  let admin: Signer;
  let borrower: Signer;
  let keeper: Signer;
  let weth: string;

  async function setUp(options: AaveMarketOptions) {
    const [a, lender, b, k] = await ethers.getSigners();
    [admin, borrower, keeper] = [a, b, k];
    world = await deployCompareWorld(hre, admin);
    weth = world.setup.collateralToken;
    market = await deployAaveV3With({ zeroInterest: true, ...options })(hre, world.setup);
    await world.debt.mint(await lender.getAddress(), USDC(1_000_000n));
    await market.supply(lender, USDC(1_000_000n));
    await world.collateral.mint(await borrower.getAddress(), WETH(10n));
    await market.openPosition(borrower, weth, WETH(10n), USDC(15_000n));
    await world.debt.mint(await keeper.getAddress(), USDC(100_000n));
    for (const x of await market.approvals()) {
      const token = await ethers.getContractAt("MockERC20", x.token, keeper);
      await token.approve(x.spender, ethers.MaxUint256);
    }
  }

  async function liquidate(repay: bigint) {
    const tx = await market.liquidationTx(await keeper.getAddress(), await borrower.getAddress(), weth, repay);
    const receipt = await (await keeper.sendTransaction(tx)).wait();
    return market.decode(receipt!);
  }

  /** Preview and the mined liquidation both equal the hand-computed (repay, seized). */
  async function expectLiquidation(answer: bigint, health: bigint, repay: bigint, seized: bigint) {
    await world.setPrice(answer);
    const who = await borrower.getAddress();
    expect((await market.position(who)).healthWad).to.equal(health);
    expect(await market.previewLiquidation(who, weth, ethers.MaxUint256)).to.deep.equal({ repay, seized });
    const keeperBefore = await world.collateral.balanceOf(await keeper.getAddress());
    const [l, ...rest] = await liquidate(ethers.MaxUint256);
    expect(rest).to.have.length(0);
    expect([l.debtRepaid, l.collateralSeized, l.badDebt]).to.deep.equal([repay, seized, 0n]);
    expect([l.borrower, l.liquidator, l.protocol]).to.deep.equal([who, await keeper.getAddress(), "aave-v3"]);
    expect((await world.collateral.balanceOf(await keeper.getAddress())) - keeperBefore).to.equal(seized);
    return who;
  }

  describe("no protocol fee", () => {
    beforeEach(() => setUp({}));

    it("reads the opened position: health wadDiv(16,000e8, 15,000e8) = 1.0666...67e18 (half up)", async () => {
      const p = await market.position(await borrower.getAddress());
      expect([p.debt, p.collateral[weth], p.healthWad]).to.deep.equal([
        USDC(15_000n),
        WETH(10n),
        1_066_666_666_666_666_667n,
      ]);
      expect(await market.positions([p.account])).to.deep.equal([p]);
      expect(await market.previewLiquidation(p.account, weth, USDC(1_000n))).to.deep.equal({ repay: 0n, seized: 0n });
      await expect(keeper.sendTransaction(await market.liquidationTx(await keeper.getAddress(), p.account, weth, 1n)))
        .to.be.reverted;
    });

    it("health 0.954736 > 0.95: half the debt; seized percentMul(4,189,639,858,557,758,375, 10500) = ...293.75, half up to ...294 (the lab rounds down)", async () => {
      // base = 1e8 x 7,500e6 x 1e18 / (179,013,000,000 x 1e6) = 4,189,639,858,557,758,375 (down)
      const who = await expectLiquidation(
        ANSWER(1790n, 13n),
        954_736_000_000_000_000n,
        USDC(7_500n),
        4_399_121_851_485_646_294n,
      );
      const after = await market.position(who);
      expect(after.debt).to.equal(USDC(7_500n));
      expect(after.healthWad).to.be.greaterThan(10n ** 18n);
    });

    it("health exactly 0.95 is not above the threshold: the whole debt (15,000e6 for 8.842105263157894736 WETH)", async () => {
      await expectLiquidation(ANSWER(1781n, 25n), 950_000_000_000_000_000n, USDC(15_000n), 8_842_105_263_157_894_736n);
    });

    it("health 0.950005 just above 0.95: half the debt", async () => {
      await expectLiquidation(ANSWER(1781n, 26n), 950_005_333_333_333_333n, USDC(7_500n), 4_421_027_811_773_688_288n);
    });

    it("value 14,000 < 15,000 x 1.05: all 10 WETH for percentDiv(14,000e6, 10500) = 13,333.333333; 1,666.666667 stays as debt", async () => {
      const who = await expectLiquidation(ANSWER(1400n), 746_666_666_666_666_667n, 13_333_333_333n, WETH(10n));
      const after = await market.position(who);
      // Aave v3.0 writes nothing off: the rest is debt with no collateral behind it.
      expect([after.debt, after.collateral[weth], after.healthWad]).to.deep.equal([1_666_666_667n, 0n, 0n]);
      expect(await market.badDebt([who])).to.equal(1_666_666_667n);
      expect(await market.previewLiquidation(who, weth, ethers.MaxUint256)).to.deep.equal({ repay: 0n, seized: 0n });
    });

    it("reports its parameters", async () => {
      const p = await market.parameters();
      expect(p["close factor"]).to.equal("50.00% of debt while health > 0.95, 100.00% at or below");
      expect(p["liquidation bonus WETH"]).to.equal("500 bps");
      expect(p["liquidation threshold WETH"]).to.equal("80.00%");
      expect(p["LTV WETH"]).to.equal("75.00%");
    });
  });

  describe("protocol fee 10% of the bonus", () => {
    beforeEach(() => setUp({ liquidationProtocolFeeBps: 1000 }));

    it("health 0.954736: the treasury takes percentMul(seized - percentDiv(seized, 10500), 1000) = 20,948,199,292,788,792", async () => {
      const fee = 20_948_199_292_788_792n;
      await expectLiquidation(
        ANSWER(1790n, 13n),
        954_736_000_000_000_000n,
        USDC(7_500n),
        4_399_121_851_485_646_294n - fee,
      );
      // The fee is paid in aWETH to the treasury (the admin here).
      const pool = (market as AaveV3Adapter).pool;
      const aWeth = await ethers.getContractAt("MockERC20", (await pool.getReserveData(weth)).aTokenAddress as string);
      expect(await aWeth.balanceOf(await admin.getAddress())).to.equal(fee);
      const position = await market.position(await borrower.getAddress());
      expect(position.collateral[weth]).to.equal(WETH(10n) - 4_399_121_851_485_646_294n);
      expect((await market.parameters())["protocol fee WETH"]).to.equal("10.00% of the bonus");
    });

    it("all the collateral at 1,400: the liquidator gets 10 WETH less the fee 47,619,047,619,047,619", async () => {
      await expectLiquidation(
        ANSWER(1400n),
        746_666_666_666_666_667n,
        13_333_333_333n,
        WETH(10n) - 47_619_047_619_047_619n,
      );
    });
  });
});
