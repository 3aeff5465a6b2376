// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {IConstantProductPool} from "./IConstantProductPool.sol";

/// @title IAmmTwapFeed
/// @notice A Chainlink-compatible feed reporting the time-weighted average price (TWAP) of one token of a
/// constant-product pool, from the pool's Uniswap V2 cumulative prices.
/// @dev The answer is the value of one whole base token in whole quote tokens, in `decimals()` decimals, averaged
/// from the newest recorded observation that is at least `windowSeconds()` old up to now (the pool's cumulative
/// price is extrapolated to now with its current reserves, as Uniswap's `currentCumulativePrices` does). The
/// averaging window is therefore at least `windowSeconds()` long, and longer when observations are sparse. A price
/// held for `d` seconds moves the answer by `(price change) * d / window`: a one-block spike barely moves it.
///
/// Observations are recorded by `update()`, which anyone may call; it records at most one observation per
/// `minUpdateInterval()` = `windowSeconds() / 4` seconds into a ring of `OBSERVATION_CAPACITY()` = 8, so the ring
/// always spans more than one window and cannot be flushed with recent observations by calling `update()` often.
///
/// Round data: the TWAP is computed when read and is constant within a block, so `roundId` = `answeredInRound` =
/// `block.timestamp` (one answer per id, increasing). `startedAt` = the first observation of the averaging window
/// (`twapWindowStart()`); `updatedAt` = `startedAt + windowSeconds()`: the age a consumer computes,
/// `block.timestamp - updatedAt`, is how much longer than configured the real window is. A feed kept up (an
/// `update()` every `minUpdateInterval()`) reports an age of at most about `windowSeconds() / 4`; one left alone for
/// two days reports two days, and a consumer's staleness check refuses it. `getRoundData(latestRoundId)` equals
/// `latestRoundData()`; any other id reverts with `HistoryNotKept` (no history is kept).
interface IAmmTwapFeed is AggregatorV3Interface {
    /* EVENTS */

    /// @notice Observation number `observationIndex` (counting from 1) was recorded.
    event ObservationRecorded(uint256 indexed observationIndex, uint256 timestamp, uint256 cumulativePrice);

    /* ERRORS */

    /// @notice The pool or the base token given to the constructor is the zero address.
    error ZeroAddress();

    /// @notice `baseToken` is neither of the pool's tokens.
    error BaseTokenNotInPool(address baseToken, address token0, address token1);

    /// @notice `windowSeconds` is outside `MIN_WINDOW_SECONDS()..MAX_WINDOW_SECONDS()`.
    error WindowOutOfBounds(uint256 windowSeconds, uint256 min, uint256 max);

    /// @notice A token's or the feed's decimals exceed `MAX_DECIMALS()` (keeps the scaling math within 256 bits).
    error DecimalsOutOfBounds(uint256 decimals, uint256 max);

    /// @notice No recorded observation is at least `window` seconds old; the oldest is `oldestAge` seconds old (0
    /// when nothing is recorded yet).
    error InsufficientHistory(uint256 oldestAge, uint256 window);

    /// @notice The average price rounds to zero at `decimals()` decimals (or the pool had no reserves).
    /// @param priceX112 The average price as a UQ112x112 number of quote base units per base unit.
    error ZeroAnswer(uint256 priceX112);

    /// @notice Past rounds are not kept; only `latestRoundData` answers.
    error HistoryNotKept(uint80 roundId);

    /* PARAMETERS */

    function OBSERVATION_CAPACITY() external view returns (uint256);

    function MIN_WINDOW_SECONDS() external view returns (uint256);

    function MAX_WINDOW_SECONDS() external view returns (uint256);

    function MAX_DECIMALS() external view returns (uint8);

    function pool() external view returns (IConstantProductPool);

    /// @notice The token whose price is reported.
    function baseToken() external view returns (address);

    /// @notice The token the price is expressed in.
    function quoteToken() external view returns (address);

    /// @notice Minimum length of the averaging window, in seconds.
    function windowSeconds() external view returns (uint256);

    /// @notice `update()` records nothing until this many seconds have passed since the last observation.
    function minUpdateInterval() external view returns (uint256);

    /* OBSERVATIONS */

    /// @notice Records the pool's current cumulative price of the base token, unless the newest observation is
    /// younger than `minUpdateInterval()`. Anyone may call.
    /// @return recorded Whether an observation was recorded.
    function update() external returns (bool recorded);

    /// @notice Number of observations recorded so far (also the `roundId` reported).
    function observationCount() external view returns (uint256);

    /// @notice The pool's cumulative price of the base token now (UQ112x112 * seconds, wrapping modulo 2**256),
    /// extrapolated from the last pool update with the current reserves.
    function currentCumulativePrice() external view returns (uint256);

    /// @notice Timestamp of the observation the TWAP is measured from now; reverts like `latestRoundData`.
    function twapWindowStart() external view returns (uint256);
}
