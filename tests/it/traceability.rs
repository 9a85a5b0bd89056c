//! The reference model's trace, checked: docs/traceability.ron names, for every
//! requirement, where vr-aat implements it and which tests show it, and for every
//! hazard of the risk file its mitigations and verification. This test fails when a named
//! path or test does not exist (or is ignored), when a requirement marked met names no
//! test, when a partial or missing one does not say why, when a link points nowhere, or
//! when the generated tables in docs/reference-model.md, docs/risks.md, docs/soup.md and
//! the README's status line differ from what the data say. In CI (`.ci/run` keeps the
//! test log and sets VR_AAT_TEST_LOG) it also fails when a named test did not run and
//! pass. The SOUP list (IEC 62304's third-party software) comes from `cargo metadata`
//! (Cargo.lock), every licence checked against an allow-list.
//!
//! After changing the matrix or the dependencies: `VR_AAT_BLESS=1 cargo test --test it
//! traceability` rewrites the generated parts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Clinical,
    Comfort,
    Measurement,
    Platform,
    Organisation,
    Regulation,
    Interoperability,
}

impl Layer {
    const ALL: [Layer; 7] = [
        Layer::Clinical,
        Layer::Comfort,
        Layer::Measurement,
        Layer::Platform,
        Layer::Organisation,
        Layer::Regulation,
        Layer::Interoperability,
    ];

    fn prefix(self) -> &'static str {
        match self {
            Layer::Clinical => "CLIN",
            Layer::Comfort => "SAFE",
            Layer::Measurement => "DATA",
            Layer::Platform => "PLAT",
            Layer::Organisation => "ORG",
            Layer::Regulation => "REG",
            Layer::Interoperability => "INT",
        }
    }
}

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Met,
    Partly,
    NotCovered,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partly => "partly",
            Status::NotCovered => "**not covered**",
        }
    }
}

#[derive(Deserialize, Debug)]
struct Requirement {
    id: String,
    layer: Layer,
    text: String,
    rationale: String,
    source: String,
    implemented_in: Vec<String>,
    tests: Vec<String>,
    status: Status,
    #[serde(default)]
    why: String,
}

#[derive(Deserialize, Debug)]
struct Hazard {
    id: String,
    hazard: String,
    causes: String,
    mitigations: String,
    requirements: Vec<String>,
    verified_by: Vec<String>,
    residual: String,
}

#[derive(Deserialize, Debug)]
struct Matrix {
    requirements: Vec<Requirement>,
    hazards: Vec<Hazard>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn matrix() -> Matrix {
    let path = root().join("docs/traceability.ron");
    let text = std::fs::read_to_string(&path).expect("docs/traceability.ron");
    ron::from_str(&text).unwrap_or_else(|e| panic!("docs/traceability.ron: {e}"))
}

/// A named test, `FILE::[MODULES::]FUNCTION`.
struct TestRef<'a> {
    file: &'a str,
    modules: Vec<&'a str>,
    function: &'a str,
}

fn parse_test(name: &str) -> Option<TestRef<'_>> {
    let (file, rest) = name.split_once(".rs::")?;
    let mut parts: Vec<&str> = rest.split("::").collect();
    let function = parts.pop()?;
    Some(TestRef {
        file: &name[..file.len() + 3],
        modules: parts,
        function,
    })
}

