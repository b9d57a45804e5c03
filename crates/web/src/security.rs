//! What keeps other sites and other machines out of the learner's progress.
//!
//! - **Host** (every request): the dashboard answers only to `localhost` or an IP literal, on
//!   the port it is bound to. A DNS-rebinding page reaches us under its own domain name, so its
//!   requests are refused before anything is read.
//! - **Origin** (every write): when a browser says where a POST comes from, it must be this
//!   server (`http://` + the `Host` it asked for); `Sec-Fetch-Site: cross-site` is refused.
//! - **CSRF token** (every write): a random token made at start-up, sent in a hidden form
//!   field `csrf` and in `<meta name="csrf-token">`; the API takes it in `X-CSRF-Token`. The
//!   handlers compare it in constant time ([`CsrfToken::matches`]); missing or wrong is 403.
//! - **Headers** (every response): a Content-Security-Policy that allows only our own script
//!   and style (no inline script, nothing fetched elsewhere), no framing, no sniffing, no
//!   referrer to other sites.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::Shared;
use crate::error::WebError;
use crate::i18n::Msg;

/// The header that carries the token on API writes (forms send the field `csrf`).
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The per-start secret every write must present.
pub struct CsrfToken(String);

impl CsrfToken {
    /// 244 random bits (two v4 UUIDs from the OS generator), as hex.
    pub fn random() -> CsrfToken {
        CsrfToken(format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Constant-time comparison (the time taken does not tell how much of a guess was right).
    pub fn matches(&self, given: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), given.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// `Ok` when `given` is the token, else the 403 every write answers.
    pub fn check(&self, given: Option<&str>) -> Result<(), WebError> {
        match given {
            Some(given) if self.matches(given) => Ok(()),
            _ => Err(WebError::Forbidden(Msg::new(
                "表单的安全令牌缺失或已失效（仪表盘重启过？）：请刷新页面后重试。",
                "The form's security token is missing or out of date (was the dashboard restarted?): reload the page and try again.",
            ))),
        }
    }
}

/// Which `Host` headers the dashboard answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostCheck {
    /// The address the listener is bound to.
    pub bind: IpAddr,
    /// The port the listener is bound to (the real one, also when asked for port 0).
    pub port: u16,
}

impl HostCheck {
    /// Whether `host` (a `Host` header, or the authority of an `Origin`) names this server:
    /// `localhost` or an IP literal, with our port (or none, when we are on port 80).
    pub fn allows(&self, host: &str) -> bool {
        let (name, port) = split_host(host);
        let port_ok = match port {
            Some(port) => port.parse::<u16>() == Ok(self.port),
            None => self.port == 80,
        };
        let name = name.trim_start_matches('[').trim_end_matches(']');
        let name_ok = name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok();
        port_ok && name_ok
    }
}

/// `host:port`, `[v6]:port`, `host` → (host, port).
fn split_host(host: &str) -> (&str, Option<&str>) {
    if host.starts_with('[') {
        return match host.rsplit_once("]:") {
            Some((name, port)) => (&host[..name.len() + 1], Some(port)),
            None => (host, None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => (name, Some(port)),
        _ => (host, None),
    }
}

fn forbidden(zh: &str, en: &str) -> WebError {
    WebError::Forbidden(Msg::new(zh, en))
}

/// Checks `Host` (and, on writes, `Origin` and `Sec-Fetch-Site`), then adds the security
/// headers to whatever the routes answer.
pub async fn guard(State(state): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    if let Err(refusal) = check_request(&state, request.method(), request.headers()) {
        return with_headers(refusal.into_response());
    }
    with_headers(next.run(request).await)
}

fn check_request(state: &Shared, method: &Method, headers: &HeaderMap) -> Result<(), WebError> {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    let Some(host) = host.filter(|host| state.hosts.allows(host)) else {
        return Err(forbidden(
            "这个仪表盘只响应 localhost 或 IP 地址形式的访问（Host 头不符）。请用 `llmpath serve` 打印的地址打开它。",
            "This dashboard only answers to localhost or its IP address (the Host header does not match). Open it at the address `llmpath serve` printed.",
        ));
    };
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let origin = headers
        .get(header::ORIGIN)
        .map(|value| value.to_str().unwrap_or("?"));
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok());
    if !write_from_here(origin, fetch_site, host) {
        return Err(forbidden(
            "拒绝来自其他网站的写入请求（Origin 不是本仪表盘）。",
            "A write from another site was refused (the Origin is not this dashboard).",
        ));
    }
    Ok(())
}

/// Whether a write comes from our own pages, given its `Origin` and `Sec-Fetch-Site` headers.
///
/// No `Origin` is a client that is not a browser (curl, the tests): the CSRF token still guards
/// it. A browser sends `Origin: null` instead of ours when a policy hides it, so `null` passes
/// only beside `Sec-Fetch-Site: same-origin`, a header pages cannot forge.
fn write_from_here(origin: Option<&str>, fetch_site: Option<&str>, host: &str) -> bool {
    let same_origin = fetch_site.is_some_and(|site| site.eq_ignore_ascii_case("same-origin"));
    let cross_site = fetch_site.is_some_and(|site| site.eq_ignore_ascii_case("cross-site"));
    let origin_ok = match origin {
        None => true,
        Some("null") => same_origin,
        Some(origin) => origin
            .strip_prefix("http://")
            .is_some_and(|authority| authority.eq_ignore_ascii_case(host)),
    };
    origin_ok && !cross_site
}

/// The Content-Security-Policy of pages: our own script, style and images only.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn with_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(PAGE_CSP));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        // Not `no-referrer`: under it Chromium sends `Origin: null` on our own form posts.
        HeaderValue::from_static("same-origin"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_must_be_local_names_or_ip_literals_on_our_port() {
        let check = HostCheck {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 8737,
        };
        for good in [
            "127.0.0.1:8737",
            "localhost:8737",
            "LOCALHOST:8737",
            "[::1]:8737",
        ] {
            assert!(check.allows(good), "{good}");
        }
        for bad in [
            "evil.example:8737",
            "127.0.0.1:8080",
            "127.0.0.1",
            "localhost.evil.example:8737",
            "",
            "[::1]",
        ] {
            assert!(!check.allows(bad), "{bad}");
        }
    }

    #[test]
    fn writes_must_come_from_our_pages() {
        let host = "127.0.0.1:8737";
        let ours = Some("http://127.0.0.1:8737");
        for (origin, site) in [
            (ours, Some("same-origin")),
            (ours, None),
            (None, None),
            (Some("null"), Some("same-origin")),
        ] {
            assert!(write_from_here(origin, site, host), "{origin:?} {site:?}");
        }
        for (origin, site) in [
            (Some("http://evil.example"), None),
            (Some("https://127.0.0.1:8737"), None),
            (Some("null"), None),
            (Some("null"), Some("cross-site")),
            (Some("?"), Some("same-origin")),
            (ours, Some("cross-site")),
            (None, Some("cross-site")),
        ] {
            assert!(!write_from_here(origin, site, host), "{origin:?} {site:?}");
        }
    }

    #[test]
    fn tokens_compare_exactly() {
        let token = CsrfToken::random();
        assert_eq!(token.as_str().len(), 64);
        assert!(token.matches(&String::from(token.as_str())));
        assert!(!token.matches(""));
        assert!(!token.matches(&token.as_str()[1..]));
        assert!(!CsrfToken::random().matches(token.as_str()));
    }
}
