//! Resolving who spoke: the extractor's speaker names against the registry.
//!
//! A name that the registry knows (any alias, script, transliteration or
//! Russian case form) becomes that speaker or organization; a speaker's
//! organization follows from their affiliation at the article's date. A name
//! the registry does not know becomes a new, unverified speaker rather than
//! being dropped, so that a curator can confirm or merge it later.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{affiliation, alias, kinds, organization, speaker};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use text::fold;

use crate::services::Error;
use crate::services::resolve::{Entity, exact_matches};

/// Who a statement is attributed to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attribution {
    pub speaker_id: Option<i64>,
    pub organization_id: Option<i64>,
    /// The speaker was created by this ingestion.
    pub created: bool,
}

/// Resolves names for one article, remembering each answer.
#[derive(Debug, Default)]
pub struct Resolver {
    known: HashMap<String, Attribution>,
    /// Speaker and organization name -> the organization, once settled.
    affiliations: HashMap<String, Option<i64>>,
}

impl Resolver {
    /// The attribution of a statement by `name`, said on `on`. With `create`,
    /// an unknown name becomes an unverified speaker; without, it stays unknown.
    pub async fn attribute(
        &mut self,
        conn: &impl ConnectionTrait,
        name: &str,
        on: NaiveDate,
        create: bool,
        as_organization: bool,
    ) -> Result<Attribution, Error> {
        let key = fold(name);
        if key.is_empty() {
            return Ok(Attribution::default());
        }
        if let Some(found) = self.known.get(&key) {
            return Ok(*found);
        }
        let chosen = lookup(conn, name).await?;
        let attribution = match chosen {
            Some(Entity::Speaker(id)) => Attribution {
                speaker_id: Some(id),
                organization_id: organization_at(conn, id, on).await?,
                created: false,
            },
            Some(Entity::Organization(id)) => Attribution {
                speaker_id: None,
                organization_id: Some(id),
                created: false,
            },
            // An organization speaking as one ("the Coastal Rights Network
            // said"): a new unverified organization, not a speaker.
            Some(Entity::Topic(_)) | None if create && as_organization => Attribution {
                speaker_id: None,
                organization_id: Some(create_organization(conn, name).await?),
                created: true,
            },
            Some(Entity::Topic(_)) | None if create => Attribution {
                speaker_id: Some(create_speaker(conn, name).await?),
                organization_id: None,
                created: true,
            },
            Some(Entity::Topic(_)) | None => Attribution::default(),
        };
        self.known.insert(key, attribution);
        Ok(attribution)
    }
}

/// The one registry entity `name` names exactly: an alias equal to it once
/// folded, or in another Russian case form; failing that, for a bare
/// surname, the one person whose name ends with it. Partial matches (a
/// word shared with a longer name: "street protesters" and "Protesters in
/// Kazakhstan") attribute to nobody, and so does a name of several entities.
async fn lookup(conn: &impl ConnectionTrait, name: &str) -> Result<Option<Entity>, Error> {
    let stemmed = text::name_key(name);
    let entities = exact_matches(conn, name).await?;
    if let [one] = entities.as_slice() {
        return Ok(Some(*one));
    }
    if !entities.is_empty()
        || stemmed.contains(' ')
        || !name.chars().next().is_some_and(char::is_uppercase)
    {
        return Ok(None);
    }
    // A surname alone: the people with an alias of several words ending with it.
    let aliases = alias::Entity::find()
        .filter(alias::Column::SpeakerId.is_not_null())
        .filter(alias::Column::Stemmed.ends_with(format!(" {stemmed}")))
        .all(conn)
        .await?;
    let candidates: Vec<i64> = aliases.iter().filter_map(|a| a.speaker_id).collect();
    let mut owners: Vec<i64> = speaker::Entity::find()
        .filter(speaker::Column::Id.is_in(candidates))
        .filter(speaker::Column::Kind.eq(kinds::SpeakerKind::Person))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    owners.sort_unstable();
    owners.dedup();
    Ok(match owners.as_slice() {
        [one] => Some(Entity::Speaker(*one)),
        _ => None,
    })
}

