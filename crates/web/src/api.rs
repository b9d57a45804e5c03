//! The JSON API under `/api/`, described by `openapi.yaml` (served at `/api/openapi.yaml`;
//! the tests validate every response against its schemas). Like `--json`, every text carries
//! both languages (`{"zh", "en"}`) and every object names its schema (`llmpath.api.NAME/1`).
//! Writes take the CSRF token in the `X-CSRF-Token` header and a JSON body; errors are
//! `{"error": {"status", "code", "message": Text, "suggestions"}}`.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Duration;
use llmpath_content::{Item, Text, TopicRef};
use llmpath_state::json::{CompletionJson, ExerciseJson, TextJson, TopicJson};
use llmpath_state::{Completion, LearnerState};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{self, WebError};
use crate::i18n::Msg;
use crate::pages::number_param;
use crate::pages::stats::{StatsQuery, weeks_param};
use crate::security::CSRF_HEADER;
use crate::{OPENAPI_YAML, Shared, writes};

/// Topics `/api/status` lists as next.
const NEXT_SHOWN: usize = 5;
/// Days of `/api/stats`' `days` (the heatmap's year).
const DAYS_SHOWN: i64 = 371;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/openapi.yaml", get(openapi))
        .route("/api/status", get(status))
        .route("/api/roadmap", get(roadmap))
        .route("/api/topics/{id}", get(topic))
        .route("/api/topics/{id}/status", post(set_status))
        .route("/api/topics/{id}/log", post(log))
        .route("/api/log", post(log_anywhere))
        .route("/api/plan", get(plan))
        .route("/api/labs/runs", get(lab_runs))
        .route("/api/exercises", get(exercises))
        .route("/api/stats", get(stats))
}

fn text(text: &Text) -> Value {
    json!(TextJson(text))
}

fn completion(c: &Completion) -> Value {
    json!(CompletionJson::from(c))
}

/// A topic in full, as `llmpath show --json` gives it.
fn topic_json(state: &LearnerState<'_>, t: &llmpath_content::Topic) -> Value {
    json!(TopicJson::new(t, state))
}

fn brief(state: &LearnerState<'_>, t: TopicRef<'_>) -> Value {
    json!({
        "id": t.topic.id,
        "title": text(&t.topic.title),
        "status": state.status(&t.topic.id),
        "hours": t.topic.hours,
    })
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/yaml; charset=utf-8"),
        )],
        OPENAPI_YAML,
    )
        .into_response()
}

/// `GET /api/status`: where the learner is (`llmpath.api.status/1`).
async fn status(State(state): State<Arc<Shared>>) -> Result<Json<Value>, WebError> {
    let snapshot = state.snapshot().await?;
    let today = state.now().today();
    let learner = snapshot.learner(&state.curriculum);
    let stage = learner.current_stage();
    let streak = snapshot.streak(today);
    Ok(Json(json!({
        "schema": "llmpath.api.status/1",
        "date": today,
        "stage": stage.map(|stage| json!({
            "id": stage.id,
            "number": stage.number,
            "title": text(&stage.title),
            "completion": completion(&learner.stage_completion(stage)),
        })),
        "overall": completion(&learner.overall_completion()),
        "next": learner.next_topics().into_iter().take(NEXT_SHOWN).map(|t| brief(&learner, t)).collect::<Vec<_>>(),
        "streak": { "current": streak.current, "longest": streak.longest },
        "minutes_this_week": snapshot.minutes_in_week(today),
        "minutes_total": snapshot.time.total,
    })))
}

