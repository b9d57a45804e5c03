//! The JSON API against its OpenAPI description: every documented GET is requested, every
//! response (successes, writes and errors) is validated against the JSON Schema the document
//! gives for its path, method and status.

mod common;

use axum::body::Body;
use axum::http::StatusCode;
use common::{Fixture, Reply, TOPIC, request};
use serde_json::{Value, json};

fn openapi() -> Value {
    serde_yaml_ng::from_str(llmpath_web::OPENAPI_YAML).expect("openapi.yaml is YAML")
}

/// Follows a local `$ref` (`#/components/…`).
fn deref<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(pointer) => doc
            .pointer(pointer.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {pointer}")),
        None => value,
    }
}

/// Validates `reply` against the schema of `path` / `method` / its status.
fn check(doc: &Value, path: &str, method: &str, reply: &Reply) -> Value {
    let status = reply.status.as_u16().to_string();
    let operation = &doc["paths"][path][method];
    assert!(operation.is_object(), "{method} {path} is not documented");
    let response = deref(doc, &operation["responses"][&status]);
    assert!(
        response.is_object(),
        "{method} {path} answered {status}, which the document does not list: {}",
        reply.body
    );
    let schema = response["content"]["application/json"]["schema"].clone();
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::draft202012::new(&root).expect("the schema compiles");
    let instance = reply.json();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} ({status}) does not match its schema:\n{}\n{instance:#}",
        errors.join("\n")
    );
    instance
}

async fn get(fixture: &Fixture, doc: &Value, path: &str, url: &str) -> Value {
    let reply = fixture.get(url).await;
    assert!(
        reply.header("content-type").starts_with("application/json"),
        "{url}"
    );
    check(doc, path, "get", &reply)
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_served() {
    let doc = openapi();
    assert_eq!(doc["openapi"], "3.1.0");
    let fixture = common::empty();
    let reply = fixture.get("/api/openapi.yaml").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("content-type").starts_with("application/yaml"));
    assert_eq!(reply.body, llmpath_web::OPENAPI_YAML);
    // Every schema compiles.
    for (name, schema) in doc["components"]["schemas"].as_object().expect("schemas") {
        let root = json!({ "components": doc["components"], "allOf": [schema] });
        assert!(jsonschema::draft202012::new(&root).is_ok(), "{name}");
    }
    // The schemas do reject what does not match (so passing means something).
    let root = json!({
        "components": doc["components"],
        "allOf": [{"$ref": "#/components/schemas/StatusResponse"}],
    });
    let validator = jsonschema::draft202012::new(&root).expect("compiles");
    assert!(!validator.is_valid(&json!({"schema": "llmpath.api.status/1"})));
    let topic =
        json!({"id": "a", "title": {"zh": "甲", "en": "A"}, "status": "finished", "hours": 1});
    let root = json!({"components": doc["components"], "allOf": [{"$ref": "#/components/schemas/TopicBrief"}]});
    assert!(
        !jsonschema::draft202012::new(&root)
            .expect("compiles")
            .is_valid(&topic)
    );
}

#[tokio::test]
async fn every_documented_get_answers_as_documented() {
    let doc = openapi();
    for fixture in [common::empty(), common::seeded()] {
        let lab = fixture.lab();
        for (path, urls) in [
            ("/api/status", vec!["/api/status".to_owned()]),
            ("/api/roadmap", vec!["/api/roadmap".to_owned()]),
            (
                "/api/topics/{id}",
                vec![
                    format!("/api/topics/{TOPIC}"),
                    "/api/topics/s1.math.svd".to_owned(),
                ],
            ),
            (
                "/api/plan",
                vec!["/api/plan".to_owned(), "/api/plan?week=1".to_owned()],
            ),
            (
                "/api/labs/runs",
                vec![
                    "/api/labs/runs".to_owned(),
                    format!("/api/labs/runs?lab={lab}"),
                ],
            ),
            ("/api/exercises", vec!["/api/exercises".to_owned()]),
            (
                "/api/stats",
                vec!["/api/stats".to_owned(), "/api/stats?weeks=52".to_owned()],
            ),
        ] {
            for url in urls {
                get(&fixture, &doc, path, &url).await;
            }
        }
    }
    // And nothing documented was left out above.
    let documented: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    assert_eq!(documented.len(), 11, "{documented:?}");
}

