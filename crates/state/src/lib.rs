//! The learner's state: the curriculum joined with the statuses derived from the progress log.
//!
//! Everything here is derived, never stored: the status of each topic and practice task,
//! completion per stage (weighted by estimated hours), the stage the learner is in, and which
//! topics are ready to study next (all prerequisites done or skipped), and the study time per
//! topic, stage and week ([`time`]). The CLI, the planner and the dashboard all read the same
//! answers from here.

pub mod exercises;
pub mod json;
pub mod mark;
pub mod time;

use std::collections::BTreeMap;

use llmpath_content::{Curriculum, Stage, Topic, TopicRef};
use llmpath_progress::{Status, StatusEntry};
use serde::Serialize;

/// How far a set of topics is done. Skipped topics leave the hours (the denominator of
/// [`Completion::percent`]): skipping is a decision, not a gap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Completion {
    pub topics: usize,
    pub done: usize,
    pub learning: usize,
    pub skipped: usize,
    pub hours: u32,
    pub hours_done: u32,
}

impl Completion {
    fn add(&mut self, topic: &Topic, status: Status) {
        self.topics += 1;
        match status {
            Status::Done => {
                self.done += 1;
                self.hours += topic.hours;
                self.hours_done += topic.hours;
            }
            Status::Learning => {
                self.learning += 1;
                self.hours += topic.hours;
            }
            Status::Skipped => self.skipped += 1,
            Status::Pending => self.hours += topic.hours,
        }
    }

    /// Hours still to study (pending and learning topics).
    pub fn hours_left(&self) -> u32 {
        self.hours - self.hours_done
    }

    fn merge(mut self, other: Completion) -> Completion {
        self.topics += other.topics;
        self.done += other.done;
        self.learning += other.learning;
        self.skipped += other.skipped;
        self.hours += other.hours;
        self.hours_done += other.hours_done;
        self
    }

    /// Percent of the non-skipped hours that are done, 0–100, rounded down.
    pub fn percent(&self) -> u32 {
        let remaining = self.topics - self.skipped;
        if remaining == 0 {
            return 100;
        }
        if self.hours == 0 {
            return (100 * self.done / remaining) as u32;
        }
        (100 * u64::from(self.hours_done) / u64::from(self.hours)) as u32
    }

    pub fn is_complete(&self) -> bool {
        self.done + self.skipped == self.topics
    }
}

/// The curriculum with every item's current status.
#[derive(Debug)]
pub struct LearnerState<'c> {
    pub curriculum: &'c Curriculum,
    statuses: BTreeMap<String, StatusEntry>,
}

impl<'c> LearnerState<'c> {
    /// `statuses` must already be keyed by canonical ids (see `Curriculum::canonical_id`).
    pub fn new(curriculum: &'c Curriculum, statuses: BTreeMap<String, StatusEntry>) -> Self {
        LearnerState {
            curriculum,
            statuses,
        }
    }

    /// The status of any id; an item never touched is pending.
    pub fn status(&self, id: &str) -> Status {
        self.statuses
            .get(id)
            .map_or(Status::Pending, |entry| entry.status)
    }

    pub fn entry(&self, id: &str) -> Option<&StatusEntry> {
        self.statuses.get(id)
    }

    /// Done or skipped: the topic no longer blocks what depends on it.
    pub fn is_cleared(&self, id: &str) -> bool {
        matches!(self.status(id), Status::Done | Status::Skipped)
    }

