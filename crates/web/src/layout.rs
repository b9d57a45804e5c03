//! What every page shares: the language, the navigation, the language switch, the CSRF token
//! in `<meta>` and the asset URLs. Handlers take a [`Page`] and build a [`Layout`] from it.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use llmpath_content::Lang;

use crate::Shared;
use crate::assets;
use crate::i18n::{self, Strings, pick};

/// The request as a page sees it: its language, its address and whether it takes gzip.
#[derive(Debug, Clone)]
pub struct Page {
    pub lang: Lang,
    pub uri: Uri,
    /// `Accept-Encoding` takes gzip: a cached page is then sent gzipped.
    pub gzip: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = parts.extensions.get::<Lang>().copied().unwrap_or(Lang::En);
        Ok(Page {
            lang,
            uri: parts.uri.clone(),
            gzip: accepts_gzip(&parts.headers),
        })
    }
}

/// Whether `Accept-Encoding` takes gzip: `gzip` (or `x-gzip`) or else `*`, with a q above 0.
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    let (mut gzip, mut any) = (None, None);
    let items = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','));
    for item in items {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        // A q that does not parse takes nothing.
        let q = parts
            .filter_map(|param| param.trim().split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, q)| q.trim().parse::<f32>().unwrap_or(0.0));
        if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            gzip = Some(q > 0.0);
        } else if coding == "*" {
            any = Some(q > 0.0);
        }
    }
    gzip.or(any).unwrap_or(false)
}

/// One entry of the navigation bar.
#[derive(Debug)]
pub struct NavItem {
    pub key: &'static str,
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// The frame around every page (`templates/base.html`).
#[derive(Debug)]
pub struct Layout {
    pub lang: Lang,
    /// `zh-CN` or `en`, for `<html lang>`.
    pub html_lang: &'static str,
    pub other_code: &'static str,
    pub s: &'static Strings,
    pub title: String,
    pub active: &'static str,
    pub nav: Vec<NavItem>,
    pub csrf: String,
    /// This page in the other language.
    pub switch_href: String,
    pub css: String,
    pub js: String,
}

impl Page {
    pub fn s(&self) -> &'static Strings {
        i18n::strings(self.lang)
    }

    /// The frame of a page titled `title`, `active` naming its navigation entry.
    pub fn layout(
        &self,
        state: &Arc<Shared>,
        title: impl Into<String>,
        active: &'static str,
    ) -> Layout {
        let s = self.s();
        let nav = [
            ("home", "/", s.nav_home),
            ("roadmap", "/roadmap", s.nav_roadmap),
            ("plan", "/plan", s.nav_plan),
            ("labs", "/labs", s.nav_labs),
            ("exercises", "/exercises", s.nav_exercises),
            ("stats", "/stats", s.nav_stats),
        ]
        .into_iter()
        .map(|(key, href, label)| NavItem {
            key,
            href,
            label,
            active: key == active,
        })
        .collect();
        let other = pick(self.lang, Lang::En, Lang::Zh);
        Layout {
            lang: self.lang,
            html_lang: pick(self.lang, "zh-CN", "en"),
            other_code: other.code(),
            s,
            title: title.into(),
            active,
            nav,
            csrf: state.csrf.as_str().to_owned(),
            switch_href: switch_href(&self.uri, other),
            css: assets::url("style.css"),
            js: assets::url("app.js"),
        }
    }
}

/// `uri` with its `lang` parameter set to `lang` (other parameters kept).
fn switch_href(uri: &Uri, lang: Lang) -> String {
    let mut query: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("lang="))
        .collect();
    let param = format!("lang={}", lang.code());
    query.push(&param);
    format!("{}?{}", uri.path(), query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_taken_unless_refused_with_q_zero() {
        let accepts = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                value.parse().expect("header value"),
            );
            accepts_gzip(&headers)
        };
        assert!(!accepts_gzip(&HeaderMap::new()), "wrk sends none");
        assert!(accepts("gzip, deflate, br, zstd"));
        assert!(accepts("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts("*"));
        assert!(!accepts("gzip;q=0, *"));
        assert!(!accepts("gzip;q=0.000"));
        assert!(!accepts("identity"));
        assert!(!accepts("br, *;q=0"));
    }

    #[test]
    fn the_switch_keeps_other_parameters() {
        let uri: Uri = "/plan?week=3&lang=en".parse().expect("uri");
        assert_eq!(switch_href(&uri, Lang::Zh), "/plan?week=3&lang=zh");
        let uri: Uri = "/".parse().expect("uri");
        assert_eq!(switch_href(&uri, Lang::En), "/?lang=en");
    }
}