#[tokio::test]
async fn responses_carry_the_seeded_history() {
    let doc = openapi();
    let fixture = common::seeded();
    let status = get(&fixture, &doc, "/api/status", "/api/status").await;
    assert_eq!(status["minutes_total"], 120);
    assert_eq!(status["streak"]["current"], 2);
    assert_eq!(status["date"], "2026-03-04");
    let topic = get(
        &fixture,
        &doc,
        "/api/topics/{id}",
        &format!("/api/topics/{TOPIC}"),
    )
    .await;
    assert_eq!(topic["topic"]["status"], "done");
    assert_eq!(topic["minutes_logged"], 90);
    let plan = get(&fixture, &doc, "/api/plan", "/api/plan").await;
    assert_eq!(plan["plan"], true);
    assert_eq!(plan["week"], 1);
    assert!(!plan["sessions"].as_array().expect("sessions").is_empty());
    let runs = get(&fixture, &doc, "/api/labs/runs", "/api/labs/runs").await;
    assert_eq!(runs["runs"][0]["n"], 1);
    assert_eq!(runs["runs"][0]["report"]["metrics"]["accuracy"], 0.96);
    let exercises = get(&fixture, &doc, "/api/exercises", "/api/exercises").await;
    assert_eq!(exercises["exercises"][0]["status"], "passed");
    assert_eq!(exercises["exercises"][0]["hints_used"], 1);
    let stats = get(&fixture, &doc, "/api/stats", "/api/stats").await;
    assert_eq!(stats["other_minutes"], 30);
    assert_eq!(stats["stages"][0]["minutes"], 90);
    assert_eq!(stats["days"].as_array().expect("days").len(), 2);
}

#[tokio::test]
async fn writes_validate_and_reach_the_store() {
    let doc = openapi();
    let fixture = common::empty();
    let token = fixture.token.clone();
    let path = "/api/topics/{id}/status";
    let reply = fixture
        .post_json(
            "/api/topics/s1.math.svd/status",
            Some(&token),
            &json!({"status": "learning"}),
        )
        .await;
    let marked = check(&doc, path, "post", &reply);
    assert_eq!(
        (marked["from"].as_str(), marked["to"].as_str()),
        (Some("pending"), Some("learning"))
    );
    assert_eq!(marked["changed"], true);
    let reply = fixture
        .post_json(
            "/api/topics/s1.math.svd/status",
            Some(&token),
            &json!({"status": "learning"}),
        )
        .await;
    assert_eq!(check(&doc, path, "post", &reply)["changed"], false);

    let path = "/api/topics/{id}/log";
    let reply = fixture
        .post_json(
            "/api/topics/s1.math.svd/log",
            Some(&token),
            &json!({"minutes": 50, "note": "SVD"}),
        )
        .await;
    let logged = check(&doc, path, "post", &reply);
    assert_eq!(logged["event"]["source"], "web");
    assert_eq!(logged["event"]["minutes"], 50);
    assert_eq!(logged["minutes_this_week"], 50);

    let path = "/api/log";
    let reply = fixture
        .post_json(
            path,
            Some(&token),
            &json!({"minutes": 25, "note": "reading"}),
        )
        .await;
    let logged = check(&doc, path, "post", &reply);
    assert_eq!(logged["event"]["minutes"], 25);
    assert!(logged["event"].get("topic").is_none_or(Value::is_null));
    assert_eq!(logged["minutes_this_week"], 75);
    let reply = fixture
        .post_json(
            path,
            Some(&token),
            &json!({"minutes": 5, "topic": "s1.math.svd"}),
        )
        .await;
    assert_eq!(
        check(&doc, path, "post", &reply)["event"]["topic"],
        "s1.math.svd"
    );
    let stats = get(&fixture, &doc, "/api/stats", "/api/stats").await;
    assert_eq!(stats["other_minutes"], 25, "time on no topic is other");
    assert_eq!(stats["total_minutes"], 80);

    let store = fixture.cli_store();
    assert_eq!(store.events().expect("events").len(), 4);
}

