//! cfglint: lints and fixes a deployment's compose files, Caddyfiles, Dockerfiles and `.env`
//! files together.
