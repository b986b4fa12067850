/// The size of an image, as Last.fm names them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ImageSize {
    Small,
    Medium,
    Large,
    ExtraLarge,
    Mega,
    /// A size this crate does not know, as sent.
    Other(String),
}

impl ImageSize {
    fn parse(s: &str) -> ImageSize {
        match s {
            "small" => ImageSize::Small,
            "medium" => ImageSize::Medium,
            "large" => ImageSize::Large,
            "extralarge" => ImageSize::ExtraLarge,
            "mega" => ImageSize::Mega,
            other => ImageSize::Other(other.to_owned()),
        }
    }
}

/// One image URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Image {
    pub size: ImageSize,
    pub url: String,
}

/// The images of an artist, album, track or user, keyed by size.
///
/// Last.fm sends `<image size="…">url</image>` elements, often with an empty
/// URL: those are left out, so every image here has a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Images(Vec<Image>);

impl Images {
    /// The URL of the image of `size`, if the service sent one.
    pub fn get(&self, size: ImageSize) -> Option<&str> {
        self.0
            .iter()
            .find(|i| i.size == size)
            .map(|i| i.url.as_str())
    }

    /// The URL of the largest image sent.
    pub fn largest(&self) -> Option<&str> {
        self.0
            .iter()
            .filter(|i| !matches!(i.size, ImageSize::Other(_)))
            .max_by(|a, b| a.size.cmp(&b.size))
            .or_else(|| self.0.last())
            .map(|i| i.url.as_str())
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Image> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Images {
    type Item = &'a Image;
    type IntoIter = std::slice::Iter<'a, Image>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Images {
    /// Adds the image of one `<image size="…">url</image>` element (an
    /// empty URL adds nothing).
    #[doc(hidden)]
    pub fn push_element(
        &mut self,
        r: &mut crate::__private::decode::XmlReader<'_>,
        start: &quick_xml::events::BytesStart<'_>,
        empty: bool,
    ) -> crate::__private::decode::DecodeResult<()> {
        let mut size = ImageSize::Other(String::new());
        for attr in crate::__private::decode::attributes(start) {
            let (key, value) = attr?;
            if key == "size" {
                size = ImageSize::parse(crate::__private::decode::trim(&value));
            }
        }
        let url = crate::__private::decode::string(r.text(empty)?);
        if !url.is_empty() {
            self.0.push(Image { size, url });
        }
        Ok(())
    }
}