#[tokio::test]
async fn errors_are_documented_json() {
    let doc = openapi();
    let fixture = common::empty();
    let token = fixture.token.clone();
    let status_path = "/api/topics/{id}/status";
    let log_path = "/api/topics/{id}/log";
    for (path, url, token, body, expected) in [
        (
            status_path,
            "/api/topics/s1.math.svd/status",
            None,
            json!({"status": "done"}),
            403,
        ),
        (
            status_path,
            "/api/topics/s1.math.svd/status",
            Some("nope"),
            json!({"status": "done"}),
            403,
        ),
        (
            status_path,
            "/api/topics/s1.math.svd/status",
            Some(token.as_str()),
            json!({"status": "over"}),
            400,
        ),
        (
            status_path,
            "/api/topics/s1.math.svd/status",
            Some(token.as_str()),
            json!({"state": "done"}),
            400,
        ),
        (
            status_path,
            "/api/topics/s1.math.svdd/status",
            Some(token.as_str()),
            json!({"status": "done"}),
            404,
        ),
        (
            log_path,
            "/api/topics/s1.math.svd/log",
            Some(token.as_str()),
            json!({"minutes": 0}),
            400,
        ),
        (
            log_path,
            "/api/topics/s1.math.svd/log",
            Some(token.as_str()),
            json!({"minutes": 2000}),
            400,
        ),
        (
            log_path,
            "/api/topics/s1.math.svd/log",
            Some(token.as_str()),
            json!({"minutes": -5}),
            400,
        ),
        (
            log_path,
            "/api/topics/nope/log",
            Some(token.as_str()),
            json!({"minutes": 5}),
            404,
        ),
        ("/api/log", "/api/log", None, json!({"minutes": 5}), 403),
        (
            "/api/log",
            "/api/log",
            Some(token.as_str()),
            json!({"minutes": 0}),
            400,
        ),
        (
            "/api/log",
            "/api/log",
            Some(token.as_str()),
            json!({"minutes": 5, "topic": "nope"}),
            400,
        ),
        (
            "/api/log",
            "/api/log",
            Some(token.as_str()),
            json!({"minutes": 5, "topic": "s1"}),
            400,
        ),
    ] {
        let reply = fixture.post_json(url, token, &body).await;
        assert_eq!(
            reply.status.as_u16(),
            expected,
            "{url} {body}: {}",
            reply.body
        );
        check(&doc, path, "post", &reply);
    }
    // Not JSON at all.
    let reply = fixture
        .send(
            request("POST", "/api/topics/s1.math.svd/log")
                .header("content-type", "text/plain")
                .header("x-csrf-token", &token)
                .body(Body::from("30"))
                .expect("request"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    check(&doc, log_path, "post", &reply);
    let reply = fixture.get("/api/topics/s1.math.svdd").await;
    let error = check(&doc, "/api/topics/{id}", "get", &reply);
    assert_eq!(error["error"]["suggestions"][0], "s1.math.svd");
    assert!(error["error"]["message"]["zh"].is_string());
    let reply = fixture.get("/api/stats?weeks=0").await;
    check(&doc, "/api/stats", "get", &reply);
    let reply = fixture.get("/api/nothing-here").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["code"], "not_found");
    assert!(fixture.cli_store().events().expect("events").is_empty());
}
