//! `cfglint retire SERVICE`: remove a service and every reference to it.

use crate::cli::RetireArgs;

use super::{ExitStatus, print_error};

/// Runs `cfglint retire`.
pub fn run(args: &RetireArgs) -> ExitStatus {
    print_error(&format!(
        "`retire {}` is not available in this build yet",
        args.service
    ));
    ExitStatus::Error
}
