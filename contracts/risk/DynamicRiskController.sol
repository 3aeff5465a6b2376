// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {CollateralConfig} from "../interfaces/ILendingPool.sol";
import {IConstantProductPool} from "../interfaces/IConstantProductPool.sol";
import {
    IDynamicRiskController, IRiskManagedMarket, DynamicRiskParams
} from "../interfaces/IDynamicRiskController.sol";
import {MathLib, WAD, BPS} from "../libraries/MathLib.sol";

/// @title DynamicRiskController
/// @notice LTV and liquidation threshold of one collateral asset from realized volatility and time-weighted AMM depth;
/// LTV moves at once; a threshold cut is handed to the market as a ramp (the market reads it as a function of time),
/// a raise is rate-limited here.
contract DynamicRiskController is IDynamicRiskController, AccessControl {
    using MathLib for uint256;

    /// @dev The largest whole sensitivity its uint64 field holds (2^64 - 1 is about 18.4e18).
    uint256 public constant MAX_VOL_SENSITIVITY = 18 * WAD;
    uint256 public constant MAX_THRESHOLD_STEP = WAD / 10;
    uint256 public constant MAX_UPDATE_INTERVAL = 7 days;
    uint256 public constant MAX_DEPTH_WINDOW = 30 days;

    /// @dev Time-weighted depth (WAD, <= targetDepthRatio, so it fits 64 bits), the spot sample taken at the last
    /// update and when; when the threshold was last brought up to date (the clock of raises). One slot, written
    /// once per update.
    struct DepthState {
        uint64 average;
        uint64 sample;
        uint64 sampledAt;
        uint64 thresholdUpdatedAt;
    }

    IRiskManagedMarket public immutable market;
    address public immutable asset;

    DynamicRiskParams internal _params;
    IConstantProductPool public amm;

    uint256 public variance;
    /// @notice Last feed answer folded into the variance (raw feed units) and its `updatedAt`.
    uint256 public lastPrice;
    uint256 public lastRoundUpdatedAt;
    DepthState public depthState;

    constructor(
        address admin,
        IRiskManagedMarket market_,
        address asset_,
        IConstantProductPool amm_,
        DynamicRiskParams memory params_
    ) {
        if (admin == address(0) || address(market_) == address(0) || asset_ == address(0)) revert ZeroAddress();
        market = market_;
        asset = asset_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setParams(params_);
        _setAmm(amm_);
    }

    /* ADMINISTRATION */

    function setParams(DynamicRiskParams calldata params_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParams(params_);
    }

    /// @notice Zero switches the depth factor off.
    function setAmm(IConstantProductPool amm_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setAmm(amm_);
    }

    /* ACTION */

    /// @inheritdoc IDynamicRiskController
    function update() external returns (uint256, uint256) {
        CollateralConfig memory c = market.collateralConfig(asset);
        _observe(c);
        DynamicRiskParams memory p = _params;
        uint256 s = sigma();
        DepthState memory d = depthState;
        uint256 depth = _foldDepth(d, p);
        (uint256 ltvTarget, uint256 thresholdTarget) = _targets(p, s, depth);
        // The market's bound threshold x (1 + bonus) < 1 holds for the bonus in force now, whatever it was at set.
        uint256 thresholdCap = (WAD * BPS - 1) / (BPS + c.liquidationBonusBps);
        if (thresholdTarget > thresholdCap) thresholdTarget = thresholdCap;

        // The threshold in force now (the market's ramp, read at this block) moves toward its target: a cut by at
        // most one step per update, handed to the market as a ramp over minUpdateInterval that starts from the value
        // in force (nothing changes in this block, the fall is linear at most one step per interval however often
        // update() is called); a raise at once, by at most the room its time allows.
        uint256 inForce = c.liquidationThreshold;
        uint256 threshold = thresholdTarget;
        if (threshold < inForce) {
            threshold = Math.max(threshold, inForce - Math.min(inForce, p.maxThresholdStep));
        } else if (threshold > inForce) {
            threshold = Math.min(threshold, inForce + _raiseRoom(p, block.timestamp - d.thresholdUpdatedAt));
        }
        d.thresholdUpdatedAt = uint64(block.timestamp);
        depthState = d;
        // Rounds down: LTV stays strictly below the ramp's end, the lowest threshold it will be in force with
        // (baseLtv < baseThreshold).
        uint256 ltv = Math.min(ltvTarget, threshold.mulDivDown(p.baseLtv, p.baseThreshold));
        if (ltv == 0) ltv = 1;

        // A cut under way toward the same end is left to run (restarting it from the value in force would only
        // slow it).
        if (ltv != c.ltv || threshold != market.thresholdRamp(asset).target) {
            c.ltv = uint64(ltv);
            c.liquidationThreshold = uint64(threshold);
            market.setCollateralConfigWithRamp(asset, c, _rampDuration(p));
        }
        emit RiskParametersApplied(ltv, threshold, ltvTarget, thresholdTarget, s, depth);
        return (ltv, threshold);
    }

    /* VIEWS */

    /// @dev Seconds over which the market phases in a threshold cut of this controller: minUpdateInterval, at
    /// least 1 (the cut starts at the next block).
    function _rampDuration(DynamicRiskParams memory p) internal pure returns (uint32) {
        return p.minUpdateInterval == 0 ? 1 : p.minUpdateInterval;
    }

    /// @notice When the threshold was last brought up to date (every `update`).
    function lastThresholdStep() external view returns (uint256) {
        return depthState.thresholdUpdatedAt;
    }

    function params() external view returns (DynamicRiskParams memory) {
        return _params;
    }

    /// @inheritdoc IDynamicRiskController
    function sigma() public view returns (uint256) {
        return Math.sqrt(variance * WAD);
    }

    /// @inheritdoc IDynamicRiskController
    function depthRatio() public view returns (uint256) {
        if (address(amm) == address(0)) return type(uint256).max;
        return _foldedAverage(depthState, _params.depthWindow);
    }

    /// @inheritdoc IDynamicRiskController
    /// @dev Rounds down (thinner looks thinner).
    function spotDepthRatio() public view returns (uint256) {
        if (address(amm) == address(0)) return type(uint256).max;
        (, uint256 borrowed,,,) = market.totals();
        if (borrowed == 0) return type(uint256).max;
        (uint112 reserve0, uint112 reserve1,) = amm.getReserves();
        uint256 depth = amm.token0() == market.debtAsset() ? reserve0 : reserve1;
        return depth.wDivDown(borrowed);
    }

    function targets() external view returns (uint256, uint256) {
        return _targets(_params, sigma(), depthRatio());
    }

    /* DEPTH AND RAMP */

    /// @dev Folds the previous sample into the average (it held since it was taken, counted up to the window) and,
    /// when `_sampleable()`, takes the spot ratio as the next sample; otherwise the previous sample is held on. In
    /// `d` (the caller stores it). A sample taken now never affects this update.
    function _foldDepth(DepthState memory d, DynamicRiskParams memory p) internal view returns (uint256 average) {
        if (address(amm) == address(0)) return type(uint256).max;
        average = _foldedAverage(d, p.depthWindow);
        d.average = uint64(average);
        if (_sampleable()) d.sample = _depthSample(p);
        d.sampledAt = uint64(block.timestamp);
    }

    /// @dev Neither the AMM's reserves nor the market's debt have changed in this block: the spot ratio is the state
    /// the previous block ended with, which a flash (set up and undone within one block) cannot reach.
    function _sampleable() internal view returns (bool) {
        (,, uint32 ammUpdatedAt) = amm.getReserves();
        // The pool keeps its timestamp modulo 2**32, as Uniswap V2 does.
        return ammUpdatedAt != uint32(block.timestamp) && market.lastAccrual() < block.timestamp;
    }

    /// @dev average + (sample - average) x min(dt, window) / window; a fall rounds up (thinner looks thinner), a rise
    /// rounds down.
    function _foldedAverage(DepthState memory d, uint256 window) internal view returns (uint256) {
        uint256 held = Math.min(block.timestamp - d.sampledAt, window);
        uint256 average = d.average;
        uint256 sample = d.sample;
        if (sample < average) return average - (average - sample).mulDivUp(held, window);
        return average + (sample - average).mulDivDown(held, window);
    }

    /// @dev The spot ratio capped at the target (depth beyond it does not change the factor), so it fits 64 bits.
    function _depthSample(DynamicRiskParams memory p) internal view returns (uint64) {
        return uint64(Math.min(spotDepthRatio(), p.targetDepthRatio));
    }

    /// @dev A new AMM or depth target (admin) restarts the average at the spot ratio.
    function _resetDepth() internal {
        if (address(amm) == address(0)) return;
        uint64 sample = _depthSample(_params);
        DepthState storage d = depthState;
        (d.average, d.sample, d.sampledAt) = (sample, sample, uint64(block.timestamp));
    }

    /// @dev How far the threshold may rise after `elapsed` seconds: linear in time, one full step per interval at
    /// most, nothing within the block of the previous update. Rounds down.
    function _raiseRoom(DynamicRiskParams memory p, uint256 elapsed) internal pure returns (uint256) {
        if (elapsed == 0) return 0;
        if (p.minUpdateInterval == 0 || elapsed >= p.minUpdateInterval) return p.maxThresholdStep;
        return uint256(p.maxThresholdStep).mulDivDown(elapsed, p.minUpdateInterval);
    }

    /* MODEL */

    /// @dev f = 1 - sensitivity x sigma (>= 0); g = min(1, depth / target); target = clamp(base x f x g); rounds down.
    function _targets(DynamicRiskParams memory p, uint256 s, uint256 depth)
        internal
        pure
        returns (uint256 ltvTarget, uint256 thresholdTarget)
    {
        uint256 cut = uint256(p.volSensitivity).wMulUp(s);
        uint256 factor = cut >= WAD ? 0 : WAD - cut;
        if (p.targetDepthRatio != 0 && depth < p.targetDepthRatio) {
            factor = factor.mulDivDown(depth, p.targetDepthRatio);
        }
        ltvTarget = _clamp(uint256(p.baseLtv).wMulDown(factor), p.minLtv, p.maxLtv);
        thresholdTarget = _clamp(uint256(p.baseThreshold).wMulDown(factor), p.minThreshold, p.maxThreshold);
    }

    function _clamp(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return x < lo ? lo : (x > hi ? hi : x);
    }

    /// @dev Folds a new round (newer `updatedAt`) into the variance; the first round only sets the reference price.
    function _observe(CollateralConfig memory c) internal {
        (, int256 answer,, uint256 updatedAt,) = c.feed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(address(c.feed), answer);
        if (updatedAt <= lastRoundUpdatedAt) return;
        uint256 price = uint256(answer);
        uint256 previous = lastPrice;
        lastPrice = price;
        lastRoundUpdatedAt = updatedAt;
        if (previous == 0) return;
        uint256 diff = price > previous ? price - previous : previous - price;
        uint256 r = diff.mulDivDown(WAD, previous);
        uint256 lambda = _params.ewmaLambda;
        variance = (variance * lambda + r.wMulDown(r) * (WAD - lambda)) / WAD;
        emit VolatilityObserved(price, r, variance);
    }

    /* PARAMETER CHECKS */

    function _setParams(DynamicRiskParams memory p) internal {
        if (p.minLtv == 0 || p.minLtv > p.baseLtv || p.baseLtv > p.maxLtv) {
            revert InvalidLtvBounds(p.minLtv, p.baseLtv, p.maxLtv);
        }
        uint256 bonus = market.collateralConfig(asset).liquidationBonusBps;
        if (
            p.minThreshold > p.baseThreshold || p.baseThreshold > p.maxThreshold
                || uint256(p.maxThreshold) * (BPS + bonus) >= WAD * BPS
        ) revert InvalidThresholdBounds(p.minThreshold, p.baseThreshold, p.maxThreshold, bonus);
        if (p.minLtv >= p.minThreshold) revert LtvNotBelowThreshold(p.minLtv, p.minThreshold);
        if (p.baseLtv >= p.baseThreshold) revert LtvNotBelowThreshold(p.baseLtv, p.baseThreshold);
        if (p.maxLtv >= p.maxThreshold) revert LtvNotBelowThreshold(p.maxLtv, p.maxThreshold);
        if (
            p.ewmaLambda >= WAD || p.volSensitivity > MAX_VOL_SENSITIVITY || p.maxThresholdStep == 0
                || p.maxThresholdStep > MAX_THRESHOLD_STEP || p.minUpdateInterval > MAX_UPDATE_INTERVAL
        ) revert InvalidModelParams(p.ewmaLambda, p.volSensitivity, p.maxThresholdStep, p.minUpdateInterval);
        if (p.depthWindow == 0 || p.depthWindow > MAX_DEPTH_WINDOW) {
            revert InvalidDepthWindow(p.depthWindow, MAX_DEPTH_WINDOW);
        }
        bool newTarget = p.targetDepthRatio != _params.targetDepthRatio;
        _params = p;
        // Samples are capped at the target: a new target restarts the average at the spot ratio (admin, trusted).
        if (newTarget) _resetDepth();
        emit ParamsUpdated(p);
    }

    function _setAmm(IConstantProductPool amm_) internal {
        if (address(amm_) != address(0)) {
            address debt = market.debtAsset();
            if (amm_.token0() != debt && amm_.token1() != debt) revert AmmWithoutDebtAsset(address(amm_), debt);
        }
        amm = amm_;
        _resetDepth();
        emit AmmUpdated(address(amm_));
    }
}
