/**
 * An Aave v3 market (deployed from `@aave/core-v3`'s artifacts) behind the market adapter interface: one borrowable
 * debt reserve and the collateral reserves. Positions are read from the protocol's own tokens and
 * `getUserAccountData`; the liquidation preview applies Aave's formulas (liquidation-math.ts) to on-chain reads; the
 * liquidation is `Pool.liquidationCall` (underlying collateral, not aTokens).
 */
import type { ContractTransactionReceipt, Signer, TransactionReceipt, TransactionRequest } from "ethers";
import { Contract, MaxUint256 } from "ethers";
import type {
  AdapterLiquidation,
  AdapterParameters,
  LiquidationPreview,
  MarketAdapter,
  PositionState,
  RecognisedBadDebt,
} from "../market-adapter";
import { totalUncovered, uncoveredDebt } from "../uncovered";
import { aaveLiquidation, CLOSE_FACTOR_HF_THRESHOLD, WAD } from "./liquidation-math";
import { aaveArtifact } from "./deploy";

const ERC20 = [
  "function approve(address,uint256) returns (bool)",
  "function allowance(address,address) view returns (uint256)",
  "function balanceOf(address) view returns (uint256)",
  "function symbol() view returns (string)",
];
/** Aave's interest-rate mode for variable debt (DataTypes.InterestRateMode.VARIABLE). */
const VARIABLE_RATE = 2;
const NO_REFERRAL = 0;

/** One collateral reserve's liquidation parameters, decoded from its ReserveConfiguration bitmap. */
export interface AaveReserveConfig {
  ltvBps: bigint;
  liquidationThresholdBps: bigint;
  /** Including the principal (10500 = 5%). */
  liquidationBonusBps: bigint;
  decimals: number;
  liquidationProtocolFeeBps: bigint;
}

const bits = (word: bigint, start: number, length: number) => (word >> BigInt(start)) & ((1n << BigInt(length)) - 1n);

/** ReserveConfiguration's layout: LTV bits 0-15, threshold 16-31, bonus 32-47, decimals 48-55, protocol fee 152-167. */
export function decodeReserveConfig(word: bigint): AaveReserveConfig {
  return {
    ltvBps: bits(word, 0, 16),
    liquidationThresholdBps: bits(word, 16, 16),
    liquidationBonusBps: bits(word, 32, 16),
    decimals: Number(bits(word, 48, 8)),
    liquidationProtocolFeeBps: bits(word, 152, 16),
  };
}

const bpsPercent = (bps: bigint) => `${bps / 100n}.${(bps % 100n).toString().padStart(2, "0")}%`;

interface Reserve {
  aToken: Contract;
  variableDebt: Contract;
  stableDebt: Contract;
}

export class AaveV3Adapter implements MarketAdapter {
  readonly protocol = "aave-v3" as const;

  private constructor(
    readonly market: string,
    readonly pool: Contract,
    readonly oracle: Contract,
    readonly debtAsset: string,
    readonly collateralAssets: readonly string[],
    private readonly reserves: Map<string, Reserve>,
  ) {}

  /** An adapter over the Pool at `poolAddress` lending `debtAsset` against `collateralAssets`. */
  static async attach(
    market: string,
    poolAddress: string,
    oracleAddress: string,
    debtAsset: string,
    collateralAssets: readonly string[],
    runner: Signer,
  ): Promise<AaveV3Adapter> {
    const pool = new Contract(poolAddress, aaveArtifact("protocol/pool/Pool.sol/Pool.json").abi as never, runner);
    const oracle = new Contract(
      oracleAddress,
      [
        "function getAssetPrice(address) view returns (uint256)",
        "function BASE_CURRENCY_UNIT() view returns (uint256)",
      ],
      runner,
    );
    const reserves = new Map<string, Reserve>();
    for (const asset of [debtAsset, ...collateralAssets]) {
      const d = await pool.getReserveData(asset);
      reserves.set(asset, {
        aToken: new Contract(d.aTokenAddress as string, ERC20, runner),
        variableDebt: new Contract(d.variableDebtTokenAddress as string, ERC20, runner),
        stableDebt: new Contract(d.stableDebtTokenAddress as string, ERC20, runner),
      });
    }
    return new AaveV3Adapter(market, pool, oracle, debtAsset, collateralAssets, reserves);
  }

  private reserve(asset: string): Reserve {
    const r = this.reserves.get(asset);
    if (!r) throw new Error(`${asset} is not a reserve of market ${this.market}`);
    return r;
  }