/// Checks that `name` is a test function that runs: it exists in its file, carries
/// `#[test]` and no `#[ignore]`. Returns a problem, if any.
fn check_test(name: &str) -> Option<String> {
    let Some(t) = parse_test(name) else {
        return Some(format!("`{name}`: expected FILE.rs::FUNCTION"));
    };
    let Ok(source) = std::fs::read_to_string(root().join(t.file)) else {
        return Some(format!("`{name}`: no file {}", t.file));
    };
    let lines: Vec<&str> = source.lines().collect();
    let needle = format!("fn {}(", t.function);
    let Some(at) = lines.iter().position(|l| l.trim_start().starts_with(&needle)) else {
        return Some(format!("`{name}`: no function `{}` in {}", t.function, t.file));
    };
    let mut attributes = Vec::new();
    for l in lines[..at].iter().rev() {
        let l = l.trim();
        if l.starts_with("#[") || l.starts_with("///") || l.starts_with("//") {
            attributes.push(l);
        } else {
            break;
        }
    }
    if !attributes.contains(&"#[test]") {
        return Some(format!("`{name}`: `{}` is not a #[test]", t.function));
    }
    if attributes.iter().any(|a| a.starts_with("#[ignore")) {
        return Some(format!("`{name}`: `{}` is ignored, so it does not run", t.function));
    }
    if !t.modules.is_empty() && !is_source(t.file) {
        return Some(format!("`{name}`: modules are for unit tests in a crate's src/"));
    }
    for m in &t.modules {
        if !source.contains(&format!("mod {m} {{")) {
            return Some(format!("`{name}`: no module `{m}` in {}", t.file));
        }
    }
    None
}

#[test]
fn every_requirement_and_hazard_is_traced() {
    let m = matrix();
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    for r in &m.requirements {
        if !ids.insert(r.id.clone()) {
            problems.push(format!("{}: the id is used twice", r.id));
        }
        if !r.id.starts_with(&format!("{}-", r.layer.prefix())) {
            problems.push(format!(
                "{}: a {:?} requirement's id starts with {}-",
                r.id,
                r.layer,
                r.layer.prefix()
            ));
        }
        for (what, value) in [("text", &r.text), ("rationale", &r.rationale), ("source", &r.source)] {
            if value.trim().is_empty() {
                problems.push(format!("{}: no {what}", r.id));
            }
        }
        for p in &r.implemented_in {
            if !root().join(p).exists() {
                problems.push(format!("{}: `{p}` does not exist", r.id));
            }
        }
        problems.extend(
            r.tests
                .iter()
                .filter_map(|t| check_test(t))
                .map(|p| format!("{}: {p}", r.id)),
        );
        match r.status {
            Status::Met if r.tests.is_empty() => problems.push(format!("{}: marked met but names no test", r.id)),
            Status::Met if r.implemented_in.is_empty() => {
                problems.push(format!("{}: marked met but names no implementation", r.id));
            }
            Status::Partly | Status::NotCovered if r.why.trim().is_empty() => {
                problems.push(format!("{}: {:?} needs a `why`", r.id, r.status));
            }
            _ => {}
        }
    }
    let mut hazard_ids = BTreeSet::new();
    for h in &m.hazards {
        if !h.id.starts_with("HAZ-") || !hazard_ids.insert(h.id.clone()) {
            problems.push(format!("{}: ids are HAZ-NN, each once", h.id));
        }
        for r in &h.requirements {
            if !ids.contains(r) {
                problems.push(format!("{}: links to `{r}`, which is not a requirement", h.id));
            }
        }
        if h.verified_by.is_empty() {
            problems.push(format!("{}: no verification", h.id));
        }
        problems.extend(
            h.verified_by
                .iter()
                .filter_map(|t| check_test(t))
                .map(|p| format!("{}: {p}", h.id)),
        );
        for (what, value) in [
            ("causes", &h.causes),
            ("mitigations", &h.mitigations),
            ("residual", &h.residual),
        ] {
            if value.trim().is_empty() {
                problems.push(format!("{}: no {what}", h.id));
            }
        }
    }
    assert!(problems.is_empty(), "docs/traceability.ron:\n{}", problems.join("\n"));
}

#[test]
fn the_check_notices_a_missing_an_ignored_and_a_non_test() {
    assert!(check_test("tests/it/traceability.rs::every_requirement_and_hazard_is_traced").is_none());
    assert!(check_test("tests/it/traceability.rs::no_such_test").is_some());
    assert!(check_test("tests/it/no_such_file.rs::x").is_some());
    // A function that is not a test.
    assert!(check_test("tests/it/traceability.rs::check_test").is_some());
    assert!(check_test("tests/it/traceability.rs::an_ignored_example").is_some());
    let locale = "crates/vr-aat-core/src/locale.rs";
    assert!(check_test(&format!("{locale}::nomodule::every_file_parses_and_loads")).is_some());
    assert!(check_test(&format!("{locale}::tests::every_file_parses_and_loads")).is_none());
}

