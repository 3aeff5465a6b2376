// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// @title IPerpMarket
/// @notice A perpetual futures market on one base asset, margined in isolation in the debt (quote) token, whose every
/// trade is hedged on the lab's ConstantProductPool: opening a long buys the size on the pool, closing or liquidating
/// it sells the size back. Liquidations are therefore real market sales that move the spot price the lab's feeds and
/// lending market watch, which is what closes the feedback loop (docs/derivatives-perp.md, "Why a hedged venue").
/// @dev Units. `size` is in base-token units; `margin`, `entryNotional`, fees, funds and PnL in debt-token units; the
/// mark price (`markPrice`) in debt-token units per whole base token (10**baseDecimals units); ratios are WAD (1e18);
/// fees in basis points. Accounting identities, checked by tests to the wei:
///   debt.balanceOf(market) == totalMargin + insuranceFund + vaultCash + protocolFees
///   base.balanceOf(market) == vaultBase
/// Rounding always favours the venue: requirements and amounts owed by a trader round up, amounts owed to a trader
/// round down.
interface IPerpMarket {
    /* TYPES */

    /// @notice One isolated position. `entryNotional` is what the hedge cost (long) or raised (short) on the pool.
    struct Position {
        address owner;
        bool isLong;
        uint128 size;
        uint128 entryNotional;
        uint128 margin;
        int256 fundingIndexAtEntry;
        uint64 lastSliceAt;
    }

    /// @notice Risk and fee parameters; each names the venue whose rule it follows (docs/derivatives-perp.md).
    struct Params {
        /// Maximum leverage at open; the initial margin ratio is 1 / maxLeverage (Hyperliquid).
        uint256 maxLeverage;
        /// Maintenance margin as a fraction of the initial margin ratio, WAD (Hyperliquid: 0.5e18).
        uint256 mmrFractionOfImrWad;
        /// Extra maintenance ratio per whole debt token of same-side open interest, WAD (GMX v2; 0 = off).
        uint256 oiMmrFactorWad;
        /// Taker fee on every open and close, basis points of the executed notional.
        uint256 takerFeeBps;
        /// Liquidation fee, basis points of the liquidated notional, capped by what is left of the margin (dYdX v4).
        uint256 liquidationFeeBps;
        /// Share of the liquidation fee paid to the keeper, basis points; the rest goes to the insurance fund.
        uint256 keeperShareBps;
        /// Worst fill of a liquidation sale, as a multiple of the maintenance ratio away from the mark, WAD (dYdX
        /// v4's spread-to-maintenance-margin ratio, 1.5e18); a worse fill hands the position to the backstop vault.
        uint256 liquidationSpreadMmrMultipleWad;
        /// Equity below this fraction of the maintenance margin skips the market: backstop takeover (Hyperliquid 2/3).
        uint256 backstopEquityFractionWad;
        /// Positions whose mark notional exceeds this are liquidated in slices (Hyperliquid: 100k USDC).
        uint256 largePositionNotional;
        /// Slice of a large position closed per liquidation, basis points of its size (Hyperliquid: 20%).
        uint256 sliceBps;
        /// Seconds between two slices of the same position (Hyperliquid: 30 s).
        uint256 sliceCooldown;
        /// Seconds over which a premium is paid in funding (8 hours: Hyperliquid pays 1/8 of the 8-hour rate hourly).
        uint256 fundingPeriod;
        /// Bound on |funding rate|, WAD per second (Hyperliquid caps at 4% per hour).
        uint256 maxFundingRatePerSecondWad;
        /// Oldest mark (oracle `updatedAt`) the market acts on, seconds.
        uint256 maxOracleAge;
        /// Most positions open at once (ADL ranks them all on-chain, so this bounds its gas).
        uint256 maxOpenPositions;
        /// Most positions auto-deleveraged by one liquidation.
        uint256 maxAdlPerLiquidation;
        /// Smallest position, debt units of notional at the mark, at open and left after a partial liquidation or
        /// ADL (Hyperliquid's 10 USDC minimum order value; audit A1: no dust positions to fill `maxOpenPositions`).
        uint256 minPositionNotional;
    }

    /// @notice How a liquidation closed (part of) a position.
    enum LiquidationKind {
        MarketSale,
        Backstop
    }

    /* EVENTS */

