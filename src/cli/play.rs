//! `vr-aat play` and `vr-aat screenshot`: the rendered bar (cargo feature `render`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{DEFAULT_PATIENT, DEFAULT_PROTOCOL, Failure};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Hand {
    Right,
    Left,
}

/// Play a session at the virtual bar, on a headset or in a desktop window (--flat).
///
/// On a headset (feature `xr`, with an OpenXR runtime running: SteamVR, Meta Quest Link,
/// Monado, WiVRn): the patient first does a short reach calibration (rest the hand,
/// then stretch the arm forward, holding still each time); recording starts after it.
/// With --flat, a desktop window where the mouse moves the hand (mouse up = push, down =
/// pull; keys W/S, Space = grip). The therapist's window shows progress; P pauses, R
/// resumes, Esc ends the session, C recenters the headset view. The session is recorded
/// like any other, as the participant's next session of the protocol. See
/// docs/headsets.md.
#[derive(Args, Debug)]
pub struct PlayArgs {
    /// The participant's pseudonym.
    #[arg(long)]
    pub participant: String,
    /// Protocol file.
    #[arg(long, default_value = DEFAULT_PROTOCOL)]
    pub protocol: PathBuf,
    /// Desktop window instead of a headset.
    #[arg(long)]
    pub flat: bool,
    /// The hand that responds.
    #[arg(long, value_enum, default_value_t = Hand::Right)]
    pub hand: Hand,
    /// Shoulder to grip with the arm extended (m); on a headset the calibration measures it.
    #[arg(long, default_value_t = 0.65)]
    pub arm_reach: f64,
    /// The patient stands (eye height 1.6 m) rather than sits (1.2 m). On a headset,
    /// standing uses the runtime's STAGE space (floor from the room setup), sitting its
    /// LOCAL space with the floor taken as 1.2 m below the eyes.
    #[arg(long)]
    pub standing: bool,
    /// Seed for the trial order (default: from the clock; recorded in session.ron).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Where results go (default: $VR_AAT_DATA_DIR, else ./data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Do not record the continuous pose stream.
    #[arg(long)]
    pub no_tracking: bool,
    /// Size of the desktop window in pixels (the flat view, or the therapist's mirror of
    /// a headset session); a smaller window costs less to draw.
    #[arg(long, value_parser = parse_window, default_value = "1280x720")]
    pub window: (u32, u32),
}

/// `WIDTHxHEIGHT` in pixels, each from 160 to 7680.
fn parse_window(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("`{s}`: expected WIDTHxHEIGHT in pixels, e.g. 1280x720 (each 160 to 7680)");
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if (160..=7680).contains(&w) && (160..=7680).contains(&h) {
        Ok((w, h))
    } else {
        Err(bad())
    }
}

/// Render a chosen moment of a session to a PNG (feature `render`).
///
/// Uses a synthetic patient. Needs a display: on a machine without one, run under xvfb-run with Mesa's lavapipe Vulkan
/// driver; see docs/screenshots.md).
#[derive(Args, Debug)]
pub struct ScreenshotArgs {
    #[arg(long, value_enum, default_value = "stimulus")]
    pub moment: crate::scene::Moment,
    /// The drink to show (an id from the catalogue).
    #[arg(long, default_value = "beer-bottle")]
    pub drink: String,
    /// The PNG file to write.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value = DEFAULT_PROTOCOL)]
    pub protocol: PathBuf,
    #[arg(long, default_value = DEFAULT_PATIENT)]
    pub patient: PathBuf,
}

/// Before a headset session: is there an OpenXR runtime? If not, say what is missing.
fn require_headset() -> Result<(), Failure> {
    let found = crate::xr::probe();
    match found.advice() {
        Some(advice) => Err(Failure::runtime(format!("cannot start a headset session: {advice}"))),
        None => Ok(()),
    }
}

#[cfg(not(feature = "render"))]
pub fn run(args: PlayArgs) -> Result<(), Failure> {
    if !args.flat {
        require_headset()?;
    }
    Err(Failure::bad_input(
        "this vr-aat was built without rendering. Build and run it with the feature: cargo run --release --features render -- play --flat --participant P001 (a headset needs --features xr)",
    ))
}

