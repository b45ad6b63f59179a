//! Import of a generated ~10 MB describe-* snapshot. Budget: ≤ 300 ms native (BENCHMARKS.md).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use vpc_core::formats::aws;

mod generated;
use generated::snapshot;

fn bench(c: &mut Criterion) {
    let files = snapshot(72);
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    eprintln!("generated describe-* snapshot: {} bytes in {} files", bytes, files.len());
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.bench_function(format!("describe-* {:.1} MB", bytes as f64 / 1e6), |b| {
        b.iter(|| black_box(aws::import(black_box(&files)).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
