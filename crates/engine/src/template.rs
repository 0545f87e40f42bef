//! Templates: lessons to make your own, opened in the editor as a new
//! document. Each is a scenario file in `templates/` whose texts name pools
//! and users by reference and state capabilities only as the engine's answer
//! at their moment, so renaming and moving orders keep every word true.

use crate::scenario::Scenario;

#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// Its name in the editor's picker and in tests.
    pub name: &'static str,
    /// Its button in the editor.
    pub label: &'static str,
    /// What it holds, for the person choosing.
    pub holds: &'static str,
    pub toml: &'static str,
}

pub const TEMPLATES: [Template; 1] = [Template {
    name: "failure-failover-failback",
    label: "New lesson: failure, failover, failback",
    holds: "two paired pools, two named users in a conference, the disaster's five orders in the order the cmdlets need them, four captions and two questions, each at an engine event",
    toml: include_str!("../templates/failure-failover-failback.toml"),
}];

pub fn template(name: &str) -> Option<Template> {
    TEMPLATES.into_iter().find(|t| t.name == name)
}

impl Template {
    /// The parsed scenario. Templates are checked by the tests, so a parse
    /// error here is a build defect; it is still returned, not panicked.
    pub fn scenario(&self) -> Result<Scenario, crate::scenario::Problems> {
        Scenario::parse(self.toml)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;

    #[test]
    fn every_template_runs_clean_with_every_anchor_met_and_every_placeholder_filled() {
        for t in TEMPLATES {
            let checked = Draft::from_scenario(&t.scenario().expect(t.name)).check();
            assert!(checked.problems.is_empty(), "{}: {:?}", t.name, checked.problems);
            assert!(checked.flags.is_empty(), "{}: {:?}", t.name, checked.flags);
            assert!(checked.warnings.is_empty(), "{}: {:?}", t.name, checked.warnings);
            let sim = checked.run.expect("runs");
            let sc = sim.scenario();
            for i in 0..sc.captions.len() {
                assert!(sim.caption_moment(i).expect("caption").happened, "{}: caption {i}'s event", t.name);
                let (title, text) = sim.caption_words(i);
                assert!(!title.contains('{') && !text.contains('{'), "{}: {title} {text}", t.name);
            }
            for i in 0..sc.checkpoints.len() {
                assert!(sim.checkpoint_moment(i).expect("question").happened, "{}: question {i}'s event", t.name);
                assert!(!sim.question_words(i).contains('{'), "{}", sim.question_words(i));
            }
            assert!(!sim.title().contains('{'));
        }
    }

    #[test]
    fn new_ids_typed_key_by_key_carry_the_references_in_the_texts() {
        let t = template("failure-failover-failback").expect("the lesson template");
        let mut draft = Draft::from_scenario(&t.scenario().expect("parses"));
        let before = draft.check().run.expect("runs");
        // Cleared, then typed: the references wait at the last unique id,
        // then follow it.
        for typed in ["", "d", "du", "dub.contoso.com"] {
            draft.rename_pool(0, typed.into());
        }
        for typed in ["", "n", "niamh@contoso.com"] {
            draft.rename_user(0, typed.into());
        }
        assert!(draft.captions[1].text.contains("{niamh@contoso.com.add_contact}"), "{}", draft.captions[1].text);
        assert!(draft.title.starts_with("{pool:dub.contoso.com}"), "{}", draft.title);
        let checked = draft.check();
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        let after = checked.run.expect("runs");
        assert_eq!(after.title(), before.title());
        assert_eq!(after.caption_words(1), before.caption_words(1));
    }

    #[test]
    fn renaming_a_templates_pool_and_user_reaches_every_text_with_nothing_left_to_replace() {
        let t = template("failure-failover-failback").expect("the lesson template");
        let mut draft = Draft::from_scenario(&t.scenario().expect("parses"));
        draft.pools[0].name = "Dublin".into();
        draft.users[0].name = "Niamh Byrne".into();
        assert!(draft.mentions("Pool A", "Dublin").is_empty(), "the texts say it by reference");
        assert!(draft.mentions("Alex", "Niamh Byrne").is_empty());
        let sim = draft.check().run.expect("runs");
        assert_eq!(sim.title(), "Dublin fails, fails over to Pool B and comes back");
        let (_, text) = sim.caption_words(1);
        assert!(text.starts_with("Niamh Byrne is served by Pool B now, and can "), "{text}");
        assert_eq!(
            sim.question_words(0),
            "Dublin's users can sign in again, to Pool B. Can Niamh Byrne add a contact?"
        );
    }
}
