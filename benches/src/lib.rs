//! Input generators shared by the benchmarks.
