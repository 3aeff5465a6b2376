// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IConstantProductPool} from "../interfaces/IConstantProductPool.sol";

/// @title AmmSpotFeed
/// @notice A live AMM spot oracle: answers an AMM's current reserve ratio (quote per base), read at call time and
/// always "fresh". MANIPULABLE BY DESIGN: a swap earlier in the same transaction moves the answer, which is what a
/// flash-swap oracle attack exploits. The engine lists it on the market for `oracle.source: "amm-spot-live"` so the
/// attack can be measured against `AmmTwapFeed` and the median; see docs/oracle.md and
/// docs/risk-controls/oracle-manipulation.md.
/// @dev Chainlink `AggregatorV3Interface` shape: `roundId = answeredInRound = block.timestamp` (increasing; each swap
/// can change the answer within a block, which is this feed's point), `startedAt = updatedAt = block.timestamp`.
/// `getRoundData(latestRoundId)` answers the current spot; any other id reverts with `HistoryNotKept`.
contract AmmSpotFeed is AggregatorV3Interface {
    /// @notice The pool has an empty reserve: no price.
    error EmptyReserves(uint256 baseReserve, uint256 quoteReserve);
    /// @notice Past rounds are not kept; only the current one (`block.timestamp`) answers.
    error HistoryNotKept(uint80 roundId);
    /// @notice `baseToken` is not one of the pool's tokens.
    error TokenNotInPool(address pool, address token);

    uint8 private immutable _decimals;
    IConstantProductPool public immutable pool;
    address public immutable baseToken;
    uint256 private immutable _baseUnit;
    uint256 private immutable _quoteUnit;
    bool private immutable _baseIsToken0;

    constructor(IConstantProductPool pool_, address baseToken_, uint8 decimals_) {
        address t0 = pool_.token0();
        address t1 = pool_.token1();
        if (baseToken_ != t0 && baseToken_ != t1) revert TokenNotInPool(address(pool_), baseToken_);
        pool = pool_;
        baseToken = baseToken_;
        _decimals = decimals_;
        _baseIsToken0 = t0 == baseToken_;
        _baseUnit = 10 ** IERC20Metadata(baseToken_).decimals();
        _quoteUnit = 10 ** IERC20Metadata(_baseIsToken0 ? t1 : t0).decimals();
    }

    function decimals() external view returns (uint8) {
        return _decimals;
    }

    function description() external pure returns (string memory) {
        return "AMM spot (live, manipulable)";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (roundId != block.timestamp) revert HistoryNotKept(roundId);
        return _latest();
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _latest();
    }

    /// @dev Quote per base at `decimals()`, rounded down: (quote / quoteUnit) / (base / baseUnit).
    function _latest() private view returns (uint80, int256, uint256, uint256, uint80) {
        (uint112 r0, uint112 r1,) = pool.getReserves();
        (uint256 base, uint256 quote) = _baseIsToken0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        if (base == 0 || quote == 0) revert EmptyReserves(base, quote);
        uint256 answer = quote * _baseUnit * 10 ** _decimals / (base * _quoteUnit);
        uint80 roundId = uint80(block.timestamp); // fits: 80 bits of seconds
        return (roundId, int256(answer), block.timestamp, block.timestamp, roundId);
    }
}
