//! Words of an instruction's arguments, and the parsed forms of `FROM`, `ARG`, `ENV` and
//! `EXPOSE`.

use ecow::EcoString;

use crate::Spanned;
use crate::spanned::eco;

use super::reader::Logical;
use super::{ArgDef, EnvDef, ExposePort, Stage};

/// One whitespace-separated word of a logical line; quotes group, the escape character
/// escapes.
#[derive(Debug, Clone)]
pub(super) struct Word {
    /// Start in the logical text.
    pub(super) start: usize,
    /// End in the logical text.
    pub(super) end: usize,
    /// True when a quote in it is never closed.
    pub(super) unterminated: bool,
}

/// `words := blank* (word blank+)* word?`, `word := (escaped | '"' … '"' | "'" … "'" | char)+`.
///
/// Docker's word splitting (as documented for `ENV`/`ARG`/`LABEL`): whitespace separates words
/// unless quoted or escaped.
pub(super) fn words(text: &str, from: usize, escape: char) -> Vec<Word> {
    let mut out = Vec::new();
    let mut chars = text
        .get(from..)
        .unwrap_or_default()
        .char_indices()
        .peekable();
    while let Some(&(off, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let start = from + off;
        let mut end = start;
        let mut quote: Option<char> = None;
        while let Some(&(off, c)) = chars.peek() {
            if quote.is_none() && c.is_whitespace() {
                break;
            }
            chars.next();
            end = from + off + c.len_utf8();
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None | Some('"'), c) if c == escape => {
                    if let Some((off, n)) = chars.next() {
                        end = from + off + n.len_utf8();
                    }
                }
                _ => {}
            }
        }
        out.push(Word {
            start,
            end,
            unterminated: quote.is_some(),
        });
    }
    out
}

/// Removes quotes and escapes from a word (no variable expansion).
pub(super) fn unquote(raw: &str, escape: char) -> EcoString {
    if !raw.contains(['"', '\'', escape]) {
        return eco(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut quote: Option<char> = None;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c == escape => out.extend(chars.next()),
            (Some('"'), c) if c == escape => match chars.next() {
                Some(n @ ('"' | '$')) => out.push(n),
                Some(n) if n == escape => out.push(n),
                Some(n) => {
                    out.push(c);
                    out.push(n);
                }
                None => out.push(c),
            },
            _ => out.push(c),
        }
    }
    eco(&out)
}

fn spanned(logical: &Logical, start: usize, end: usize, escape: char) -> Spanned<EcoString> {
    Spanned::new(
        unquote(logical.slice(start, end), escape),
        logical.range(start, end),
    )
}

/// `FROM [--flag=value]… image [AS name]`: the stage that instruction `index` opens.
pub(super) fn from_image(
    logical: &Logical,
    words: &[Word],
    escape: char,
    index: usize,
) -> Option<Stage> {
    let mut platform = None;
    let mut rest = words.iter().skip_while(|w| {
        let raw = logical.slice(w.start, w.end);
        if let Some(value) = raw.strip_prefix("--platform=") {
            let at = w.end - value.len();
            platform = Some(spanned(logical, at, w.end, escape));
        }
        raw.starts_with("--")
    });
    let image = rest.next()?;
    let image = spanned(logical, image.start, image.end, escape);
    let name = match (rest.next(), rest.next()) {
        (Some(r#as), Some(name))
            if logical
                .slice(r#as.start, r#as.end)
                .eq_ignore_ascii_case("as") =>
        {
            Some(spanned(logical, name.start, name.end, escape))
        }
        _ => None,
    };
    Some(Stage {
        platform,
        image,
        name,
        instructions: index..index + 1,
    })
}

/// A `name[=value]` word.
struct Pair {
    name: Spanned<EcoString>,
    value: Option<Spanned<EcoString>>,
    start: usize,
    end: usize,
}

/// Splits `name=value` words (`ARG A B=1`, `ENV A=1 B="x y"`).
fn pairs(logical: &Logical, words: &[Word], escape: char) -> Vec<Pair> {
    words
        .iter()
        .map(|w| {
            let raw = logical.slice(w.start, w.end);
            let (name, value) = match raw.find('=') {
                Some(eq) => (
                    spanned(logical, w.start, w.start + eq, escape),
                    Some(spanned(logical, w.start + eq + 1, w.end, escape)),
                ),
                None => (spanned(logical, w.start, w.end, escape), None),
            };
            Pair {
                name,
                value,
                start: w.start,
                end: w.end,
            }
        })
        .collect()
}

/// `ARG name[=default] …` of instruction `index`.
pub(super) fn arg_defs(
    logical: &Logical,
    words: &[Word],
    escape: char,
    index: u32,
) -> impl Iterator<Item = ArgDef> {
    pairs(logical, words, escape)
        .into_iter()
        .map(move |p| ArgDef {
            name: p.name,
            default: p.value,
            range: logical.range(p.start, p.end),
            instruction: index,
        })
}

/// `ENV key=value …`, or the legacy `ENV key value with spaces`, of instruction `index`.
pub(super) fn env_defs(logical: &Logical, words: &[Word], escape: char, index: u32) -> Vec<EnvDef> {
    let Some(first) = words.first() else {
        return Vec::new();
    };
    if logical.slice(first.start, first.end).contains('=') {
        return pairs(logical, words, escape)
            .into_iter()
            .map(|p| EnvDef {
                key: p.name,
                value: p
                    .value
                    .unwrap_or_else(|| Spanned::new(EcoString::new(), logical.range(p.end, p.end))),
                range: logical.range(p.start, p.end),
                instruction: index,
            })
            .collect();
    }
    let key = spanned(logical, first.start, first.end, escape);
    let (value, end) = match (words.get(1), words.last()) {
        (Some(second), Some(last)) => (spanned(logical, second.start, last.end, escape), last.end),
        _ => (
            Spanned::new(EcoString::new(), logical.range(first.end, first.end)),
            first.end,
        ),
    };
    vec![EnvDef {
        key,
        value,
        range: logical.range(first.start, end),
        instruction: index,
    }]
}

/// `EXPOSE port[-port][/protocol] …` of instruction `index`.
pub(super) fn expose_ports(
    logical: &Logical,
    words: &[Word],
    escape: char,
    index: u32,
) -> impl Iterator<Item = ExposePort> {
    words.iter().map(move |w| {
        let text = spanned(logical, w.start, w.end, escape);
        let ports = text
            .value
            .split_once('/')
            .map_or(text.value.as_str(), |(p, _)| p);
        let ports = match ports.split_once('-') {
            Some((a, b)) => a.parse().ok().zip(b.parse().ok()),
            None => ports.parse().ok().map(|p| (p, p)),
        };
        ExposePort {
            text,
            ports,
            instruction: index,
        }
    })
}
