//! `vr-aat bench --render`: the bar drawn offscreen (measured by
//! `vr_aat_render::frame_bench`; printed, written and compared with a baseline here).

#[cfg(feature = "render")]
use std::path::Path;

use super::Failure;
use super::bench::BenchArgs;

/// A run's CPU time per frame above this multiple of the baseline's is reported as a
/// warning (a change that made the scene much dearer to draw), never as a failure.
#[cfg(feature = "render")]
pub const WARN_RATIO: f64 = 1.5;

#[cfg(not(feature = "render"))]
pub fn run(_args: &BenchArgs) -> Result<(), Failure> {
    Err(Failure::bad_input(
        "bench --render: this vr-aat was built without rendering: cargo run --release --features render -- bench --render",
    ))
}

#[cfg(feature = "render")]
pub fn run(args: &BenchArgs) -> Result<(), Failure> {
    use vr_aat_core::data::{load_patient, load_protocol};
    use vr_aat_render::frame_bench::{RenderBenchConfig, bench_protocol, run_render_bench};

    let (course, catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let patient = load_patient(&args.patient).map_err(Failure::bad_input)?;
    let baseline = args.baseline.as_deref().map(read_report).transpose()?;
    let config = RenderBenchConfig {
        width: args.resolution.0,
        height: args.resolution.1,
        views: args.views,
        frames: args.frames,
        warmup: args.warmup,
        hz: args.hz,
        mirror: args.window,
    };
    if let Some((path, b)) = &baseline {
        let drawn = |c: &RenderBenchConfig| {
            let mirror = if c.views == 2 {
                format!(" and a {}x{} mirror", c.mirror.0, c.mirror.1)
            } else {
                String::new()
            };
            format!("{} view(s) of {}x{} px{mirror}", c.views, c.width, c.height)
        };
        if drawn(&b.config) != drawn(&config) {
            return Err(Failure::bad_input(format!(
                "--baseline {}: measured {}, not {}: compare like with like",
                path.display(),
                drawn(&b.config),
                drawn(&config)
            )));
        }
    }
    let protocol = bench_protocol(&course);
    let report =
        run_render_bench(&config, &protocol, &catalogue, &patient, args.png.as_deref()).map_err(Failure::runtime)?;
    print!("{}", describe(&report));
    if let Some(out) = &args.out {
        let text = ron::ser::to_string_pretty(&report, ron::ser::PrettyConfig::default()).map_err(Failure::runtime)?;
        vr_aat_store::atomic::write_atomically(out, text.as_bytes())
            .map_err(|e| Failure::runtime(format!("--out {}: {e}", out.display())))?;
        println!("    wrote {}", out.display());
    }
    if let Some(png) = &args.png {
        println!("    wrote {} (view 0, the last frame)", png.display());
    }
    if let Some((path, b)) = &baseline {
        println!("{}", compare(&report, b, path));
    }
    Ok(())
}

/// Reads a report written by `--out`, bounded, naming the file and place of an error.
#[cfg(feature = "render")]
fn read_report(path: &Path) -> Result<(std::path::PathBuf, vr_aat_render::frame_bench::RenderBenchReport), Failure> {
    let bytes = vr_aat_store::safe_open::read_bounded(path)
        .map_err(|e| Failure::bad_input(format!("--baseline {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::bad_input(format!("--baseline {}: not UTF-8 text", path.display())))?;
    let report = ron::from_str(&text).map_err(|e| {
        Failure::bad_input(format!(
            "--baseline {}:{}:{}: {} (expected a report written by `vr-aat bench --render --out`)",
            path.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        ))
    })?;
    Ok((path.to_path_buf(), report))
}

/// The report as printed: adapter, what was drawn, per-part quantiles and deadlines.
#[cfg(feature = "render")]
pub fn describe(r: &vr_aat_render::frame_bench::RenderBenchReport) -> String {
    use std::fmt::Write;
    use vr_aat_render::frame_bench::{BenchFrame, RATES_HZ};
    let c = &r.config;
    let mut s = String::new();
    let views = if c.views == 2 {
        format!(
            "2 views (a headset's eyes) of {}x{} px, and the therapist's mirror at {}x{}",
            c.width, c.height, c.mirror.0, c.mirror.1
        )
    } else {
        format!("1 view (the flat window) of {}x{} px", c.width, c.height)
    };
    let _ = writeln!(
        s,
        "(i) the bar drawn offscreen: {views}; {} frames measured after {} warm-up frames; a scripted session at {} Hz, one frame per update",
        r.frames.len(),
        c.warmup,
        c.hz
    );
    let a = &r.adapter;
    let _ = writeln!(
        s,
        "    adapter: {} ({}, {}); driver: {}; GPU time: {}",
        a.name,
        a.device_type,
        a.backend,
        a.driver,
        if a.gpu_timestamps {
            "measured (timestamp queries)"
        } else {
            "not measured (the adapter has no timestamp queries)"
        }
    );
    let _ = writeln!(s, "    machine: {}; build: {}", r.machine, r.build);
    let _ = writeln!(
        s,
        "    drawn: a panel in {} frames, a drink in {}, feedback in {}; first frame {:.2} s (compiling the pipelines)",
        r.drawn.panel, r.drawn.drink, r.drawn.feedback, r.first_frame_s
    );
    let _ = writeln!(s, "    per frame (ms)          median      p95      p99      max");
    type Figure<'a> = &'a dyn Fn(&BenchFrame) -> Option<f64>;
    let rows: [(&str, Figure); 7] = [
        ("app update (CPU)", &|f| Some(f.app_update_us)),
        ("extract (CPU)", &|f| Some(f.extract_us)),
        ("render (CPU)", &|f| Some(f.render_us)),
        ("CPU, all three", &|f| Some(f.cpu_us())),
        ("GPU", &|f| f.gpu_us),
        ("pipelined", &|f| Some(f.pipelined_us())),
        ("serial frame", &|f| Some(f.frame_us)),
    ];
    for (name, figure) in rows {
        let q = |p| {
            r.quantile(figure, p)
                .map_or("-".to_owned(), |v| format!("{:.2}", v / 1e3))
        };
        let _ = writeln!(
            s,
            "    {name:<20} {:>9} {:>8} {:>8} {:>8}",
            q(0.5),
            q(0.95),
            q(0.99),
            q(1.0)
        );
    }
    if let (Some(p), Some(f)) = (
        r.quantile(|f| Some(f.pipelined_us()), 0.5),
        r.quantile(|f| Some(f.frame_us), 0.5),
    ) {
        let _ = writeln!(
            s,
            "    frames per second (from the median): {:.1} pipelined, {:.1} serial",
            1e6 / p,
            1e6 / f
        );
    }
    if !r.passes.is_empty() {
        let timed: f64 = r.passes.iter().map(|p| p.gpu_ms).sum();
        let mean_gpu = {
            let g: Vec<f64> = r.frames.iter().filter_map(|f| f.gpu_us).collect();
            (!g.is_empty()).then(|| g.iter().sum::<f64>() / g.len() as f64 / 1e3)
        };
        let _ = writeln!(
            s,
            "    GPU per pass, mean per frame over all views (Bevy's own pass timings):"
        );
        for p in &r.passes {
            let _ = writeln!(s, "      {:<40} {:>8.2} ms", p.pass, p.gpu_ms);
        }
        if let Some(gpu) = mean_gpu {
            let _ = writeln!(
                s,
                "      {:<40} {:>8.2} ms (of a mean GPU frame of {gpu:.2} ms)",
                "not in a timed pass (shadow maps, ...)",
                (gpu - timed).max(0.0)
            );
        }
    }
    let n = r.frames.len();
    let misses: Vec<String> = RATES_HZ
        .iter()
        .map(|&hz| {
            let (p, ser) = r.misses(hz);
            format!("{hz:.0} Hz ({:.1} ms): {p} pipelined, {ser} serial", 1e3 / hz)
        })
        .collect();
    let _ = writeln!(s, "    frames of {n} over the deadline at {}", misses.join("; "));
    if !a.gpu_timestamps {
        let _ = writeln!(
            s,
            "    (without GPU times, the pipelined figures count the CPU alone; the serial frame includes the wait for the GPU)"
        );
    }
    s
}

/// The median CPU time per frame against the baseline's, as a ratio; a warning above
/// [`WARN_RATIO`].
#[cfg(feature = "render")]
fn compare(
    r: &vr_aat_render::frame_bench::RenderBenchReport,
    b: &vr_aat_render::frame_bench::RenderBenchReport,
    path: &Path,
) -> String {
    let median = |x: &vr_aat_render::frame_bench::RenderBenchReport| x.quantile(|f| Some(f.cpu_us()), 0.5);
    let (Some(now), Some(then)) = (median(r), median(b)) else {
        return format!("    baseline {}: no frames to compare", path.display());
    };
    let ratio = now / then;
    let line = format!(
        "    CPU per frame (median of app update + extract + render): {:.2} ms, baseline {:.2} ms ({}, {}; {}): ratio {ratio:.2}",
        now / 1e3,
        then / 1e3,
        path.display(),
        b.adapter.name,
        b.machine
    );
    if ratio > WARN_RATIO {
        format!(
            "{line}\nwarning: drawing the bar costs the CPU {ratio:.2} times the baseline's per frame (more than {WARN_RATIO}); if the scene changed, see which part grew above; if the machine differs from the baseline's, measure the baseline again there"
        )
    } else {
        line
    }
}
