// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ThresholdRampLib} from "../libraries/ThresholdRampLib.sol";

/// @title ThresholdRampHarness
/// @notice Exposes ThresholdRampLib to tests.
contract ThresholdRampHarness {
    function valueAt(uint256 target, uint256 from, uint256 end, uint256 duration, uint256 timestamp)
        external
        pure
        returns (uint256)
    {
        return ThresholdRampLib.valueAt(target, from, end, duration, timestamp);
    }
}
