//! Snippet expansion on 5,000 sites that each import a snippet (Caddy's adapter takes about
//! a minute on this input: its token splicing is quadratic).

use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;

use caddyfile_parser::expand::{FsLoader, expand};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn generate(sites: usize) -> String {
    let mut out = String::from(
        "(common) {\n\tencode zstd gzip\n\theader {\n\t\t-Server\n\t\tX-Site {args[0]}\n\t}\n\tlog {\n\t\toutput file /var/log/{args[0]}.log\n\t}\n}\n\n",
    );
    for n in 0..sites {
        let _ = write!(
            out,
            "site{n}.example.com {{\n\timport common site{n}\n\treverse_proxy app{n}:8080\n}}\n\n"
        );
    }
    out
}

fn expand_sites(c: &mut Criterion) {
    let text = generate(5_000);
    let mut group = c.benchmark_group("caddyfile");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("expand_5000_sites", |b| {
        b.iter(|| expand(Path::new("Caddyfile"), black_box(&text), &FsLoader));
    });
    group.bench_function("parse_5000_sites", |b| {
        b.iter(|| caddyfile_parser::parse(black_box(&text)));
    });
    group.finish();
}

criterion_group!(benches, expand_sites);
criterion_main!(benches);
