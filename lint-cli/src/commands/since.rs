//! `--since GIT-REV`: services that existed in the compose files at a revision and are gone
//! now count as retired.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use compose_model::model::ComposeFile;
use compose_model::yaml;

use crate::checker::Settings;
use crate::project::{Overlay, Parsed, Project};

/// Returns the services named in the stacks' compose files at `rev` that no compose file
/// names now, lower-cased.
pub fn retired_since(
    rev: &str,
    paths: &[PathBuf],
    cwd: &Path,
    settings: &Settings,
) -> Result<BTreeSet<String>, String> {
    let project = Project::load(paths, cwd, &settings.config, &Overlay::default());
    let mut before = BTreeSet::new();
    let mut now = BTreeSet::new();
    for stack in &project.stacks {
        for id in &stack.compose_files {
            let file = project.sources.get(*id);
            if let Parsed::Compose(data) = project.parsed(*id) {
                now.extend(
                    data.model
                        .services
                        .iter()
                        .map(|s| s.name.value.as_str().to_ascii_lowercase()),
                );
            }
            let Some(text) = show(rev, &file.path)? else {
                continue;
            };
            let tree = yaml::parse(&text).tree;
            let (model, _) = ComposeFile::from_yaml(&tree, &text);
            before.extend(
                model
                    .services
                    .iter()
                    .map(|s| s.name.value.as_str().to_ascii_lowercase()),
            );
        }
    }
    Ok(before.difference(&now).cloned().collect())
}

/// The text of `path` at `rev`, or `None` when the file did not exist then.
fn show(rev: &str, path: &Path) -> Result<Option<String>, String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let verify = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--verify", "--quiet"])
        .arg(format!("{rev}^{{commit}}"))
        .output()
        .map_err(|e| format!("--since needs git: {e}"))?;
    if !verify.status.success() {
        return Err(format!(
            "--since: `{rev}` is not a revision of the repository holding `{}`",
            path.display()
        ));
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{rev}:./{name}"))
        .output()
        .map_err(|e| format!("--since needs git: {e}"))?;
    if !output.status.success() {
        return Ok(None);
    }
    Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned()))
}
