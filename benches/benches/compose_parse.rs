//! Parsing a generated 2,000-service compose file (about 1.8 MB, with anchors and merges):
//! saphyr's events alone (the baseline), our YAML tree, the typed model from a parsed tree,
//! text to tree and model, and the whole pipeline from text to a merged project.
//!
//! Memory is measured by `cargo run --release -p cfglint-benches --bin mem-compose`.

use std::hint::black_box;

use cfglint_benches::generate_compose;
use compose_model::model::{ComposeFile, Project};
use compose_model::yaml;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn lookup(name: &str) -> Option<String> {
    match name {
        "TAG" => Some("2.1.0".to_owned()),
        "DB_PASSWORD" => Some("secret".to_owned()),
        _ => None,
    }
}

fn compose_parse(c: &mut Criterion) {
    let text = generate_compose(2_000);
    let mut group = c.benchmark_group("compose_2000_services");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);

    group.bench_function("saphyr_events", |b| {
        b.iter(|| {
            let mut events = 0usize;
            for event in saphyr_parser::Parser::new_from_str(black_box(&text)) {
                events += usize::from(event.is_ok());
            }
            events
        });
    });

    group.bench_function("yaml_tree", |b| {
        b.iter(|| yaml::parse(black_box(&text)));
    });

    let parse = yaml::parse(&text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    group.bench_function("model_from_tree", |b| {
        b.iter(|| ComposeFile::load(black_box(&parse.tree), &text, Some(&lookup)));
    });
    // The same without dropping the model in the timed loop (a CLI can skip that drop at
    // exit, where freeing every allocation is pure cost).
    group.bench_function("model_from_tree_no_drop", |b| {
        b.iter_with_large_drop(|| ComposeFile::load(black_box(&parse.tree), &text, Some(&lookup)));
    });

    // Text to tree and model, the tree and model kept (dropped outside the timing).
    group.bench_function("text_to_model_no_drop", |b| {
        b.iter_with_large_drop(|| {
            let parse = yaml::parse(black_box(&text));
            let (file, errors) = ComposeFile::load(&parse.tree, &text, Some(&lookup));
            (parse, file, errors)
        });
    });

    group.bench_function("text_to_project", |b| {
        b.iter(|| {
            let parse = yaml::parse(black_box(&text));
            let (file, errors) = ComposeFile::load(&parse.tree, &text, Some(&lookup));
            let project_services = Project::merge([&file]).services.len();
            (project_services, errors)
        });
    });
    group.finish();
}

criterion_group!(benches, compose_parse);
criterion_main!(benches);
