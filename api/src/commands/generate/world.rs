//! The world statements are drawn from: the seed registry as the database
//! holds it ([`Registry`]), and the generated cast around it ([`Cast`]): per
//! country a government, its ministries and their departments, and speakers
//! named in both scripts with one or two dated roles in them.
//!
//! The cast's rows are built as the entities' own `Model`s, so a column added
//! to `organization`, `speaker`, `alias` or `affiliation` must be filled here
//! before the generator compiles again.

use chrono::{DateTime, NaiveDate, Utc};
use entity::kinds::{DatePrecision, OrganizationKind, SpeakerKind};
use entity::{affiliation, alias, organization, speaker, topic};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use super::ids::NextIds;
use super::words::{
    COUNTRIES, DEPARTMENTS, FIRST_NAMES, MALE_FIRST_NAMES, MINISTRIES, ROLES, SURNAMES,
};
use super::writer::Table;
use super::zipf::Zipf;

/// What the seed registry already holds, read back from the database in id order.
#[derive(Debug, Default)]
pub(super) struct Registry {
    /// (id, English name, Russian name).
    organizations: Vec<(i64, String, String)>,
    /// Ids of media organizations: the outlets of generated documents.
    outlets: Vec<i64>,
    /// (id, English name, Russian name).
    speakers: Vec<(i64, String, String)>,
    /// Affiliations: (speaker, organization, from, to).
    affiliations: Vec<(i64, i64, Option<NaiveDate>, Option<NaiveDate>)>,
    /// (id, key, English label, Russian label).
    topics: Vec<(i64, String, String, String)>,
}

impl Registry {
    /// Reads the registry back from `db`; fails when it holds no topics.
    pub(super) async fn load(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let aliases = alias::Entity::find()
            .order_by_asc(alias::Column::Id)
            .all(db)
            .await?;
        // The first alias in each language stands for a name in that language.
        let name_in = |speaker: Option<i64>, org: Option<i64>, lang: &str, fallback: &str| {
            aliases
                .iter()
                .find(|a| {
                    a.lang.as_deref() == Some(lang)
                        && (speaker.is_some() && a.speaker_id == speaker
                            || org.is_some() && a.organization_id == org)
                })
                .map_or_else(|| fallback.to_owned(), |a| a.name.clone())
        };
        let mut registry = Self::default();
        for o in organization::Entity::find()
            .order_by_asc(organization::Column::Id)
            .all(db)
            .await?
        {
            if o.kind == entity::kinds::OrganizationKind::Media {
                registry.outlets.push(o.id);
            }
            let ru = name_in(None, Some(o.id), "ru", &o.name);
            registry.organizations.push((o.id, o.name, ru));
        }
        for s in speaker::Entity::find()
            .order_by_asc(speaker::Column::Id)
            .all(db)
            .await?
        {
            let ru = name_in(Some(s.id), None, "ru", &s.name);
            let en = name_in(Some(s.id), None, "en", &s.name);
            registry.speakers.push((s.id, en, ru));
        }
        for a in affiliation::Entity::find()
            .order_by_asc(affiliation::Column::Id)
            .all(db)
            .await?
        {
            registry
                .affiliations
                .push((a.speaker_id, a.organization_id, a.valid_from, a.valid_to));
        }
        for t in topic::Entity::find()
            .order_by_asc(topic::Column::Id)
            .all(db)
            .await?
        {
            registry.topics.push((t.id, t.key, t.label_en, t.label_ru));
        }
        anyhow::ensure!(
            !registry.topics.is_empty(),
            "the database has no topics to tag statements with"
        );
        Ok(registry)
    }
}

/// A speaker or organization as statements use it.
#[derive(Debug, Clone)]
pub(super) struct Person {
    pub id: i64,
    /// Names in English and Russian.
    pub names: [String; 2],
    /// Organizations and the dates between which the speaker spoke for them.
    pub roles: Vec<(i64, Option<NaiveDate>, Option<NaiveDate>)>,
}

/// Everything statements are drawn from.
#[derive(Debug)]
pub(super) struct World {
    /// Speakers in Zipf rank order (registry first: they dominate).
    pub speakers: Vec<Person>,
    pub speaker_rank: Zipf,
    /// Organizations in Zipf rank order, with their names.
    pub organizations: Vec<(i64, [String; 2])>,
    pub organization_rank: Zipf,
    /// Topics in Zipf rank order: (id, key, labels).
    pub topics: Vec<(i64, String, [String; 2])>,
    pub topic_rank: Zipf,
    /// Media organizations of the registry: the outlets of generated documents.
    pub outlets: Vec<i64>,
}

