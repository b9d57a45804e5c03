//! The dashboard's pages and forms, driven through its router: every page in both languages,
//! writes through the store with CSRF and Host checks, artifacts kept in their folder, and the
//! CLI's writes showing up on the next page view.

mod common;

use axum::body::Body;
use axum::http::{StatusCode, header};
use common::{Fixture, TOPIC, request};
use llmpath_progress::{EventKind, Status};

fn pages(fixture: &Fixture) -> Vec<String> {
    vec![
        "/".to_owned(),
        "/roadmap".to_owned(),
        "/roadmap?stage=2".to_owned(),
        format!("/topics/{TOPIC}"),
        "/topics/s1.math.svd".to_owned(),
        "/plan".to_owned(),
        "/plan?week=2".to_owned(),
        "/labs".to_owned(),
        format!("/labs/{}", fixture.lab()),
        format!("/labs/{}/runs/1", fixture.lab()),
        "/exercises".to_owned(),
        "/stats".to_owned(),
        "/stats?weeks=30".to_owned(),
    ]
}

#[tokio::test]
async fn every_page_renders_in_both_languages_with_one_h1() {
    for fixture in [common::empty(), common::seeded()] {
        for page in pages(&fixture) {
            for (lang, html_lang) in [("zh", "zh-CN"), ("en", "en")] {
                let sep = if page.contains('?') { '&' } else { '?' };
                let reply = fixture.get(&format!("{page}{sep}lang={lang}")).await;
                if page.contains("/runs/") && reply.status == StatusCode::NOT_FOUND {
                    continue; // the empty database has no run
                }
                assert_eq!(
                    reply.status,
                    StatusCode::OK,
                    "{page} {lang}: {}",
                    reply.body
                );
                assert_eq!(reply.h1_count(), 1, "{page} {lang}");
                assert!(
                    reply.body.contains(&format!("<html lang=\"{html_lang}\"")),
                    "{page}"
                );
                assert!(reply.body.contains("id=\"page-title\""), "{page}");
                assert!(reply.body.contains("data-testid=\"lang-switch\""), "{page}");
                assert!(
                    reply
                        .body
                        .contains(&format!("content=\"{}\"", fixture.token)),
                    "{page}: csrf meta"
                );
                assert!(
                    reply
                        .header("set-cookie")
                        .starts_with(&format!("lang={lang}")),
                    "{page}"
                );
                assert!(
                    reply
                        .header("content-security-policy")
                        .contains("script-src 'self'")
                );
                assert!(
                    !reply.body.contains("style=\""),
                    "{page}: an inline style breaks the CSP"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_lang_cookie_keeps_the_choice_and_the_switch_keeps_the_query() {
    let fixture = common::seeded();
    let reply = fixture
        .send(
            request("GET", "/plan?week=2")
                .header(header::COOKIE, "lang=zh")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert!(reply.body.contains("<html lang=\"zh-CN\""));
    assert!(reply.body.contains("学习计划"));
    assert!(
        reply.body.contains("href=\"/plan?week=2&#38;lang=en\""),
        "{}",
        reply.body
    );
    assert_eq!(reply.header("set-cookie"), "");
}

#[tokio::test]
async fn the_home_page_shows_todays_plan_streak_heatmap_and_completion() {
    let fixture = common::seeded();
    let reply = fixture.get("/?lang=en").await;
    let body = &reply.body;
    assert!(
        body.contains("data-testid=\"session\""),
        "today has sessions"
    );
    assert!(body.contains("id=\"heatmap\""));
    assert!(body.contains("data-date=\"2026-03-02\""));
    assert!(
        body.contains("2026-03-02: 1 h 30 min"),
        "the heatmap's tooltip"
    );
    assert!(body.contains("id=\"heatmap-text\""), "a text alternative");
    assert!(body.contains("data-testid=\"completion-stage-1\""));
    assert!(
        body.contains("id=\"streak-current\" data-testid=\"streak-current\" class=\"big\">2 days")
    );
    assert!(body.contains("<label for=\"log-minutes\">"));
}

#[tokio::test]
async fn marking_a_topic_done_goes_through_the_store() {
    let fixture = common::empty();
    let reply = fixture
        .post_form(
            "/topics/s1.math.svd/status",
            &[("csrf", &fixture.token), ("status", "done")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.header("location"), "/topics/s1.math.svd");
    // A second handle, as the CLI would open it, sees the event, written by "web".
    let store = fixture.cli_store();
    let statuses = store.statuses(&|id| id.to_owned()).expect("statuses");
    assert_eq!(statuses["s1.math.svd"].status, Status::Done);
    let events = store.events().expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].source, "web");
    // The same status again records nothing (as `llmpath done` twice).
    fixture
        .post_form(
            "/topics/s1.math.svd/status",
            &[("csrf", &fixture.token), ("status", "done")],
        )
        .await;
    assert_eq!(fixture.cli_store().events().expect("events").len(), 1);
    let page = fixture.get("/topics/s1.math.svd").await;
    assert!(
        page.body
            .contains("id=\"topic-status\" data-testid=\"topic-status\" class=\"badge st-done\"")
    );
}

#[tokio::test]
async fn a_practice_task_redirects_back_to_it_and_back_fields_stay_local() {
    let fixture = common::empty();
    let practice = fixture
        .curriculum
        .topics()
        .flat_map(|t| {
            t.topic
                .practice
                .iter()
                .map(move |p| (t.topic.id.clone(), p.id.clone()))
        })
        .next()
        .expect("a practice task");
    let reply = fixture
        .post_form(
            &format!("/topics/{}/status", practice.1),
            &[("csrf", &fixture.token), ("status", "learning")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.header("location"),
        format!("/topics/{}#practice-{}", practice.0, practice.1)
    );
    let reply = fixture
        .post_form(
            "/topics/s1.math.svd/status",
            &[
                ("csrf", &fixture.token),
                ("status", "learning"),
                ("back", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(reply.header("location"), "/topics/s1.math.svd");
    let reply = fixture
        .post_form(
            "/topics/s1.math.svd/status",
            &[("csrf", &fixture.token), ("status", "done"), ("back", "/")],
        )
        .await;
    assert_eq!(reply.header("location"), "/");
}

#[tokio::test]
async fn writes_without_the_right_token_are_forbidden_and_change_nothing() {
    let fixture = common::empty();
    for form in [
        vec![("status", "done")],
        vec![("csrf", "wrong"), ("status", "done")],
        vec![("csrf", ""), ("status", "done")],
    ] {
        let reply = fixture.post_form("/topics/s1.math.svd/status", &form).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{form:?}");
        assert!(reply.body.contains("<h1"), "a page, not a bare status");
    }
    let reply = fixture.post_form("/log", &[("minutes", "30")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(fixture.cli_store().events().expect("events").is_empty());
}

#[tokio::test]
async fn logging_time_records_minutes_topic_and_note() {
    let fixture = common::empty();
    let reply = fixture
        .post_form(
            "/topics/s1.math.svd/log",
            &[
                ("csrf", &fixture.token),
                ("minutes", "45"),
                ("note", "  SVD by hand "),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let reply = fixture
        .post_form(
            "/log",
            &[
                ("csrf", &fixture.token),
                ("minutes", "20"),
                ("topic", ""),
                ("back", "/"),
            ],
        )
        .await;
    assert_eq!(reply.header("location"), "/");
    let events = fixture.cli_store().events().expect("events");
    let studies: Vec<_> = events
        .iter()
        .map(|e| match &e.kind {
            EventKind::Study {
                minutes,
                topic,
                note,
            } => (*minutes, topic.clone(), note.clone()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        studies,
        [
            (
                45,
                Some("s1.math.svd".to_owned()),
                Some("SVD by hand".to_owned())
            ),
            (20, None, None)
        ]
    );
    let page = fixture.get("/topics/s1.math.svd?lang=en").await;
    assert!(page.body.contains("SVD by hand"));
    assert!(page.body.contains("data-testid=\"topic-logged\">45 min"));
}

#[tokio::test]
async fn bad_form_input_is_a_400_page_in_the_learners_language() {
    let fixture = common::empty();
    for minutes in ["0", "1441", "abc", ""] {
        let reply = fixture
            .post_form("/log", &[("csrf", &fixture.token), ("minutes", minutes)])
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{minutes}");
        assert!(reply.body.contains("1440"), "{}", reply.body);
    }
    let reply = fixture
        .post_form(
            "/topics/s1.math.svd/status?lang=zh",
            &[("csrf", &fixture.token), ("status", "finished")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("未知的状态"), "{}", reply.body);
    let reply = fixture
        .post_form(
            "/topics/s1/status",
            &[("csrf", &fixture.token), ("status", "done")],
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "a stage cannot be marked"
    );
    let reply = fixture
        .post_form(
            "/log",
            &[
                ("csrf", &fixture.token),
                ("minutes", "10"),
                ("topic", "s1.math.nope"),
            ],
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "an unknown topic in a form"
    );
    for page in [
        "/plan?week=abc",
        "/stats?weeks=0",
        "/roadmap?stage=9",
        "/plan/export?format=docx",
    ] {
        let reply = common::seeded().get(page).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{page}");
        assert_eq!(reply.h1_count(), 1);
    }
    assert!(fixture.cli_store().events().expect("events").is_empty());
}

#[tokio::test]
async fn an_unknown_topic_is_a_404_with_suggestions_in_both_languages() {
    let fixture = common::empty();
    let reply = fixture.get("/topics/s1.math.svdd?lang=en").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.h1_count(), 1);
    assert!(
        reply.body.contains("<a href=\"/topics/s1.math.svd\">"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("Did you mean"));
    let reply = fixture.get("/topics/s1.math.svdd?lang=zh").await;
    assert!(reply.body.contains("没有 id 为"));
    let reply = fixture.get("/no/such/page?lang=zh").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("找不到页面"));
    let reply = fixture.get("/labs/no-such-lab").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn stage_and_practice_ids_redirect_to_where_they_are_shown() {
    let fixture = common::empty();
    let reply = fixture.get("/topics/s1").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/roadmap?stage=1#outline-s1");
    let reply = fixture.get("/topics/s1.math").await;
    assert_eq!(reply.header("location"), "/roadmap?stage=1#outline-s1.math");
}

#[tokio::test]
async fn foreign_hosts_and_origins_are_refused() {
    let fixture = common::empty();
    for host in [
        "evil.example:8737",
        "127.0.0.1:9999",
        "localhost.evil.example:8737",
    ] {
        let reply = fixture
            .send(
                axum::http::Request::builder()
                    .uri("/")
                    .header(header::HOST, host)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{host}");
        assert!(
            !reply.body.contains(&fixture.token),
            "no token for a foreign host"
        );
    }
    let reply = fixture
        .send(
            axum::http::Request::builder()
                .uri("/api/status")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "no Host at all");
    assert_eq!(reply.json()["error"]["code"], "forbidden");
    for host in ["localhost:8737", "[::1]:8737"] {
        let reply = fixture
            .send(
                axum::http::Request::builder()
                    .uri("/")
                    .header(header::HOST, host)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{host}");
    }
    let body = format!("csrf={}&status=done", fixture.token);
    for (origin, site) in [
        (Some("http://evil.example"), None),
        (Some("http://127.0.0.1:1234"), None),
        (None, Some("cross-site")),
    ] {
        let mut builder = request("POST", "/topics/s1.math.svd/status")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            builder = builder.header(header::ORIGIN, origin);
        }
        if let Some(site) = site {
            builder = builder.header("sec-fetch-site", site);
        }
        let reply = fixture
            .send(builder.body(Body::from(body.clone())).expect("request"))
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{origin:?} {site:?}");
    }
    assert!(fixture.cli_store().events().expect("events").is_empty());
    let reply = fixture
        .send(
            request("POST", "/topics/s1.math.svd/status")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, "http://127.0.0.1:8737")
                .header("sec-fetch-site", "same-origin")
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "our own origin may write"
    );
}

#[tokio::test]
async fn the_run_report_shows_metrics_beside_references_and_its_plots() {
    let fixture = common::seeded();
    let lab = fixture.lab();
    let reply = fixture.get(&format!("/labs/{lab}/runs/1?lang=en")).await;
    let body = &reply.body;
    assert!(body.contains("data-testid=\"metric-accuracy\""));
    assert!(body.contains("0.960000") && body.contains("0.953300"));
    assert!(body.contains("scikit-learn 1.9.1"));
    assert!(body.contains("3.700000e-59"));
    assert!(body.contains(&format!("<img src=\"/labs/{lab}/runs/1/files/loss.svg\"")));
    assert!(
        !body.contains("secret.txt"),
        "a path out of the folder gets no link"
    );
    let reply = fixture
        .get(&format!("/labs/{lab}/runs/1/files/loss.svg"))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "image/svg+xml");
    assert!(reply.header("content-security-policy").contains("sandbox"));
    assert_eq!(reply.body, common::SVG);
    let reply = fixture.get(&format!("/labs/{lab}/runs/2")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn artifacts_cannot_escape_their_run_folder() {
    let fixture = common::seeded();
    let lab = fixture.lab();
    for (path, expected) in [
        ("..%2F..%2Fsecret.txt", StatusCode::FORBIDDEN),
        ("..%2Fsecret.txt", StatusCode::FORBIDDEN),
        ("%2Fetc%2Fpasswd", StatusCode::FORBIDDEN),
        ("..%5Csecret.txt", StatusCode::FORBIDDEN),
        ("unlisted.txt", StatusCode::NOT_FOUND),
        ("report.json", StatusCode::NOT_FOUND),
        ("nope.svg", StatusCode::NOT_FOUND),
    ] {
        let reply = fixture
            .get(&format!("/labs/{lab}/runs/1/files/{path}"))
            .await;
        assert_eq!(reply.status, expected, "{path}: {}", reply.body);
        assert!(!reply.body.contains("outside the run"), "{path}");
    }
    #[cfg(unix)]
    {
        // Listed in the report, but a symlink to a file outside the folder.
        let reply = fixture
            .get(&format!("/labs/{lab}/runs/1/files/escape.svg"))
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(!reply.body.contains("outside the run"));
    }
    // Plain `..` segments are resolved by the client or refused here, never followed.
    let reply = fixture
        .get(&format!("/labs/{lab}/runs/1/files/../../../secret.txt"))
        .await;
    assert!(matches!(
        reply.status,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));
}

#[tokio::test]
async fn a_cli_write_between_two_requests_shows_on_the_next_view() {
    let fixture = common::empty();
    let before = fixture.get("/topics/s1.math.svd").await;
    assert!(
        before
            .body
            .contains("class=\"badge st-pending\" data-status=\"pending\">pending")
    );
    let mut cli = fixture.cli_store();
    cli.record_status("s1.math.svd", Status::Learning, common::now())
        .expect("cli write");
    cli.record_study(25, Some("s1.math.svd"), None, common::now())
        .expect("cli write");
    let after = fixture.get("/topics/s1.math.svd?lang=en").await;
    assert!(
        after
            .body
            .contains("data-testid=\"topic-status\" class=\"badge st-learning\"")
    );
    assert!(after.body.contains("data-testid=\"topic-logged\">25 min"));
    let roadmap = fixture.get("/roadmap").await;
    assert!(roadmap.body.contains(
        "id=\"node-s1.math.svd\" data-testid=\"node-s1.math.svd\" class=\"node topic st-learning\""
    ));
}

#[tokio::test]
async fn a_store_error_is_a_500_page_with_its_message() {
    let fixture = common::empty();
    assert_eq!(fixture.get("/").await.status, StatusCode::OK);
    // Break the database behind the dashboard's back.
    rusqlite::Connection::open(&fixture.db)
        .and_then(|conn| conn.execute_batch("ALTER TABLE events RENAME TO gone;"))
        .expect("rename");
    let reply = fixture.get("/stats?lang=en").await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(reply.h1_count(), 1);
    assert!(reply.body.contains("Something went wrong"));
    assert!(
        reply.body.contains("no such table: events"),
        "{}",
        reply.body
    );
    let reply = fixture.get("/api/status").await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(reply.json()["error"]["code"], "internal");
}

#[tokio::test]
async fn static_files_are_cached_and_nothing_else_is_served() {
    let fixture = common::empty();
    let page = fixture.get("/").await;
    let start = page
        .body
        .find("/static/style.css?v=")
        .expect("versioned css");
    let url: String = page.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let reply = fixture.get(&url).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "text/css; charset=utf-8");
    assert!(reply.header("cache-control").contains("immutable"));
    let etag = reply.header("etag").to_owned();
    let again = fixture
        .send(
            request("GET", "/static/style.css")
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(fixture.get("/static/app.js").await.status, StatusCode::OK);
    for path in ["/static/..%2FCargo.toml", "/static/Cargo.toml", "/static/"] {
        assert_eq!(
            fixture.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_checklist_downloads_in_every_format() {
    let fixture = common::seeded();
    for (format, content_type) in [
        ("md", "text/markdown"),
        ("html", "text/html"),
        ("csv", "text/csv"),
        ("ics", "text/calendar"),
    ] {
        let reply = fixture
            .get(&format!("/plan/export?format={format}&stage=1&lang=en"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{format}: {}", reply.body);
        assert!(
            reply.header("content-type").starts_with(content_type),
            "{format}"
        );
        assert!(
            reply
                .header("content-disposition")
                .starts_with("attachment"),
            "{format}"
        );
    }
    let md = fixture.get("/plan/export?format=md&lang=zh").await;
    assert!(
        md.body.contains("第 1 阶段") || md.body.contains("阶段"),
        "{}",
        md.body
    );
    // A PDF needs a CJK font: it is made, or the page says which font to install.
    let pdf = fixture.get("/plan/export?format=pdf").await;
    assert!(
        pdf.status == StatusCode::OK || pdf.body.contains("font"),
        "{}",
        pdf.status
    );
    let empty = common::empty();
    assert_eq!(
        empty.get("/plan/export?format=ics").await.status,
        StatusCode::BAD_REQUEST,
        "no plan, no calendar"
    );
    assert_eq!(
        empty.get("/plan/export?format=md").await.status,
        StatusCode::OK
    );
}

/// It used to export the whole plan whatever the stage, unlike `llmpath export … --stage N`.
#[tokio::test]
async fn the_calendar_export_honours_the_stage_like_the_cli() {
    let fixture = common::seeded();
    let uids = |body: &str| -> Vec<String> {
        body.lines()
            .filter_map(|line| line.strip_prefix("UID:topic-"))
            .map(str::to_owned)
            .collect()
    };
    let all = uids(&fixture.get("/plan/export?format=ics&lang=en").await.body);
    let reply = fixture.get("/plan/export?format=ics&stage=2&lang=en").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let stage2 = uids(&reply.body);
    assert!(!stage2.is_empty());
    assert!(
        stage2.iter().all(|uid| uid.starts_with("s2.")),
        "{stage2:?}"
    );
    assert_eq!(
        stage2.len(),
        all.iter().filter(|uid| uid.starts_with("s2.")).count()
    );
    assert!(reply.body.contains("UID:coding-"), "the habits stay");
}

#[tokio::test]
async fn the_exercises_page_counts_attempts_and_hints() {
    let fixture = common::seeded();
    let first = &fixture.curriculum.exercises[0];
    let reply = fixture.get("/exercises?lang=en").await;
    assert!(reply.body.contains(&format!(
        "data-testid=\"exercise-{}\" data-status=\"passed\"",
        first.id
    )));
    assert!(
        reply
            .body
            .contains(&format!("data-testid=\"attempts-{}\">2<", first.id))
    );
    assert!(reply.body.contains(&format!(
        "data-testid=\"hints-{}\">1/{}<",
        first.id,
        first.hints.len()
    )));
}

#[tokio::test]
async fn pages_are_gzipped_for_clients_that_take_it_and_read_the_same() {
    use std::io::Read;
    use tower::ServiceExt;

    let fixture = common::seeded();
    for path in pages(&fixture) {
        let plain = fixture.get(&path).await;
        assert_eq!(plain.header("content-encoding"), "", "{path}");
        assert_eq!(plain.header("vary"), "accept-encoding", "{path}");
        for _ in 0..2 {
            let response = fixture
                .router
                .clone()
                .oneshot(
                    request("GET", &path)
                        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
                        .body(Body::empty())
                        .expect("request"),
                )
                .await
                .expect("the router answers");
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
            assert_eq!(response.headers()[header::VARY], "accept-encoding");
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("body");
            assert!(
                bytes.len() < plain.body.len() / 2,
                "{path}: {}",
                bytes.len()
            );
            let mut html = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut html)
                .expect("gzip");
            assert_eq!(html, plain.body, "{path}");
        }
    }
    // Refused with q=0: plain.
    let reply = fixture
        .send(
            request("GET", "/roadmap")
                .header(header::ACCEPT_ENCODING, "gzip;q=0")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(reply.header("content-encoding"), "");
    assert!(reply.body.starts_with("<!doctype html>"));
}

#[tokio::test]
async fn head_requests_answer_like_get() {
    let fixture = common::empty();
    let reply = fixture
        .send(
            request("HEAD", "/roadmap")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}