#[test]
#[ignore = "an example for the check above: an ignored test does not count"]
fn an_ignored_example() {}

/// Replaces the text between `<!-- generated: NAME -->` and `<!-- end: NAME -->` in
/// `file` with `body`, or checks that it is already there. Returns a problem.
fn generated(file: &str, name: &str, body: &str) -> Option<String> {
    let path = root().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (begin, end) = (format!("<!-- generated: {name} -->\n"), format!("<!-- end: {name} -->"));
    let (Some(a), Some(b)) = (text.find(&begin), text.find(&end)) else {
        return Some(format!("{file}: no `{begin}` ... `{end}` markers"));
    };
    let current = &text[a + begin.len()..b];
    if current == body {
        return None;
    }
    if std::env::var_os("VR_AAT_BLESS").is_some() {
        let new = format!("{}{body}{}", &text[..a + begin.len()], &text[b..]);
        std::fs::write(&path, new).expect("write");
        return None;
    }
    Some(format!(
        "{file}: the `{name}` part differs from what the data say; run `VR_AAT_BLESS=1 cargo test --test it traceability` and review the diff"
    ))
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn code_list(items: &[String]) -> String {
    if items.is_empty() {
        "–".to_owned()
    } else {
        items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
    }
}

#[test]
fn the_documents_show_what_the_matrix_says() {
    let m = matrix();
    let mut problems = Vec::new();
    for layer in Layer::ALL {
        let mut t = String::from(
            "| id | requirement | rationale | source | implemented in | shown by | status |\n| --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for r in m.requirements.iter().filter(|r| r.layer == layer) {
            let status = if r.why.is_empty() {
                r.status.label().to_owned()
            } else {
                format!("{}: {}", r.status.label(), cell(&r.why))
            };
            t.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                r.id,
                cell(&r.text),
                cell(&r.rationale),
                cell(&r.source),
                code_list(&r.implemented_in),
                code_list(&r.tests),
                status
            ));
        }
        let name = layer.prefix().to_lowercase();
        problems.extend(generated("docs/reference-model.md", &name, &t));
    }
    let count = |s: Status| m.requirements.iter().filter(|r| r.status == s).count();
    let status = format!(
        "{} requirements: {} met, {} partly, {} not covered; {} hazards traced to their tests.\n",
        m.requirements.len(),
        count(Status::Met),
        count(Status::Partly),
        count(Status::NotCovered),
        m.hazards.len()
    );
    problems.extend(generated("README.md", "reference-model-status", &status));
    problems.extend(generated("docs/reference-model.md", "status", &status));

    let mut risks = String::from(
        "| id | hazard | causes | mitigations | requirements | verified by | residual risk |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for h in &m.hazards {
        risks.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            h.id,
            cell(&h.hazard),
            cell(&h.causes),
            cell(&h.mitigations),
            h.requirements.join(", "),
            code_list(&h.verified_by),
            cell(&h.residual)
        ));
    }
    problems.extend(generated("docs/risks.md", "hazards", &risks));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Whether `file` is a crate's source (unit tests), not an integration test.
fn is_source(file: &str) -> bool {
    file.starts_with("src/") || (file.starts_with("crates/") && file.contains("/src/"))
}

/// The tests that passed in a logged `cargo test` run: (test binary, test name). The
/// binary is the name cargo built it under (`Running tests/it/main.rs
/// (target/debug/deps/it-HASH)` is `it`; a crate's unit tests are its library's name).
fn passed_in_log(log: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut binary = String::new();
    for line in log.lines() {
        let line = line.trim();
        if line.starts_with("Running ") {
            // `Running unittests src/lib.rs (target/debug/deps/vr_aat_core-HASH)`.
            let deps = line.rsplit_once('(').map_or("", |(_, d)| d.trim_end_matches(')'));
            let file = deps.rsplit('/').next().unwrap_or("");
            binary = file.rsplit_once('-').map_or(file, |(name, _)| name).to_owned();
        } else if let Some(rest) = line.strip_prefix("test ")
            && let Some(name) = rest.strip_suffix(" ... ok")
        {
            out.insert((binary.clone(), name.to_owned()));
        }
    }
    out
}

