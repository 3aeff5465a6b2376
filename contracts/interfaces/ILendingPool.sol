// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @notice Risk parameters of one collateral asset.
/// @dev Ratios are WAD (1e18 = 100%); the bonus is in basis points because people set it.
struct CollateralConfig {
    /// @dev Price of one whole collateral token in whole debt tokens, any decimals.
    AggregatorV3Interface feed;
    /// @dev An answer older than this (seconds since `updatedAt`) is stale.
    uint32 maxPriceAge;
    /// @dev Max borrow per unit of collateral value (WAD).
    uint64 ltv;
    /// @dev Maintenance margin: a position is liquidatable when debt > sum(value x threshold) (WAD).
    uint64 liquidationThreshold;
    /// @dev Liquidator's discount on seized collateral, basis points (500 = 5%).
    uint16 liquidationBonusBps;
    /// @dev Max total collateral of this asset in the market, in its own decimals (0 = none may be deposited).
    uint128 supplyCap;
}

/// @notice A collateral's liquidation threshold as stored: it ramps down linearly from `from` to `target` until
/// `end` over `duration` seconds (Euler's LTV ramp); `from == target` and no ramp once a raise or the ramp's end.
/// One storage slot.
struct ThresholdRamp {
    /// @dev Threshold at and after `end` (WAD).
    uint64 target;
    /// @dev Threshold in force when the ramp started (WAD), >= target.
    uint64 from;
    /// @dev Unix time the ramp ends (seconds); 0 for a threshold applied at once.
    uint40 end;
    /// @dev Length of the ramp (seconds); 0 for a threshold applied at once.
    uint32 duration;
}

/// @notice Market-wide parameters.
struct MarketConfig {
    /// @dev Share of a borrower's debt one liquidation may repay while health >= fullCloseHealthFactor (WAD).
    uint64 closeFactor;
    /// @dev Below this health factor a liquidation may repay the whole debt (Aave's 0.95) (WAD).
    uint64 fullCloseHealthFactor;
    /// @dev Debt or collateral value (in debt units) below which a liquidation must take everything.
    uint128 dust;
    /// @dev Share of interest kept as protocol reserves, basis points.
    uint16 reserveFactorBps;
    /// @dev Bitmask of allowed liquidation mechanisms: 1 = fixed bonus, 2 = Dutch auction, 3 = both.
    uint8 mechanisms;
}

/// @notice Kinked utilization rate model; all rates are per year, WAD.
struct RateModel {
    uint64 baseRatePerYear;
    uint64 slope1PerYear;
    uint64 slope2PerYear;
    /// @dev Utilization at the kink (WAD).
    uint64 kinkUtilization;
}

/// @notice One account's full state in one call.
struct AccountState {
    uint256 debt;
    uint256 collateralValue;
    uint256 borrowLimit;
    uint256 liquidationLimit;
    uint256 healthFactor;
    uint256 supplied;
}

/// @title ILendingPool
/// @notice One debt asset, several collateral assets; one market is one isolated risk pool.
/// @dev Rounding always favours the protocol: debt rounds up, collateral owed and shares minted round down.
interface ILendingPool {
    /* ERRORS */

    error ZeroAmount();
    error ZeroAddress();
    error Unauthorized(address caller, address onBehalf);
    error CollateralNotListed(address asset);
    error CollateralAlreadyListed(address asset);
    error InvalidCollateralConfig(address asset, uint256 ltv, uint256 liquidationThreshold, uint256 bonusBps);
    error InvalidMarketConfig(uint256 closeFactor, uint256 fullCloseHealthFactor, uint256 reserveFactorBps, uint256 mechanisms);
    error InvalidRateModel(uint256 baseRatePerYear, uint256 slope1PerYear, uint256 slope2PerYear, uint256 kinkUtilization);
    error InvalidMaxPriceAge(uint256 maxPriceAge);
    error InvalidRampDuration(uint256 rampDuration, uint256 maxRampDuration);
    error UnsupportedDecimals(address token, uint256 decimals);
    error TooManyCollaterals(uint256 max);
    error SupplyCapExceeded(address asset, uint256 totalAfter, uint256 cap);
    error InsufficientLiquidity(uint256 requested, uint256 available);
    error InsufficientSupply(uint256 requested, uint256 supplied);
    error InsufficientCollateral(address asset, uint256 requested, uint256 deposited);
    error BorrowLimitExceeded(uint256 debtAfter, uint256 borrowLimit);
    error StalePrice(address asset, uint256 updatedAt, uint256 maxPriceAge);
    error InvalidPrice(address asset, int256 answer);
    error Paused(bytes32 action);
    /// @dev `setPaused` takes only PAUSE_BORROW, PAUSE_WITHDRAW_COLLATERAL and PAUSE_LIQUIDATE.
    error UnknownPauseAction(bytes32 action);
    error NotLiquidatable(address borrower, uint256 healthFactor);
    error MechanismDisabled(uint8 mechanism);
    error NothingToLiquidate(address borrower, address asset);
    error CollateralOutTooLow(uint256 collateralOut, uint256 minCollateralOut);
    error NoBadDebt(address borrower, uint256 debt, uint256 collateralValue);
    error NotAuctionLiquidator(address caller);
    error AuctionDebtUnderflow(uint256 settled, uint256 debtInAuction);
    error SettlementNotPaid(uint256 balance, uint256 owed);

