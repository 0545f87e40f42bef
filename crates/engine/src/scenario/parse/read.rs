//! The file's TOML, as parsed (with every key's and value's place), read
//! into the `Raw*` records the checks work on: unknown keys and values of
//! the wrong type are refused here, at their line. Walked by hand rather
//! than derived with serde: the derived readers were a third of the page's
//! TOML bytes (BENCHMARKS.md, "Bytes").

use super::*;
use std::ops::Range;

/// Where in the file, and what is wrong.
pub(super) type ReadError = (Range<usize>, String);

/// A value that stands for a time (or anything else, refused by the time
/// check with its own words).
pub(super) enum Scalar {
    Integer(i64),
    String(String),
    Other,
}

/// The keys of one table, checked against those the record knows.
struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    /// The table's own place, for a key that is missing.
    at: Range<usize>,
}

fn kind(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

fn wrong(key: &str, value: &Spanned<DeValue>, expected: &str) -> ReadError {
    (value.span(), format!("`{key}` is {expected}, not {}", kind(value.get_ref())))
}

fn integer(key: &str, value: &Spanned<DeValue>) -> Result<Spanned<i64>, ReadError> {
    match value.get_ref() {
        DeValue::Integer(n) => i64::from_str_radix(n.as_str().replace('_', "").as_str(), n.radix())
            .map(|n| Spanned::new(value.span(), n))
            .map_err(|_| (value.span(), format!("`{key}` is far too large a number"))),
        _ => Err(wrong(key, value, "a whole number")),
    }
}

fn string(key: &str, value: &Spanned<DeValue>) -> Result<Spanned<String>, ReadError> {
    match value.get_ref() {
        DeValue::String(s) => Ok(Spanned::new(value.span(), s.to_string())),
        _ => Err(wrong(key, value, "text")),
    }
}

impl<'a, 'i> Fields<'a, 'i> {
    fn of(table: &'a DeTable<'i>, at: Range<usize>, known: &[&str]) -> Result<Fields<'a, 'i>, ReadError> {
        for (key, _) in table.iter() {
            if !known.contains(&key.get_ref().as_ref()) {
                let names: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                let message = format!("unknown field `{}`, expected one of {}", key.get_ref(), names.join(", "));
                return Err((key.span(), message));
            }
        }
        Ok(Fields { table, at })
    }

    fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v)
    }

    fn required<T>(&self, key: &str, read: Option<T>) -> Result<T, ReadError> {
        read.ok_or_else(|| (self.at.clone(), format!("missing field `{key}`")))
    }

    fn string(&self, key: &str) -> Result<Option<Spanned<String>>, ReadError> {
        self.get(key).map(|v| string(key, v)).transpose()
    }

    fn text(&self, key: &str) -> Result<Option<String>, ReadError> {
        Ok(self.string(key)?.map(Spanned::into_inner))
    }

    fn integer(&self, key: &str) -> Result<Option<Spanned<i64>>, ReadError> {
        self.get(key).map(|v| integer(key, v)).transpose()
    }

    fn boolean(&self, key: &str) -> Result<Option<bool>, ReadError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => Ok(Some(*b)),
                _ => Err(wrong(key, v, "true or false")),
            },
        }
    }

    /// A time: whole seconds or "M:SS"; anything else is the time check's to refuse.
    fn scalar(&self, key: &str) -> Result<Option<Spanned<Scalar>>, ReadError> {
        let Some(v) = self.get(key) else { return Ok(None) };
        let scalar = match v.get_ref() {
            DeValue::Integer(_) => Scalar::Integer(*integer(key, v)?.get_ref()),
            DeValue::String(s) => Scalar::String(s.to_string()),
            _ => Scalar::Other,
        };
        Ok(Some(Spanned::new(v.span(), scalar)))
    }

    fn strings(&self, key: &str) -> Result<Option<Vec<Spanned<String>>>, ReadError> {
        let Some(v) = self.get(key) else { return Ok(None) };
        match v.get_ref() {
            DeValue::Array(items) => items.iter().map(|item| string(key, item)).collect::<Result<_, _>>().map(Some),
            _ => Err(wrong(key, v, "a list of ids")),
        }
    }

    /// `[[key]]` entries (or a list of inline tables), each read by `read`.
    fn records<T>(
        &self,
        key: &str,
        read: impl Fn(Fields<'a, 'i>) -> Result<T, ReadError>,
        known: &[&str],
    ) -> Result<Vec<T>, ReadError> {
        let Some(v) = self.get(key) else { return Ok(Vec::new()) };
        let DeValue::Array(items) = v.get_ref() else { return Err(wrong(key, v, "a list of [[tables]]")) };
        items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::Table(t) => read(Fields::of(t, item.span(), known)?),
                _ => Err(wrong(key, item, "a table")),
            })
            .collect()
    }
}

