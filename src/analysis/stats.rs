//! Small statistics used across the analysis, defined once so every figure agrees.

/// The `q`-quantile of `sorted` (ascending) by linear interpolation between order statistics:
/// position `h = (n − 1)·q`, value `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`. This is numpy's
/// default (`method="linear"`) and pandas' `Series.quantile`. `None` for an empty slice.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(last);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

pub fn median(sorted: &[f64]) -> Option<f64> {
    quantile(sorted, 0.5)
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Median and (unscaled) median absolute deviation of `values`, in any order.
pub fn median_and_mad(values: &[f64]) -> Option<(f64, f64)> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = median(&sorted)?;
    let mut deviations: Vec<f64> = sorted.iter().map(|v| (v - median).abs()).collect();
    deviations.sort_by(f64::total_cmp);
    Some((median, self::median(&deviations)?))
}

/// Sorts `items` by `order` and keeps the first `k`, without sorting the rest (a million
/// candidates for a top ten cost one selection pass).
pub fn keep_first<T>(
    items: &mut Vec<T>,
    k: usize,
    mut order: impl FnMut(&T, &T) -> std::cmp::Ordering,
) {
    if items.len() > k {
        if k == 0 {
            items.clear();
            return;
        }
        items.select_nth_unstable_by(k - 1, &mut order);
        items.truncate(k);
    }
    items.sort_by(order);
}

/// The first `k` of `items` in `order`, sorted, as [`keep_first`] gives them, holding at most
/// `2k` items at a time: the top ten of half a million authors needs no list of them all.
/// `order` must be total (ties broken to the end) for the two to agree on which equal items
/// are kept.
pub fn top_k<T>(
    items: impl IntoIterator<Item = T>,
    k: usize,
    mut order: impl FnMut(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let mut top = TopK::new(k);
    for item in items {
        top.push(item, &mut order);
    }
    top.finish(order)
}

/// [`top_k`] for items that come one at a time, from a pass that gathers several lists.
#[derive(Debug)]
pub struct TopK<T> {
    k: usize,
    kept: Vec<T>,
}

impl<T> TopK<T> {
    pub fn new(k: usize) -> TopK<T> {
        TopK {
            k,
            kept: Vec::new(),
        }
    }

    pub fn push(&mut self, item: T, order: impl FnMut(&T, &T) -> std::cmp::Ordering) {
        if self.k == 0 {
            return;
        }
        self.kept.push(item);
        if self.kept.len() >= self.k.saturating_mul(2) {
            self.kept.select_nth_unstable_by(self.k - 1, order);
            self.kept.truncate(self.k);
        }
    }

    /// The first `k` of the items pushed, sorted.
    pub fn finish(mut self, order: impl FnMut(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
        keep_first(&mut self.kept, self.k, order);
        self.kept
    }
}

/// `part / whole`, `None` when `whole` is zero.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_keeps_what_keep_first_keeps() {
        // A scrambled 0..1000 with many equal keys; ties broken by the value itself.
        let items: Vec<(u32, u32)> = (0..1000u32).map(|i| ((i * 7919) % 1000 / 10, i)).collect();
        let order = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        for k in [0, 1, 2, 7, 10, 333, 999, 1000, 5000] {
            let mut all = items.clone();
            keep_first(&mut all, k, order);
            assert_eq!(top_k(items.iter().copied(), k, order), all, "k = {k}");
        }
        assert_eq!(
            top_k(Vec::<u32>::new(), 3, |a, b| a.cmp(b)),
            Vec::<u32>::new()
        );
        assert_eq!(top_k([5, 1, 4], 2, |a, b| b.cmp(a)), vec![5, 4]);
    }

    #[test]
    fn quantiles_match_numpy_linear() {
        // numpy.quantile([1, 2, 3, 4], q): h = 3q.
        // q=0.5 → h=1.5 → 2 + 0.5·(3−2) = 2.5; q=0.9 → h=2.7 → 3 + 0.7·(4−3) = 3.7;
        // q=0.25 → h=0.75 → 1 + 0.75 = 1.75.
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&x, 0.5), Some(2.5));
        assert!((quantile(&x, 0.9).unwrap() - 3.7).abs() < 1e-12);
        assert_eq!(quantile(&x, 0.25), Some(1.75));
        assert_eq!(quantile(&x, 0.0), Some(1.0));
        assert_eq!(quantile(&x, 1.0), Some(4.0));
        // numpy.quantile([60, 120, 600, 3600, 7200], 0.9): h = 3.6 → 3600 + 0.6·3600 = 5760.
        let y = [60.0, 120.0, 600.0, 3600.0, 7200.0];
        assert!((quantile(&y, 0.9).unwrap() - 5760.0).abs() < 1e-9);
        assert_eq!(median(&y), Some(600.0));
        assert_eq!(quantile(&[42.0], 0.9), Some(42.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn mad_is_unscaled() {
        // [1, 1, 2, 2, 4, 6, 9]: median 2; |x − 2| = [1, 1, 0, 0, 2, 4, 7] → median 1.
        assert_eq!(
            median_and_mad(&[9.0, 1.0, 2.0, 1.0, 4.0, 6.0, 2.0]),
            Some((2.0, 1.0))
        );
        assert_eq!(median_and_mad(&[]), None);
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(mean(&[]), None);
        assert_eq!(share(1, 4), Some(0.25));
        assert_eq!(share(0, 0), None);
        let mut v = vec![5, 1, 4, 2, 3];
        keep_first(&mut v, 3, |a, b| b.cmp(a));
        assert_eq!(v, [5, 4, 3]);
        keep_first(&mut v, 0, |a, b| a.cmp(b));
        assert!(v.is_empty());
    }
}
