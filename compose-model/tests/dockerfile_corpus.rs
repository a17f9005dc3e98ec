//! Every corpus Dockerfile reads without panic and losslessly.

use std::path::Path;

use compose_model::dockerfile;

#[test]
fn corpus_dockerfiles_round_trip() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/compose"
    ));
    if !dir.is_dir() {
        eprintln!("skipped: corpus not found at {}", dir.display());
        return;
    }
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("manifest");
    let (mut files, mut instructions, mut stages, mut heredocs) = (0, 0, 0, 0);
    let mut with_errors = Vec::new();
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let [corpus, _, _, path, _, "dockerfile"] = cols[..] else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join(corpus).join(path)).expect("utf-8 Dockerfile");
        let parse = dockerfile::parse(&text);
        let joined: String = parse
            .tree
            .lines(&text)
            .iter()
            .map(|l| &text[l.range])
            .collect();
        assert_eq!(joined, text, "{corpus}/{path}");
        for ins in &parse.tree.instructions {
            assert!(ins.line_range.contains_range(ins.range), "{path}");
        }
        for v in &parse.tree.variables {
            assert_eq!(&text[v.name.range], v.name.value, "{path}");
        }
        heredocs += parse.tree.heredocs.len();
        for decl in parse.tree.args() {
            let _ = parse.tree.arg_uses(&decl);
        }
        instructions += parse.tree.instructions.len();
        stages += parse.tree.stages.len();
        for e in &parse.errors {
            with_errors.push(format!("{corpus}/{path}: {e} at {:?}", e.range()));
        }
        files += 1;
    }
    eprintln!(
        "{files} Dockerfiles round-trip: {instructions} instructions, {stages} stages, {heredocs} heredocs; {} errors",
        with_errors.len()
    );
    for e in &with_errors {
        eprintln!("  {e}");
    }
    assert_eq!(files, 65);
    // The only error is in the fixture docker/compose wrote to fail a build on purpose.
    assert_eq!(with_errors.len(), 1, "{with_errors:#?}");
    assert!(
        with_errors[0]
            .contains("wrong-composefile/service1/Dockerfile: unknown instruction: WRONG")
    );
}