impl RawScenario {
    pub(super) fn read(file: &Spanned<DeTable>) -> Result<RawScenario, ReadError> {
        let f = Fields::of(
            file.get_ref(),
            0..0,
            &[
                "version",
                "title",
                "description",
                "duration",
                "config",
                "pools",
                "users",
                "population",
                "sessions",
                "timeline",
                "captions",
                "checkpoints",
            ],
        )?;
        let config = match f.get("config") {
            None => None,
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => Some(
                    t.iter()
                        .map(|(k, value)| Ok((k.get_ref().to_string(), integer(k.get_ref(), value)?)))
                        .collect::<Result<RawConfig, ReadError>>()?,
                ),
                _ => return Err(wrong("config", v, "a table")),
            },
        };
        Ok(RawScenario {
            version: f.required("version", f.integer("version")?)?,
            title: f.text("title")?,
            description: f.text("description")?,
            duration: f.scalar("duration")?,
            config,
            pools: f.records(
                "pools",
                |p| {
                    Ok(RawPool {
                        id: p.required("id", p.string("id")?)?,
                        name: p.text("name")?,
                        backup: p.string("backup")?,
                        edge_next_hop: p.boolean("edge_next_hop")?,
                        hosts_cms: p.boolean("hosts_cms")?,
                    })
                },
                &["id", "name", "backup", "edge_next_hop", "hosts_cms"],
            )?,
            users: f.records(
                "users",
                |u| {
                    Ok(RawUser {
                        id: u.required("id", u.string("id")?)?,
                        name: u.text("name")?,
                        home: u.required("home", u.string("home")?)?,
                        signed_in: u.boolean("signed_in")?,
                        presence: u.string("presence")?,
                    })
                },
                &["id", "name", "home", "signed_in", "presence"],
            )?,
            population: f.records(
                "population",
                |p| {
                    Ok(RawPopulation {
                        pool: p.required("pool", p.string("pool")?)?,
                        count: p.required("count", p.integer("count")?)?,
                    })
                },
                &["pool", "count"],
            )?,
            sessions: f.records(
                "sessions",
                |s| {
                    Ok(RawSession {
                        id: s.required("id", s.string("id")?)?,
                        kind: s.required("kind", s.string("kind")?)?,
                        organizer: s.string("organizer")?,
                        participants: s.strings("participants")?,
                        users: s.strings("users")?,
                        at: s.scalar("at")?,
                    })
                },
                &["id", "kind", "organizer", "participants", "users", "at"],
            )?,
            timeline: f.records(
                "timeline",
                |o| {
                    Ok(RawTimed {
                        at: o.required("at", o.scalar("at")?)?,
                        action: o.required("action", o.string("action")?)?,
                        pool: o.string("pool")?,
                        user: o.string("user")?,
                        session: o.string("session")?,
                        mode: o.string("mode")?,
                        note: o.text("note")?,
                    })
                },
                &["at", "action", "pool", "user", "session", "mode", "note"],
            )?,
            captions: f.records(
                "captions",
                |c| {
                    Ok(RawCaption {
                        at: c.required("at", c.scalar("at")?)?,
                        on: c.string("on")?,
                        pool: c.string("pool")?,
                        user: c.string("user")?,
                        occurrence: c.integer("occurrence")?,
                        chapter: c.text("chapter")?,
                        title: c.text("title")?,
                        text: c.required("text", c.text("text")?)?,
                        source: c.text("source")?,
                        notes: c.text("notes")?,
                    })
                },
                &["at", "on", "pool", "user", "occurrence", "chapter", "title", "text", "source", "notes"],
            )?,
            checkpoints: f.records(
                "checkpoints",
                |c| {
                    Ok(RawCheckpoint {
                        at: c.required("at", c.scalar("at")?)?,
                        on: c.string("on")?,
                        pool: c.string("pool")?,
                        occurrence: c.integer("occurrence")?,
                        user: c.required("user", c.string("user")?)?,
                        capability: c.required("capability", c.string("capability")?)?,
                        question: c.text("question")?,
                        notes: c.text("notes")?,
                    })
                },
                &["at", "on", "pool", "occurrence", "user", "capability", "question", "notes"],
            )?,
        })
    }
}