#[cfg(not(feature = "render"))]
pub fn screenshot(_args: ScreenshotArgs) -> Result<(), Failure> {
    Err(Failure::bad_input(
        "this vr-aat was built without rendering: cargo run --release --features render -- screenshot ...",
    ))
}

#[cfg(feature = "render")]
pub fn run(args: PlayArgs) -> Result<(), Failure> {
    use crate::data::{Handedness, load_protocol};
    use crate::live::{Body, LiveSetup};
    use crate::metrics::{InputSource, RecorderOptions};
    use crate::participant::ParticipantId;
    use crate::render::play::run_flat;

    let participant = ParticipantId::parse(&args.participant).map_err(Failure::bad_input)?;
    let (protocol, catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let sha = crate::sim::file_sha256(&args.protocol)
        .map_err(|e| Failure::bad_input(format!("{}: {e}", args.protocol.display())))?;
    if !(0.4..=1.0).contains(&args.arm_reach) {
        return Err(Failure::bad_input("--arm-reach must be from 0.4 to 1.0 m"));
    }
    if !args.flat {
        require_headset()?;
        #[cfg(not(feature = "xr"))]
        return Err(Failure::bad_input(
            "an OpenXR runtime is available, but this vr-aat was built without the `xr` feature: cargo run --release --features xr -- play ...; or use --flat for the desktop window",
        ));
    }
    let body = Body {
        handedness: if args.hand == Hand::Right {
            Handedness::Right
        } else {
            Handedness::Left
        },
        arm_reach_m: args.arm_reach,
        eye_height_m: if args.standing { 1.6 } else { 1.2 },
    };
    let data_dir = super::data_dir(args.data_dir.clone());
    super::recover_and_report(&data_dir)?;
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let setup = LiveSetup {
        protocol,
        catalogue,
        protocol_file: args.protocol.clone(),
        protocol_sha256: sha,
        participant,
        data_dir: data_dir.clone(),
        body,
        calibration: body.calibration(),
        display_hz: 60.0,
        source: InputSource::Flat,
        seed,
    };
    let options = RecorderOptions {
        tracking: !args.no_tracking,
        ..RecorderOptions::default()
    };
    #[cfg(feature = "xr")]
    let outcome = if args.flat {
        run_flat(setup, options, args.window)
    } else {
        crate::render::play::run_headset(
            LiveSetup {
                source: InputSource::Xr,
                display_hz: 90.0,
                ..setup
            },
            options,
            args.window,
            args.standing,
        )
    };
    #[cfg(not(feature = "xr"))]
    let outcome = run_flat(setup, options, args.window);
    let outcome = outcome.map_err(Failure::runtime)?;
    let (counts, dir) = outcome.0.map_err(Failure::runtime)?;
    println!(
        "session recorded: {} ({} of {} trials)",
        dir.display(),
        counts.trials_recorded,
        counts.trials_planned
    );
    println!("data folder: {}", data_dir.display());
    Ok(())
}

#[cfg(feature = "render")]
pub fn screenshot(args: ScreenshotArgs) -> Result<(), Failure> {
    use crate::data::{load_patient, load_protocol};
    use crate::render::play::screenshot;

    let (protocol, catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let patient = load_patient(&args.patient).map_err(Failure::bad_input)?;
    screenshot(
        args.moment,
        &args.drink,
        catalogue,
        &protocol,
        patient,
        args.out.clone(),
    )
    .map_err(Failure::runtime)?;
    println!("wrote {}", args.out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_window;

    #[test]
    fn window_sizes_parse_and_bad_ones_say_what_is_expected() {
        assert_eq!(parse_window("1280x720"), Ok((1280, 720)));
        assert_eq!(parse_window("640X360"), Ok((640, 360)));
        for bad in ["1280", "x720", "1280x", "99x720", "1280x9000", "axb"] {
            let e = parse_window(bad).expect_err(bad);
            assert!(e.contains("WIDTHxHEIGHT") && e.contains(bad), "{e}");
        }
    }
}
