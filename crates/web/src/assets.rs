//! The dashboard's own static files, embedded in the binary: one style sheet, one script, an
//! icon. Nothing is read from disk, so `/static/NAME` can only ever answer these three.
//!
//! Pages link them as `/static/NAME?v=HASH`; a URL with the current hash is cached for a year
//! (`immutable`), any other for an hour with an `ETag` to revalidate.

use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::i18n::Msg;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
    hash: u64,
}

/// FNV-1a, at compile time: the assets' version in their URLs and ETags.
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

const fn asset(name: &'static str, content_type: &'static str, body: &'static str) -> Asset {
    Asset {
        name,
        content_type,
        body,
        hash: fnv1a(body.as_bytes()),
    }
}

static ASSETS: [Asset; 3] = [
    asset(
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../assets/style.css"),
    ),
    asset(
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/app.js"),
    ),
    asset(
        "favicon.svg",
        "image/svg+xml",
        include_str!("../assets/favicon.svg"),
    ),
];

fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|asset| asset.name == name)
}

/// The versioned URL of an embedded asset.
pub fn url(name: &str) -> String {
    match find(name) {
        Some(asset) => format!("/static/{}?v={:016x}", asset.name, asset.hash),
        None => format!("/static/{name}"),
    }
}

/// `GET /static/{name}`.
pub async fn file(
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let asset = find(&name).ok_or_else(|| {
        WebError::not_found(Msg::new(
            format!("没有静态文件 {name}。"),
            format!("There is no static file {name}."),
        ))
    })?;
    let versioned = query.as_deref() == Some(format!("v={:016x}", asset.hash).as_str());
    Ok(serve(asset, versioned, &headers))
}

/// `GET /favicon.ico` (browsers ask for it whatever the page links).
pub async fn favicon(headers: HeaderMap) -> Result<Response, WebError> {
    let asset = find("favicon.svg")
        .ok_or_else(|| WebError::Internal("the icon is not embedded".to_owned()))?;
    Ok(serve(asset, false, &headers))
}

fn serve(asset: &'static Asset, versioned: bool, headers: &HeaderMap) -> Response {
    let etag = format!("\"{:016x}\"", asset.hash);
    let cache = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            )],
            asset.body,
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    response
}
