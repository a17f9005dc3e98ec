//! `format` on a generated 2 MB Caddyfile, already formatted and re-indented at random.
//!
//! Run with `cargo bench -p cfglint-benches --bench caddyfile_format`; the throughput line
//! is the number to compare with `caddy fmt` (see `benches/compare_fmt.sh`).

use std::hint::black_box;

use caddyfile_parser::format;
use cfglint_benches::{generate_caddyfile, messy_caddyfile};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn caddyfile_format(c: &mut Criterion) {
    let formatted = generate_caddyfile(2 * 1024 * 1024);
    let messy = messy_caddyfile(&formatted, 1);
    assert_eq!(format(&messy), formatted, "the messy input formats back");

    let mut group = c.benchmark_group("caddyfile_format");
    group.throughput(Throughput::Bytes(formatted.len() as u64));
    group.bench_function("formatted_2MiB", |b| {
        b.iter(|| format(black_box(&formatted)));
    });
    group.throughput(Throughput::Bytes(messy.len() as u64));
    group.bench_function("messy_2MiB", |b| {
        b.iter(|| format(black_box(&messy)));
    });
    group.finish();
}

criterion_group!(benches, caddyfile_format);
criterion_main!(benches);
