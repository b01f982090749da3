//! Organization sync (`organizationSyncOptions` / `OrganizationMatcher`): URL patterns that name
//! the organization a page belongs to (`/orgs/:slug`, `/orgs/:id/(.*)`) or the personal account
//! (`/me`, `/me/(.*)`). A signed-in page load whose active organization differs is sent through
//! a handshake that activates the right one.
//!
//! Patterns follow path-to-regexp 6 as Clerk uses it: `:name` matches one path segment, `(.*)`
//! anything, literals case-insensitively, and a single trailing `/`, `#` or `?` is allowed.

/// What a page's URL asks to be active.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// An organization, by id (`:id`) or slug (`:slug`).
    Organization {
        id: Option<String>,
        slug: Option<String>,
    },
    /// The personal account (no active organization).
    Personal,
}

impl Target {
    /// The `organization_id` query parameter of a handshake (an id, a slug, or empty).
    pub(crate) fn param(&self) -> &str {
        match self {
            Self::Organization { id: Some(id), .. } => id,
            Self::Organization {
                slug: Some(slug), ..
            } => slug,
            _ => "",
        }
    }
}

/// `findTarget`: organization patterns first, then personal-account patterns.
pub(crate) fn target(organization: &[String], personal: &[String], path: &str) -> Option<Target> {
    for pattern in organization {
        if let Some(params) = matches(pattern, path) {
            let get = |name: &str| {
                params
                    .iter()
                    .find(|(n, v)| *n == name && !v.is_empty())
                    .map(|(_, v)| v.clone())
            };
            if let Some(id) = get("id") {
                return Some(Target::Organization {
                    id: Some(id),
                    slug: None,
                });
            }
            if let Some(slug) = get("slug") {
                return Some(Target::Organization {
                    id: None,
                    slug: Some(slug),
                });
            }
            return None;
        }
    }
    personal
        .iter()
        .any(|p| matches(p, path).is_some())
        .then_some(Target::Personal)
}

enum Token<'a> {
    Literal(&'a str),
    Param(&'a str),
    Wildcard,
}

fn tokens(pattern: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("(.*)") {
            out.push(Token::Wildcard);
            rest = after;
        } else if let Some(after) = rest.strip_prefix(':') {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            out.push(Token::Param(&after[..end]));
            rest = &after[end..];
        } else {
            let end = rest
                .char_indices()
                .skip(1)
                .find(|(_, c)| *c == ':' || *c == '(')
                .map_or(rest.len(), |(i, _)| i);
            out.push(Token::Literal(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

/// The named parameters when `path` matches `pattern` (whole path, optional trailing delimiter).
fn matches(pattern: &str, path: &str) -> Option<Vec<(String, String)>> {
    let tokens = tokens(pattern);
    let mut params = Vec::new();
    walk(&tokens, path, &mut params).then_some(params)
}

fn walk(tokens: &[Token<'_>], rest: &str, params: &mut Vec<(String, String)>) -> bool {
    let Some((first, others)) = tokens.split_first() else {
        return rest.is_empty() || (rest.len() == 1 && matches!(rest, "/" | "#" | "?"));
    };
    match first {
        Token::Literal(text) => {
            rest.get(..text.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(text))
                && walk(others, &rest[text.len()..], params)
        }
        Token::Param(name) => {
            let segment = rest.find(['/', '#', '?']).unwrap_or(rest.len());
            // Lazy, as `[^\/#\?]+?`: the shortest value that lets the rest match.
            for end in (1..=segment).filter(|i| rest.is_char_boundary(*i)) {
                params.push(((*name).to_owned(), rest[..end].to_owned()));
                if walk(others, &rest[end..], params) {
                    return true;
                }
                params.pop();
            }
            false
        }
        Token::Wildcard => (0..=rest.len())
            .rev()
            .filter(|i| rest.is_char_boundary(*i))
            .any(|end| walk(others, &rest[end..], params)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn matches_like_path_to_regexp() {
        let orgs = list(&["/orgs/:slug", "/orgs/:slug/(.*)"]);
        let me = list(&["/me", "/me/(.*)"]);
        let t = |path| target(&orgs, &me, path);
        let slug = |s: &str| {
            Some(Target::Organization {
                id: None,
                slug: Some(s.to_owned()),
            })
        };
        assert_eq!(t("/orgs/acme"), slug("acme"));
        assert_eq!(t("/orgs/acme/"), slug("acme"));
        assert_eq!(t("/ORGS/Acme/settings/x"), slug("Acme"));
        assert_eq!(t("/orgs"), None);
        assert_eq!(t("/me"), Some(Target::Personal));
        assert_eq!(t("/me/profile"), Some(Target::Personal));
        assert_eq!(t("/mentor"), None);
        let ids = list(&["/o/:id"]);
        assert_eq!(
            target(&ids, &[], "/o/org_1"),
            Some(Target::Organization {
                id: Some("org_1".into()),
                slug: None
            })
        );
    }
}