/// The generated speakers and organizations, their rows, and the world they make.
#[derive(Debug)]
pub(super) struct Cast {
    pub organizations: Vec<organization::Model>,
    pub speakers: Vec<speaker::Model>,
    pub aliases: Vec<alias::Model>,
    pub affiliations: Vec<affiliation::Model>,
    pub world: World,
}

/// The first day of a month, or the given day (`NaiveDate::MIN` for a date
/// that does not exist, which the callers never ask for).
pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A generated organization; generated organizations are never verified.
#[allow(clippy::too_many_arguments)]
fn generated_organization(
    id: i64,
    key: String,
    name: &str,
    kind: OrganizationKind,
    country: &str,
    parent_id: Option<i64>,
    description: Option<&str>,
    now: DateTime<Utc>,
) -> organization::Model {
    organization::Model {
        id,
        key,
        name: name.to_owned(),
        kind,
        country: Some(country.to_owned()),
        parent_id,
        description: description.map(str::to_owned),
        verified: false,
        created_at: now,
        updated_at: now,
    }
}

impl Cast {
    /// The cast for a corpus of `statements`, with ids from `next`, drawn
    /// from `rng` around `registry`.
    pub(super) fn build(
        registry: &Registry,
        next: &mut NextIds,
        statements: u64,
        now: DateTime<Utc>,
        rng: &mut ChaCha8Rng,
    ) -> Self {
        let mut organizations: Vec<organization::Model> = Vec::new();
        let mut speakers: Vec<speaker::Model> = Vec::new();
        let mut aliases: Vec<alias::Model> = Vec::new();
        let mut affiliations: Vec<affiliation::Model> = Vec::new();
        let mut push_alias = |next: &mut NextIds,
                              speaker_id: Option<i64>,
                              organization_id: Option<i64>,
                              name: &str,
                              lang: &str| {
            aliases.push(alias::Model {
                id: NextIds::take(&mut next.alias),
                speaker_id,
                organization_id,
                name: name.to_owned(),
                lang: Some(lang.to_owned()),
                folded: ::text::fold(name),
                stemmed: ::text::name_key(name),
            });
        };

        // Organizations: per country a government, its ministries, their departments.
        let mut generated_orgs: Vec<(i64, [String; 2])> = Vec::new();
        // Ministries and departments: whom speakers work for.
        let mut employers: Vec<i64> = Vec::new();
        for (en, _ru, ru_gen, code) in COUNTRIES {
            let code_lc = code.to_lowercase();
            let government = NextIds::take(&mut next.organization);
            let names = [
                format!("Government of {en}"),
                format!("Правительство {ru_gen}"),
            ];
            organizations.push(generated_organization(
                government,
                format!("gen_{code_lc}_government"),
                &names[0],
                OrganizationKind::Government,
                code,
                None,
                Some("Generated for benchmarks."),
                now,
            ));
            push_alias(next, None, Some(government), &names[0], "en");
            push_alias(next, None, Some(government), &names[1], "ru");
            generated_orgs.push((government, names));
            for (m, (m_en, m_ru, m_ru_gen, kind)) in MINISTRIES.iter().enumerate() {
                let ministry = NextIds::take(&mut next.organization);
                let names = [format!("{m_en} of {en}"), format!("{m_ru} {ru_gen}")];
                organizations.push(generated_organization(
                    ministry,
                    format!("gen_{code_lc}_ministry_{m}"),
                    &names[0],
                    *kind,
                    code,
                    Some(government),
                    None,
                    now,
                ));
                push_alias(next, None, Some(ministry), &names[0], "en");
                push_alias(next, None, Some(ministry), &names[1], "ru");
                employers.push(ministry);
                generated_orgs.push((ministry, names));
                for (d, (d_en, d_ru)) in DEPARTMENTS.iter().enumerate() {
                    let department = NextIds::take(&mut next.organization);
                    let names = [
                        format!("{d_en} of the {m_en} of {en}"),
                        format!("{d_ru} {m_ru_gen} {ru_gen}"),
                    ];
                    organizations.push(generated_organization(
                        department,
                        format!("gen_{code_lc}_ministry_{m}_department_{d}"),
                        &names[0],
                        *kind,
                        code,
                        Some(ministry),
                        None,
                        now,
                    ));
                    push_alias(next, None, Some(department), &names[0], "en");
                    push_alias(next, None, Some(department), &names[1], "ru");
                    employers.push(department);
                    generated_orgs.push((department, names));
                }
            }
        }
        let employer_rank = Zipf::new(employers.len(), 0.8);

        // Speakers: a first name and a surname, in both scripts.
        let wanted = (statements / 500).clamp(40, (FIRST_NAMES.len() * SURNAMES.len()) as u64);
        let mut people: Vec<Person> = registry
            .speakers
            .iter()
            .map(|(id, en, ru)| Person {
                id: *id,
                names: [en.clone(), ru.clone()],
                roles: registry
                    .affiliations
                    .iter()
                    .filter(|a| a.0 == *id)
                    .map(|a| (a.1, a.2, a.3))
                    .collect(),
            })
            .collect();
        for i in 0..wanted as usize {
            // Walk first names fastest, then surnames: every pair at most once.
            let (first_en, first_ru) = FIRST_NAMES[i % FIRST_NAMES.len()];
            let (last_en, last_ru) = SURNAMES[(i / FIRST_NAMES.len()) % SURNAMES.len()];
            let female = i % FIRST_NAMES.len() >= MALE_FIRST_NAMES;
            let suffix = if female { ["a", "а"] } else { ["", ""] };
            let names = [
                format!("{first_en} {last_en}{}", suffix[0]),
                format!("{first_ru} {last_ru}{}", suffix[1]),
            ];
            let id = NextIds::take(&mut next.speaker);
            // Half are known by their Russian name, half by their English one.
            let primary = if rng.random_bool(0.5) { 0 } else { 1 };
            speakers.push(speaker::Model {
                id,
                key: format!("gen_speaker_{i}"),
                name: names[primary].clone(),
                kind: SpeakerKind::Person,
                description: None,
                verified: false,
                created_at: now,
                updated_at: now,
            });
            push_alias(next, Some(id), None, &names[0], "en");
            push_alias(next, Some(id), None, &names[1], "ru");
            // One role; a third move on to a second one.
            let mut roles = Vec::new();
            let first = employers[employer_rank.sample(rng)];
            let from = date(rng.random_range(2014..=2019), rng.random_range(1..=12), 1);
            let role = ROLES[rng.random_range(0..ROLES.len())];
            let to = if rng.random_bool(0.33) {
                Some(date(
                    rng.random_range(2020..=2023),
                    rng.random_range(1..=12),
                    1,
                ))
            } else {
                None
            };
            roles.push((first, Some(from), to));
            affiliations.push(affiliation::Model {
                id: NextIds::take(&mut next.affiliation),
                speaker_id: id,
                organization_id: first,
                role: role.to_owned(),
                valid_from: Some(from),
                valid_from_precision: Some(DatePrecision::Month),
                valid_to: to,
                valid_to_precision: to.map(|_| DatePrecision::Month),
            });
            if let Some(to) = to {
                let second = employers[employer_rank.sample(rng)];
                let from = to.succ_opt().unwrap_or(to);
                roles.push((second, Some(from), None));
                affiliations.push(affiliation::Model {
                    id: NextIds::take(&mut next.affiliation),
                    speaker_id: id,
                    organization_id: second,
                    role: ROLES[rng.random_range(0..ROLES.len())].to_owned(),
                    valid_from: Some(from),
                    valid_from_precision: Some(DatePrecision::Day),
                    valid_to: None,
                    valid_to_precision: None,
                });
            }
            people.push(Person { id, names, roles });
        }

        let mut all_orgs: Vec<(i64, [String; 2])> = registry
            .organizations
            .iter()
            .map(|(id, en, ru)| (*id, [en.clone(), ru.clone()]))
            .collect();
        all_orgs.extend(generated_orgs);
        let topics: Vec<(i64, String, [String; 2])> = registry
            .topics
            .iter()
            .map(|(id, key, en, ru)| (*id, key.clone(), [en.clone(), ru.clone()]))
            .collect();
        Self {
            organizations,
            speakers,
            aliases,
            affiliations,
            world: World {
                speaker_rank: Zipf::new(people.len(), 1.0),
                speakers: people,
                organization_rank: Zipf::new(all_orgs.len(), 1.0),
                organizations: all_orgs,
                topic_rank: Zipf::new(topics.len(), 1.0),
                topics,
                outlets: registry.outlets.clone(),
            },
        }
    }

    /// The cast's rows, in the order their foreign keys need.
    pub(super) fn tables(&self) -> Vec<Table> {
        vec![
            Table::of::<organization::Entity>(&self.organizations),
            Table::of::<speaker::Entity>(&self.speakers),
            Table::of::<alias::Entity>(&self.aliases),
            Table::of::<affiliation::Entity>(&self.affiliations),
        ]
    }
}
