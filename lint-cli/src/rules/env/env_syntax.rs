//! `env-syntax`

use crate::checker::Checker;
use crate::project::EnvData;
use crate::registry::{Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a line of a `.env` or `env_file` file that Docker Compose cannot read: a key
    /// with a space in it, an unterminated quote, text after a closing single quote.
    ///
    /// ## Why is this bad?
    /// `docker compose` stops with `failed to read …: line N: …` and deploys nothing.
    ///
    /// ## Example
    /// ```sh
    /// API KEY=abc
    /// GREETING="hello
    /// ```
    ///
    /// Use instead:
    /// ```sh
    /// API_KEY=abc
    /// GREETING="hello"
    /// ```
    ///
    /// The message never contains the value: env files hold secrets.
    pub struct EnvSyntax {
        name: "env-syntax",
        severity: Error,
        fix: None,
    }
}

impl Rule for EnvSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_env(&self, file: &EnvData, cx: &mut Checker<'_>) {
        for error in &file.parse.errors {
            let d = cx.diagnostic(&Self::META, error.range(), error.to_string());
            cx.report(d);
        }
    }
}
