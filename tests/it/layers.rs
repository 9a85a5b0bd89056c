//! The workspace's layers, as the compiler and Cargo see them: each vr-aat crate depends
//! only on the crates below it, and the analysis half (core, store, review) builds
//! without Bevy, so a researcher can depend on `vr-aat-core` to score AAT data without
//! compiling a game engine (docs/design.md, "Crates").

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Each crate and the vr-aat crates it may depend on (directly or not).
const LAYERS: [(&str, &[&str]); 7] = [
    ("vr-aat-core", &[]),
    ("vr-aat-store", &["vr-aat-core"]),
    ("vr-aat-review", &["vr-aat-core", "vr-aat-store"]),
    ("vr-aat-runtime", &["vr-aat-core", "vr-aat-store"]),
    ("vr-aat-render", &["vr-aat-core", "vr-aat-store", "vr-aat-runtime"]),
    (
        "vr-aat-xr",
        &["vr-aat-core", "vr-aat-store", "vr-aat-runtime", "vr-aat-render"],
    ),
    (
        "vr-aat",
        &[
            "vr-aat-core",
            "vr-aat-store",
            "vr-aat-review",
            "vr-aat-runtime",
            "vr-aat-render",
            "vr-aat-xr",
        ],
    ),
];

/// Crates that must never be compiled into the analysis half.
const ENGINE: [&str; 4] = ["bevy", "bevy_ecs", "bevy_mod_openxr", "winit"];

/// The packages `package` depends on for building it (normal and build dependencies,
/// all features of the workspace, this machine's platform): `cargo tree`, one name per
/// line.
fn tree(package: &str) -> BTreeSet<String> {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--quiet", "--offline", "--all-features", "-e", "normal,build"])
        .args(["--prefix", "none", "--format", "{p}", "-p", package])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_crate_depends_only_on_the_layers_below_it() {
    let mut problems = Vec::new();
    let mut seen = BTreeMap::new();
    for (package, allowed) in LAYERS {
        let deps = tree(package);
        let ours: BTreeSet<&str> = deps
            .iter()
            .map(String::as_str)
            .filter(|d| d.starts_with("vr-aat") && *d != package)
            .collect();
        for d in &ours {
            if !allowed.contains(d) {
                problems.push(format!("{package} depends on {d}, a layer it must not reach"));
            }
        }
        seen.insert(package, deps);
    }
    for analysis in ["vr-aat-core", "vr-aat-store", "vr-aat-review"] {
        for engine in ENGINE {
            if seen[analysis].contains(engine) {
                problems.push(format!(
                    "{analysis} builds {engine}: the analysis half must build without it"
                ));
            }
        }
        if seen[analysis].contains("clap") {
            problems.push(format!(
                "{analysis} builds clap: the command line belongs to the binary"
            ));
        }
    }
    for package in ["vr-aat-runtime", "vr-aat-render", "vr-aat-xr"] {
        if seen[package].contains("clap") || seen[package].contains("indicatif") {
            problems.push(format!("{package} builds clap or indicatif: they belong to the binary"));
        }
    }
    // The check can fail: the runtime does build Bevy.
    assert!(
        seen["vr-aat-runtime"].contains("bevy"),
        "cargo tree lists no bevy for the runtime"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
