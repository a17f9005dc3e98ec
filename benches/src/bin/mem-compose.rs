//! Prints the memory the compose YAML tree, typed model and merged view take:
//! `mem-compose [FILE]` (default: a generated 2,000-service file).
//!
//! After each step it prints the process's resident set (`VmRSS`) and its peak (`VmHWM`)
//! from `/proc/self/status` (Linux only; elsewhere the numbers are `?`), and the step's
//! wall time, then the sizes of the main tree and model types. Run in release:
//! `cargo run --release -p cfglint-benches --bin mem-compose [FILE]`.

use std::hint::black_box;
use std::time::Instant;

use std::mem::size_of;

use compose_model::model::{
    ComposeFile, Field, Key, KeyValue, Project, ProjectService, Resource, Service, Text,
};
use compose_model::yaml::{self, Entry, Node};

/// Returns `VmRSS` and `VmHWM` in kB, as printed by the kernel.
fn memory() -> (String, String) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map_or_else(|| "?".to_owned(), |v| v.trim().to_owned())
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn report(step: &str, started: Option<Instant>) {
    let (rss, hwm) = memory();
    let time = started.map_or_else(String::new, |t| {
        format!("  {:6.1} ms", t.elapsed().as_secs_f64() * 1e3)
    });
    println!("{step:<14} VmRSS {rss:>10}  VmHWM {hwm:>10}{time}");
}

fn lookup(name: &str) -> Option<String> {
    match name {
        "TAG" => Some("2.1.0".to_owned()),
        "DB_PASSWORD" => Some("secret".to_owned()),
        _ => None,
    }
}

fn main() {
    let text = match std::env::args().nth(1) {
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("mem-compose: {path}: {error}");
                std::process::exit(1);
            }
        },
        None => cfglint_benches::generate_compose(2_000),
    };
    println!("input          {} bytes", text.len());
    report("baseline", None);
    let t = Instant::now();
    let parse = yaml::parse(&text);
    report("yaml::parse", Some(t));
    let t = Instant::now();
    let (file, errors) = ComposeFile::load(&parse.tree, &text, Some(&lookup));
    report("model", Some(t));
    println!(
        "               {} services, {} yaml errors, {} model errors",
        file.services.len(),
        parse.errors.len(),
        errors.len()
    );
    let t = Instant::now();
    let project = Project::merge([&file]);
    report("Project::merge", Some(t));
    black_box((&parse, &file, &project));
    println!(
        "sizes (bytes)  Node {} Entry {} Text {} Key {} Field {} KeyValue {} Service {} Resource {} \
         ProjectService {}",
        size_of::<Node>(),
        size_of::<Entry>(),
        size_of::<Text>(),
        size_of::<Key>(),
        size_of::<Field>(),
        size_of::<KeyValue>(),
        size_of::<Service>(),
        size_of::<Resource>(),
        size_of::<ProjectService<'_>>(),
    );
}