  private async approveOnce(owner: Signer, token: string, amount: bigint): Promise<void> {
    const erc20 = new Contract(token, ERC20, owner);
    const spender = await this.pool.getAddress();
    if ((await erc20.allowance(await owner.getAddress(), spender)) < amount) {
      await (await erc20.approve(spender, MaxUint256)).wait();
    }
  }

  async supply(lender: Signer, amount: bigint): Promise<void> {
    await this.approveOnce(lender, this.debtAsset, amount);
    const pool = this.pool.connect(lender) as Contract;
    await (await pool.supply(this.debtAsset, amount, await lender.getAddress(), NO_REFERRAL)).wait();
  }

  async openPosition(borrower: Signer, collateralAsset: string, collateral: bigint, borrow: bigint): Promise<void> {
    const who = await borrower.getAddress();
    await this.approveOnce(borrower, collateralAsset, collateral);
    const pool = this.pool.connect(borrower) as Contract;
    await (await pool.supply(collateralAsset, collateral, who, NO_REFERRAL)).wait();
    if (borrow > 0n) await (await pool.borrow(this.debtAsset, borrow, VARIABLE_RATE, NO_REFERRAL, who)).wait();
  }

  async openTxs(borrower: string, collateralAsset: string, collateral: bigint, borrow: bigint) {
    const erc20 = new Contract(collateralAsset, ERC20);
    const txs: TransactionRequest[] = [
      { to: collateralAsset, data: erc20.interface.encodeFunctionData("approve", [this.pool.target, MaxUint256]) },
      await this.pool.supply.populateTransaction(collateralAsset, collateral, borrower, NO_REFERRAL),
    ];
    if (borrow > 0n) {
      txs.push(
        await this.pool.borrow.populateTransaction(this.debtAsset, borrow, VARIABLE_RATE, NO_REFERRAL, borrower),
      );
    }
    return txs.map((tx) => ({ ...tx, from: borrower }));
  }

  /** Variable plus stable debt, as Aave's debt tokens round it (`scaled.rayMul(index)`, half up). */
  private async debtOf(account: string): Promise<bigint> {
    const r = this.reserve(this.debtAsset);
    return ((await r.variableDebt.balanceOf(account)) as bigint) + ((await r.stableDebt.balanceOf(account)) as bigint);
  }

  async position(account: string): Promise<PositionState> {
    const collateral: Record<string, bigint> = {};
    for (const asset of this.collateralAssets) collateral[asset] = await this.reserve(asset).aToken.balanceOf(account);
    const data = await this.pool.getUserAccountData(account);
    return { account, debt: await this.debtOf(account), collateral, healthWad: data.healthFactor as bigint };
  }

  async positions(accounts: readonly string[]): Promise<PositionState[]> {
    return Promise.all(accounts.map((a) => this.position(a)));
  }

  async reserveConfig(asset: string): Promise<AaveReserveConfig> {
    return decodeReserveConfig((await this.pool.getConfiguration(asset)).data as bigint);
  }

  async previewLiquidation(borrower: string, collateralAsset: string, repay: bigint): Promise<LiquidationPreview> {
    const [p, collateralConfig, debtConfig, collateralPrice, debtPrice] = await Promise.all([
      this.position(borrower),
      this.reserveConfig(collateralAsset),
      this.reserveConfig(this.debtAsset),
      this.oracle.getAssetPrice(collateralAsset) as Promise<bigint>,
      this.oracle.getAssetPrice(this.debtAsset) as Promise<bigint>,
    ]);
    const out = aaveLiquidation({
      health: p.healthWad,
      totalDebt: p.debt,
      debtToCover: repay,
      collateralBalance: p.collateral[collateralAsset] ?? 0n,
      collateralPrice,
      debtPrice,
      collateralDecimals: collateralConfig.decimals,
      debtDecimals: debtConfig.decimals,
      liquidationBonus: collateralConfig.liquidationBonusBps,
      protocolFeeBps: collateralConfig.liquidationProtocolFeeBps,
    });
    return { repay: out.repay, seized: out.seized };
  }

  async liquidationTx(
    liquidator: string,
    borrower: string,
    collateralAsset: string,
    repay: bigint,
  ): Promise<TransactionRequest> {
    const tx = await this.pool.liquidationCall.populateTransaction(
      collateralAsset,
      this.debtAsset,
      borrower,
      repay,
      false,
    );
    return { ...tx, from: liquidator };
  }

  async incentiveWad(collateralAsset: string): Promise<bigint> {
    return (await this.reserveConfig(collateralAsset)).liquidationBonusBps * 10n ** 14n;
  }

  async approvals(): Promise<Array<{ token: string; spender: string }>> {
    return [{ token: this.debtAsset, spender: await this.pool.getAddress() }];
  }

