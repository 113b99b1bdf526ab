//! Criterion benches: caseexport side by side with the baselines a Rust user
//! would pick, on identical inputs. See BENCHMARKS.md for a run's table.
//!
//! Groups: `serialize` (typed patch builder → bytes), `diff` (two parsed
//! operations → patch bytes), `flow` (document + patch bytes → parse,
//! validate, apply, canonical bytes), `scaling` (the flow with a growing
//! `description`, as throughput).

use std::hint::black_box;

use caseexport::{diff, CaseExportOperation, ReadOptions};
use caseexport_benches::*;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::Value;

fn serialize(c: &mut Criterion) {
    let mut g = c.benchmark_group("serialize");
    for (name, patch, derived, build_value) in [
        (
            "full",
            full_patch(),
            full_derived(),
            full_value as fn() -> Value,
        ),
        (
            "small",
            small_patch(),
            small_derived(),
            small_value as fn() -> Value,
        ),
    ] {
        let bytes = patch.to_vec();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(BenchmarkId::new("caseexport_patch_to_vec", name), |b| {
            b.iter(|| black_box(&patch).to_vec())
        });
        g.bench_function(BenchmarkId::new("derived_struct_to_vec", name), |b| {
            b.iter(|| serde_json::to_vec(black_box(&derived)).unwrap())
        });
        g.bench_function(BenchmarkId::new("value_build_and_to_vec", name), |b| {
            b.iter(|| serde_json::to_vec(&build_value()).unwrap())
        });
    }
    g.finish();
}

fn diffs(c: &mut Criterion) {
    let base = CaseExportOperation::from_json(OPERATION).unwrap();
    let target = base.apply_json(PATCH, &ReadOptions::strict()).unwrap();
    let base_v: Value = serde_json::from_slice(&base.to_json()).unwrap();
    let target_v: Value = serde_json::from_slice(&target.to_json()).unwrap();
    let mut g = c.benchmark_group("diff");
    g.throughput(Throughput::Bytes(target.to_json().len() as u64));
    g.bench_function("caseexport_diff_to_vec", |b| {
        b.iter(|| diff(black_box(&base), black_box(&target)).unwrap().to_vec())
    });
    g.bench_function("json_patch_diff_rfc6902_to_vec", |b| {
        b.iter(|| {
            serde_json::to_vec(&json_patch::diff(black_box(&base_v), black_box(&target_v))).unwrap()
        })
    });
    g.bench_function("value_merge_diff_to_vec", |b| {
        b.iter(|| {
            serde_json::to_vec(&value_merge_diff(black_box(&base_v), black_box(&target_v))).unwrap()
        })
    });
    g.finish();
}

/// The whole service-side flow of ours: parse + validate the stored document
/// and the patch, apply, write canonical bytes.
fn our_flow(doc: &[u8], patch: &[u8]) -> Vec<u8> {
    let mut op = CaseExportOperation::from_json(doc).unwrap();
    op.apply_json_in_place(patch, &ReadOptions::strict())
        .unwrap();
    op.to_json()
}

/// The untyped baseline: two `Value` parses, `json_patch::merge`, `to_vec`.
fn value_flow(doc: &[u8], patch: &[u8]) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(doc).unwrap();
    let p: Value = serde_json::from_slice(patch).unwrap();
    json_patch::merge(&mut v, &p);
    serde_json::to_vec(&v).unwrap()
}

fn flow(c: &mut Criterion) {
    let mut g = c.benchmark_group("flow");
    g.throughput(Throughput::Bytes((OPERATION.len() + PATCH.len()) as u64));
    g.bench_function("caseexport_parse_validate_apply_write", |b| {
        b.iter(|| our_flow(black_box(OPERATION), black_box(PATCH)))
    });
    g.bench_function("value_json_patch_merge", |b| {
        b.iter(|| value_flow(black_box(OPERATION), black_box(PATCH)))
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    for (label, len) in [
        ("1KiB", 1 << 10),
        ("64KiB", 64 << 10),
        ("1MiB", 1 << 20),
        ("4MiB", 4 << 20),
    ] {
        let doc = operation_with_description(len);
        g.throughput(Throughput::Bytes((doc.len() + PATCH.len()) as u64));
        if len >= 1 << 20 {
            g.sample_size(20);
        }
        g.bench_with_input(BenchmarkId::new("caseexport", label), &doc, |b, doc| {
            b.iter(|| our_flow(black_box(doc), black_box(PATCH)))
        });
        g.bench_with_input(
            BenchmarkId::new("value_json_patch_merge", label),
            &doc,
            |b, doc| b.iter(|| value_flow(black_box(doc), black_box(PATCH))),
        );
    }
    g.finish();
}

criterion_group!(benches, serialize, diffs, flow, scaling);
criterion_main!(benches);
