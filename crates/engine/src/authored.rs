//! The author's words against the engine. Captions, questions and the title
//! can name pools and users by reference, so a rename reaches them
//! (`{pool:ID}` shows the pool's current name, `{user:ID}` the user's), and a
//! caption or question can say the engine's own answer at its moment
//! (`{ID.KEY}`: "cannot start peer-to-peer sessions", worded here from the
//! rule book's cell). And free text that claims what the engine denies is
//! flagged ([`Simulation::claim_conflicts`]): a small vocabulary of claims,
//! "NAME can VERB" and "NAME cannot VERB", each verb one capability. Prose
//! outside the vocabulary is never guessed at.

use crate::capability::{CapKey, CapValue};
use crate::dr::NamedIdx;
use crate::scenario::Scenario;
use crate::sim::Simulation;
use crate::time::SimTime;

/// A piece of authored text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// `{pool:ID}`.
    Pool(&'a str),
    /// `{user:ID}`.
    User(&'a str),
    /// `{ID.KEY}`: named user ID's answer for capability KEY.
    Answer(&'a str, CapKey),
}

/// An id inside a placeholder: no spaces, no braces.
fn id_like(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c == '{' || c == '}')
}

/// The text in pieces. A brace that opens no placeholder of these forms is
/// text, as written.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else { break };
        let inner = &rest[open + 1..open + len];
        let piece = if let Some(id) = inner.strip_prefix("pool:").filter(|id| id_like(id)) {
            Some(Piece::Pool(id))
        } else if let Some(id) = inner.strip_prefix("user:").filter(|id| id_like(id)) {
            Some(Piece::User(id))
        } else {
            inner.rsplit_once('.').and_then(|(id, key)| {
                let key = CapKey::ALL.into_iter().find(|k| k.key() == key)?;
                id_like(id).then_some(Piece::Answer(id, key))
            })
        };
        match piece {
            Some(p) => {
                if open > 0 {
                    out.push(Piece::Text(&rest[..open]));
                }
                out.push(p);
                rest = &rest[open + len + 1..];
            }
            None => {
                out.push(Piece::Text(&rest[..open + 1]));
                rest = &rest[open + 1..];
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// What is wrong with the placeholders of `text`: unknown pools or users
/// (`pool`, `user`: whether an id exists), or an answer where the text has
/// no moment (`moment` false: the title).
pub fn problems(text: &str, moment: bool, pool: &dyn Fn(&str) -> bool, user: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for p in pieces(text) {
        match p {
            Piece::Pool(id) if !pool(id) => {
                out.push(format!("`{{pool:{id}}}` names no pool: use a pool's id (its FQDN, in Pools; [[pools]] in a file)"))
            }
            Piece::User(id) if !user(id) => {
                out.push(format!("`{{user:{id}}}` names no user: use a named user's id (the SIP address in Named users; [[users]] in a file)"))
            }
            Piece::Answer(id, key) if !user(id) => {
                out.push(format!("`{{{id}.{}}}` names no user: use a named user's id from [[users]]", key.key()))
            }
            Piece::Answer(id, key) if !moment => out.push(format!(
                "`{{{id}.{}}}`: an answer needs a moment, so it belongs in a caption or a question, not here",
                key.key()
            )),
            _ => {}
        }
    }
    out
}

impl CapKey {
    /// What the capability lets a user do, as a verb phrase ("start
    /// peer-to-peer sessions"); `None` for presence, which is seen, not done.
    pub fn verb(self) -> Option<&'static str> {
        match self {
            CapKey::AddContact => Some("add a contact"),
            CapKey::ContactsAndAbs => Some("use the contacts list and Address Book"),
            CapKey::ScheduleMeeting => Some("schedule or modify meetings"),
            CapKey::P2p => Some("start peer-to-peer sessions"),
            CapKey::PresenceSamePool | CapKey::PresenceOtherPool => None,
        }
    }
}

/// The claims vocabulary: phrases after "can" / "cannot", each meaning one
/// capability. Kept small and documented (docs/AUTHORING.md): a claim that
/// is not in it is not checked.
pub const CLAIMS: [(&str, CapKey); 27] = [
    ("add a contact", CapKey::AddContact),
    ("add contacts", CapKey::AddContact),
    ("add a new contact", CapKey::AddContact),
    ("use the contacts list", CapKey::ContactsAndAbs),
    ("use the contact list", CapKey::ContactsAndAbs),
    ("use her contacts list", CapKey::ContactsAndAbs),
    ("use his contacts list", CapKey::ContactsAndAbs),
    ("use their contacts list", CapKey::ContactsAndAbs),
    ("see the contact list", CapKey::ContactsAndAbs),
    ("see their contacts", CapKey::ContactsAndAbs),
    ("see her contacts", CapKey::ContactsAndAbs),
    ("see his contacts", CapKey::ContactsAndAbs),
    ("search the address book", CapKey::ContactsAndAbs),
    ("schedule a meeting", CapKey::ScheduleMeeting),
    ("schedule meetings", CapKey::ScheduleMeeting),
    ("schedule or modify meetings", CapKey::ScheduleMeeting),
    ("create an ad-hoc conference", CapKey::ScheduleMeeting),
    ("call one to one", CapKey::P2p),
    ("call one-to-one", CapKey::P2p),
    ("make a call", CapKey::P2p),
    ("make calls", CapKey::P2p),
    ("start a call", CapKey::P2p),
    ("send an im", CapKey::P2p),
    ("start peer-to-peer sessions", CapKey::P2p),
    ("start a peer-to-peer session", CapKey::P2p),
    ("start a peer-to-peer call", CapKey::P2p),
    ("make a peer-to-peer call", CapKey::P2p),
];

/// Words that say "can" and "cannot" (after the user's name).
const CAN: [&str; 6] = ["can ", "is able to ", "are able to ", "can still ", "is still able to ", "are still able to "];
const CANNOT: [&str; 8] = [
    "cannot ",
    "can't ",
    "can not ",
    "can no longer ",
    "is unable to ",
    "are unable to ",
    "is no longer able to ",
    "are no longer able to ",
];

/// A claim of the text: user, capability, whether it says they can.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    pub user: NamedIdx,
    pub key: CapKey,
    pub can: bool,
}

/// The claims `text` makes about the scenario's named users, in the
/// vocabulary: within a sentence, a user's name (or short name, or
/// `{user:ID}`) followed by "can"/"cannot" and a phrase of [`CLAIMS`].
/// Several names before one verb ("Alice and Bob can...") each claim it.
pub fn claims(sc: &Scenario, text: &str) -> Vec<Claim> {
    claims_by(&NameIndex::of(sc), sc, text)
}

/// The named users' names as a text says them (full and short, in ASCII
/// lower case), by their first word: a word of the text is looked up, not
/// compared with every user.
pub struct NameIndex(std::collections::HashMap<String, Vec<(String, NamedIdx)>>);

impl NameIndex {
    pub fn of(sc: &Scenario) -> NameIndex {
        let mut map: std::collections::HashMap<String, Vec<(String, NamedIdx)>> = std::collections::HashMap::new();
        for (i, u) in sc.users.iter().enumerate() {
            for name in [u.name.as_str(), u.short_name()] {
                let name = name.trim().to_ascii_lowercase();
                let first = name.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default().to_string();
                if !first.is_empty() {
                    map.entry(first).or_default().push((name, i as NamedIdx));
                }
            }
        }
        NameIndex(map)
    }

    /// The user whose name starts `text` (at a word's start) as a whole
    /// word, the longest name if several do: (user, its length).
    fn at(&self, text: &str) -> Option<(NamedIdx, usize)> {
        let word = text.split(|c: char| !c.is_alphanumeric()).next()?;
        self.0
            .get(word)?
            .iter()
            .filter(|(name, _)| {
                text.starts_with(name.as_str())
                    && text[name.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
            })
            .max_by_key(|(name, _)| name.len())
            .map(|(name, u)| (*u, name.len()))
    }
}

fn claims_by(names: &NameIndex, sc: &Scenario, text: &str) -> Vec<Claim> {
    // Placeholders for users read as their names.
    let plain: String = pieces(text)
        .into_iter()
        .map(|p| match p {
            Piece::User(id) => sc.user_by_id(id).map_or(id.to_string(), |u| sc.users[u as usize].name.clone()),
            Piece::Text(t) => t.to_string(),
            Piece::Pool(id) => id.to_string(),
            Piece::Answer(..) => String::new(),
        })
        .collect();
    let lower = plain.to_ascii_lowercase();
    let mut out = Vec::new();
    // Only sentences with a "can" or "able": the rest claim nothing.
    let sentences = lower.split(['.', '!', '?', ';', '\n']);
    for sentence in sentences.filter(|s| s.contains("can") || s.contains("able")) {
        let mut named: Vec<NamedIdx> = Vec::new();
        let mut rest = sentence.trim_start_matches(|c: char| !c.is_alphanumeric());
        // Word by word: a name, a "can"/"cannot" and a claim, or neither.
        while !rest.is_empty() {
            if let Some((u, len)) = names.at(rest) {
                named.push(u);
                rest = &rest[len..];
            } else if let Some((word, can)) = CAN
                .iter()
                .map(|w| (*w, true))
                .chain(CANNOT.iter().map(|w| (*w, false)))
                .filter(|(w, _)| rest.starts_with(w))
                // "can no longer" is not "can": the longest form that fits.
                .max_by_key(|(w, _)| w.len())
                .filter(|_| !named.is_empty())
            {
                let after = &rest[word.len()..];
                let after = after.strip_prefix("now ").or_else(|| after.strip_prefix("still ")).unwrap_or(after);
                // "can add a contact and schedule meetings": each claim of
                // the list, with the same "can".
                let mut claimed = after;
                while let Some((phrase, key)) = CLAIMS.iter().find(|(phrase, _)| claimed.starts_with(phrase)) {
                    out.extend(named.iter().map(|&user| Claim { user, key: *key, can }));
                    let tail = &claimed[phrase.len()..];
                    match [" and ", ", and ", ", "].iter().find_map(|joint| tail.strip_prefix(joint)) {
                        Some(next) => claimed = next,
                        None => break,
                    }
                }
                named.clear();
                rest = after;
            } else {
                rest = rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '\'');
            }
            rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        }
    }
    out.dedup();
    out
}

/// A caption whose words the engine contradicts at its moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimConflict {
    /// The caption (index in the scenario).
    pub caption: usize,
    pub at: SimTime,
    pub claim: Claim,
    /// The flag, in words: what it says, what the engine says and why.
    pub message: String,
}

