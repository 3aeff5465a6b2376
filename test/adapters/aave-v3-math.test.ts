import { expect } from "chai";
import {
  aaveLiquidation,
  healthFactor,
  maxLiquidatableDebt,
  percentDiv,
  percentMul,
  wadDiv,
} from "../../scripts/adapters/aave-v3/liquidation-math";
import { decodeReserveConfig } from "../../scripts/adapters/aave-v3/adapter";

const WAD = 10n ** 18n;

describe("Aave v3.0 liquidation math (plain functions)", () => {
  it("percentMul / percentDiv / wadDiv round half up, as PercentageMath and WadRayMath", () => {
    expect(percentMul(3n, 5_000n)).to.equal(2n); // 1.5 -> 2
    expect(percentMul(1n, 4_999n)).to.equal(0n); // 0.4999 -> 0
    expect(percentDiv(1n, 20_000n)).to.equal(1n); // 0.5 -> 1
    expect(percentDiv(10_499n, 10_500n)).to.equal(9_999n); // 9,999.04 -> 9,999
    expect(wadDiv(2n, 3n)).to.equal(666_666_666_666_666_667n);
  });

  it("health is max without debt; close factor 50% above 0.95 and 100% at 0.95", () => {
    expect(healthFactor(100n, 8_000n, 0n)).to.equal(2n ** 256n - 1n);
    expect(healthFactor(20_000n, 8_000n, 16_000n)).to.equal(WAD);
    expect(maxLiquidatableDebt(1_001n, (WAD * 95n) / 100n + 1n)).to.equal(501n); // 500.5 half up
    expect(maxLiquidatableDebt(1_001n, (WAD * 95n) / 100n)).to.equal(1_001n);
  });

  const base = {
    totalDebt: 15_000n * 10n ** 6n,
    debtToCover: 2n ** 256n - 1n,
    collateralBalance: 10n * WAD,
    debtPrice: 10n ** 8n,
    collateralDecimals: 18,
    debtDecimals: 6,
    liquidationBonus: 10_500n,
    protocolFeeBps: 0n,
  };

  it("nothing at health >= 1 or without collateral", () => {
    const zero = { repay: 0n, seized: 0n, protocolFee: 0n };
    expect(aaveLiquidation({ ...base, health: WAD, collateralPrice: 2_000n * 10n ** 8n })).to.deep.equal(zero);
    expect(
      aaveLiquidation({ ...base, health: WAD / 2n, collateralBalance: 0n, collateralPrice: 10n ** 8n }),
    ).to.deep.equal(zero);
  });

  it("a requested repay below the close factor is kept; the fee comes out of the liquidator's collateral", () => {
    // 1,000 USDC at 2,000: base 0.5 WETH, x 1.05 = 0.525; bonus 0.025 WETH; 10% of it = 0.0025 WETH
    const out = aaveLiquidation({
      ...base,
      health: (WAD * 96n) / 100n,
      debtToCover: 1_000n * 10n ** 6n,
      collateralPrice: 2_000n * 10n ** 8n,
      protocolFeeBps: 1_000n,
    });
    expect(out).to.deep.equal({
      repay: 1_000n * 10n ** 6n,
      seized: 5_225n * 10n ** 14n,
      protocolFee: 25n * 10n ** 14n,
    });
  });

  it("decodes ReserveConfiguration: LTV 0-15, threshold 16-31, bonus 32-47, decimals 48-55, fee 152-167", () => {
    const word = 7_500n | (8_000n << 16n) | (10_500n << 32n) | (18n << 48n) | (1n << 56n) | (1_000n << 152n);
    expect(decodeReserveConfig(word)).to.deep.equal({
      ltvBps: 7_500n,
      liquidationThresholdBps: 8_000n,
      liquidationBonusBps: 10_500n,
      decimals: 18,
      liquidationProtocolFeeBps: 1_000n,
    });
  });
});