  /** `LiquidationCall` events; Aave v3.0 writes nothing off, so `badDebt` is always 0 here (see `badDebt()`). */
  decode(receipt: TransactionReceipt | ContractTransactionReceipt): AdapterLiquidation[] {
    const poolAddress = this.pool.target.toString().toLowerCase();
    const out: AdapterLiquidation[] = [];
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== poolAddress) continue;
      const parsed = this.pool.interface.parseLog(log);
      if (parsed?.name !== "LiquidationCall") continue;
      out.push({
        protocol: this.protocol,
        market: this.market,
        borrower: parsed.args.user as string,
        liquidator: parsed.args.liquidator as string,
        collateralAsset: parsed.args.collateralAsset as string,
        debtRepaid: parsed.args.debtToCover as bigint,
        collateralSeized: parsed.args.liquidatedCollateralAmount as bigint,
        badDebt: 0n,
        blockNumber: receipt.blockNumber,
        txHash: receipt.hash,
      });
    }
    return out;
  }

  /** Value of `amount` of `asset` in debt-token units at the oracle: amount x p x 10^dd / (10^cd x p_debt), down. */
  private async valueInDebt(asset: string, amount: bigint): Promise<bigint> {
    if (amount === 0n) return 0n;
    const [price, debtPrice, config, debtConfig] = await Promise.all([
      this.oracle.getAssetPrice(asset) as Promise<bigint>,
      this.oracle.getAssetPrice(this.debtAsset) as Promise<bigint>,
      this.reserveConfig(asset),
      this.reserveConfig(this.debtAsset),
    ]);
    return (amount * price * 10n ** BigInt(debtConfig.decimals)) / (10n ** BigInt(config.decimals) * debtPrice);
  }

  /** Uncovered debt of `accounts` at the oracle price: Aave v3.0 keeps it on the books as debt without collateral. */
  async badDebt(accounts: readonly string[]): Promise<bigint> {
    const books = [];
    for (const p of await this.positions(accounts)) {
      let collateralValue = 0n;
      for (const asset of this.collateralAssets) collateralValue += await this.valueInDebt(asset, p.collateral[asset]);
      books.push({ debt: p.debt, collateralValue });
    }
    return totalUncovered(books);
  }

  /**
   * Aave v3.0 writes nothing off: its bad debt stays on the books as debt no collateral covers. Per account, the part
   * of its debt (rounded as its debt tokens round it) beyond its collateral's value at the protocol's oracle (rounded
   * down): once a position is there, no liquidation can recover that part (a full liquidation seizes every unit and
   * leaves the rest owed with nothing behind it; keepers leave the last dust of collateral when it no longer pays).
   * The accounts are those with such a part, so that a shortfall-at-market measure leaves them out.
   */
  async recognisedBadDebt(accounts: readonly string[]): Promise<RecognisedBadDebt> {
    const out: RecognisedBadDebt = { amount: 0n, accounts: [] };
    for (const p of await this.positions(accounts)) {
      if (p.debt === 0n) continue;
      let collateralValue = 0n;
      for (const asset of this.collateralAssets) collateralValue += await this.valueInDebt(asset, p.collateral[asset]);
      const uncovered = uncoveredDebt(p.debt, collateralValue);
      if (uncovered === 0n) continue;
      out.amount += uncovered;
      out.accounts.push(p.account);
    }
    return out;
  }

  async parameters(): Promise<AdapterParameters> {
    const out: AdapterParameters = {
      protocol: "Aave v3.0.2 (@aave/core-v3 1.19.3 artifacts)",
      "close factor": `50.00% of debt while health > ${Number(CLOSE_FACTOR_HF_THRESHOLD) / Number(WAD)}, 100.00% at or below`,
      dust: "none (a liquidation may leave any debt)",
      "bad debt": "left on the books as debt without collateral (no write-off in v3.0)",
      oracle: `AaveOracle over the lab feed (LatestAnswerFeed), base unit ${await this.oracle.BASE_CURRENCY_UNIT()}`,
    };
    for (const asset of this.collateralAssets) {
      const c = await this.reserveConfig(asset);
      const symbol = (await new Contract(asset, ERC20, this.pool.runner).symbol()) as string;
      out[`LTV ${symbol}`] = bpsPercent(c.ltvBps);
      out[`liquidation threshold ${symbol}`] = bpsPercent(c.liquidationThresholdBps);
      out[`liquidation bonus ${symbol}`] = `${c.liquidationBonusBps - 10_000n} bps`;
      out[`protocol fee ${symbol}`] = `${bpsPercent(c.liquidationProtocolFeeBps)} of the bonus`;
    }
    return out;
  }
}