    /* EVENTS */

    event CollateralListed(address indexed asset, CollateralConfig config);
    event CollateralConfigUpdated(address indexed asset, CollateralConfig config);
    /// @notice A cut of `asset`'s liquidation threshold: it falls linearly from `from` (in force now) to `target`,
    /// reached at `end` (Unix seconds).
    event ThresholdRampStarted(address indexed asset, uint256 from, uint256 target, uint256 end);
    event MarketConfigUpdated(MarketConfig config);
    event RateModelUpdated(RateModel model);
    event AuctionLiquidatorUpdated(address indexed liquidator);
    /// @notice The liquidation hook (`ILiquidationGuard`) changed; zero = off.
    event LiquidationGuardUpdated(address indexed guard);
    event PauseSet(bytes32 indexed action, bool paused);
    event AuthorizationSet(address indexed account, address indexed operator, bool authorized);
    event InterestAccrued(uint256 borrowRatePerSecond, uint256 interest, uint256 toReserves);
    event Supply(address indexed caller, address indexed onBehalf, uint256 assets, uint256 shares);
    event Withdraw(address indexed caller, address indexed onBehalf, address receiver, uint256 assets, uint256 shares);
    event CollateralDeposited(address indexed caller, address indexed onBehalf, address indexed asset, uint256 amount);
    event CollateralWithdrawn(
        address indexed caller,
        address indexed onBehalf,
        address indexed asset,
        address receiver,
        uint256 amount
    );
    event Borrow(address indexed caller, address indexed onBehalf, address receiver, uint256 assets, uint256 shares);
    event Repay(address indexed caller, address indexed onBehalf, uint256 assets, uint256 shares);
    /// @notice A fixed-bonus liquidation. `healthBefore`/`healthAfter` are WAD health factors.
    event Liquidation(
        address indexed liquidator,
        address indexed borrower,
        address indexed asset,
        address receiver,
        uint256 repaid,
        uint256 seized,
        uint256 price,
        uint256 healthBefore,
        uint256 healthAfter
    );
    event BadDebtRealized(address indexed borrower, uint256 amount, uint256 fromReserves, uint256 fromLenders);
    event SeizedForAuction(
        address indexed borrower,
        address indexed asset,
        address indexed liquidator,
        uint256 collateral,
        uint256 debt
    );
    /// @notice `recovered`: proceeds above the receivable marked at the kick, returned to lenders (the write-off
    /// at the kick stays in `totalBadDebt`, which only ever grows).
    event AuctionSettled(uint256 debtRepaid, uint256 recovered, uint256 penaltyPaid, uint256 badDebt);
    event KeeperIncentivePaid(address indexed keeper, uint256 amount, uint256 fromReserves, uint256 fromLenders);

    /* LENDERS */

    /// @notice Supplies `assets` of the debt asset for `onBehalf`; mints shares rounded down.
    function supply(uint256 assets, address onBehalf) external returns (uint256 shares);

    /// @notice Withdraws `assets` (type(uint256).max = everything) of `onBehalf`'s supply to `receiver`;
    /// burns shares rounded up. Caller must be `onBehalf` or authorised by it.
    function withdraw(uint256 assets, address onBehalf, address receiver) external returns (uint256 withdrawn);

    /* BORROWERS */

    /// @notice Open to anyone for any `onBehalf` (integrations deposit for their users). A stale collateral worth
    /// less than `dust` at its last price counts as zero in every strict check, so a stranger's crumb of a
    /// late-priced asset cannot block the position's liquidation or its owner's withdrawals.
    function depositCollateral(address asset, uint256 amount, address onBehalf) external;