/// A module path from a source file's path under its crate's `src/`
/// (`report/charts.rs` -> `report::charts`; `lib.rs`, `main.rs` and `mod.rs` add nothing).
fn module_path(rest: &str) -> Vec<String> {
    rest.trim_end_matches(".rs")
        .split('/')
        .filter(|p| !matches!(*p, "lib" | "main" | "mod"))
        .map(str::to_owned)
        .collect()
}

/// Where a named test shows in the log: its binary and its name there.
fn logged_as(t: &TestRef) -> (String, String) {
    let mut path: Vec<String>;
    let binary;
    if let Some(rest) = t.file.strip_prefix("src/") {
        // The `vr-aat` binary's unit tests.
        binary = "vr_aat".to_owned();
        path = module_path(rest);
    } else if let Some(rest) = t.file.strip_prefix("crates/") {
        let (package, inner) = rest.split_once('/').unwrap_or((rest, ""));
        if let Some(src) = inner.strip_prefix("src/") {
            binary = package.replace('-', "_");
            path = module_path(src);
        } else {
            // crates/PKG/tests/NAME.rs, or crates/PKG/tests/NAME/MODULE.rs.
            let tests = inner.strip_prefix("tests/").unwrap_or(inner);
            match tests.split_once('/') {
                Some((name, module)) => {
                    binary = name.to_owned();
                    path = module_path(module);
                }
                None => {
                    binary = tests.trim_end_matches(".rs").to_owned();
                    path = Vec::new();
                }
            }
        }
    } else {
        // tests/NAME/MODULE.rs (a grouped binary) or tests/NAME.rs.
        let tests = t.file.strip_prefix("tests/").unwrap_or(t.file);
        match tests.split_once('/') {
            Some((name, module)) => {
                binary = name.to_owned();
                path = module_path(module);
            }
            None => {
                binary = tests.trim_end_matches(".rs").to_owned();
                path = Vec::new();
            }
        }
    }
    path.extend(t.modules.iter().map(|m| (*m).to_owned()));
    path.push(t.function.to_owned());
    (binary, path.join("::"))
}

#[test]
fn every_named_test_ran_and_passed_in_the_logged_run() {
    let Some(log) = std::env::var_os("VR_AAT_TEST_LOG") else {
        eprintln!(
            "SKIPPED: VR_AAT_TEST_LOG is not set; `.ci/run` sets it to the log of its test run to check that every test the matrix names ran and passed"
        );
        return;
    };
    let text = std::fs::read_to_string(&log).expect("the test log");
    let passed = passed_in_log(&text);
    let m = matrix();
    let named: BTreeSet<&String> = m
        .requirements
        .iter()
        .flat_map(|r| &r.tests)
        .chain(m.hazards.iter().flat_map(|h| &h.verified_by))
        .collect();
    // Test files CI could not run here (no window system), named by `.ci/run`.
    let skipped = std::env::var("VR_AAT_TRACE_SKIPPED").unwrap_or_default();
    let skipped: Vec<&str> = skipped.split_whitespace().collect();
    let mut missing = Vec::new();
    for name in named {
        let Some(t) = parse_test(name) else { continue };
        // This file's own checks run after the log was written.
        if t.file == "tests/it/traceability.rs" {
            continue;
        }
        if skipped.contains(&t.file) {
            eprintln!("SKIPPED here: {name} (its file could not run on this machine)");
            continue;
        }
        if !passed.contains(&logged_as(&t)) {
            missing.push(name.as_str());
        }
    }
    assert!(
        missing.is_empty(),
        "named in docs/traceability.ron but not run and passed in {}:\n{}",
        Path::new(&log).display(),
        missing.join("\n")
    );
    eprintln!(
        "every test the matrix names ran and passed in {}",
        Path::new(&log).display()
    );
}

