//! Work split over candle's thread pool, for the labs' own ops (the convolution, `linear`, batch
//! norm; labs/llm's attention products and fused ops).
//!
//! Candle runs its element-wise ops on a barrier pool (`CANDLE_NUM_THREADS` threads, the calling
//! one among them) whose workers spin between ops. Work handed to that pool starts at once; a
//! thread of our own (or gemm's rayon threads) would wait for the core a spinning worker holds,
//! and with two threads on two cores a step then ran at its one-thread time.

use std::ops::Range;
use std::sync::Mutex;

use candle_core::{CpuStorage, Layout, Result};

/// An f32 tensor's values, which must be contiguous.
pub fn f32s<'a>(storage: &'a CpuStorage, layout: &Layout) -> Result<&'a [f32]> {
    match (storage, layout.contiguous_offsets()) {
        (CpuStorage::F32(v), Some((start, end))) => Ok(&v[start..end]),
        _ => candle_core::bail!("the lab's layers take contiguous f32 tensors"),
    }
}

/// How many threads [`per_part`] uses: candle's pool, workers and the calling thread.
pub fn threads() -> usize {
    candle_core::utils::barrier_pool().n_workers() + 1
}

/// Calls `f(state, items, out_items)` for contiguous ranges of `n` items, one range a thread of
/// candle's barrier pool (the calling thread is one of them), where `out` holds
/// `out.len() / n` values an item (none for an empty `out`). Each thread has its own `state`
/// (scratch buffers, a partial sum) from `init`; the states come back in item order.
pub fn per_part<T: Send, S: Send>(
    out: &mut [T],
    n: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, Range<usize>, &mut [T]) + Sync,
) -> Vec<S> {
    let (per, threads) = (out.len() / n.max(1), threads().clamp(1, n.max(1)));
    let span = n.div_ceil(threads);
    let run = |items: Range<usize>, out: &mut [T]| {
        let mut state = init();
        f(&mut state, items, out);
        state
    };
    if threads == 1 {
        return vec![run(0..n, out)];
    }
    let mut rest = out;
    let slots: Vec<Mutex<Slot<T, S>>> = (0..n)
        .step_by(span)
        .map(|first| {
            let items = first..(first + span).min(n);
            let (mine, tail) = std::mem::take(&mut rest).split_at_mut(items.len() * per);
            rest = tail;
            Mutex::new((items, mine, None))
        })
        .collect();
    candle_core::utils::barrier_pool().execute(|thread| {
        if let Some(Ok(mut slot)) = slots.get(thread).map(Mutex::lock) {
            let (items, out, state) = &mut *slot;
            *state = Some(run(items.clone(), out));
        }
    });
    slots.into_iter().filter_map(|slot| slot.into_inner().ok()?.2).collect()
}

/// A thread's part in [`per_part`]: its items, their output, then its state.
type Slot<'a, T, S> = (Range<usize>, &'a mut [T], Option<S>);

/// [`per_part`] an item at a time (an image, a matrix of a batch): `f(state, b, out_b)` for
/// every b < `batch`.
pub fn per_image<T: Send, S: Send>(
    out: &mut [T],
    batch: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize, &mut [T]) + Sync,
) -> Vec<S> {
    let per = out.len() / batch.max(1);
    per_part(out, batch, init, |state, images, out| {
        for (k, b) in images.enumerate() {
            f(state, b, &mut out[k * per..(k + 1) * per]);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_visited_once_with_its_output_and_states_come_back_in_order() {
        for n in [0, 1, 2, 3, 7, 64] {
            let mut out = vec![0u32; 2 * n];
            let states = per_image(&mut out, n, Vec::new, |seen: &mut Vec<usize>, b, out| {
                seen.push(b);
                out.fill(b as u32 + 1);
            });
            let seen: Vec<usize> = states.into_iter().flatten().collect();
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "n = {n}");
            let want: Vec<u32> = (0..n).flat_map(|b| [b as u32 + 1; 2]).collect();
            assert_eq!(out, want, "n = {n}");
        }
    }
}
