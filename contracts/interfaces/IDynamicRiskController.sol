// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {CollateralConfig, ThresholdRamp} from "./ILendingPool.sol";
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
    /// of simple returns, WAD. <= 18e18.
    uint64 volSensitivity;
    /// @dev Depth factor g = min(1, D / targetDepthRatio), D the time-weighted average of AMM debt-asset reserve /
    /// the market's total debt. 0 switches the depth factor off.
    uint64 targetDepthRatio;
    /// @dev Most the liquidation threshold may move per `minUpdateInterval` (WAD, absolute): a cut is at most this per
    /// `update` and the market phases it in linearly over `minUpdateInterval`; a raise is at most this per interval,
    /// linear in the time since the previous update. 0 < step <= 0.1e18.
    uint64 maxThresholdStep;
    /// @dev Seconds over which the market phases in a threshold cut (its ramp) and over which a raise may reach one
    /// full step; 0 = a one-second ramp (the whole step lands at the next block) and one full raise per block.
    /// <= 7 days.
    uint32 minUpdateInterval;
    /// @dev Averaging period of the depth input (seconds): each depth sample counts for the time until the next
    /// `update`, at most this long, with weight held / depthWindow. 0 < depthWindow <= 30 days.
    uint32 depthWindow;
}

/// @notice What a controller reads from and writes to its market (LendingPool implements it).
interface IRiskManagedMarket {
    function debtAsset() external view returns (address);

    /// @dev `liquidationThreshold` is the one in force at this block.
    function collateralConfig(address asset) external view returns (CollateralConfig memory);

    /// @dev Where the threshold is heading (`target`) and how (a cut in progress).
    function thresholdRamp(address asset) external view returns (ThresholdRamp memory);

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

    /// @dev A threshold below the one in force ramps down to it over `rampDuration` seconds, starting from the
    /// value in force at this block; anything else applies at once.
    function setCollateralConfigWithRamp(address asset, CollateralConfig calldata config, uint32 rampDuration)
        external;
}

/// @title IDynamicRiskController
/// @notice Sets one collateral asset's LTV and liquidation threshold from its realized volatility and from the
/// depth of an AMM relative to the market's debt: higher volatility or thinner liquidity, lower ratios. Must hold the
/// market's RISK_ROLE.
/// @dev target = clamp(base x f(vol) x g(depth), min, max). LTV (new borrowing only) jumps to its target at once,
/// capped at T x baseLtv / baseThreshold, T the threshold the update sets, so it stays below every threshold in force
/// while T is phased in. The threshold moves toward its target. A cut sets T >= (threshold in force) -
/// maxThresholdStep and the market ramps to it linearly over minUpdateInterval from the value in force at this block
/// (Euler's LTV ramp): a transaction in the update's block sees no change, and since every update restarts the ramp
/// from the value in force, the threshold falls at most maxThresholdStep per minUpdateInterval however often
/// `update` is called. A raise applies at once in the market, by at most maxThresholdStep x min(dt,
/// minUpdateInterval) / minUpdateInterval, dt the seconds since the previous `update` (0 within one block).
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
    /// @notice The market's LTV and the threshold set by an update (a cut's ramp end), the targets they move toward,
    /// and the inputs (WAD).
    event RiskParametersApplied(
        uint256 ltv, uint256 threshold, uint256 ltvTarget, uint256 thresholdTarget, uint256 sigma, uint256 depthRatio
    );

    /* ACTIONS */

    /// @notice Anyone: folds the feed's latest round into the volatility and the previous depth sample into the
    /// average, samples depth, applies the LTV target and moves the threshold (a cut as a ramp in the market, a
    /// raise rate-limited). Returns the LTV in force and the threshold set: in force for a raise, the ramp's end
    /// for a cut (the threshold in force is unchanged in this block).
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