#[test]
fn the_log_reader_finds_unit_and_integration_tests() {
    let log = "     Running unittests src/lib.rs (target/debug/deps/vr_aat_core-1a)\n\
               test locale::tests::every_file_parses_and_loads ... ok\n\
               \x20    Running unittests src/lib.rs (target/debug/deps/vr_aat_review-2b)\n\
               test report::charts::tests::x ... FAILED\n\
               \x20    Running tests/it/main.rs (target/debug/deps/it-3c)\n\
               test report::the_page_shows_summarys_numbers_and_needs_no_network ... ok\n\
               \x20    Running tests/runtime/main.rs (target/debug/deps/runtime-4d)\n\
               test schedule::x ... ok\n\
               \x20    Running unittests src/main.rs (target/debug/deps/vr_aat-5e)\n\
               test cli::values::tests::y ... ok\n";
    let passed = passed_in_log(log);
    let logged = |name: &str| passed.contains(&logged_as(&parse_test(name).expect("a test name")));
    assert!(logged(
        "crates/vr-aat-core/src/locale.rs::tests::every_file_parses_and_loads"
    ));
    assert!(
        !logged("crates/vr-aat-review/src/report/charts.rs::tests::x"),
        "a failed test did not pass"
    );
    assert!(
        !logged("crates/vr-aat-store/src/locale.rs::tests::every_file_parses_and_loads"),
        "the crate matters"
    );
    assert!(logged(
        "tests/it/report.rs::the_page_shows_summarys_numbers_and_needs_no_network"
    ));
    assert!(
        !logged("tests/it/fhir_export.rs::the_page_shows_summarys_numbers_and_needs_no_network"),
        "the module matters"
    );
    assert!(logged("crates/vr-aat-runtime/tests/runtime/schedule.rs::x"));
    assert!(logged("src/cli/values.rs::tests::y"));
}

/// Licences (SPDX ids) every third-party component must be available under.
const ALLOWED_LICENCES: &[&str] = &[
    "MIT",
    "MIT-0",
    "Apache-2.0",
    "Apache-2.0 WITH LLVM-exception",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
    "0BSD",
    "BSL-1.0",
    "CC0-1.0",
    "Unlicense",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "MPL-2.0",
];

/// Whether an SPDX expression allows use: `A OR B` when either does, `A AND B` when both
/// do (AND binds tighter), parentheses group, `A WITH exception` is one licence; the
/// old `A/B` form reads as OR.
fn licence_allowed(expression: &str) -> bool {
    let spaced = expression.replace('(', " ( ").replace(')', " ) ").replace('/', " OR ");
    let mut tokens: Vec<String> = Vec::new();
    let mut words = spaced.split_whitespace().peekable();
    while let Some(w) = words.next() {
        if w == "WITH" {
            if let (Some(last), Some(exception)) = (tokens.pop(), words.next()) {
                tokens.push(format!("{last} WITH {exception}"));
            }
        } else {
            tokens.push(w.to_owned());
        }
    }
    fn or(t: &[String], i: &mut usize) -> bool {
        let mut v = and(t, i);
        while t.get(*i).is_some_and(|x| x == "OR") {
            *i += 1;
            let rhs = and(t, i);
            v = v || rhs;
        }
        v
    }
    fn and(t: &[String], i: &mut usize) -> bool {
        let mut v = atom(t, i);
        while t.get(*i).is_some_and(|x| x == "AND") {
            *i += 1;
            let rhs = atom(t, i);
            v = v && rhs;
        }
        v
    }
    fn atom(t: &[String], i: &mut usize) -> bool {
        let Some(x) = t.get(*i) else { return false };
        *i += 1;
        if x == "(" {
            let v = or(t, i);
            *i += 1; // ")"
            v
        } else {
            ALLOWED_LICENCES.contains(&x.as_str())
        }
    }
    let mut i = 0;
    let v = or(&tokens, &mut i);
    v && i == tokens.len()
}