impl Simulation {
    /// `text` with its placeholders filled in: names as they are now, and
    /// the engine's answers at `at` (`None`: no moment, answers left as
    /// written). The light player reads lessons packed with their texts
    /// already filled in ([`Simulation::resolved`]): it shows them as they are.
    pub fn shown(&self, text: &str, at: Option<SimTime>) -> String {
        #[cfg(not(feature = "text"))]
        {
            let _ = at;
            text.to_string()
        }
        #[cfg(feature = "text")]
        {
            self.shown_parts(text, at).into_iter().map(|(part, _)| part).collect()
        }
    }

    /// [`Simulation::shown`] in parts, each with whether it is the engine's
    /// answer (the editor marks those words as the engine's).
    #[cfg(feature = "text")]
    pub fn shown_parts(&self, text: &str, at: Option<SimTime>) -> Vec<(String, bool)> {
        let sc = self.scenario();
        pieces(text)
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => (t.to_string(), false),
                Piece::Pool(id) => {
                    (sc.pool_by_id(id).map_or_else(String::new, |p| sc.pools[usize::from(p)].name.clone()), false)
                }
                Piece::User(id) => {
                    (sc.user_by_id(id).map_or_else(String::new, |u| sc.users[u as usize].name.clone()), false)
                }
                Piece::Answer(id, key) => match (sc.user_by_id(id), at) {
                    (Some(u), Some(t)) => (self.answer_words(u, key, t), true),
                    _ => (format!("{{{id}.{}}}", key.key()), false),
                },
            })
            .collect()
    }

    /// The scenario with every title, caption and question as shown in
    /// this run: what is packed for the light player, which fills nothing in.
    pub fn resolved(&self) -> Scenario {
        let mut sc = self.scenario().clone();
        sc.title = self.title();
        sc.description = self.shown(&sc.description, None);
        for i in 0..sc.captions.len() {
            (sc.captions[i].title, sc.captions[i].text) = self.caption_words(i);
        }
        // Questions at their moment in this run: the player gives no orders.
        for i in 0..sc.checkpoints.len() {
            sc.checkpoints[i].question = self.question_words(i);
            sc.checkpoints[i].at = self.checkpoint_moment(i).map_or(sc.checkpoints[i].at, |m| m.at);
            sc.checkpoints[i].anchor = None;
            sc.checkpoints[i].occurrence = None;
        }
        sc
    }

    /// The engine's answer in words: "can add a contact", "cannot start
    /// peer-to-peer sessions", "presence as seen from the same pool: unknown".
    pub fn answer_words(&self, user: NamedIdx, key: CapKey, t: SimTime) -> String {
        let cell = crate::rules::cell(key, &self.named_situation(user, t));
        match (key.verb(), cell.value) {
            (Some(verb), CapValue::Yes) => format!("can {verb}"),
            (Some(verb), CapValue::No) => format!("cannot {verb}"),
            (_, value) => format!("{}: {}", crate::text::lower_first(key.label()), value.label()),
        }
    }

    /// The scenario's title, names filled in.
    pub fn title(&self) -> String {
        self.shown(&self.scenario().title, None)
    }

    /// Caption `i`'s title and text as shown at its moment in this run.
    pub fn caption_words(&self, i: usize) -> (String, String) {
        let Some(c) = self.scenario().captions.get(i) else { return Default::default() };
        let at = self.caption_moment(i).map(|m| m.at);
        (self.shown(&c.title, at), self.shown(&c.text, at))
    }

    /// Question `i` as asked at its moment.
    pub fn question_words(&self, i: usize) -> String {
        let at = self.checkpoint_moment(i).map(|m| m.at);
        self.scenario().checkpoints.get(i).map_or(String::new(), |cp| self.shown(&cp.question, at))
    }

    /// Every claim of a caption (title or text) the engine denies at the
    /// caption's moment in this run, for the user it names.
    pub fn claim_conflicts(&self) -> Vec<ClaimConflict> {
        self.conflicts_of(0..self.scenario().captions.len())
    }

    /// The claims caption `i` makes that the engine denies at its moment:
    /// the presenter's console warns of them at the stop it shows.
    pub fn caption_conflicts(&self, i: usize) -> Vec<ClaimConflict> {
        self.conflicts_of(i..i + 1)
    }

    fn conflicts_of(&self, captions: std::ops::Range<usize>) -> Vec<ClaimConflict> {
        let sc = self.scenario();
        let names = NameIndex::of(sc);
        let mut out = Vec::new();
        for (i, c) in sc.captions.iter().enumerate().skip(captions.start).take(captions.len()) {
            let Some(at) = self.caption_moment(i).map(|m| m.at) else { continue };
            let text = format!("{}. {}", c.title, c.text);
            for claim in claims_by(&names, sc, &text) {
                let cell = crate::rules::cell(claim.key, &self.named_situation(claim.user, at));
                let engine_can = match cell.value {
                    CapValue::Yes => true,
                    CapValue::No => false,
                    _ => continue,
                };
                if engine_can == claim.can {
                    continue;
                }
                let name = &sc.users[claim.user as usize].name;
                let verb = claim.key.verb().unwrap_or_else(|| claim.key.label());
                let said = if claim.can { "can" } else { "cannot" };
                let engine = if engine_can { "can" } else { "cannot" };
                out.push(ClaimConflict {
                    caption: i,
                    at,
                    claim,
                    message: format!(
                        "says {name} {said} {verb}, but at {at} the engine says {name} {engine}: {}",
                        cell.reason
                    ),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dublin and Amsterdam, Alice on Dublin, Dublin failing at 10:00; one
    /// caption at `at` saying `text`.
    fn lesson(at: &str, text: &str) -> Simulation {
        let toml = format!(
            "version = 1\ntitle = \"{{pool:dub}} fails\"\n[[pools]]\nid = \"dub\"\nname = \"Dublin\"\nbackup = \"ams\"\n[[pools]]\nid = \"ams\"\nname = \"Amsterdam\"\nbackup = \"dub\"\n[[users]]\nid = \"alice\"\nname = \"Alice Smith\"\nhome = \"dub\"\n[[timeline]]\nat = \"10:00\"\naction = \"pool-fails\"\npool = \"dub\"\n[[captions]]\nat = \"{at}\"\ntitle = \"Now\"\ntext = {}\n",
            crate::text::toml_string(text)
        );
        crate::check::load(&toml).unwrap_or_else(|p| panic!("{}", p.render("lesson")))
    }

    #[test]
    fn a_claim_the_engine_denies_is_flagged_and_one_it_allows_is_not() {
        // Alice is signed out at 11:00 (Dublin down, the timer running).
        let flagged = lesson("11:00", "Alice can add a contact.").claim_conflicts();
        assert_eq!(flagged.len(), 1, "{flagged:?}");
        assert!(
            flagged[0]
                .message
                .contains("says Alice Smith can add a contact, but at T+11:00 the engine says Alice Smith cannot"),
            "{}",
            flagged[0].message
        );
        // The same words at 5:00, before the failure: true, so no flag.
        assert_eq!(lesson("11:00", "Alice can add a contact.").caption_conflicts(0), flagged);
        assert!(lesson("11:00", "Alice can add a contact.").caption_conflicts(1).is_empty(), "no such caption");
        assert!(lesson("5:00", "Alice can add a contact.").claim_conflicts().is_empty());
        assert_eq!(lesson("11:00", "Alice Smith is still able to add contacts.").claim_conflicts().len(), 1);
        let listed = lesson("11:00", "Alice can add a contact and schedule meetings, and use her contacts list.");
        assert_eq!(listed.claim_conflicts().len(), 3, "{:?}", listed.claim_conflicts());
        assert_eq!(lesson("11:00", "Alice can start a peer-to-peer call with Bo.").claim_conflicts().len(), 1);
        assert_eq!(lesson("5:00", "Alice can no longer add contacts.").claim_conflicts().len(), 1);
        assert_eq!(lesson("5:00", "Alice is no longer able to add a contact.").claim_conflicts().len(), 1);
        // "cannot" before the failure is the false one.
        assert_eq!(lesson("5:00", "Alice cannot add contacts.").claim_conflicts().len(), 1);
        // By reference, in other words of the vocabulary, more than one claim.
        let many =
            lesson("11:00", "{user:alice} can still call one to one; she can schedule meetings.").claim_conflicts();
        assert_eq!(many.len(), 1, "only Alice is named before the first verb: {many:?}");
        // Prose outside the vocabulary is not guessed at.
        assert!(lesson("11:00", "Alice might add a contact later.").claim_conflicts().is_empty());
    }

    #[test]
    fn placeholders_survive_the_editor_and_the_file() {
        let sim = lesson("11:00", "{user:alice} {alice.add_contact} on {pool:dub}.");
        let toml = crate::draft::Draft::from_scenario(sim.scenario()).check().toml;
        assert!(toml.contains("{user:alice} {alice.add_contact} on {pool:dub}."), "{toml}");
        let again = crate::check::load(&toml).unwrap();
        assert_eq!(again.caption_words(0), sim.caption_words(0));
        assert_eq!(again.scenario().title, "{pool:dub} fails", "the file keeps the reference, not the name");
    }

    #[test]
    fn the_built_in_lessons_claim_nothing_the_engine_denies() {
        for b in crate::builtin::BUILTINS {
            let sim = Simulation::new(b.scenario().unwrap()).unwrap();
            assert!(sim.claim_conflicts().is_empty(), "{}: {:?}", b.name, sim.claim_conflicts());
        }
    }

    #[test]
    fn names_and_answers_follow_the_scenario() {
        let sim = lesson("11:00", "{user:alice} {alice.add_contact}; {pool:dub} is down.");
        assert_eq!(sim.caption_words(0).1, "Alice Smith cannot add a contact; Dublin is down.");
        assert_eq!(sim.title(), "Dublin fails");
        let before = lesson("5:00", "{user:alice} {alice.p2p}.");
        assert_eq!(before.caption_words(0).1, "Alice Smith can start peer-to-peer sessions.");
        // A placeholder naming nothing is a problem at its line.
        let bad = "version = 1\n[[pools]]\nid = \"a\"\n[[captions]]\nat = \"1:00\"\ntext = \"{user:bob} {pool:zz}\"\n";
        let problems = crate::check::load(bad).unwrap_err().render("f");
        assert!(problems.contains("f:5: the caption's text: `{user:bob}` names no user"), "{problems}");
        assert!(problems.contains("`{pool:zz}` names no pool"), "{problems}");
        let title = "version = 1\ntitle = \"{a.p2p}\"\n[[pools]]\nid = \"a\"\n[[users]]\nid = \"a\"\nname = \"A\"\nhome = \"a\"\n";
        assert!(crate::check::load(title).unwrap_err().render("f").contains("an answer needs a moment"));
    }

    #[test]
    fn pieces_keep_unknown_braces_as_text() {
        assert_eq!(
            pieces("{pool:a} and {user:alice} {alice.p2p} {not one} {x.nokey}"),
            vec![
                Piece::Pool("a"),
                Piece::Text(" and "),
                Piece::User("alice"),
                Piece::Text(" "),
                Piece::Answer("alice", CapKey::P2p),
                Piece::Text(" {"),
                Piece::Text("not one} {"),
                Piece::Text("x.nokey}"),
            ]
        );
        assert_eq!(pieces("no braces"), vec![Piece::Text("no braces")]);
        assert_eq!(pieces("{unclosed"), vec![Piece::Text("{unclosed")]);
    }
}
