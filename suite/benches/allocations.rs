//! Heap allocations per delivery, counted by a counting global allocator: the
//! framework's request path against the hand-written floor on the same requests.
//! Not a criterion bench: it prints the counts, which are exact and stable.
//!
//! `cargo bench --bench allocations`

#![recursion_limit = "256"]

#[path = "support/floor.rs"]
mod floor;
#[path = "support/payloads.rs"]
mod payloads;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

#[path = "support/app.rs"]
mod app;

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY-free: delegates to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (count, bytes) of one call of `run`, averaged over `rounds`.
fn measure<F: std::future::Future<Output = u16>>(
    runtime: &tokio::runtime::Runtime,
    rounds: u64,
    mut run: impl FnMut() -> F,
) -> (f64, f64) {
    for _ in 0..10 {
        assert_eq!(runtime.block_on(run()), 200); // warm: lazy statics, first-use caches
    }
    let (count, bytes) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    for _ in 0..rounds {
        assert_eq!(runtime.block_on(run()), 200);
    }
    let count = (ALLOCATIONS.load(Ordering::Relaxed) - count) as f64 / rounds as f64;
    let bytes = (BYTES.load(Ordering::Relaxed) - bytes) as f64 / rounds as f64;
    (count, bytes)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dispatcher = app::webhooks().into_dispatcher().unwrap();
    println!("allocations per delivery (count, bytes), 1000 rounds each");
    for (name, endpoint, signed) in app::cases() {
        let request_only = measure(&runtime, 1000, || async {
            black_box(signed.request());
            200
        });
        let framework = measure(&runtime, 1000, || async {
            dispatcher
                .dispatch(endpoint, (), signed.request())
                .await
                .unwrap()
                .status()
                .as_u16()
        });
        let floor = measure(&runtime, 1000, || async {
            floor::handle(endpoint, signed.request())
                .await
                .status()
                .as_u16()
        });
        println!(
            "{name:<28} framework {:>5.1} allocs {:>8.0} B | floor {:>5.1} allocs {:>8.0} B | building the request {:>4.1} allocs | extra {:+.1} allocs",
            framework.0, framework.1, floor.0, floor.1, request_only.0, framework.0 - floor.0
        );
    }
}
