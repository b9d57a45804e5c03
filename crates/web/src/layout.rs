//! What every page shares: the language, the navigation, the language switch, the CSRF token
//! in `<meta>` and the asset URLs. Handlers take a [`Page`] and build a [`Layout`] from it.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::Uri;
use axum::http::request::Parts;
use llmpath_content::Lang;

use crate::Shared;
use crate::assets;
use crate::i18n::{self, Strings, pick};

/// The request as a page sees it: its language and its address.
#[derive(Debug, Clone)]
pub struct Page {
    pub lang: Lang,
    pub uri: Uri,
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = parts.extensions.get::<Lang>().copied().unwrap_or(Lang::En);
        Ok(Page {
            lang,
            uri: parts.uri.clone(),
        })
    }
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
    fn the_switch_keeps_other_parameters() {
        let uri: Uri = "/plan?week=3&lang=en".parse().expect("uri");
        assert_eq!(switch_href(&uri, Lang::Zh), "/plan?week=3&lang=zh");
        let uri: Uri = "/".parse().expect("uri");
        assert_eq!(switch_href(&uri, Lang::En), "/?lang=en");
    }
}