    /// @notice Keeps the position within its borrow limit (LTV); needs fresh prices while debt is open.
    function withdrawCollateral(address asset, uint256 amount, address onBehalf, address receiver) external;

    /// @notice Borrows `assets` for `onBehalf` to `receiver`; debt shares round up; the position must stay within LTV.
    function borrow(uint256 assets, address onBehalf, address receiver) external returns (uint256 shares);

    /// @notice Repays up to `assets` (type(uint256).max = all) of `onBehalf`'s debt; anyone may repay for anyone.
    function repay(uint256 assets, address onBehalf) external returns (uint256 repaid);

    /// @notice Lets `operator` act for the caller (withdraw, borrow, withdraw collateral), as Morpho's authorisation.
    function setAuthorization(address operator, bool authorized) external;

    /* LIQUIDATION */

    /// @notice Fixed-bonus liquidation: repay up to `repayAmount` of `borrower`'s debt, receive collateral worth
    /// repaid x (1 + bonus) at the oracle price (rounded down). Close factor applies unless health is below
    /// `fullCloseHealthFactor` or the position is toxic (collateral value < debt x (1 + bonus)); a liquidation that
    /// would leave debt or collateral value below `dust` takes everything. If the borrower has no collateral left
    /// and debt remains, the rest is realized as bad debt in the same call.
    function liquidate(address borrower, address asset, uint256 repayAmount, address receiver, uint256 minCollateralOut)
        external
        returns (uint256 repaid, uint256 seized);

    /// @notice Writes off the debt of a borrower whose collateral counts for nothing (first reserves, then lenders):
    /// none left, crumbs worth zero at the oracle price, or stale crumbs below `dust` (which strict reads value at
    /// zero). The crumbs stay with the borrower. Reverts `NoBadDebt` otherwise.
    function realizeBadDebt(address borrower) external returns (uint256 badDebt);

    function accrueInterest() external;

    /* VIEWS */

    function debtAsset() external view returns (address);

    function collateralAssets() external view returns (address[] memory);

    /// @notice The collateral's parameters, `liquidationThreshold` being the one in force now (during a cut, the
    /// ramp's current value).
    function collateralConfig(address asset) external view returns (CollateralConfig memory);

    /// @notice The stored threshold ramp of `asset` (a cut in progress, or the threshold with `from == target`).
    function thresholdRamp(address asset) external view returns (ThresholdRamp memory);

    function marketConfig() external view returns (MarketConfig memory);

    function rateModel() external view returns (RateModel memory);

    /// @notice Oracle price of one whole `asset` token in whole debt tokens, WAD. Rejects zero and negative answers;
    /// does not check staleness (actions do), so keepers and reports can always read it.
    function priceOf(address asset) external view returns (uint256 priceWad);

    /// @notice Value of `amount` of `asset` in debt-asset base units at the oracle price, rounded down.
    function valueOf(address asset, uint256 amount) external view returns (uint256);

    /// @notice Debt of `account` including interest accrued up to now, rounded up.
    function debtOf(address account) external view returns (uint256);

    function collateralOf(address account, address asset) external view returns (uint256);

    /// @notice Debt shares of `account` (debt = shares converted to assets, rounded up).
    function borrowShares(address account) external view returns (uint256);

    function suppliedOf(address account) external view returns (uint256);

    /// @notice Health factor (WAD): sum(collateral value x liquidationThreshold) / debt; max uint without debt. Each
    /// threshold is the one in force at this block (see `thresholdRamp`).
    function healthFactor(address account) external view returns (uint256);

    function accountState(address account) external view returns (AccountState memory);

    /// @notice `healthFactor` of each account in one call; each collateral's price is read once (keeper scans).
    function healthFactorsOf(address[] calldata accounts) external view returns (uint256[] memory);

    /// @notice What a liquidation of `borrower` against `asset` could repay and would seize right now.
    function previewLiquidation(address borrower, address asset, uint256 repayAmount)
        external
        view
        returns (uint256 repaid, uint256 seized);

    /// @notice Totals with interest accrued to now.
    function totals()
        external
        view
        returns (
            uint256 totalSupplied,
            uint256 totalBorrowed,
            uint256 reserves,
            uint256 debtInAuction,
            uint256 totalBadDebt
        );

    function isAuthorized(address account, address operator) external view returns (bool);
}
