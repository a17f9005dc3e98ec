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
    generate_compose_with(services, Dependencies::Chain)
}

/// How generated services depend on each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dependencies {
    /// Each service depends on the one before it.
    Chain,
    /// Each service depends on up to three earlier services picked by a seeded generator
    /// (acyclic, with many shared paths: what makes a naive cycle check exponential).
    Random(u64),
}

/// [`generate_compose`] with a choice of `depends_on` shape.
pub fn generate_compose_with(services: usize, dependencies: Dependencies) -> String {
    let mut rng = match dependencies {
        Dependencies::Chain => 0,
        Dependencies::Random(seed) => seed | 1,
    };
    let mut next_random = move || {
        // xorshift64: deterministic and dependency-free.
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
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
        match dependencies {
            Dependencies::Chain if i > 0 => {
                let _ = write!(
                    out,
                    "    depends_on:\n      svc{:04}:\n        condition: service_started\n",
                    i - 1
                );
            }
            Dependencies::Random(_) if i > 0 => {
                let mut picked: Vec<usize> = (0..3)
                    .map(|_| usize::try_from(next_random() % i as u64).unwrap_or(0))
                    .collect();
                picked.sort_unstable();
                picked.dedup();
                out.push_str("    depends_on:\n");
                for dep in picked {
                    let _ = writeln!(out, "      - svc{dep:04}");
                }
            }
            _ => {}
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

/// Returns a formatted Caddyfile of about `target_bytes` bytes (never less, one site block
/// more at most), the same for the same `target_bytes`.
///
/// It starts with a global options block and a `(common)` snippet, then repeats site blocks
/// until the size is reached. Each site has two addresses, a comment, `import common`, a
/// one-line and a block named matcher, `handle` with a nested `reverse_proxy { … }`,
/// `handle_path`, `header` with a quoted value, and `encode`: about 410 bytes and 22 lines,
/// so 2,170,000 bytes is about 5,300 sites and 116,500 lines (close to the 2.17 MB file
/// `caddy fmt` was timed on in `corpus/caddy/RESULTS-2.6.2.md`).
///
/// The text is already formatted: `caddy fmt` (2.6.2 or HEAD) leaves it unchanged. Use
/// [`messy_caddyfile`] for input that needs formatting.
///
/// # Example
///
/// ```
/// let text = cfglint_benches::generate_caddyfile(10_000);
/// assert!(text.len() >= 10_000);
/// assert_eq!(caddyfile_parser::format(&text), text);
/// ```
pub fn generate_caddyfile(target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 1024);
    out.push_str(
        "{\n\temail admin@example.com\n\tadmin off\n}\n\n\
         (common) {\n\tencode zstd gzip\n\theader {\n\t\t-Server\n\
         \t\tX-Content-Type-Options nosniff\n\t}\n}\n",
    );
    let mut site = 0usize;
    while out.len() < target_bytes {
        // `write!` to a `String` cannot fail.
        let _ = write!(
            out,
            "\nsite{site}.example.com, www.site{site}.example.com {{\n\
             \timport common\n\
             \t# API traffic goes to backend {backend}\n\
             \t@api path /api/*\n\
             \t@static {{\n\
             \t\tpath *.css *.js *.png\n\
             \t\tmethod GET HEAD\n\
             \t}}\n\
             \thandle @api {{\n\
             \t\treverse_proxy app{backend}:8080 {{\n\
             \t\t\theader_up X-Site site{site}\n\
             \t\t\tlb_policy round_robin\n\
             \t\t}}\n\
             \t}}\n\
             \thandle_path /assets/* {{\n\
             \t\troot * /srv/site{site}\n\
             \t\tfile_server\n\
             \t}}\n\
             \theader @static Cache-Control \"public, max-age=3600\"\n\
             \tencode gzip\n\
             }}\n",
            backend = site % 50,
        );
        site += 1;
    }
    out
}

/// Returns `formatted` with every line re-indented at random (spaces, tabs or none) and
/// trailing blanks added after words (not comments), as a hand-edited file looks. `seed` picks the variation.
///
/// Formatting the result gives `formatted` back when it came from [`generate_caddyfile`]
/// (it has no multi-line strings, whose inner lines would be changed).
///
/// # Example
///
/// ```
/// let formatted = cfglint_benches::generate_caddyfile(5_000);
/// let messy = cfglint_benches::messy_caddyfile(&formatted, 1);
/// assert_ne!(messy, formatted);
/// assert_eq!(caddyfile_parser::format(&messy), formatted);
/// ```
pub fn messy_caddyfile(formatted: &str, seed: u64) -> String {
    const INDENTS: [&str; 6] = ["", " ", "  ", "    ", "\t", "\t \t"];
    const TRAILING: [&str; 4] = ["", "", " ", "\t  "];
    // xorshift64: deterministic, dependency-free; `| 1` keeps the state non-zero.
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n as u64).unwrap_or(0)
    };
    let mut out = String::with_capacity(formatted.len() * 5 / 4);
    for line in formatted.lines() {
        let text = line.trim_start_matches('\t');
        if !text.is_empty() {
            out.push_str(INDENTS[next(INDENTS.len())]);
            out.push_str(text);
            // `caddy fmt` keeps a comment's trailing blanks: add them to other lines only.
            let trailing = TRAILING[next(TRAILING.len())];
            if !text.starts_with('#') {
                out.push_str(trailing);
            }
        }
        out.push('\n');
    }
    out
}

