//! Input generators shared by the benchmarks.
#![warn(missing_docs)]

use std::fmt::Write as _;

/// Generates a docker-compose file with `services` services, for the compose benchmarks.
///
/// Each service (about 900 bytes) merges a shared `x-common` anchor (`<<: *common`, whose
/// `logging` is itself an alias) and its environment anchor, and has an interpolated image,
/// a `build` with args, a `depends_on` on the previous service, `environment` in map form
/// with `${VAR}` references, short-syntax `ports`, `expose`, a named and a bind volume,
/// `labels`, a `healthcheck` and a comment. Every named volume is declared at the top level.
/// 2,000 services give about 1.8 MB. The output is deterministic.
///
/// # Example
///
/// ```
/// let text = cfglint_benches::generate_compose(3);
/// assert!(text.contains("  svc0002:\n"));
/// assert!(text.contains("<<: *common"));
/// ```
pub fn generate_compose(services: usize) -> String {
    let mut out = String::with_capacity(services * 950 + 512);
    out.push_str(
        "x-logging: &logging\n  driver: json-file\n  options:\n    max-size: \"10m\"\n    \
         max-file: \"3\"\n\nx-common: &common\n  restart: unless-stopped\n  logging: *logging\n  \
         networks: [backend]\n  environment: &common-env\n    TZ: UTC\n    LOG_LEVEL: info\n\n\
         services:\n",
    );
    for i in 0..services {
        let name = format!("svc{i:04}");
        let team = i % 7;
        let port = 10_000 + i;
        let _ = write!(
            out,
            "  # {name}: generated service\n  {name}:\n    <<: *common\n    \
             image: \"registry.example.com/team{team}/{name}:${{TAG:-1.0.0}}\"\n    \
             container_name: {name}\n    build:\n      context: ./services/{name}\n      \
             dockerfile: Dockerfile\n      args:\n        - VERSION=${{VERSION:-1}}\n        \
             - TEAM=team{team}\n"
        );
        if i > 0 {
            let _ = write!(
                out,
                "    depends_on:\n      svc{:04}:\n        condition: service_started\n",
                i - 1
            );
        }
        let _ = write!(
            out,
            "    environment:\n      <<: *common-env\n      SERVICE_NAME: {name}\n      \
             DATABASE_URL: \"postgres://app:${{DB_PASSWORD}}@db:5432/{name}\"\n      \
             UPSTREAM: http://svc{next:04}:8080\n    ports:\n      - \"127.0.0.1:{port}:8080\"\n    \
             expose: [\"8080\"]\n    volumes:\n      - {name}-data:/var/lib/svc\n      \
             - ./config/{name}:/etc/svc:ro\n    labels:\n      com.example.team: \"team{team}\"\n      \
             com.example.service: {name}\n    healthcheck:\n      \
             test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/health\"]\n      \
             interval: 30s\n",
            next = (i + 1) % services.max(1)
        );
    }
    out.push_str("\nnetworks:\n  backend: {}\n\nvolumes:\n");
    for i in 0..services {
        let _ = writeln!(out, "  svc{i:04}-data: {{}}");
    }
    out
}
