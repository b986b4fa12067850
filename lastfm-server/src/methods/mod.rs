//! The methods themselves: what each one answers from the [`World`], and
//! what each write changes in it. One module per Last.fm package; the
//! generic checks (key, signature, session, required parameters) have
//! already passed when these run.

mod album;
mod artist;
mod chart;
pub mod entries;
mod geo;
mod library;
mod tag;
mod tagging;
mod track;
mod undocumented;
mod user;
mod xml;

use std::collections::HashMap;

use crate::protocol::Failure;
use crate::world::World;

pub use xml::Xml;

pub type Answer = Result<String, Failure>;

/// One call that passed the generic checks.
pub struct Call<'a> {
    /// `package.method` as the spec spells it (the request may differ in case).
    pub method: &'a str,
    pub params: &'a [(String, String)],
    /// The user of the session key, when one was sent and valid.
    pub user: Option<&'a str>,
    /// Unix seconds, from the server's clock.
    pub now: u64,
}

impl<'a> Call<'a> {
    /// A parameter's value, `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// A parameter the method needs (the generic check has usually caught
    /// its absence already; alternatives are checked here).
    pub fn require(&self, name: &str) -> Result<&'a str, Failure> {
        self.get(name).ok_or_else(|| {
            Failure::new(
                6,
                format!(
                    "Invalid parameters - Your request is missing a required parameter: {name}"
                ),
            )
        })
    }

    pub fn flag(&self, name: &str) -> bool {
        self.get(name) == Some("1")
    }

    pub fn number(&self, name: &str) -> Option<u64> {
        self.get(name).and_then(|v| v.parse().ok())
    }

    /// `page` (from 1) and `limit` (capped at `max`), with the method's default limit.
    pub fn page_and_limit(&self, default_limit: u32, max: u32) -> (u32, u32) {
        let page = self
            .number("page")
            .map_or(1, |p| p.clamp(1, 1_000_000) as u32);
        let limit = self
            .number("limit")
            .map_or(default_limit, |l| l.clamp(1, u64::from(max)) as u32);
        (page, limit)
    }

    /// The `user` parameter, or the session's user when it is left out.
    pub fn user_param(&self, name: &str) -> Result<&'a str, Failure> {
        self.get(name).or(self.user).ok_or_else(|| {
            Failure::new(
                6,
                format!(
                    "Invalid parameters - Your request is missing a required parameter: {name}"
                ),
            )
        })
    }
}

/// One page of a list, and the attributes that describe it.
pub struct Page<'s, T> {
    pub items: &'s [T],
    pub page: u32,
    pub per_page: u32,
    pub total_pages: u32,
    pub total: usize,
}

impl<'s, T> Page<'s, T> {
    pub fn of(all: &'s [T], page: u32, per_page: u32) -> Self {
        let per = per_page.max(1) as usize;
        let start = (page as usize - 1).saturating_mul(per).min(all.len());
        let end = start.saturating_add(per).min(all.len());
        Page {
            items: &all[start..end],
            page,
            per_page,
            total_pages: all.len().div_ceil(per) as u32,
            total: all.len(),
        }
    }

    /// The index of the first item of the page in the whole list.
    pub fn offset(&self) -> usize {
        (self.page as usize - 1) * self.per_page as usize
    }

    /// `page`, `perPage`, `totalPages`, `total` and any extra attributes, for
    /// the list element.
    pub fn open<'x>(
        &self,
        xml: &'x mut Xml,
        name: &str,
        extra: &[(&str, &dyn std::fmt::Display)],
    ) -> &'x mut Xml {
        let mut attrs: Vec<(&str, &dyn std::fmt::Display)> = extra.to_vec();
        attrs.push(("page", &self.page));
        attrs.push(("perPage", &self.per_page));
        attrs.push(("totalPages", &self.total_pages));
        attrs.push(("total", &self.total));
        xml.open(name, &attrs)
    }
}

