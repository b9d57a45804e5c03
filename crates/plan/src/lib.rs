//! The llmpath planner: the path as a dated schedule ([`schedule`]), how far the learner has
//! drifted from it ([`replan`]), and the checklist and calendar views the exports render
//! ([`view`], built by [`views`]).

pub mod replan;
pub mod schedule;
pub mod view;
pub mod views;

pub use schedule::{Plan, PlanError, PlanOptions, Progress, Session, SessionKind, build};
pub use view::*;
