/**
 * The MarketAdapter over one Morpho Blue market (issue 17), deployed from Morpho's own bytecode (deploy.ts). Every
 * read goes to the chain; the liquidation arithmetic the previews need is Morpho's own, transcribed in math.ts.
 * docs/protocols-morpho.md describes the mapping and what differs from the lab's market.
 */
import {
  AbiCoder,
  ZeroAddress,
  formatUnits,
  keccak256,
  type ContractTransactionReceipt,
  type Provider,
  type Signer,
  type TransactionReceipt,
  type TransactionRequest,
} from "ethers";
import {
  EventsLib__factory,
  IERC20__factory,
  IIrm__factory,
  IOracle__factory,
  Morpho__factory,
} from "../../../typechain-types";
import type {
  AdapterLiquidation,
  AdapterParameters,
  LiquidationPreview,
  MarketAdapter,
  PositionState,
  RecognisedBadDebt,
} from "../market-adapter";
import {
  accrue,
  collateralValue,
  debtOf,
  healthWad,
  liquidateOutcome,
  liquidationIncentiveFactor,
  liquidationInputFor,
  type BorrowerPosition,
  type MarketTotals,
} from "./math";

/** Morpho's `MarketParams`: the five values whose hash is the market id. */
export interface MorphoMarketParams {
  loanToken: string;
  collateralToken: string;
  oracle: string;
  irm: string;
  /** Liquidation loan-to-value (WAD, < 1e18). */
  lltv: bigint;
}

/** Where the market lives and what the setup asked for that Morpho has no counterpart for (shown by `parameters`). */
export interface MorphoBlueDeployment {
  morpho: string;
  params: MorphoMarketParams;
  /** The lab feed the oracle adapter reads (AggregatorV3Interface). */
  feed: string;
  /** Block of `createMarket`: realised bad debt is summed from Liquidate events since then. */
  createdAtBlock: number;
  /** Setup values Morpho does not use: opening LTV (WAD) and fixed liquidation bonus (bps). */
  unmapped: { ltvWad: bigint; liquidationBonusBps: number };
}

const EVENTS = EventsLib__factory.createInterface();
const LIQUIDATE_TOPIC = EVENTS.getEvent("Liquidate").topicHash;

/** Morpho's market id: `keccak256(abi.encode(marketParams))` (MarketParamsLib). */
export function marketId(p: MorphoMarketParams): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "address", "address", "address", "uint256"],
      [p.loanToken, p.collateralToken, p.oracle, p.irm, p.lltv],
    ),
  );
}