    event PositionOpened(
        uint256 indexed id,
        address indexed owner,
        bool isLong,
        uint256 size,
        uint256 entryNotional,
        uint256 margin,
        uint256 fee
    );
    event PositionClosed(uint256 indexed id, uint256 exitNotional, int256 realizedPnl, uint256 fee, uint256 payout);
    event MarginChanged(uint256 indexed id, int256 delta, uint256 margin);
    event FundingSettled(uint256 indexed id, int256 funding);
    event FundingAccrued(int256 ratePerSecondWad, int256 cumulativeFundingIndex, uint256 twapPrice, uint256 indexPrice);
    /// @notice `size` was liquidated from position `id` (the whole rest when `remainingSize` is 0).
    event Liquidated(
        uint256 indexed id,
        address indexed keeper,
        LiquidationKind kind,
        uint256 size,
        uint256 exitNotional,
        uint256 keeperReward,
        uint256 insuranceFee,
        uint256 remainingSize
    );
    /// @notice A loss beyond a position's margin: `amount` is recognised at once, then covered as reported. It includes
    /// funding that auto-deleveraged winners owed and could not pay from margin or profit (audit A4).
    event BadDebt(uint256 indexed id, uint256 amount, uint256 coveredByInsurance, uint256 coveredByAdl, uint256 uncovered);
    /// @notice Position `id` was deleveraged by `size` at the mark; `haircut` of its profit paid a shortfall.
    event AutoDeleveraged(uint256 indexed id, uint256 size, uint256 markPrice, uint256 haircut, uint256 score);
    /// @notice Funding of `amount` owed to position `id` that the vault could not pay (audit A5), counted in
    /// `fundingForgone`.
    event FundingForgone(uint256 indexed id, uint256 amount);
    event BackstopUnwound(uint256 baseAmount, uint256 debtAmount, bool sold);
    event InsuranceFunded(address indexed from, uint256 amount);
    event VaultFunded(address indexed from, uint256 debtAmount, uint256 baseAmount);
    event ProtocolFeesWithdrawn(address indexed to, uint256 amount);
    event ParamsSet(Params params);

    /* ERRORS */

    error ZeroAddress();
    error Reentrancy();
    /// @notice The pool does not pair `base` with `debt`.
    error PoolTokensMismatch(address token0, address token1);
    error ZeroAmount();
    error InvalidParam(string name, uint256 value);
    error UnknownPosition(uint256 id);
    error NotOwner(uint256 id, address caller, address owner);
    error StaleMark(uint256 updatedAt, uint256 now_, uint256 maxAge);
    error InvalidMark(int256 answer);
    error InsufficientInitialMargin(uint256 margin, uint256 required);
    error PositionUnhealthy(uint256 id, int256 equity, uint256 required);
    error NotLiquidatable(uint256 id, int256 equity, uint256 maintenanceRequired);
    error SliceCooldown(uint256 id, uint256 nextSliceAt);
    error PriceLimit(uint256 executedNotional, uint256 limitNotional);
    error VaultCashShort(uint256 needed, uint256 available);
    error VaultBaseShort(uint256 needed, uint256 available);
    error TooManyPositions(uint256 open, uint256 max);
    error PositionTooSmall(uint256 markNotional, uint256 minNotional);
    error InsufficientPoolLiquidity(uint256 amountOut, uint256 reserveOut);
    error NothingToUnwind();

    /* VIEWS */

    /// @notice Mark price in debt units per whole base token, from the lagged feed; reverts when stale.
    function markPrice() external view returns (uint256);
    /// @notice Position `id` (zeroed once closed).
    function position(uint256 id) external view returns (Position memory);
    /// @notice Equity at the mark, funding included: margin + unrealised PnL - funding owed (may be negative).
    function equityOf(uint256 id) external view returns (int256);
    /// @notice Maintenance margin required of position `id` at the mark, debt units (rounded up).
    function maintenanceMarginOf(uint256 id) external view returns (uint256);
    /// @notice Whether position `id` can be liquidated now.
    function isLiquidatable(uint256 id) external view returns (bool);
    /// @notice ADL score (profit/margin × notional/equity, WAD); 0 when not in profit.
    function adlScore(uint256 id) external view returns (uint256);
    /// @notice Ids of every open position, in no particular order.
    function openPositionIds() external view returns (uint256[] memory);

    /* ACTIONS */

    /// @notice Opens a position of `size` base units with `margin` debt units; its hedge trades on the pool now.
    /// @param notionalLimit Long: most debt the hedge may cost; short: least it must raise (slippage guard).
    function openPosition(bool isLong, uint256 size, uint256 margin, uint256 notionalLimit) external returns (uint256 id);
    /// @notice Closes the whole position: its hedge trades back on the pool and the owner is paid what is left.
    /// @param notionalLimit Long: least the sale must raise; short: most the buy-back may cost.
    function closePosition(uint256 id, uint256 notionalLimit) external returns (uint256 payout);
    function addMargin(uint256 id, uint256 amount) external;
    /// @notice Withdraws margin; the position must still meet the initial margin after, counting a loss at the mark but
    /// never an unrealised gain.
    function removeMargin(uint256 id, uint256 amount) external;
    /// @notice Liquidates position `id` (one slice of a large one); anyone may call, the keeper earns its share.
    function liquidate(uint256 id) external returns (uint256 keeperReward);
    /// @notice Accrues funding up to now with the pool's time-weighted price; anyone may call.
    function accrueFunding() external;
    /// @notice Trades up to `maxBase` of the backstop vault's unhedged inventory back towards flat on the pool.
    function unwindBackstop(uint256 maxBase, uint256 minDebtOut, uint256 maxDebtIn) external;
    function fundInsurance(uint256 amount) external;
    function fundVault(uint256 debtAmount, uint256 baseAmount) external;
}
