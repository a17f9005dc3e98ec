//! Env values are secrets: no message, label, help or fix title may contain one. Every rule
//! runs on every rule fixture and on `fixtures/sidelinja`; the secret-looking values of
//! their env files (keys naming a password, secret, token, key or hash, and any value with
//! `do-not-print` in it) must appear nowhere in what the findings say.

use std::path::{Path, PathBuf};

use cfglint::checker::Settings;
use cfglint::commands::check::{FixMode, check_and_fix};
use cfglint::config::ConfigFile;
use cfglint::project::{Overlay, Parsed};
use compose_model::dotenv;

/// Key words that make a variable's value a secret.
const SECRET_KEYS: &[&str] = &["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "HASH"];

fn stacks() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut out = vec![fixtures.join("sidelinja")];
    for rule in std::fs::read_dir(fixtures.join("rules")).expect("fixtures/rules exists") {
        for case in std::fs::read_dir(rule.unwrap().path()).unwrap() {
            let case = case.unwrap().path();
            if case.is_dir() {
                out.push(case);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn findings_never_quote_a_secret_env_value() {
    let mut checked_secrets = 0;
    for stack in stacks() {
        let config = match std::fs::read_to_string(stack.join("cfglint.toml")) {
            Ok(text) => ConfigFile::parse(&text, &stack.join("cfglint.toml")).unwrap(),
            Err(_) => ConfigFile::default(),
        };
        let settings = Settings::new(config, &[], &[]).unwrap();
        let paths = [PathBuf::from(".")];
        let checked =
            check_and_fix(&paths, &stack, &settings, Overlay::default(), FixMode::None).unwrap();
        let project = &checked.project;
        let mut secrets: Vec<String> = Vec::new();
        for file in project.sources.iter() {
            let Parsed::Env(env) = project.parsed(file.id) else {
                continue;
            };
            for (key, value) in dotenv::resolve(&env.parse.tree, &|_| None) {
                let Some(value) = value else { continue };
                let secret = SECRET_KEYS.iter().any(|k| key.to_uppercase().contains(k))
                    || value.contains("do-not-print");
                if secret && value.len() >= 6 {
                    secrets.push(value);
                }
            }
        }
        for d in &checked.diagnostics {
            let mut said = vec![d.message.clone()];
            said.extend(d.help.as_deref().map(str::to_owned));
            said.extend(d.labels.iter().map(|l| l.message.clone()));
            said.extend(d.fix.iter().map(|f| f.message().to_owned()));
            for text in &said {
                for secret in &secrets {
                    assert!(
                        !text.contains(secret.as_str()),
                        "{}: `{}` says a secret value: {text}",
                        stack.display(),
                        d.rule.name
                    );
                    checked_secrets += 1;
                }
            }
        }
    }
    assert!(checked_secrets > 0, "the fixtures hold secrets to check");
}
