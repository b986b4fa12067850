//! Users' tags, shared by the album, artist and track packages: `addTags`,
//! `removeTag` and `getTags` work the same way on all three.

use super::{Answer, Call, Xml, entries, session_user};
use crate::protocol::Failure;
use crate::world::{TagTarget, Tagging, World};

/// At most this many tags per `addTags` call.
pub const MAX_TAGS: usize = 10;

/// The tags of an `addTags` call: comma-separated, trimmed, lower-cased as
/// Last.fm stores them, without duplicates; at most [`MAX_TAGS`].
pub fn parse_tags(call: &Call) -> Result<Vec<String>, Failure> {
    let mut tags: Vec<String> = Vec::new();
    for tag in call.require("tags")?.split(',') {
        let tag = tag.trim().to_lowercase();
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.is_empty() {
        return Err(Failure::new(
            6,
            "Invalid parameters - Your request is missing a required parameter: tags",
        ));
    }
    if tags.len() > MAX_TAGS {
        return Err(Failure::new(
            6,
            format!("Invalid parameters - You can add at most {MAX_TAGS} tags at a time"),
        ));
    }
    Ok(tags)
}

/// Adds the session user's `tags` to `target`, skipping those already there.
pub fn tag_target(world: &mut World, call: &Call, target: TagTarget) -> Answer {
    let tags = parse_tags(call)?;
    let user = session_user(world, call)?;
    for tag in tags {
        if !user
            .tags_on(&target)
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&tag))
        {
            user.taggings.push(Tagging {
                target: target.clone(),
                tag,
                at: call.now,
            });
        }
    }
    Ok(String::new())
}

/// Removes the session user's `tag` from `target` (nothing happens when it is not there).
pub fn untag_target(world: &mut World, call: &Call, target: TagTarget) -> Answer {
    let tag = call.require("tag")?.trim().to_owned();
    let user = session_user(world, call)?;
    user.taggings.retain(|t| {
        !(crate::world::same_target(&t.target, &target) && t.tag.eq_ignore_ascii_case(&tag))
    });
    Ok(String::new())
}

/// `<tags …>` with a user's tags on `target` (name and URL), for `*.getTags`.
pub fn user_tags(
    world: &World,
    call: &Call,
    target: &TagTarget,
    attrs: &[(&str, &dyn std::fmt::Display)],
) -> Answer {
    let name = call.user_param("user")?;
    let user = world.user(name).ok_or_else(|| super::not_found("User"))?;
    let mut x = Xml::new();
    x.open("tags", attrs);
    for tag in user.tags_on(target) {
        entries::tag(&mut x, tag, None, None);
    }
    x.close("tags");
    Ok(x.finish())
}
