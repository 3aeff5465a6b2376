import {
  emptyBlockRecord,
  type BlockRecord,
  type LiquidationRecord,
  type PositionTiming,
} from "../../scripts/sim/metrics";

/** A block record with nothing happening at `price`; override what a test needs. */
export function blockRecord(block: number, over: Partial<BlockRecord> = {}): BlockRecord {
  const price = over.exogenousPrice ?? 2000;
  return {
    ...emptyBlockRecord(block, 1_700_000_000 + 12 * block, price, price),
    ammPrice: price,
    oraclePrice: price,
    ...over,
  };
}

export function liquidationRecord(block: number, over: Partial<LiquidationRecord> = {}): LiquidationRecord {
  return {
    block,
    chainBlock: 100 + block,
    txHash: `0x${block.toString(16).padStart(64, "0")}`,
    kind: "fixed-bonus",
    market: "main",
    asset: "weth",
    keeper: "keeper/fixed-bonus/0.0",
    liquidator: "0x00000000000000000000000000000000000000k1",
    borrower: `0x${block.toString(16).padStart(40, "0")}`,
    debtRepaid: 1_000_000_000n,
    collateralSeized: 10n ** 18n,
    collateralSold: 10n ** 18n,
    saleProceeds: 1_020_000_000n,
    salePrice: 1020,
    externalPrice: 1050,
    oraclePrice: 1040,
    grossProfit: 20_000_000n,
    gasUsed: 250_000n,
    gasCost: 2_000_000n,
    priorityFee: 500_000n,
    ...over,
  };
}

/** A small hand-made cascade: exogenous −20% at block 2, AMM −40% by block 4, liquidations in 3,4 and 7. */
export function sampleRun(): { blocks: BlockRecord[]; liquidations: LiquidationRecord[]; timings: PositionTiming[] } {
  const exo = [100, 100, 80, 80, 80, 80, 80, 80, 80, 80];
  const amm = [100, 100, 90, 70, 60, 65, 70, 72, 75, 78];
  const oracle = [100, 100, 100, 90, 70, 60, 65, 70, 72, 75];
  const liq = [0, 0, 0, 2, 1, 0, 0, 1, 0, 0];
  const blocks = exo.map((p, i) =>
    blockRecord(i, {
      exogenousPrice: p,
      externalPrice: p,
      ammPrice: amm[i],
      oraclePrice: oracle[i],
      liquidations: liq[i],
      debtRepaid: BigInt(liq[i]) * 1_000_000_000n,
      collateralSeized: BigInt(liq[i]) * 10n ** 18n,
      collateralSold: BigInt(liq[i]) * 10n ** 18n,
      keeperGrossProfit: BigInt(liq[i]) * 20_000_000n,
      keeperGasUsed: BigInt(liq[i]) * 250_000n,
      keeperGasFailed: i === 4 ? 100_000n : 0n,
      keeperGasCost: BigInt(liq[i]) * 2_000_000n + (i === 4 ? 800_000n : 0n),
      priorityFeesPaid: BigInt(liq[i]) * 500_000n,
      totalBadDebt: i >= 7 ? 5_000_000n : 0n,
      positionsAtRisk: [liq[i], 1, 2, 3],
    }),
  );
  const liquidations = [
    liquidationRecord(3, { salePrice: 69, externalPrice: 80 }),
    liquidationRecord(3, {
      salePrice: 81,
      externalPrice: 80,
      collateralSeized: 3n * 10n ** 18n,
      collateralSold: 3n * 10n ** 18n,
    }),
    liquidationRecord(4, { kind: "auction-take", salePrice: 60, externalPrice: 80 }),
    liquidationRecord(7, { salePrice: 72, externalPrice: 80, collateralSold: 0n }),
  ];
  const timings = [
    { borrower: "a", firstLiquidatableBlock: 3, firstLiquidatedBlock: 3 },
    { borrower: "b", firstLiquidatableBlock: 3, firstLiquidatedBlock: 4 },
    { borrower: "c", firstLiquidatableBlock: 4, firstLiquidatedBlock: 7 },
    { borrower: "d", firstLiquidatableBlock: 5, firstLiquidatedBlock: null },
  ];
  return { blocks, liquidations, timings };
}
