//! `.env`, Dockerfile and interpolation readers on generated inputs (about 1 MB each).

use std::fmt::Write as _;
use std::hint::black_box;

use compose_model::{dockerfile, dotenv, interpolate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn env_file(entries: usize) -> String {
    let mut out = String::new();
    for i in 0..entries {
        let _ = match i % 4 {
            0 => writeln!(
                out,
                "# service {i}\nSERVICE_{i}_URL=http://svc{i}:8080/${{PATH_{i}:-api}}"
            ),
            1 => writeln!(
                out,
                "export TOKEN_{i}=\"line\\n${{SERVICE_{}_URL}} \\$literal\"",
                i - 1
            ),
            2 => writeln!(out, "RAW_{i}='single $quoted' # comment"),
            _ => writeln!(out, "PLAIN_{i} = value with spaces"),
        };
    }
    out
}

fn dockerfile_text(stages: usize) -> String {
    let mut out = String::from("# syntax=docker/dockerfile:1\nARG BASE=node:20\n");
    for i in 0..stages {
        let _ = write!(
            out,
            "FROM ${{BASE}} AS stage{i}\nARG VITE_URL_{i} PORT=300{}\nENV NODE_ENV=production URL=$VITE_URL_{i}\n\
             RUN apt-get update \\\n    && apt-get install -y curl \\\n    && echo ${{VITE_URL_{i}:-none}}\n\
             RUN <<EOF\nnpm ci\necho $PORT\nEOF\nEXPOSE $PORT 80/tcp\nCMD [\"node\", \"server.js\"]\n",
            i % 10
        );
    }
    out
}

fn bench(c: &mut Criterion) {
    let env = env_file(20_000);
    let docker = dockerfile_text(3_000);
    let template =
        "postgres://${DB_USER:-app}:${DB_PASS:?set it}@${DB_HOST-db}:$DB_PORT/x $$ ".repeat(15_000);

    let mut group = c.benchmark_group("env_docker");
    group.throughput(Throughput::Bytes(env.len() as u64));
    group.bench_function("dotenv_parse", |b| {
        b.iter(|| dotenv::parse(black_box(&env)));
    });
    let parsed = dotenv::parse(&env).tree;
    group.bench_function("dotenv_resolve", |b| {
        b.iter(|| dotenv::resolve(black_box(&parsed), &|_| None));
    });
    group.throughput(Throughput::Bytes(docker.len() as u64));
    group.bench_function("dockerfile_parse", |b| {
        b.iter(|| dockerfile::parse(black_box(&docker)));
    });
    let file = dockerfile::parse(&docker).tree;
    group.bench_function("dockerfile_arg_uses", |b| {
        b.iter(|| {
            file.args()
                .iter()
                .map(|d| file.arg_uses(d).len())
                .sum::<usize>()
        });
    });
    group.throughput(Throughput::Bytes(template.len() as u64));
    group.bench_function("interpolate_references", |b| {
        b.iter(|| interpolate::references(black_box(&template)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
