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
            // A match naming no organization: the personal-account patterns decide, as in
            // `findOrganizationTarget` then `findPersonalAccountTarget`.
            break;
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

/// Paths longer than this are never matched (no organization sync): the matcher's memory is
/// proportional to the path's length.
const MAX_PATH_LEN: usize = 8 * 1024;

/// The named parameters when `path` matches `pattern` (whole path, optional trailing delimiter).
///
/// A backtracking matcher costs O(n^k) for k wildcards or parameters; this one decides first,
/// for every token and position, whether the rest of the pattern can match from there (one
/// pass per token, linear in the path), then reads the parameters off in one forward pass with
/// the same choices a regex engine makes: parameters lazy, wildcards greedy.
fn matches(pattern: &str, path: &str) -> Option<Vec<(String, String)>> {
    if path.len() > MAX_PATH_LEN {
        return None;
    }
    let tokens = tokens(pattern);
    let table = Table::new(&tokens, path);
    if !table.can[0][0] {
        return None;
    }
    let mut params = Vec::new();
    let mut pos = 0;
    for (index, token) in tokens.iter().enumerate() {
        let next = &table.can[index + 1];
        pos = match token {
            Token::Literal(text) => pos + text.len(),
            Token::Param(name) => {
                let end = (pos + 1..=table.segment_end[pos]).find(|end| next[*end])?;
                params.push(((*name).to_owned(), path[pos..end].to_owned()));
                end
            }
            Token::Wildcard => (pos..=path.len()).rev().find(|end| next[*end])?,
        };
    }
    Some(params)
}

/// `can[i][pos]`: tokens `i..` match `path[pos..]`. Only char boundaries are ever true.
struct Table {
    can: Vec<Vec<bool>>,
    /// For each position, where its path segment ends (the next `/`, `#` or `?`, or the end).
    segment_end: Vec<usize>,
}

impl Table {
    fn new(tokens: &[Token<'_>], path: &str) -> Self {
        let bytes = path.as_bytes();
        let n = bytes.len();
        let mut segment_end = vec![n; n + 1];
        for pos in (0..n).rev() {
            segment_end[pos] = if matches!(bytes[pos], b'/' | b'#' | b'?') {
                pos
            } else {
                segment_end[pos + 1]
            };
        }
        let mut can = vec![vec![false; n + 1]; tokens.len() + 1];
        for (pos, cell) in can[tokens.len()].iter_mut().enumerate() {
            *cell = pos == n || (pos + 1 == n && matches!(bytes[pos], b'/' | b'#' | b'?'));
        }
        for index in (0..tokens.len()).rev() {
            let (head, tail) = can.split_at_mut(index + 1);
            let (row, next) = (&mut head[index], &tail[0]);
            match tokens[index] {
                Token::Literal(text) => {
                    let text = text.as_bytes();
                    for pos in 0..=n {
                        row[pos] = path.is_char_boundary(pos)
                            && bytes
                                .get(pos..pos + text.len())
                                .is_some_and(|head| head.eq_ignore_ascii_case(text))
                            && next[pos + text.len()];
                    }
                }
                Token::Param(_) => {
                    // The first position >= k from which the rest matches.
                    let mut first_match = vec![usize::MAX; n + 2];
                    for k in (0..=n).rev() {
                        first_match[k] = if next[k] { k } else { first_match[k + 1] };
                    }
                    for pos in 0..n {
                        row[pos] =
                            path.is_char_boundary(pos) && first_match[pos + 1] <= segment_end[pos];
                    }
                }
                Token::Wildcard => {
                    let mut any_after = false;
                    for pos in (0..=n).rev() {
                        any_after |= next[pos];
                        row[pos] = path.is_char_boundary(pos) && any_after;
                    }
                }
            }
        }
        Self { can, segment_end }
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

    #[test]
    fn an_organization_match_naming_none_leaves_it_to_the_personal_patterns() {
        let team = list(&["/team/(.*)"]);
        assert_eq!(target(&team, &team, "/team/x"), Some(Target::Personal));
        assert_eq!(target(&team, &[], "/team/x"), None);
    }

    #[test]
    fn many_wildcards_on_a_long_path_cost_linear_work() {
        // A backtracking matcher takes O(n^5) here: it would not finish.
        let pattern = "/orgs/(.*)/(.*)/(.*)/(.*)/:slug/never";
        let path = format!("/orgs/{}", "a/".repeat(MAX_PATH_LEN / 2 - 8));
        assert!(path.len() <= MAX_PATH_LEN);
        assert_eq!(matches(pattern, &path), None);
        let path = format!("/orgs/{}acme/never", "a/".repeat(3000));
        assert_eq!(
            matches(pattern, &path),
            Some(vec![("slug".to_owned(), "acme".to_owned())])
        );
        assert_eq!(matches("/(.*)", &"x".repeat(MAX_PATH_LEN + 1)), None);
    }

    #[test]
    fn parameters_are_lazy_and_wildcards_greedy() {
        let found = |pattern: &str, path: &str| {
            matches(pattern, path).map(|p| p.into_iter().map(|(_, v)| v).collect::<Vec<_>>())
        };
        assert_eq!(found("/:a(.*)", "/abc"), Some(vec!["a".to_owned()]));
        assert_eq!(found("/(.*)/:a", "/x/y/z"), Some(vec!["z".to_owned()]));
        assert_eq!(
            found("/:a-:b", "/x-y-z"),
            Some(vec!["x".to_owned(), "y-z".to_owned()])
        );
        assert_eq!(found("/é/:a", "/É/x"), None);
        assert_eq!(found("/é/:a", "/é/ü"), Some(vec!["ü".to_owned()]));
    }
}
