//! Planning the whole path (issue #3 target: under 50 ms). `cargo bench -p llmpath-plan`.

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use llmpath_content::Curriculum;
use llmpath_plan::{PlanOptions, Progress, build};
use llmpath_progress::Status;

fn plan_the_whole_path(c: &mut Criterion) {
    let curriculum = Curriculum::embedded().expect("the embedded curriculum loads");
    let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a valid date");
    let logged = BTreeMap::new();
    let statuses: HashMap<String, Status> = HashMap::new();
    let status = |id: &str| statuses.get(id).copied().unwrap_or(Status::Pending);
    let progress = Progress {
        status: &status,
        logged_minutes: &logged,
    };

    c.bench_function("plan whole path, seed pace", |b| {
        b.iter(|| {
            build(
                black_box(&curriculum),
                &PlanOptions::starting(start),
                &progress,
            )
        })
    });
    let weekly = PlanOptions {
        hours_per_week: Some(10.0),
        ..PlanOptions::starting(start)
    };
    c.bench_function("plan whole path, 10 h/week", |b| {
        b.iter(|| build(black_box(&curriculum), &weekly, &progress))
    });
    // The slowest case: an infeasible deadline searches for the hours it would need.
    let deadline = PlanOptions {
        until: Some(start + Duration::weeks(40)),
        ..weekly.clone()
    };
    c.bench_function("plan whole path, infeasible deadline (search)", |b| {
        b.iter(|| build(black_box(&curriculum), &deadline, &progress))
    });
    c.bench_function("load embedded curriculum", |b| b.iter(Curriculum::embedded));
}

criterion_group!(benches, plan_the_whole_path);
criterion_main!(benches);