const percent = (wad: bigint): string => `${formatUnits(wad * 100n, 18)}%`;
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export class MorphoBlueAdapter implements MarketAdapter {
  readonly protocol = "morpho-blue" as const;
  readonly debtAsset: string;
  readonly collateralAssets: readonly string[];
  /** Morpho's market id (bytes32 hex). */
  readonly id: string;

  constructor(
    readonly market: string,
    private readonly provider: Provider,
    readonly deployment: MorphoBlueDeployment,
  ) {
    this.debtAsset = deployment.params.loanToken;
    this.collateralAssets = [deployment.params.collateralToken];
    this.id = marketId(deployment.params);
  }

  private get morpho() {
    return Morpho__factory.connect(this.deployment.morpho, this.provider);
  }

  private params() {
    return { ...this.deployment.params };
  }

  /**
   * The market's totals with the interest Morpho would accrue at the latest block's timestamp (as its periphery
   * MorphoBalancesLib computes them; the market charges no fee) and the oracle's price.
   */
  private async snapshot(): Promise<{ totals: MarketTotals; price: bigint }> {
    const { irm } = this.deployment.params;
    const [m, price, block] = await Promise.all([
      this.morpho.market(this.id),
      IOracle__factory.connect(this.deployment.params.oracle, this.provider).price(),
      this.provider.getBlock("latest"),
    ]);
    const totals: MarketTotals = {
      totalSupplyAssets: m.totalSupplyAssets,
      totalBorrowAssets: m.totalBorrowAssets,
      totalBorrowShares: m.totalBorrowShares,
    };
    const elapsed = BigInt(block?.timestamp ?? 0) - m.lastUpdate;
    if (irm === ZeroAddress || elapsed <= 0n) return { totals, price };
    const rate = await IIrm__factory.connect(irm, this.provider).borrowRateView(this.params(), {
      totalSupplyAssets: m.totalSupplyAssets,
      totalSupplyShares: m.totalSupplyShares,
      totalBorrowAssets: m.totalBorrowAssets,
      totalBorrowShares: m.totalBorrowShares,
      lastUpdate: m.lastUpdate,
      fee: m.fee,
    });
    return { totals: accrue(totals, rate, elapsed), price };
  }

  private async borrower(account: string): Promise<BorrowerPosition> {
    const p = await this.morpho.position(this.id, account);
    return { borrowShares: p.borrowShares, collateral: p.collateral };
  }

  private state(account: string, p: BorrowerPosition, totals: MarketTotals, price: bigint): PositionState {
    return {
      account,
      debt: debtOf(p, totals),
      collateral: { [this.deployment.params.collateralToken]: p.collateral },
      healthWad: healthWad(p, totals, price, this.deployment.params.lltv),
    };
  }

  private checkCollateral(asset: string): void {
    if (!same(asset, this.deployment.params.collateralToken)) {
      throw new Error(`Morpho market ${this.market} lists ${this.deployment.params.collateralToken}, not ${asset}`);
    }
  }

  private async approve(owner: Signer, token: string, amount: bigint): Promise<void> {
    const erc20 = IERC20__factory.connect(token, owner);
    const allowance = await erc20.allowance(await owner.getAddress(), this.deployment.morpho);
    if (allowance < amount) await (await erc20.approve(this.deployment.morpho, amount)).wait();
  }

  async supply(lender: Signer, amount: bigint): Promise<void> {
    await this.approve(lender, this.debtAsset, amount);
    const onBehalf = await lender.getAddress();
    await (await this.morpho.connect(lender).supply(this.params(), amount, 0n, onBehalf, "0x")).wait();
  }

  async openPosition(borrower: Signer, collateralAsset: string, collateral: bigint, borrow: bigint): Promise<void> {
    this.checkCollateral(collateralAsset);
    const account = await borrower.getAddress();
    const morpho = this.morpho.connect(borrower);
    await this.approve(borrower, collateralAsset, collateral);
    if (collateral > 0n) await (await morpho.supplyCollateral(this.params(), collateral, account, "0x")).wait();
    if (borrow > 0n) await (await morpho.borrow(this.params(), borrow, 0n, account, account)).wait();
  }

  async openTxs(
    borrower: string,
    collateralAsset: string,
    collateral: bigint,
    borrow: bigint,
  ): Promise<TransactionRequest[]> {
    this.checkCollateral(collateralAsset);
    const morpho = this.morpho.interface;
    const erc20 = IERC20__factory.createInterface();
    const txs: TransactionRequest[] = [
      { to: collateralAsset, data: erc20.encodeFunctionData("approve", [this.deployment.morpho, collateral]) },
      {
        to: this.deployment.morpho,
        data: morpho.encodeFunctionData("supplyCollateral", [this.params(), collateral, borrower, "0x"]),
      },
    ];
    if (borrow > 0n) {
      txs.push({
        to: this.deployment.morpho,
        data: morpho.encodeFunctionData("borrow", [this.params(), borrow, 0n, borrower, borrower]),
      });
    }
    return txs.map((tx) => ({ ...tx, from: borrower }));
  }

  async position(account: string): Promise<PositionState> {
    const [{ totals, price }, p] = await Promise.all([this.snapshot(), this.borrower(account)]);
    return this.state(account, p, totals, price);
  }

  async positions(accounts: readonly string[]): Promise<PositionState[]> {
    const { totals, price } = await this.snapshot();
    const ps = await Promise.all(accounts.map((a) => this.borrower(a)));
    return ps.map((p, i) => this.state(accounts[i], p, totals, price));
  }

  async previewLiquidation(borrower: string, collateralAsset: string, repay: bigint): Promise<LiquidationPreview> {
    this.checkCollateral(collateralAsset);
    const [{ totals, price }, p] = await Promise.all([this.snapshot(), this.borrower(borrower)]);
    const { lltv } = this.deployment.params;
    if (healthWad(p, totals, price, lltv) >= 10n ** 18n) return { repay: 0n, seized: 0n };
    const input = liquidationInputFor(repay, p, totals, price, lltv);
    if (input.seizedAssets === 0n && input.repaidShares === 0n) return { repay: 0n, seized: 0n };
    const out = liquidateOutcome(input, p, totals, price, lltv);
    return { repay: out.repaidAssets, seized: out.seizedAssets };
  }

  /**
   * Morpho's `liquidate`, sent by the liquidator itself (Morpho pulls the loan token after sending the collateral,
   * so no keeper contract is needed). The input is the one `liquidationInputFor` picks; it is fixed when the
   * transaction is built, so a later state change may make Morpho revert it (as it would a real keeper's).
   */
  async liquidationTx(
    liquidator: string,
    borrower: string,
    collateralAsset: string,
    repay: bigint,
  ): Promise<TransactionRequest> {
    this.checkCollateral(collateralAsset);
    const [{ totals, price }, p] = await Promise.all([this.snapshot(), this.borrower(borrower)]);
    const input = liquidationInputFor(repay, p, totals, price, this.deployment.params.lltv);
    if (input.seizedAssets === 0n && input.repaidShares === 0n) {
      throw new Error(
        `Morpho liquidation of ${borrower}: ${repay} repays no borrow share (Morpho needs one input > 0)`,
      );
    }
    const data = this.morpho.interface.encodeFunctionData("liquidate", [
      this.params(),
      borrower,
      input.seizedAssets,
      input.repaidShares,
      "0x",
    ]);
    return { from: liquidator, to: this.deployment.morpho, data };
  }

  async incentiveWad(collateralAsset: string): Promise<bigint> {
    this.checkCollateral(collateralAsset);
    return liquidationIncentiveFactor(this.deployment.params.lltv);
  }

  async approvals(): Promise<Array<{ token: string; spender: string }>> {
    return [{ token: this.debtAsset, spender: this.deployment.morpho }];
  }

  decode(receipt: TransactionReceipt | ContractTransactionReceipt): AdapterLiquidation[] {
    const out: AdapterLiquidation[] = [];
    for (const log of receipt.logs) {
      if (!same(log.address, this.deployment.morpho) || log.topics[0] !== LIQUIDATE_TOPIC) continue;
      if (log.topics[1] !== this.id) continue;
      const ev = EVENTS.decodeEventLog("Liquidate", log.data, log.topics);
      out.push({
        protocol: this.protocol,
        market: this.market,
        borrower: ev.borrower as string,
        liquidator: ev.caller as string,
        collateralAsset: this.deployment.params.collateralToken,
        debtRepaid: ev.repaidAssets as bigint,
        collateralSeized: ev.seizedAssets as bigint,
        badDebt: ev.badDebtAssets as bigint,
        blockNumber: receipt.blockNumber,
        txHash: receipt.hash,
      });
    }
    return out;
  }

  /** Bad debt Morpho has realised (`badDebtAssets` of every Liquidate event of this market) since creation. */
  async realisedBadDebt(): Promise<bigint> {
    const logs = await this.provider.getLogs({
      address: this.deployment.morpho,
      topics: [LIQUIDATE_TOPIC, this.id],
      fromBlock: this.deployment.createdAtBlock,
      toBlock: "latest",
    });
    return logs.reduce(
      (sum, log) => sum + (EVENTS.decodeEventLog("Liquidate", log.data, log.topics).badDebtAssets as bigint),
      0n,
    );
  }

  /** What Morpho has realised (`realisedBadDebt`): it never leaves debt open on a position without collateral. */
  async recognisedBadDebt(): Promise<RecognisedBadDebt> {
    return { amount: await this.realisedBadDebt(), accounts: [] };
  }

  /**
   * Realised bad debt plus, for each account, debt not covered by its collateral at the oracle price (collateral
   * value rounded down, debt rounded up): the lab's measure, applied to Morpho's books.
   */
  async badDebt(accounts: readonly string[]): Promise<bigint> {
    const [{ totals, price }, realised, ps] = await Promise.all([
      this.snapshot(),
      this.realisedBadDebt(),
      Promise.all(accounts.map((a) => this.borrower(a))),
    ]);
    return ps.reduce((sum, p) => {
      const debt = debtOf(p, totals);
      const value = collateralValue(p.collateral, price);
      return sum + (debt > value ? debt - value : 0n);
    }, realised);
  }

  async parameters(): Promise<AdapterParameters> {
    const { params, feed, unmapped } = this.deployment;
    const m = await this.morpho.market(this.id);
    const lif = liquidationIncentiveFactor(params.lltv);
    return {
      protocol: "Morpho Blue 1.0.0 (Morpho.sol compiled by solc 0.8.19, via-IR, 999,999 runs)",
      "liquidation LTV (LLTV)": percent(params.lltv),
      "liquidation incentive factor": `${formatUnits(lif, 18)} = min(1.15, 1/(1 - 0.3 x (1 - LLTV)))`,
      "close factor": "none: one call may repay the whole debt",
      "bad debt": "realised by the liquidation that leaves zero collateral, charged to suppliers",
      oracle: `MorphoFeedOracle ${params.oracle} over feed ${feed} (1e36 scale, no staleness check)`,
      "interest rate model": params.irm === ZeroAddress ? "none (irm = address(0))" : `FixedRateIrm ${params.irm}`,
      fee: percent(m.fee),
      "opening LTV (not used)": `${percent(unmapped.ltvWad)} asked; Morpho lets borrowers borrow up to the LLTV`,
      "liquidation bonus (not used)": `${unmapped.liquidationBonusBps} bps asked; Morpho's incentive follows the LLTV`,
    };
  }
}
