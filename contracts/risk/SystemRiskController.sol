// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CollateralConfig} from "../interfaces/ILendingPool.sol";
import {IRiskManagedMarket} from "../interfaces/IDynamicRiskController.sol";
import {MathLib, WAD, BPS} from "../libraries/MathLib.sol";
import {SystemRiskFeed} from "./SystemRiskFeed.sol";

/// @title SystemRiskController
/// @notice Tightens one collateral asset of one market when the whole system is stressed, not only this asset: when
/// the SystemRiskFeed's share of collateral at risk or its aggregate leverage reaches a trigger, the LTV and the
/// liquidation threshold fall to base x (1 - cutBps); when the system calms they return to base. Anyone may call
/// `update`. Must hold the market's RISK_ROLE.
/// @dev A stale reading is either ignored (base parameters) or taken as stressed (`tightenWhenStale`). A cut of the
/// threshold is phased in by the market's ramp over `rampDuration` seconds; a return to base applies at once.
contract SystemRiskController {
    using MathLib for uint256;

    error ZeroAddress();
    error InvalidParams(uint256 baseLtv, uint256 baseThreshold, uint256 cutBps, uint32 rampDuration);

    event SystemRiskApplied(bool stressed, bool fresh, uint256 ltv, uint256 threshold);

    /// @param baseLtv LTV when the system is calm (WAD).
    /// @param baseThreshold Liquidation threshold when calm (WAD), > baseLtv, < 1.
    /// @param cutBps Cut of both under stress (basis points, < 10,000).
    /// @param atRiskShareTrigger Stressed at or above this share of collateral at risk (WAD; 0 = never on this input).
    /// @param leverageTrigger Stressed at or above this aggregate leverage (WAD; 0 = never on this input).
    /// @param rampDuration Seconds over which a threshold cut is phased in (> 0).
    /// @param tightenWhenStale A stale reading counts as stressed (true) or as calm (false).
    struct Params {
        uint64 baseLtv;
        uint64 baseThreshold;
        uint16 cutBps;
        uint256 atRiskShareTrigger;
        uint256 leverageTrigger;
        uint32 rampDuration;
        bool tightenWhenStale;
    }

    IRiskManagedMarket public immutable market;
    address public immutable asset;
    SystemRiskFeed public immutable feed;
    Params internal _params;

    constructor(IRiskManagedMarket market_, address asset_, SystemRiskFeed feed_, Params memory params_) {
        if (address(market_) == address(0) || asset_ == address(0) || address(feed_) == address(0)) {
            revert ZeroAddress();
        }
        if (
            params_.baseLtv == 0 || params_.baseLtv >= params_.baseThreshold || params_.baseThreshold >= WAD
                || params_.cutBps >= BPS || params_.rampDuration == 0
        ) revert InvalidParams(params_.baseLtv, params_.baseThreshold, params_.cutBps, params_.rampDuration);
        market = market_;
        asset = asset_;
        feed = feed_;
        _params = params_;
    }

    function params() external view returns (Params memory) {
        return _params;
    }

    /// @notice Whether the system counts as stressed now, and whether the reading behind it is fresh.
    function stressed() public view returns (bool isStressed, bool fresh) {
        Params memory p = _params;
        fresh = feed.isFresh();
        if (!fresh) return (p.tightenWhenStale, false);
        SystemRiskFeed.Reading memory r = feed.latest();
        isStressed = (p.atRiskShareTrigger != 0 && feed.atRiskShare() >= p.atRiskShareTrigger)
            || (p.leverageTrigger != 0 && r.leverage >= p.leverageTrigger);
    }

    /// @notice The LTV and threshold this controller wants now (WAD); cuts round down (the protocol's side).
    function targets() public view returns (uint256 ltv, uint256 threshold) {
        Params memory p = _params;
        (bool isStressed,) = stressed();
        if (!isStressed) return (p.baseLtv, p.baseThreshold);
        ltv = uint256(p.baseLtv).mulDivDown(BPS - p.cutBps, BPS);
        threshold = uint256(p.baseThreshold).mulDivDown(BPS - p.cutBps, BPS);
        if (ltv == 0) ltv = 1;
    }

    /// @notice Applies the targets to the market when they differ from what it holds or is heading to.
    function update() external returns (uint256 ltv, uint256 threshold) {
        (bool isStressed, bool fresh) = stressed();
        (ltv, threshold) = targets();
        CollateralConfig memory c = market.collateralConfig(asset);
        if (ltv != c.ltv || threshold != market.thresholdRamp(asset).target) {
            c.ltv = uint64(ltv);
            c.liquidationThreshold = uint64(threshold);
            market.setCollateralConfigWithRamp(asset, c, _params.rampDuration);
        }
        emit SystemRiskApplied(isStressed, fresh, ltv, threshold);
    }
}
