//! Lexing speed on a generated ~2 MB Caddyfile (target: at least 300 MB/s in release).

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A realistic Caddyfile of about `bytes` bytes: global options, snippets, many sites with
/// matchers, quoted strings, comments, nested blocks and a heredoc now and then.
fn generate(bytes: usize) -> String {
    let mut out =
        String::from("{\n\temail admin@example.com\n\tservers {\n\t\tprotocols h1 h2\n\t}\n}\n\n");
    out.push_str("(common) {\n\tencode zstd gzip\n\theader -Server\n}\n\n");
    let mut n = 0;
    while out.len() < bytes {
        let _ = write!(
            out,
            "# site {n}\nsite{n}.example.com, www.site{n}.example.com {{\n\
             \timport common\n\
             \t@api{n} path /api/* /v{n}/*\n\
             \treverse_proxy @api{n} app{n}:8080 {{\n\
             \t\theader_up X-Real-IP {{remote_host}}\n\
             \t\tlb_policy round_robin\n\
             \t}}\n\
             \theader Content-Security-Policy \"default-src 'self'; img-src *\"\n\
             \trespond /health `{{\"ok\": true}}` 200\n"
        );
        if n % 10 == 0 {
            let _ = write!(
                out,
                "\trespond /motd <<EOF\n\t\tWelcome to site {n}\n\t\tEOF 200\n"
            );
        }
        out.push_str("\tfile_server browse\n}\n\n");
        n += 1;
    }
    out
}

fn lex(c: &mut Criterion) {
    let text = generate(2 * 1024 * 1024);
    let mut group = c.benchmark_group("caddyfile");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("lex_2mb", |b| {
        b.iter(|| caddyfile_parser::lex(black_box(&text)));
    });
    group.finish();
}

criterion_group!(benches, lex);
criterion_main!(benches);
