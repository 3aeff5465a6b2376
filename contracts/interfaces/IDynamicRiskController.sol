// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {CollateralConfig} from "./ILendingPool.sol";
import {IConstantProductPool} from "./IConstantProductPool.sol";

/// @notice Parameters of the dynamic collateral requirements. Ratios are WAD (1e18 = 100%).
struct DynamicRiskParams {
    /// @dev LTV and threshold in calm, deep markets (volatility 0, depth at or above target).
    uint64 baseLtv;
    uint64 baseThreshold;
    /// @dev Bounds of the targets: 0 < minLtv <= baseLtv <= maxLtv; minThreshold <= baseThreshold <= maxThreshold;
    /// each LTV below the matching threshold; maxThreshold x (1 + bonus) < 1.
    uint64 minLtv;
    uint64 maxLtv;
    uint64 minThreshold;
    uint64 maxThreshold;
    /// @dev EWMA weight kept per observed round (RiskMetrics' lambda, e.g. 0.94e18). < 1e18.
    uint64 ewmaLambda;
    /// @dev Volatility factor f = 1 - volSensitivity x sigma (floored at 0); sigma is the per-round standard deviation
    /// of simple returns, WAD. <= 100e18.
    uint64 volSensitivity;
    /// @dev Depth factor g = min(1, D / targetDepthRatio), D the time-weighted average of AMM debt-asset reserve /
    /// the market's total debt. 0 switches the depth factor off.
    uint64 targetDepthRatio;
    /// @dev Most the liquidation threshold may move per `minUpdateInterval` (WAD, absolute); it moves linearly in
    /// time in between. 0 < step <= 0.1e18.
    uint64 maxThresholdStep;
    /// @dev Seconds over which the threshold may move by `maxThresholdStep`; 0 = one full step per block. <= 7 days.
    uint32 minUpdateInterval;
    /// @dev Averaging period of the depth input (seconds): each depth sample counts for the time until the next
    /// `update`, at most this long, with weight held / depthWindow. 0 < depthWindow <= 30 days.
    uint32 depthWindow;
}

/// @notice What a controller reads from and writes to its market (LendingPool implements it).
interface IRiskManagedMarket {
    function debtAsset() external view returns (address);

    function collateralConfig(address asset) external view returns (CollateralConfig memory);

    /// @dev When interest was last accrued. The market accrues before every change of its total debt, so
    /// `lastAccrual() < block.timestamp` means the debt has not changed in this block yet.
    function lastAccrual() external view returns (uint256);

    /// @dev Only `totalBorrowed` (debt with interest accrued to now, debt units) is read.
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

    function setCollateralConfig(address asset, CollateralConfig calldata config) external;
}

/// @title IDynamicRiskController
/// @notice Sets one collateral asset's LTV and liquidation threshold from its realized volatility and from the
/// depth of an AMM relative to the market's debt: higher volatility or thinner liquidity, lower ratios. Must hold the
/// market's RISK_ROLE.
/// @dev target = clamp(base x f(vol) x g(depth), min, max). LTV (new borrowing only) jumps to its target at once,
/// capped at threshold x baseLtv / baseThreshold so it stays below the threshold in force. The threshold moves toward
/// its target linearly in time: by at most maxThresholdStep x min(dt, minUpdateInterval) / minUpdateInterval, dt the
/// seconds since the previous `update` (0 within one block), so one block cuts it by at most the rate times the
/// block's distance from the previous update and never by more than one step.
/// Depth: each `update` folds the PREVIOUS sample into the average with weight min(dt, depthWindow) / depthWindow,
/// then takes a new sample: the spot ratio AMM debt reserve / market total debt (capped at targetDepthRatio), but
/// only when neither the AMM's reserves nor the market's debt have changed yet in this block (the pool's
/// `blockTimestampLast`, the market's `lastAccrual`); otherwise the previous sample is kept. A state set up and undone
/// within one block (deposit, borrow, update, repay, withdraw; swap or burn, update, swap back or mint) is never
/// sampled: to move the input, a state must be held across a block boundary (interest on the debt, arbitrage
/// against the reserves) and then it counts with the time it is held.
/// Volatility: on every new feed round seen (`updatedAt` newer than the last), r = |p - p_prev| / p_prev (WAD,
/// rounded down) and variance = lambda x variance + (1 - lambda) x r^2; sigma = sqrt(variance). Rounds that arrive
/// between two `update` calls are folded into one return.
interface IDynamicRiskController {
    /* ERRORS */

    error ZeroAddress();
    error InvalidLtvBounds(uint256 minLtv, uint256 baseLtv, uint256 maxLtv);
    error InvalidThresholdBounds(uint256 minThreshold, uint256 baseThreshold, uint256 maxThreshold, uint256 bonusBps);
    error LtvNotBelowThreshold(uint256 ltv, uint256 threshold);
    error InvalidModelParams(
        uint256 ewmaLambda, uint256 volSensitivity, uint256 maxThresholdStep, uint256 minUpdateInterval
    );
    error InvalidDepthWindow(uint256 depthWindow, uint256 maxDepthWindow);
    error InvalidPrice(address feed, int256 answer);
    /// @notice The AMM does not trade the market's debt asset, so its depth cannot be measured in debt units.
    error AmmWithoutDebtAsset(address amm, address debtAsset);

    /* EVENTS */

    event ParamsUpdated(DynamicRiskParams params);
    event AmmUpdated(address indexed amm);
    /// @notice A new feed round was folded into the variance. `returnWad` = |p - p_prev| / p_prev.
    event VolatilityObserved(uint256 price, uint256 returnWad, uint256 variance);
    /// @notice The market's ratios after an update, the targets they move toward, and the inputs (WAD).
    event RiskParametersApplied(
        uint256 ltv, uint256 threshold, uint256 ltvTarget, uint256 thresholdTarget, uint256 sigma, uint256 depthRatio
    );

    /* ACTIONS */

    /// @notice Anyone: folds the feed's latest round into the volatility and the previous depth sample into the
    /// average, samples depth, applies the LTV target and moves the threshold (rate-limited). Returns the ratios in
    /// force afterwards.
    function update() external returns (uint256 ltv, uint256 threshold);

    /* VIEWS */

    function params() external view returns (DynamicRiskParams memory);

    function amm() external view returns (IConstantProductPool);

    /// @notice EWMA of squared per-round returns (WAD) and its square root (WAD).
    function variance() external view returns (uint256);

    function sigma() external view returns (uint256);

    /// @notice Time-weighted depth the next `update` would use (WAD, capped at targetDepthRatio); max uint without
    /// an AMM.
    function depthRatio() external view returns (uint256);

    /// @notice AMM debt-asset reserve / the market's total debt now (WAD, rounded down); max uint without debt or
    /// AMM. Movable within a block: sampled into `depthRatio` only while neither side has changed in the block.
    function spotDepthRatio() external view returns (uint256);

    /// @notice Targets from the current volatility and depth (before rate limiting and the LTV cap).
    function targets() external view returns (uint256 ltvTarget, uint256 thresholdTarget);
}