/// One page of a ranked list of `(item, plays)`: the `list` element with
/// `attrs` and the paging attributes, each item written by `entry` with its
/// rank (from 1) and play count. 50 a page unless asked, 1,000 at most.
pub fn ranked_page<T>(
    call: &Call,
    list: &str,
    attrs: &[(&str, &dyn std::fmt::Display)],
    ranked: &[(T, u64)],
    entry: impl Fn(&mut Xml, &T, usize, u64),
) -> String {
    let (page, limit) = call.page_and_limit(50, 1000);
    let p = Page::of(ranked, page, limit);
    let mut x = Xml::new();
    p.open(&mut x, list, attrs);
    for (i, (item, plays)) in p.items.iter().enumerate() {
        entry(&mut x, item, p.offset() + i + 1, *plays);
    }
    x.close(list);
    x.finish()
}

/// The data of the session's user, for writes (9 when there is no session).
pub fn session_user<'w>(
    world: &'w mut World,
    call: &Call,
) -> Result<&'w mut crate::world::UserData, Failure> {
    call.user
        .and_then(|name| world.user_mut(name))
        .ok_or_else(|| Failure::new(9, "Invalid session key - Please re-authenticate"))
}

/// The opening of a search answer: `<results>` and its OpenSearch elements.
pub fn open_search<T>(x: &mut Xml, term: &str, page: &Page<'_, T>) {
    x.open(
        "results",
        &[
            ("xmlns:opensearch", &"http://a9.com/-/spec/opensearch/1.1/"),
            ("for", &term),
        ],
    )
    .empty(
        "opensearch:Query",
        &[
            ("role", &"request"),
            ("searchTerms", &term),
            ("startPage", &page.page),
        ],
    )
    .leaf("opensearch:totalResults", page.total)
    .leaf("opensearch:startIndex", page.offset())
    .leaf("opensearch:itemsPerPage", page.per_page);
}

/// Counts items by a case-insensitive key, keeping the first spelling seen:
/// most counted first, ties by key.
pub fn ranked<T>(items: impl IntoIterator<Item = (String, T)>) -> Vec<(T, u64)> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut counted: Vec<(String, T, u64)> = Vec::new();
    for (key, item) in items {
        let key = key.to_lowercase();
        match index.get(&key) {
            Some(&i) => counted[i].2 += 1,
            None => {
                index.insert(key.clone(), counted.len());
                counted.push((key, item, 1));
            }
        }
    }
    counted.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    counted.into_iter().map(|(_, item, n)| (item, n)).collect()
}

/// A week, in seconds.
pub const WEEK: u64 = 7 * 24 * 3600;
/// The service's first chart boundary: Sunday 13 Feb 2005, 12:00 UTC. Weekly
/// charts (of users and tags) run from one Sunday noon to the next.
pub const CHART_EPOCH: u64 = 1_108_296_000;

/// The Sunday noon (UTC) at or before `t`.
pub fn week_start(t: u64) -> u64 {
    let offset = (t as i64 - CHART_EPOCH as i64).div_euclid(WEEK as i64);
    (CHART_EPOCH as i64 + offset * WEEK as i64) as u64
}

pub fn not_found(what: &str) -> Failure {
    Failure::new(6, format!("{what} not found"))
}

/// Answers a call, or `None` when the server does not simulate the method.
pub fn answer(world: &mut World, call: &Call) -> Option<Answer> {
    let package = call.method.split('.').next().unwrap_or_default();
    match package {
        "album" => album::answer(world, call),
        "artist" => artist::answer(world, call),
        "chart" => chart::answer(world, call),
        "geo" => geo::answer(world, call),
        "library" => library::answer(world, call),
        "tag" => tag::answer(world, call),
        "track" => track::answer(world, call),
        "user" => user::answer(world, call),
        _ => None,
    }
    .or_else(|| undocumented::answer(world, call))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_sunday_noon() {
        assert_eq!(week_start(CHART_EPOCH), CHART_EPOCH);
        assert_eq!(week_start(CHART_EPOCH + WEEK - 1), CHART_EPOCH);
        assert_eq!(week_start(1_108_900_800 + 5), 1_108_900_800);
        assert_eq!(week_start(CHART_EPOCH - 1), CHART_EPOCH - WEEK);
    }
}
