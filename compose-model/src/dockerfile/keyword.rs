//! The instruction keywords Docker knows.

/// An instruction's keyword (`BuildKit`'s `dockerfile` frontend knows these), read in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// `ADD`.
    Add,
    /// `ARG`.
    Arg,
    /// `CMD`.
    Cmd,
    /// `COPY`.
    Copy,
    /// `ENTRYPOINT`.
    Entrypoint,
    /// `ENV`.
    Env,
    /// `EXPOSE`.
    Expose,
    /// `FROM`.
    From,
    /// `HEALTHCHECK`.
    Healthcheck,
    /// `LABEL`.
    Label,
    /// `MAINTAINER`.
    Maintainer,
    /// `ONBUILD`.
    Onbuild,
    /// `RUN`.
    Run,
    /// `SHELL`.
    Shell,
    /// `STOPSIGNAL`.
    Stopsignal,
    /// `USER`.
    User,
    /// `VOLUME`.
    Volume,
    /// `WORKDIR`.
    Workdir,
    /// A word Docker does not know as an instruction (an
    /// [`UnknownInstruction`](super::DockerfileError::UnknownInstruction) error); the word is
    /// in the source text at the keyword's range.
    Unknown,
}

/// Every known keyword with its spelling.
const KEYWORDS: [(Keyword, &str); 18] = [
    (Keyword::Add, "ADD"),
    (Keyword::Arg, "ARG"),
    (Keyword::Cmd, "CMD"),
    (Keyword::Copy, "COPY"),
    (Keyword::Entrypoint, "ENTRYPOINT"),
    (Keyword::Env, "ENV"),
    (Keyword::Expose, "EXPOSE"),
    (Keyword::From, "FROM"),
    (Keyword::Healthcheck, "HEALTHCHECK"),
    (Keyword::Label, "LABEL"),
    (Keyword::Maintainer, "MAINTAINER"),
    (Keyword::Onbuild, "ONBUILD"),
    (Keyword::Run, "RUN"),
    (Keyword::Shell, "SHELL"),
    (Keyword::Stopsignal, "STOPSIGNAL"),
    (Keyword::User, "USER"),
    (Keyword::Volume, "VOLUME"),
    (Keyword::Workdir, "WORKDIR"),
];

impl Keyword {
    /// Reads a keyword as written (any case); [`Keyword::Unknown`] when Docker does not know
    /// it.
    ///
    /// # Example
    ///
    /// ```
    /// use compose_model::dockerfile::Keyword;
    ///
    /// assert_eq!(Keyword::parse("from"), Keyword::From);
    /// assert_eq!(Keyword::parse("FROMM"), Keyword::Unknown);
    /// ```
    pub fn parse(word: &str) -> Self {
        KEYWORDS
            .iter()
            .find(|(_, spelling)| spelling.eq_ignore_ascii_case(word))
            .map_or(Self::Unknown, |&(keyword, _)| keyword)
    }

    /// Returns the keyword upper-cased (`"FROM"`); empty for [`Keyword::Unknown`].
    pub fn as_str(self) -> &'static str {
        KEYWORDS
            .iter()
            .find(|(keyword, _)| *keyword == self)
            .map_or("", |&(_, spelling)| spelling)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_reads_back() {
        for (keyword, spelling) in KEYWORDS {
            assert_eq!(Keyword::parse(spelling), keyword);
            assert_eq!(Keyword::parse(&spelling.to_ascii_lowercase()), keyword);
            assert_eq!(keyword.as_str(), spelling);
        }
        assert_eq!(Keyword::parse(""), Keyword::Unknown);
        assert_eq!(Keyword::Unknown.as_str(), "");
    }
}
