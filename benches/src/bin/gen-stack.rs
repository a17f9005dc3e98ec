//! Writes a generated stack into a folder:
//! `gen-stack DIR [--services N] [--random-deps SEED] [--no-anchors] [--snippet-sites N]`.
//!
//! Default: 2,000 services with chained `depends_on` (see `cfglint_benches::generate_stack`).
//! `--snippet-sites N` writes only `DIR/Caddyfile` with N sites each importing a snippet.

use std::process::ExitCode;

use cfglint_benches::{Dependencies, generate_snippet_sites, generate_stack};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: gen-stack DIR [--services N] [--random-deps SEED] [--snippet-sites N]");
        return ExitCode::from(2);
    };
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let files = if let Some(sites) = value("--snippet-sites") {
        vec![(
            "Caddyfile".to_owned(),
            generate_snippet_sites(usize::try_from(sites).unwrap_or(0)),
        )]
    } else {
        let services = value("--services").map_or(2000, |n| usize::try_from(n).unwrap_or(0));
        let dependencies = value("--random-deps").map_or(Dependencies::Chain, Dependencies::Random);
        let mut files = generate_stack(services, dependencies);
        if args.iter().any(|a| a == "--no-anchors") {
            files[0].1 = cfglint_benches::without_anchors(&files[0].1);
        }
        files
    };
    for (path, text) in files {
        let path = std::path::Path::new(dir).join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(error) = written {
            eprintln!("gen-stack: {}: {error}", path.display());
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
