//! Located diagnostics: what is wrong in a spec file, and where.

use std::fmt;

/// A 1-based line and column in a spec file (0 when unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user should see it, e.g. `spec/auth.yaml`.
    pub file: String,
    pub pos: Pos,
    pub message: String,
    /// The offending source line, shown under the message.
    pub snippet: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.pos.line, self.pos.column, self.message
        )?;
        if let Some(line) = &self.snippet {
            let number = self.pos.line.to_string();
            let pad = " ".repeat(number.len());
            let caret = " ".repeat(self.pos.column.saturating_sub(1));
            write!(f, "\n{pad} |\n{number} | {line}\n{pad} | {caret}^")?;
        }
        Ok(())
    }
}

/// Collects the diagnostics of a whole spec directory, so that all of them
/// are reported at once, each with its source line.
#[derive(Debug, Default)]
pub struct Report {
    sources: Vec<(String, String)>,
    found: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Report {
    /// Remembers a file's text, for the snippets of its diagnostics.
    pub fn add_source(&mut self, file: &str, text: &str) {
        self.sources.push((file.to_owned(), text.to_owned()));
    }

    pub fn error(&mut self, file: &str, pos: Pos, message: impl Into<String>) {
        let found = self.located(file, pos, message.into());
        self.found.push(found);
    }

    /// Something worth fixing that does not stop the build.
    pub fn warning(&mut self, file: &str, pos: Pos, message: impl Into<String>) {
        let found = self.located(file, pos, message.into());
        self.warnings.push(found);
    }

    /// The warnings in file order, then line order.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        let mut warnings = std::mem::take(&mut self.warnings);
        warnings.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
        warnings
    }

    fn located(&self, file: &str, pos: Pos, message: String) -> Diagnostic {
        let snippet = self
            .sources
            .iter()
            .find(|(name, _)| name == file)
            .and_then(|(_, text)| text.lines().nth(pos.line.checked_sub(1)?))
            .map(|l| l.trim_end().to_owned());
        Diagnostic {
            file: file.to_owned(),
            pos,
            message,
            snippet,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The diagnostics in file order, then line order.
    pub fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        self.found
            .sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_snippet_and_caret() {
        let source = "package: auth\nmethods:\n  - name: x\n    auth: sined\n";
        let mut report = Report::default();
        report.add_source("spec/auth.yaml", source);
        report.error(
            "spec/auth.yaml",
            Pos::new(4, 11),
            "unknown auth level `sined`",
        );
        let text = report.into_diagnostics()[0].to_string();
        assert_eq!(
            text,
            "spec/auth.yaml:4:11: unknown auth level `sined`\n  |\n4 |     auth: sined\n  |           ^"
        );
    }
}