impl Resolver {
    /// The organization `name` for speaker `speaker_id`, who holds `role`
    /// there: one the registry knows by that exact name, or (with `create`,
    /// for a speaker this ingestion created) a new unverified one; with
    /// `create`, the speaker's affiliation is recorded too.
    pub async fn affiliate(
        &mut self,
        conn: &impl ConnectionTrait,
        speaker_id: i64,
        name: &str,
        role: &str,
        create: bool,
    ) -> Result<Option<i64>, Error> {
        let key = format!("{speaker_id}\u{1f}{}", fold(name));
        if let Some(found) = self.affiliations.get(&key) {
            return Ok(*found);
        }
        let organization = match lookup(conn, name).await? {
            Some(Entity::Organization(id)) => Some(id),
            Some(_) => None,
            None if create => Some(create_organization(conn, name).await?),
            None => None,
        };
        if create && let Some(organization_id) = organization {
            affiliation::ActiveModel {
                speaker_id: Set(speaker_id),
                organization_id: Set(organization_id),
                role: Set(role.to_owned()),
                valid_from: Set(None),
                valid_from_precision: Set(None),
                valid_to: Set(None),
                valid_to_precision: Set(None),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
        self.affiliations.insert(key, organization);
        Ok(organization)
    }
}

/// `base`, or `base-2`, `base-3`…: the first value of `column` no row of
/// `E` holds yet.
async fn unique_key<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    base: &str,
    column: E::Column,
) -> Result<String, Error> {
    let mut key = base.to_owned();
    let mut n = 1;
    while E::find().filter(column.eq(&key)).one(conn).await?.is_some() {
        n += 1;
        key = format!("{base}-{n}");
    }
    Ok(key)
}

/// A new unverified organization named `name`, with `name` as its alias
/// (an organization speaking, or one a speaker belongs to).
async fn create_organization(conn: &impl ConnectionTrait, name: &str) -> Result<i64, Error> {
    let name = name.trim();
    let base = format!("unverified-org-{}", fold(name).replace(' ', "-"));
    let key = unique_key::<organization::Entity>(conn, &base, organization::Column::Key).await?;
    let created = organization::ActiveModel {
        key: Set(key),
        name: Set(name.to_owned()),
        kind: Set(kinds::OrganizationKind::Other),
        country: Set(None),
        parent_id: Set(None),
        description: Set(Some(
            "Created by ingestion from a name the registry did not know.".to_owned(),
        )),
        verified: Set(false),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    insert_alias(conn, None, Some(created.id), name).await?;
    Ok(created.id)
}

/// The organization a speaker was affiliated with on `on`. Of several, the
/// most specific one (deepest in the hierarchy: the ministry rather than the
/// government it belongs to), the first listed among equals.
async fn organization_at(
    conn: &impl ConnectionTrait,
    speaker_id: i64,
    on: NaiveDate,
) -> Result<Option<i64>, Error> {
    let affiliations = affiliation::Entity::find()
        .filter(affiliation::Column::SpeakerId.eq(speaker_id))
        .all(conn)
        .await?;
    let mut best: Option<(usize, i64)> = None;
    for a in affiliations
        .iter()
        .filter(|a| a.valid_from.is_none_or(|f| f <= on) && a.valid_to.is_none_or(|t| on <= t))
    {
        let depth = depth_of(conn, a.organization_id).await?;
        if best.is_none_or(|(d, _)| depth > d) {
            best = Some((depth, a.organization_id));
        }
    }
    Ok(best.map(|(_, id)| id))
}

/// How many organizations stand above `id`.
async fn depth_of(conn: &impl ConnectionTrait, id: i64) -> Result<usize, Error> {
    let mut depth = 0;
    let mut current = organization::Entity::find_by_id(id).one(conn).await?;
    while let Some(parent) = current.and_then(|o| o.parent_id) {
        depth += 1;
        // A cycle cannot be stored through the seed loader, but never loop on one.
        if depth > 32 {
            break;
        }
        current = organization::Entity::find_by_id(parent).one(conn).await?;
    }
    Ok(depth)
}

/// A new unverified speaker named `name`, with `name` as its alias.
async fn create_speaker(conn: &impl ConnectionTrait, name: &str) -> Result<i64, Error> {
    let name = name.trim();
    // Several capitalised words look like a person; anything else ("the
    // protesters", "правозащитники") is a collective voice.
    let capitalised = name
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let kind = if capitalised >= 2 {
        kinds::SpeakerKind::Person
    } else {
        kinds::SpeakerKind::Group
    };
    let folded = fold(name);
    let base = format!("unverified-{}", folded.replace(' ', "-"));
    let key = unique_key::<speaker::Entity>(conn, &base, speaker::Column::Key).await?;
    let created = speaker::ActiveModel {
        key: Set(key),
        name: Set(name.to_owned()),
        kind: Set(kind),
        description: Set(Some(
            "Created by ingestion from a name the registry did not know.".to_owned(),
        )),
        verified: Set(false),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    insert_alias(conn, Some(created.id), None, name).await?;
    Ok(created.id)
}

/// Records `name` as an alias of a speaker or an organization created by ingestion.
pub(super) async fn insert_alias(
    conn: &impl ConnectionTrait,
    speaker_id: Option<i64>,
    organization_id: Option<i64>,
    name: &str,
) -> Result<(), Error> {
    let name = name.trim();
    alias::ActiveModel {
        speaker_id: Set(speaker_id),
        organization_id: Set(organization_id),
        name: Set(name.to_owned()),
        lang: Set(None),
        folded: Set(fold(name)),
        stemmed: Set(text::name_key(name)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
