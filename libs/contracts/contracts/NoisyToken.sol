// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title NoisyToken: test-only. Emits an ERC-20-style Transfer (amount in data, 3 topics) and an
/// unrelated event, so tests can point a watched address at something that is not an ERC-721.
contract NoisyToken {
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Note(string text);

    function makeNoise(address to, uint256 value) external {
        emit Transfer(address(0), to, value);
        emit Note("not an ERC-721");
    }
}
