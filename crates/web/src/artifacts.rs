//! `/labs/{id}/runs/{n}/files/{path}`: a file a lab run wrote (its plots), served only from
//! that run's output folder.
//!
//! A request is refused unless every check passes, in this order:
//! 1. the path is relative and plain: no `..`, `.`, root, drive prefix, backslash or NUL (403);
//! 2. the run's `report.json` lists it among its artifacts (404 otherwise), so nothing else in
//!    the folder is reachable;
//! 3. the folder and the file, with every symlink resolved (`canonicalize`), still have the
//!    folder as prefix (403: a link pointing out of the folder), and it is a regular file.
//!
//! SVG is served with a sandboxing Content-Security-Policy, so a plot opened on its own cannot
//! run script.

use std::path::{Component, Path as FsPath, PathBuf};
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::i18n::Msg;
use crate::pages::labs::find_run;
use crate::{Shared, blocking};

/// Largest artifact served (plots are kilobytes; this only stops a runaway file).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Whether a file name is an image the report page shows inline.
pub fn is_image(name: &str) -> bool {
    matches!(
        extension(name).as_str(),
        "svg" | "png" | "jpg" | "jpeg" | "gif" | "webp"
    )
}

fn extension(name: &str) -> String {
    FsPath::new(name)
        .extension()
        .and_then(|ext| ext.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn content_type(name: &str) -> &'static str {
    match extension(name).as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Percent-encodes a relative path for a URL (`/` kept between segments).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn outside() -> WebError {
    WebError::Forbidden(Msg::new(
        "这个路径不在这次运行的输出目录中。",
        "That path is outside this run's output folder.",
    ))
}

fn missing(path: &str) -> WebError {
    WebError::not_found(Msg::new(
        format!("这次运行没有文件 {path}。"),
        format!("This run has no file {path}."),
    ))
}

/// Check 1: a plain relative path.
pub fn plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.contains('\0')
        && FsPath::new(path)
            .components()
            .all(|component| matches!(component, Component::Normal(_)))
}

/// Check 3: resolves `relative` inside `folder`, refusing whatever resolves outside it.
pub fn resolve(folder: &FsPath, relative: &str) -> Result<PathBuf, WebError> {
    let folder = folder.canonicalize().map_err(|_| missing(relative))?;
    let file = folder
        .join(relative)
        .canonicalize()
        .map_err(|_| missing(relative))?;
    if !file.starts_with(&folder) {
        return Err(outside());
    }
    if !file.is_file() {
        return Err(missing(relative));
    }
    Ok(file)
}

/// `GET /labs/{id}/runs/{n}/files/{*path}`.
pub async fn file(
    State(state): State<Arc<Shared>>,
    Path((id, n, path)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    if !plain_relative(&path) {
        return Err(outside());
    }
    let snapshot = state.snapshot().await?;
    let run = find_run(&state, &snapshot, &id, &n)?;
    let listed = run
        .report
        .as_ref()
        .is_ok_and(|report| report.artifacts.contains(&path));
    if !listed {
        return Err(missing(&path));
    }
    let folder = run.out.clone();
    let name = path.clone();
    let bytes = blocking(move || {
        let file = resolve(&folder, &name)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_BYTES {
            return Err(WebError::Forbidden(Msg::new(
                format!("文件 {name} 太大，无法在仪表盘中显示。"),
                format!("The file {name} is too large to serve."),
            )));
        }
        std::fs::read(&file)
            .map_err(|err| WebError::Internal(format!("cannot read {}: {err}", file.display())))
    })
    .await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&path)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    if content_type(&path) == "application/octet-stream" {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_pass() {
        for good in ["loss.svg", "plots/loss.png", "a.b.c.json"] {
            assert!(plain_relative(good), "{good}");
        }
        for bad in [
            "",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "./x",
            "a\\..\\x",
            "a\0b",
        ] {
            assert!(!plain_relative(bad), "{bad:?}");
        }
    }

    #[test]
    fn urls_of_artifacts_are_encoded() {
        assert_eq!(
            encode_path("plots/loss curve.svg"),
            "plots/loss%20curve.svg"
        );
        assert_eq!(encode_path("损失.svg"), "%E6%8D%9F%E5%A4%B1.svg");
    }
}
