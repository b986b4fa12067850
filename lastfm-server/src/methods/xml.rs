//! A small XML writer for answers: elements, attributes, escaped text.

use std::fmt::Display;

use crate::catalogue::image_urls;
use crate::protocol::escape;

#[derive(Debug, Default)]
pub struct Xml {
    out: String,
}

impl Xml {
    pub fn new() -> Self {
        Xml::default()
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &dyn Display)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&escape(&value.to_string()));
            self.out.push('"');
        }
    }

    /// `<name attr="…">`; close it with [`Xml::close`].
    pub fn open(&mut self, name: &str, attrs: &[(&str, &dyn Display)]) -> &mut Self {
        self.start(name, attrs);
        self.out.push_str(">\n");
        self
    }

    pub fn close(&mut self, name: &str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
        self
    }

    /// `<name>text</name>` (`<name></name>` for empty text, as the service writes it).
    pub fn leaf(&mut self, name: &str, text: impl Display) -> &mut Self {
        self.leaf_with(name, &[], text)
    }

    /// `<name attr="…">text</name>`.
    pub fn leaf_with(
        &mut self,
        name: &str,
        attrs: &[(&str, &dyn Display)],
        text: impl Display,
    ) -> &mut Self {
        self.start(name, attrs);
        self.out.push('>');
        self.out.push_str(&escape(&text.to_string()));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
        self
    }

    /// `<name attr="…"/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &dyn Display)]) -> &mut Self {
        self.start(name, attrs);
        self.out.push_str("/>\n");
        self
    }

    /// The four `<image size="…">` elements of an entity.
    pub fn images(&mut self, seed: &str) -> &mut Self {
        for (size, url) in image_urls(seed) {
            self.leaf_with("image", &[("size", &size)], url);
        }
        self
    }

    pub fn finish(self) -> String {
        self.out.trim_end().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_escaped_elements() {
        let mut x = Xml::new();
        x.open("artists", &[("page", &1), ("user", &"a&b")])
            .leaf("name", "AC/DC <live>")
            .leaf("mbid", "")
            .empty("chart", &[("from", &1), ("to", &2)])
            .close("artists");
        assert_eq!(
            x.finish(),
            "<artists page=\"1\" user=\"a&amp;b\">\n<name>AC/DC &lt;live&gt;</name>\n<mbid></mbid>\n<chart from=\"1\" to=\"2\"/>\n</artists>"
        );
    }
}
