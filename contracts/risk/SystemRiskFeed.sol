// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {MathLib} from "../libraries/MathLib.sol";

/// @title SystemRiskFeed
/// @notice One chain's copy of the system-wide risk picture: aggregate leverage and collateral at risk across every
/// market on every chain, computed off-chain by an aggregator and carried here by a relayer (`UPDATER_ROLE`). A
/// reading older than `maxAge` is stale; readers decide what a stale reading means (see SystemRiskController).
/// @dev Relayed readings may arrive late or out of order: one observed no later than the one held is refused, so the
/// feed only moves forward in observation time.
contract SystemRiskFeed is AccessControl {
    using MathLib for uint256;

    bytes32 public constant UPDATER_ROLE = keccak256("UPDATER_ROLE");
    /// @notice Longest `maxAge` an admin may set (seconds).
    uint256 public constant MAX_MAX_AGE = 7 days;

    error ZeroAddress();
    error InvalidMaxAge(uint256 maxAge, uint256 limit);
    error ObservationNotNewer(uint256 observedAt, uint256 latestObservedAt);
    error ObservationInFuture(uint256 observedAt, uint256 blockTimestamp);
    error AtRiskAboveTotal(uint256 collateralAtRisk, uint256 totalCollateral);

    /// @param leverage Aggregate debt / aggregate collateral value (WAD; 0.8e18 = debt is 80% of collateral).
    /// @param collateralAtRisk Value of the collateral of positions whose health factor is under the aggregator's
    /// at-risk line (debt-token units scaled to 18 decimals, i.e. USD WAD).
    /// @param totalCollateral Value of all collateral in the aggregate (USD WAD).
    /// @param observedAt Unix time (seconds) of the state the aggregator read (on the chains it read).
    /// @param updatedAt Unix time (seconds) of the block that stored it here.
    /// @param round 1 for the first reading, then one more per reading.
    struct Reading {
        uint256 leverage;
        uint256 collateralAtRisk;
        uint256 totalCollateral;
        uint64 observedAt;
        uint64 updatedAt;
        uint64 round;
    }

    event ReadingSubmitted(
        uint64 indexed round, uint256 leverage, uint256 collateralAtRisk, uint256 totalCollateral, uint64 observedAt
    );
    event MaxAgeSet(uint256 maxAge);

    /// @notice A reading whose observation is older than this (seconds) is stale.
    uint256 public maxAge;
    Reading internal _latest;

    constructor(address admin, address updater, uint256 maxAge_) {
        if (admin == address(0) || updater == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(UPDATER_ROLE, updater);
        _setMaxAge(maxAge_);
    }

    function setMaxAge(uint256 maxAge_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxAge(maxAge_);
    }

    /// @notice Stores a reading observed at `observedAt` (strictly newer than the one held, not in the future).
    function submit(uint256 leverage, uint256 collateralAtRisk, uint256 totalCollateral, uint256 observedAt)
        external
        onlyRole(UPDATER_ROLE)
    {
        if (observedAt <= _latest.observedAt) revert ObservationNotNewer(observedAt, _latest.observedAt);
        if (observedAt > block.timestamp) revert ObservationInFuture(observedAt, block.timestamp);
        if (collateralAtRisk > totalCollateral) revert AtRiskAboveTotal(collateralAtRisk, totalCollateral);
        uint64 round = _latest.round + 1;
        _latest = Reading(
            leverage, collateralAtRisk, totalCollateral, uint64(observedAt), uint64(block.timestamp), round
        );
        emit ReadingSubmitted(round, leverage, collateralAtRisk, totalCollateral, uint64(observedAt));
    }

    function latest() external view returns (Reading memory) {
        return _latest;
    }

    /// @notice True when a reading exists and its observation is at most `maxAge` seconds old.
    function isFresh() public view returns (bool) {
        return _latest.round != 0 && block.timestamp - _latest.observedAt <= maxAge;
    }

    /// @notice Share of collateral at risk (WAD), rounded up (a reader tightening on it errs toward tightening);
    /// 0 when there is no collateral.
    function atRiskShare() public view returns (uint256) {
        if (_latest.totalCollateral == 0) return 0;
        return _latest.collateralAtRisk.wDivUp(_latest.totalCollateral);
    }

    function _setMaxAge(uint256 maxAge_) internal {
        if (maxAge_ == 0 || maxAge_ > MAX_MAX_AGE) revert InvalidMaxAge(maxAge_, MAX_MAX_AGE);
        maxAge = maxAge_;
        emit MaxAgeSet(maxAge_);
    }
}
