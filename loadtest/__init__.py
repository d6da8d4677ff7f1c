"""The bounded load test (`make loadtest`; a short form runs in the test suite)."""