/// `GET /api/roadmap`: stages → modules → topics with statuses (`llmpath.api.roadmap/1`).
async fn roadmap(State(state): State<Arc<Shared>>) -> Result<Json<Value>, WebError> {
    let snapshot = state.snapshot().await?;
    let learner = snapshot.learner(&state.curriculum);
    Ok(Json(json!({
        "schema": "llmpath.api.roadmap/1",
        "stages": state.curriculum.stages.iter().map(|stage| json!({
            "id": stage.id,
            "number": stage.number,
            "title": text(&stage.title),
            "completion": completion(&learner.stage_completion(stage)),
            "modules": stage.modules.iter().map(|module| json!({
                "id": module.id,
                "title": text(&module.title),
                "topics": module.topics.iter().map(|topic| brief(&learner, TopicRef { stage, module, topic })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })))
}

/// `GET /api/topics/{id}`: one topic (an alias or a practice task's id names its topic).
async fn topic(
    State(state): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, WebError> {
    let curriculum = &state.curriculum;
    let topic = match curriculum.find(&id) {
        Some(Item::Topic(topic) | Item::Practice(topic, _)) => topic,
        Some(Item::Stage(_) | Item::Module(..)) => {
            return Err(WebError::not_found(Msg::new(
                format!("“{id}” 是阶段或模块，不是主题：/api/roadmap 列出了它的主题。"),
                format!("“{id}” is a stage or module, not a topic: /api/roadmap lists its topics."),
            )));
        }
        None => return Err(error::unknown_topic(curriculum, &id)),
    };
    let snapshot = state.snapshot().await?;
    let learner = snapshot.learner(curriculum);
    let t = topic.topic;
    Ok(Json(json!({
        "schema": "llmpath.api.topic/1",
        "stage": topic.stage.id,
        "module": topic.module.id,
        "topic": topic_json(&learner, t),
        "unmet_prerequisites": learner.unmet_prerequisites(t),
        "minutes_logged": snapshot.time.topic(&t.id),
        "labs": curriculum.labs.iter().filter(|lab| lab.topics.contains(&t.id)).map(|lab| &lab.id).collect::<Vec<_>>(),
        "exercises": curriculum.exercises.iter().filter(|e| e.topic == t.id).map(|e| &e.id).collect::<Vec<_>>(),
    })))
}

fn csrf(state: &Shared, headers: &HeaderMap) -> Result<(), WebError> {
    state.csrf.check(
        headers
            .get(CSRF_HEADER)
            .and_then(|value| value.to_str().ok()),
    )
}

fn bad_json(rejection: JsonRejection) -> WebError {
    WebError::bad_request(
        format!("请求体不是有效的 JSON（Content-Type 应为 application/json）：{rejection}"),
        format!("The body is not the JSON expected (Content-Type: application/json): {rejection}"),
    )
}

#[derive(Debug, Deserialize)]
struct StatusBody {
    status: String,
}

/// `POST /api/topics/{id}/status` with `{"status": "done"}` (`llmpath.api.mark/1`).
async fn set_status(
    State(state): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<StatusBody>, JsonRejection>,
) -> Result<Json<Value>, WebError> {
    csrf(&state, &headers)?;
    let Json(body) = body.map_err(bad_json)?;
    let status = writes::parse_status(&body.status)?;
    let now = state.now();
    let marked = state
        .write(move |shared, store| writes::mark(shared, store, &id, status, now))
        .await?;
    Ok(Json(json!({
        "schema": "llmpath.api.mark/1",
        "id": marked.id,
        "topic": marked.topic,
        "from": marked.from,
        "to": marked.to,
        "changed": marked.changed,
        "unmet_prerequisites": marked.unmet_prerequisites,
    })))
}

#[derive(Debug, Deserialize)]
struct LogBody {
    minutes: u32,
    note: Option<String>,
}

/// `POST /api/topics/{id}/log` with `{"minutes": 30, "note": "…"}` (`llmpath.api.log/1`).
async fn log(
    State(state): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<LogBody>, JsonRejection>,
) -> Result<Json<Value>, WebError> {
    csrf(&state, &headers)?;
    let Json(body) = body.map_err(bad_json)?;
    let topic = writes::topic_of(&state.curriculum, &id)?;
    record_log(state, Some(topic), body.minutes, body.note).await
}

#[derive(Debug, Deserialize)]
struct LogAnywhereBody {
    minutes: u32,
    note: Option<String>,
    topic: Option<String>,
}

/// `POST /api/log` with `{"minutes": 30, "note": "…", "topic": null}`: time on no topic (or on
/// the topic named in the body), as `llmpath log 30m [--topic ID]` (`llmpath.api.log/1`).
async fn log_anywhere(
    State(state): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Result<Json<LogAnywhereBody>, JsonRejection>,
) -> Result<Json<Value>, WebError> {
    csrf(&state, &headers)?;
    let Json(body) = body.map_err(bad_json)?;
    // An unknown topic in the body is bad input, not a missing resource (as the `/log` form).
    let topic = body
        .topic
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| writes::topic_of(&state.curriculum, id))
        .transpose()
        .map_err(|err| match err {
            WebError::NotFound { message, .. } => WebError::BadRequest(message),
            other => other,
        })?;
    record_log(state, topic, body.minutes, body.note).await
}

/// Records a study session (on `topic`, a canonical topic id, or on none).
async fn record_log(
    state: Arc<Shared>,
    topic: Option<String>,
    minutes: u32,
    note: Option<String>,
) -> Result<Json<Value>, WebError> {
    let minutes = writes::check_minutes(minutes)?;
    let note = writes::parse_note(note.as_deref())?;
    let now = state.now();
    let event = state
        .write(move |_, store| writes::log(store, minutes, topic.as_deref(), note.as_deref(), now))
        .await?;
    let snapshot = state.snapshot().await?;
    Ok(Json(json!({
        "schema": "llmpath.api.log/1",
        "event": event,
        "minutes_this_week": snapshot.minutes_in_week(now.today()),
    })))
}

#[derive(Debug, Deserialize)]
struct WeekQuery {
    week: Option<String>,
}

/// `GET /api/plan[?week=N]`: the stored plan's week (default: this week) (`llmpath.api.plan/1`).
async fn plan(
    State(state): State<Arc<Shared>>,
    query: Result<Query<WeekQuery>, QueryRejection>,
) -> Result<Json<Value>, WebError> {
    let query = query.map(|Query(q)| q).unwrap_or(WeekQuery { week: None });
    let snapshot = state.snapshot().await?;
    let today = state.now().today();
    let Some((revision, plan)) = snapshot.plan() else {
        number_param(query.week.as_deref(), "week", 1..=i64::MAX)?;
        return Ok(Json(json!({
            "schema": "llmpath.api.plan/1",
            "date": today,
            "plan": false,
            "revision": null,
            "options": null,
            "weeks": 0,
            "week": null,
            "current_week": null,
            "sessions": [],
        })));
    };
    let weeks = plan.weeks().max(1);
    let current = plan.week_of(today);
    let week =
        number_param(query.week.as_deref(), "week", 1..=weeks)?.unwrap_or(current.clamp(1, weeks));
    Ok(Json(json!({
        "schema": "llmpath.api.plan/1",
        "date": today,
        "plan": true,
        "revision": revision,
        "options": plan.options,
        "weeks": weeks,
        "week": week,
        "current_week": (1..=weeks).contains(&current).then_some(current),
        "sessions": plan.in_week(week).collect::<Vec<_>>(),
    })))
}

#[derive(Debug, Deserialize)]
struct RunsQuery {
    lab: Option<String>,
}

/// `GET /api/labs/runs[?lab=ID]`: runs, oldest first, with their reports (`llmpath.api.lab-runs/1`).
async fn lab_runs(
    State(state): State<Arc<Shared>>,
    query: Result<Query<RunsQuery>, QueryRejection>,
) -> Result<Json<Value>, WebError> {
    let lab = query
        .ok()
        .and_then(|Query(q)| q.lab)
        .filter(|l| !l.is_empty());
    let snapshot = state.snapshot().await?;
    let runs: Vec<Value> = snapshot
        .runs
        .iter()
        .filter(|run| lab.as_deref().is_none_or(|lab| run.lab == lab))
        .map(|run| {
            json!({
                "lab": run.lab,
                "n": run.n,
                "at": run.at,
                "seconds": run.seconds,
                "out": run.out,
                "report": run.report.as_ref().ok(),
                "url": format!("/labs/{}/runs/{}", run.lab, run.n),
            })
        })
        .collect();
    Ok(Json(
        json!({ "schema": "llmpath.api.lab-runs/1", "runs": runs }),
    ))
}

/// `GET /api/exercises` (`llmpath.api.exercises/1`).
async fn exercises(State(state): State<Arc<Shared>>) -> Result<Json<Value>, WebError> {
    let snapshot = state.snapshot().await?;
    let history = &snapshot.exercises;
    let exercises = &state.curriculum.exercises;
    Ok(Json(json!({
        "schema": "llmpath.api.exercises/1",
        "current": history.current(exercises).map(|e| &e.id),
        "exercises": exercises.iter().map(|e| {
            let mut entry = json!(ExerciseJson::new(e, history));
            entry["gave_up"] = json!(history.gave_up(&e.id));
            entry
        }).collect::<Vec<_>>(),
    })))
}

/// `GET /api/stats[?weeks=N]` (`llmpath.api.stats/1`).
async fn stats(
    State(state): State<Arc<Shared>>,
    query: Result<Query<StatsQuery>, QueryRejection>,
) -> Result<Json<Value>, WebError> {
    let weeks = weeks_param(query)?;
    let snapshot = state.snapshot().await?;
    let today = state.now().today();
    let learner = snapshot.learner(&state.curriculum);
    let streak = snapshot.streak(today);
    let first_day = today - Duration::days(DAYS_SHOWN - 1);
    Ok(Json(json!({
        "schema": "llmpath.api.stats/1",
        "total_minutes": snapshot.time.total,
        "other_minutes": snapshot.time.other,
        "minutes_this_week": snapshot.minutes_in_week(today),
        "streak": { "current": streak.current, "longest": streak.longest },
        "stages": state.curriculum.stages.iter().map(|stage| json!({
            "id": stage.id,
            "number": stage.number,
            "title": text(&stage.title),
            "minutes": snapshot.time.stage(stage.number),
            "completion": completion(&learner.stage_completion(stage)),
        })).collect::<Vec<_>>(),
        "weeks": snapshot.recent_weeks(today, weeks).iter().map(|week| json!({
            "week": week.label(),
            "minutes": week.minutes,
        })).collect::<Vec<_>>(),
        "days": snapshot.minutes_by_day.range(first_day..=today).map(|(date, minutes)| json!({
            "date": date,
            "minutes": minutes,
        })).collect::<Vec<_>>(),
    })))
}