/// What each direct dependency is for.
const PURPOSES: &[(&str, &str)] = &[
    (
        "bevy",
        "game engine: ECS, schedules, states; with `render`: rendering, windows, input",
    ),
    (
        "bevy_mod_openxr",
        "OpenXR session, swapchains and input for Bevy (feature `xr`)",
    ),
    (
        "bevy_mod_xr",
        "XR abstractions for Bevy used by bevy_mod_openxr (feature `xr`)",
    ),
    ("clap", "command-line parsing and --help"),
    ("csv", "reading and writing CSV files"),
    ("ctrlc", "Ctrl-C ends a session cleanly"),
    ("fhir", "HL7 FHIR R4 resource model for the FHIR export"),
    ("fluent-bundle", "Project Fluent messages (languages)"),
    ("fluent-syntax", "parsing Fluent files (locale completeness check)"),
    ("humantime", "RFC 3339 timestamps"),
    ("indicatif", "progress bars for long simulations"),
    (
        "labstream",
        "the Lab Streaming Layer in pure Rust: the marker and pose streams of `--lsl` (docs/lab.md)",
    ),
    (
        "libc",
        "file locks, free space and platform calls (Unix); finding the OpenXR loader's versioned name",
    ),
    ("log", "logging facade"),
    ("minijinja", "HTML templates of the therapist's report"),
    ("openxr", "OpenXR loader, runtime and headset probe (`play`, `doctor`)"),
    ("plotters", "charts of the therapist's report (SVG)"),
    ("rand", "seeded random numbers"),
    ("rand_chacha", "the ChaCha8 generator behind every seeded stream"),
    ("rand_distr", "random distributions of the synthetic patient"),
    ("rayon", "parallel bootstrap, split-half and cohorts"),
    ("ron", "RON data files (protocols, sessions)"),
    ("serde", "serialisation of every data file"),
    (
        "serde_json",
        "JSON output (FHIR); the installation check's parts report in JSON",
    ),
    ("sha2", "SHA-256 of protocol files and stable FHIR ids"),
    ("statrs", "statistical distributions (p-values)"),
    ("thiserror", "error types"),
    ("unic-langid", "language identifiers for Fluent"),
    (
        "wgpu",
        "the GPU timestamps of `bench --render` (the wgpu Bevy renders with; feature `render`)",
    ),
    (
        "glam",
        "vectors and quaternions of poses (the version Bevy's math uses)",
    ),
    ("png", "tests: reading screenshots"),
    ("proptest", "tests: random pause sequences"),
    ("tempfile", "tests: temporary data folders"),
];

