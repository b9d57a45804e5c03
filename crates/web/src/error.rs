//! Errors as the learner sees them: a bilingual page (400, 403, 404 with suggestions, 500 with
//! the store's message), or JSON under `/api/`. Nothing a user sends can panic a handler.
//!
//! Handlers return [`WebError`]; its response carries the error in an extension, and
//! [`frame`] (the outermost middleware, which knows the request's language and path) renders
//! it. `frame` also picks the language of every request and sets the `lang` cookie when
//! `?lang=` chose one.

use std::sync::Arc;

use askama::Template;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use llmpath_progress::StoreError;
use serde_json::json;

use crate::Shared;
use crate::i18n::{self, Msg};
use crate::layout::{Layout, Page};

/// Why a request failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WebError {
    /// 404: no such topic, lab, run or file; `suggestions` are ids the learner may have meant.
    #[error("{}", .message.en)]
    NotFound {
        message: Msg,
        suggestions: Vec<String>,
    },
    /// 400: a form or query the dashboard cannot use (minutes out of range, unknown status…).
    #[error("{}", .0.en)]
    BadRequest(Msg),
    /// 403: a missing or wrong CSRF token, a foreign Host or Origin, a path outside its folder.
    #[error("{}", .0.en)]
    Forbidden(Msg),
    /// 500: the store or the file system failed; the message says how.
    #[error("{0}")]
    Internal(String),
}

impl WebError {
    pub fn not_found(message: Msg) -> WebError {
        WebError::NotFound {
            message,
            suggestions: Vec::new(),
        }
    }

    pub fn bad_request(zh: impl Into<String>, en: impl Into<String>) -> WebError {
        WebError::BadRequest(Msg::new(zh, en))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound { .. } => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            WebError::NotFound { .. } => "not_found",
            WebError::BadRequest(_) => "bad_request",
            WebError::Forbidden(_) => "forbidden",
            WebError::Internal(_) => "internal",
        }
    }

    fn message(&self) -> Msg {
        match self {
            WebError::NotFound { message, .. }
            | WebError::BadRequest(message)
            | WebError::Forbidden(message) => message.clone(),
            WebError::Internal(message) => Msg::same(message.clone()),
        }
    }

    fn suggestions(&self) -> &[String] {
        match self {
            WebError::NotFound { suggestions, .. } => suggestions,
            _ => &[],
        }
    }

    /// The JSON body of an API error: `{"error": {"status", "code", "message": Text, "suggestions"}}`.
    pub fn json(&self) -> serde_json::Value {
        let message = self.message();
        json!({
            "error": {
                "status": self.status().as_u16(),
                "code": self.code(),
                "message": { "zh": message.zh, "en": message.en },
                "suggestions": self.suggestions(),
            }
        })
    }
}

impl From<StoreError> for WebError {
    fn from(err: StoreError) -> WebError {
        match err {
            StoreError::InvalidEvent { reason } => WebError::BadRequest(Msg::same(reason)),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(err: askama::Error) -> WebError {
        WebError::Internal(format!("cannot render the page: {err}"))
    }
}

/// The response carries the error; `frame` renders it.
impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// `templates/error.html`.
#[derive(Template)]
#[template(path = "error.html", whitespace = "minimize")]
struct ErrorPage<'a> {
    layout: Layout,
    heading: &'a str,
    message: &'a str,
    suggestions: &'a [String],
}

/// Picks the request's language (for pages and errors), runs the request, renders any error
/// and remembers a language chosen with `?lang=`.
pub async fn frame(State(state): State<Arc<Shared>>, mut request: Request, next: Next) -> Response {
    let chosen = i18n::from_query(request.uri().query());
    let lang = chosen
        .or_else(|| i18n::from_cookie(request.headers()))
        .unwrap_or(state.default_lang);
    request.extensions_mut().insert(lang);
    let page = Page {
        lang,
        uri: request.uri().clone(),
        gzip: false,
    };
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<WebError>() {
        let headers = response.headers().clone();
        response = if api {
            (error.status(), Json(error.json())).into_response()
        } else {
            render(&state, &page, &error)
        };
        for (name, value) in &headers {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                response.headers_mut().insert(name, value.clone());
            }
        }
    }
    if let Some(lang) = chosen
        && let Ok(cookie) = HeaderValue::from_str(&i18n::cookie(lang))
    {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

fn render(state: &Arc<Shared>, page: &Page, error: &WebError) -> Response {
    let s = page.s();
    let heading = match error {
        WebError::NotFound { .. } => s.not_found_h1,
        WebError::BadRequest(_) => s.bad_request_h1,
        WebError::Forbidden(_) => s.forbidden_h1,
        WebError::Internal(_) => s.error_h1,
    };
    let message = error.message();
    let mut layout = page.layout(state, heading, "");
    // An error page has no form, and a refused request (a foreign Host) must not learn the token.
    layout.csrf.clear();
    let template = ErrorPage {
        layout,
        heading,
        message: message.get(page.lang),
        suggestions: error.suggestions(),
    };
    let body = template.render().unwrap_or_else(|_| {
        // The error page itself failed: plain text, still in the learner's language.
        format!("{heading}: {}", message.get(page.lang))
    });
    (error.status(), Html(body)).into_response()
}

/// The fallback route: 404 for any address the dashboard does not have.
pub async fn not_found(page: Page) -> WebError {
    WebError::not_found(Msg::new(
        format!("仪表盘上没有 {} 这个页面。", page.uri.path()),
        format!("The dashboard has no page at {}.", page.uri.path()),
    ))
}

/// The message of an unknown topic id, with the nearest ids as suggestions.
pub fn unknown_topic(curriculum: &llmpath_content::Curriculum, id: &str) -> WebError {
    let mut suggestions: Vec<String> = Vec::new();
    for near in llmpath_content::nearest_ids(id, curriculum.ids()) {
        // An alias suggests the topic that carries it now.
        let near = curriculum.canonical_id(near);
        if !suggestions.contains(&near) {
            suggestions.push(near);
        }
    }
    WebError::NotFound {
        message: Msg::new(
            format!("没有 id 为 “{id}” 的主题。"),
            format!("There is no topic with the id “{id}”."),
        ),
        suggestions,
    }
}
