//! The in-memory maps that anyone can fill (codes, handshake nonces) hold at most a fixed number
//! of entries: a new one pushes out the oldest.

use std::collections::HashMap;
use std::hash::Hash;

/// Before inserting a new key into `map`: when it holds `cap` entries, removes the one whose
/// `age` is smallest.
pub(crate) fn make_room<K, V, A>(map: &mut HashMap<K, V>, cap: usize, age: impl Fn(&V) -> A)
where
    K: Clone + Eq + Hash,
    A: Ord,
{
    if map.len() < cap {
        return;
    }
    let oldest = map
        .iter()
        .min_by_key(|(_, value)| age(value))
        .map(|(key, _)| key.clone());
    if let Some(oldest) = oldest {
        map.remove(&oldest);
    }
}
