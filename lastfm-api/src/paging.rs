//! Paged lists: their metadata, and streams that walk every page.

use std::future::IntoFuture;
use std::pin::Pin;

use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt, stream};

use crate::Error;

/// Where a page stands in its list.
///
/// Last.fm sends it as attributes of the list element (`page`, `perPage`,
/// `totalPages`, `total`) or, for searches, as OpenSearch elements
/// (`totalResults`, `startIndex`, `itemsPerPage`); both end up here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Paging {
    /// 1-based.
    pub page: u32,
    pub per_page: Option<u32>,
    pub total_pages: Option<u32>,
    /// The number of items in the whole list.
    pub total: Option<u64>,
}

fn small(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Paging {
    /// From the attributes of a list element.
    pub fn from_attributes(
        page: Option<u64>,
        per_page: Option<u64>,
        total_pages: Option<u64>,
        total: Option<u64>,
    ) -> Paging {
        let per_page = per_page.map(small);
        let total_pages = total_pages.map(small).or_else(|| {
            // Older answers leave `totalPages` out but give the total.
            let (total, per) = (total?, u64::from(per_page?));
            (per > 0).then(|| small(total.div_ceil(per)))
        });
        Paging {
            page: page.map_or(1, small).max(1),
            per_page,
            total_pages,
            total,
        }
    }

    /// From OpenSearch elements: `startIndex` is 0-based, and `startPage`
    /// (of `<opensearch:Query>`) gives the page when present.
    pub fn from_opensearch(
        start_index: Option<u64>,
        items_per_page: Option<u64>,
        total_results: Option<u64>,
        start_page: Option<u64>,
    ) -> Paging {
        let per = items_per_page.filter(|&n| n > 0);
        let page = start_page
            .or_else(|| Some(start_index? / per? + 1))
            .map_or(1, small)
            .max(1);
        Paging {
            page,
            per_page: per.map(small),
            total_pages: total_results.zip(per).map(|(t, p)| small(t.div_ceil(p))),
            total: total_results,
        }
    }

    /// Whether a later page exists, as far as the metadata tells.
    pub fn has_next(&self) -> bool {
        self.total_pages.is_some_and(|total| self.page < total)
    }
}

/// One page of a paged list.
pub trait Paged {
    type Item;
    fn paging(&self) -> Paging;
    fn items(&self) -> &[Self::Item];
    fn into_items(self) -> Vec<Self::Item>;
}

/// A request for one page of a paged list (generated for methods with a
/// `page` parameter whose answer is [`Paged`]).
pub trait PagedRequest: Clone + Send + 'static {
    type Page: Paged;
    /// The page asked for, if set.
    fn page_number(&self) -> Option<u32>;
    /// The same request for another page.
    fn at_page(self, page: u32) -> Self;
}

/// The pages of a paged list, in order.
pub type PageStream<P> = Pin<Box<dyn Stream<Item = Result<P, Error>> + Send>>;
/// The items of a paged list, in order.
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// Walks every page from the request's page (the first by default) to the
/// last one. The stream ends after the last page, after an empty page, or
/// after the first error (which it yields).
pub fn pages<R>(request: R) -> PageStream<R::Page>
where
    R: PagedRequest + IntoFuture<Output = Result<<R as PagedRequest>::Page, Error>>,
    R::IntoFuture: Send,
    R::Page: Send + 'static,
{
    let first = request.page_number().unwrap_or(1);
    Box::pin(stream::try_unfold(
        Some((request, first)),
        |state| async move {
            let Some((request, number)) = state else {
                return Ok(None);
            };
            let page = request.clone().at_page(number).await?;
            let paging = page.paging();
            let next = (paging.has_next() && !page.items().is_empty())
                .then(|| (request, paging.page.max(number) + 1));
            Ok(Some((page, next)))
        },
    ))
}

/// Every item of every page, from the request's page on.
pub fn items<R>(request: R) -> ItemStream<<R::Page as Paged>::Item>
where
    R: PagedRequest + IntoFuture<Output = Result<<R as PagedRequest>::Page, Error>>,
    R::IntoFuture: Send,
    R::Page: Send + 'static,
    <R::Page as Paged>::Item: Send + 'static,
{
    Box::pin(
        pages(request)
            .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok)))
            .try_flatten()
            .boxed(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes() {
        let p = Paging::from_attributes(Some(2), Some(50), Some(3), Some(120));
        assert_eq!((p.page, p.total_pages, p.has_next()), (2, Some(3), true));
        let p = Paging::from_attributes(Some(3), Some(50), None, Some(120));
        assert_eq!((p.total_pages, p.has_next()), (Some(3), false));
        let p = Paging::from_attributes(None, None, None, None);
        assert_eq!((p.page, p.has_next()), (1, false));
    }

    #[test]
    fn opensearch() {
        let p = Paging::from_opensearch(Some(0), Some(20), Some(734), Some(1));
        assert_eq!((p.page, p.total_pages, p.total), (1, Some(37), Some(734)));
        let p = Paging::from_opensearch(Some(40), Some(20), Some(734), None);
        assert_eq!(p.page, 3);
        let p = Paging::from_opensearch(Some(0), Some(0), Some(5), None);
        assert_eq!((p.page, p.total_pages), (1, None));
    }
}