    /// Prerequisites of `topic` that are neither done nor skipped.
    pub fn unmet_prerequisites<'t>(&self, topic: &'t Topic) -> Vec<&'t str> {
        topic
            .prerequisites
            .iter()
            .map(String::as_str)
            .filter(|id| !self.is_cleared(id))
            .collect()
    }

    pub fn stage_completion(&self, stage: &Stage) -> Completion {
        let mut completion = Completion::default();
        for topic in stage.modules.iter().flat_map(|module| &module.topics) {
            completion.add(topic, self.status(&topic.id));
        }
        completion
    }

    pub fn overall_completion(&self) -> Completion {
        self.curriculum
            .stages
            .iter()
            .map(|stage| self.stage_completion(stage))
            .fold(Completion::default(), Completion::merge)
    }

    /// The first stage that is not complete (the last one when everything is).
    pub fn current_stage(&self) -> Option<&'c Stage> {
        let stages = &self.curriculum.stages;
        stages
            .iter()
            .find(|stage| !self.stage_completion(stage).is_complete())
            .or(stages.last())
    }

    /// What to study next, in curriculum order: topics being learned first, then pending
    /// topics whose prerequisites are all cleared.
    pub fn next_topics(&self) -> Vec<TopicRef<'c>> {
        let (mut learning, mut ready): (Vec<_>, Vec<_>) = (Vec::new(), Vec::new());
        for topic in self.curriculum.topics() {
            match self.status(&topic.topic.id) {
                Status::Learning => learning.push(topic),
                Status::Pending if self.unmet_prerequisites(topic.topic).is_empty() => {
                    ready.push(topic)
                }
                _ => {}
            }
        }
        learning.extend(ready);
        learning
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use llmpath_progress::StatusEntry;

    fn entry(status: Status) -> StatusEntry {
        StatusEntry {
            status,
            since: Default::default(),
        }
    }

    fn state_with<'c>(curriculum: &'c Curriculum, items: &[(&str, Status)]) -> LearnerState<'c> {
        let statuses = items
            .iter()
            .map(|(id, status)| ((*id).to_owned(), entry(*status)))
            .collect();
        LearnerState::new(curriculum, statuses)
    }

    #[test]
    fn first_topics_are_those_without_prerequisites() {
        let curriculum = Curriculum::embedded().expect("embedded content loads");
        let state = state_with(&curriculum, &[]);
        let next = state.next_topics();
        assert!(!next.is_empty());
        assert!(next.iter().all(|t| t.topic.prerequisites.is_empty()));
        assert_eq!(state.overall_completion().percent(), 0);
        assert_eq!(state.current_stage().map(|s| s.number), Some(1));
    }

    #[test]
    fn clearing_a_prerequisite_unlocks_its_dependants_and_learning_comes_first() {
        let curriculum = Curriculum::embedded().expect("embedded content loads");
        let dependant = curriculum
            .topics()
            .find(|t| t.topic.prerequisites.len() == 1)
            .expect("some topic has exactly one prerequisite");
        let prerequisite = dependant.topic.prerequisites[0].as_str();
        let before = state_with(&curriculum, &[]);
        assert!(
            !before
                .next_topics()
                .iter()
                .any(|t| t.topic.id == dependant.topic.id)
        );
        let learning_id = curriculum.topics().last().expect("topics").topic.id.clone();
        let after = state_with(
            &curriculum,
            &[
                (prerequisite, Status::Skipped),
                (&learning_id, Status::Learning),
            ],
        );
        let next = after.next_topics();
        assert_eq!(next[0].topic.id, learning_id);
        assert!(next.iter().any(|t| t.topic.id == dependant.topic.id));
        assert!(!next.iter().any(|t| t.topic.id == prerequisite));
    }

    #[test]
    fn completion_is_hour_weighted_and_ignores_skipped_topics() {
        let curriculum = Curriculum::embedded().expect("embedded content loads");
        let stage = &curriculum.stages[0];
        let topics: Vec<&Topic> = stage.modules.iter().flat_map(|m| &m.topics).collect();
        let (first, second) = (topics[0], topics[1]);
        let state = state_with(
            &curriculum,
            &[(&first.id, Status::Done), (&second.id, Status::Skipped)],
        );
        let completion = state.stage_completion(stage);
        let total: u32 = topics.iter().map(|t| t.hours).sum();
        assert_eq!(completion.hours, total - second.hours);
        assert_eq!(completion.hours_done, first.hours);
        assert_eq!(
            completion.percent(),
            100 * first.hours / (total - second.hours)
        );
        let all_done: Vec<(&str, Status)> = topics
            .iter()
            .map(|t| (t.id.as_str(), Status::Done))
            .collect();
        let finished = state_with(&curriculum, &all_done);
        assert!(finished.stage_completion(stage).is_complete());
        assert_eq!(finished.stage_completion(stage).percent(), 100);
        assert_eq!(finished.current_stage().map(|s| s.number), Some(2));
    }
}