#[test]
fn the_soup_list_is_current_and_every_licence_is_allowed() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = std::process::Command::new(cargo)
        // Not --offline: the manifests of components for other platforms may not have
        // been downloaded by a build here (crates.io must be reachable, as for a build).
        .args(["metadata", "--format-version", "1", "--locked", "--all-features"])
        .current_dir(root())
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let ours: Vec<&serde_json::Value> = meta["workspace_members"]
        .as_array()
        .expect("workspace members")
        .iter()
        .filter_map(|id| packages.iter().find(|p| p["id"] == *id))
        .collect();
    let is_ours = |name: &str| ours.iter().any(|p| p["name"] == name);
    let mut all: BTreeMap<(String, String), String> = BTreeMap::new();
    for p in packages.iter().filter(|p| !is_ours(p["name"].as_str().unwrap_or(""))) {
        all.insert(
            (
                p["name"].as_str().unwrap_or("").to_owned(),
                p["version"].as_str().unwrap_or("").to_owned(),
            ),
            p["license"].as_str().unwrap_or("").to_owned(),
        );
    }
    let mut problems = Vec::new();
    for ((name, version), licence) in &all {
        if licence.is_empty() {
            problems.push(format!("{name} {version}: no licence declared"));
        } else if !licence_allowed(licence) {
            problems.push(format!("{name} {version}: `{licence}` is not on the allow-list"));
        }
    }
    // Every third-party crate one of vr-aat's crates names: its version as resolved for
    // that crate, how it is used (runtime beats optional beats tests only), and by which.
    struct Direct {
        version: String,
        kind: u8,
        used_by: BTreeSet<String>,
    }
    let mut direct_deps: BTreeMap<String, Direct> = BTreeMap::new();
    for me in &ours {
        let crate_name = me["name"].as_str().unwrap_or("");
        for d in me["dependencies"].as_array().expect("dependencies") {
            let name = d["name"].as_str().unwrap_or("");
            if is_ours(name) {
                continue;
            }
            let kind = match d["kind"].as_str() {
                Some("dev") => 0,
                _ if d["optional"] == true => 1,
                _ => 2,
            };
            // The version resolved for this crate (another version may be in the graph too).
            let resolved = meta["resolve"]["nodes"]
                .as_array()
                .and_then(|nodes| nodes.iter().find(|n| n["id"] == me["id"]))
                .and_then(|n| n["deps"].as_array())
                .and_then(|deps| {
                    deps.iter()
                        .filter_map(|d| d["pkg"].as_str())
                        .find_map(|id| packages.iter().find(|p| p["id"] == id && p["name"] == name))
                })
                .and_then(|p| p["version"].as_str())
                .unwrap_or("")
                .to_owned();
            let entry = direct_deps.entry(name.to_owned()).or_insert(Direct {
                version: resolved.clone(),
                kind,
                used_by: BTreeSet::new(),
            });
            entry.kind = entry.kind.max(kind);
            if entry.version.is_empty() {
                entry.version = resolved;
            }
            entry.used_by.insert(crate_name.to_owned());
        }
    }
    let mut direct = String::from(
        "| component | version | licence | kind | used by | purpose |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for (name, d) in &direct_deps {
        let Some(licence) = all.get(&(name.clone(), d.version.clone())) else {
            problems.push(format!("{name}: a direct dependency missing from the metadata"));
            continue;
        };
        let Some((_, purpose)) = PURPOSES.iter().find(|(n, _)| n == name) else {
            problems.push(format!(
                "{name}: say what it is for in PURPOSES (tests/it/traceability.rs)"
            ));
            continue;
        };
        let kind = ["tests only", "optional (feature)", "runtime"][usize::from(d.kind)];
        let used_by = d.used_by.iter().cloned().collect::<Vec<_>>().join(", ");
        direct.push_str(&format!(
            "| {name} | {} | {licence} | {kind} | {used_by} | {purpose} |\n",
            d.version
        ));
    }
    let mut table = String::from("| component | version | licence |\n| --- | --- | --- |\n");
    for ((name, version), licence) in &all {
        table.push_str(&format!("| {name} | {version} | {} |\n", cell(licence)));
    }
    problems.extend(generated("docs/soup.md", "direct", &direct));
    problems.extend(generated(
        "docs/soup.md",
        "count",
        &format!(
            "{} third-party components (all features, every platform), every licence on the allow-list.\n",
            all.len()
        ),
    ));
    problems.extend(generated("docs/soup.md", "all", &table));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_licence_check_reads_spdx_expressions() {
    assert!(licence_allowed("MIT OR Apache-2.0"));
    assert!(licence_allowed("(MIT OR Apache-2.0) AND Unicode-3.0"));
    assert!(licence_allowed("MIT/Apache-2.0"));
    assert!(licence_allowed(
        "MIT OR Apache-2.0 OR BSD-3-Clause OR GPL-2.0-only OR GPL-3.0-only"
    ));
    assert!(!licence_allowed("GPL-3.0-only"));
    assert!(!licence_allowed("MIT AND GPL-2.0-only"));
    assert!(!licence_allowed("(MIT OR Apache-2.0) AND GPL-2.0-only"));
    assert!(licence_allowed("Apache-2.0 WITH LLVM-exception OR MIT"));
}
