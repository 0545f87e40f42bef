//! One sort for the engine's lists. Sorting is generic code: each
//! `sort_by_key` on its own element type adds a stable sort of several KB
//! to the page's wasm, and the engine sorts a dozen kinds of list. Here a
//! list is ordered by a pair of numbers with each element's index last, so
//! equal keys keep their order (as a stable sort keeps them) and one sort
//! of number triples serves every list.

/// Sorts `items` by `key`, keeping the order of items with equal keys.
pub fn sort_by_pair<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (u64, u64)) {
    let mut keys: Vec<(u64, u64, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (a, b) = key(item);
            (a, b, i)
        })
        .collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(keys.into_iter().filter_map(|(_, _, i)| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn it_orders_as_a_stable_sort_by_the_same_key(list in prop::collection::vec((0u64..5, 0u64..3, any::<u32>()), 0..60)) {
            let mut ours = list.clone();
            sort_by_pair(&mut ours, |x| (x.0, x.1));
            let mut stable = list;
            stable.sort_by_key(|x| (x.0, x.1));
            prop_assert_eq!(ours, stable);
        }
    }
}