/// The files of a generated stack, as `(relative path, contents)`: `compose.yaml` from
/// [`generate_compose_with`] plus a `caddy` service mounting a `Caddyfile` with one site per
/// service (`reverse_proxy svcNNNN:8080`), one `Dockerfile` per service (`ARG VERSION`,
/// `ARG TEAM`, `EXPOSE 8080`), and a `.env` with the variables the compose file reads.
pub fn generate_stack(services: usize, dependencies: Dependencies) -> Vec<(String, String)> {
    let compose = generate_compose_with(services, dependencies);
    let caddy_service = "  caddy:\n    image: caddy:2.8\n    ports:\n      - \"80:80\"\n      - \"443:443\"\n    volumes:\n      - ./Caddyfile:/etc/caddy/Caddyfile:ro\n    networks: [backend]\n";
    let compose = match compose.find("\nnetworks:\n") {
        Some(at) => format!("{}{caddy_service}{}", &compose[..at], &compose[at..]),
        None => compose,
    };
    let mut caddyfile = String::from("{\n\temail ops@example.com\n}\n");
    for i in 0..services {
        let _ = write!(
            caddyfile,
            "\nsvc{i:04}.example.com {{\n\tencode gzip\n\treverse_proxy svc{i:04}:8080\n}}\n"
        );
    }
    let mut files = vec![
        ("compose.yaml".to_owned(), compose),
        ("Caddyfile".to_owned(), caddyfile),
        (
            ".env".to_owned(),
            "TAG=1.2.3\nVERSION=7\nDB_PASSWORD=generated-secret\n".to_owned(),
        ),
    ];
    for i in 0..services {
        files.push((
            format!("services/svc{i:04}/Dockerfile"),
            "FROM alpine:3.20\nARG VERSION\nARG TEAM\nLABEL version=$VERSION team=$TEAM\nEXPOSE 8080\nCMD [\"/app\"]\n".to_owned(),
        ));
    }
    files
}

/// A Caddyfile of `sites` site blocks that each import one snippet with an argument: the
/// input on which Caddy's adapter is quadratic.
pub fn generate_snippet_sites(sites: usize) -> String {
    let mut out = String::from(
        "(proxy) {\n\treverse_proxy {args[0]}:8080\n\tencode gzip\n\theader X-Site {args[0]}\n}\n",
    );
    for i in 0..sites {
        let _ = write!(out, "\nsite{i}.example.com {{\n\timport proxy app{i}\n}}\n");
    }
    out
}

/// [`generate_compose_with`]'s output with every anchor, alias and merge key written out in
/// full (for peers that refuse many aliases, such as dclint). Loads to the same services.
pub fn without_anchors(compose: &str) -> String {
    let header_end = compose.find("services:\n").unwrap_or(0);
    compose[header_end..]
        .replace(
            "    <<: *common\n",
            "    restart: unless-stopped\n    logging:\n      driver: json-file\n      options:\n        \
             max-size: \"10m\"\n        max-file: \"3\"\n    networks: [backend]\n",
        )
        .replace("      <<: *common-env\n", "      TZ: UTC\n      LOG_LEVEL: info\n")
}
