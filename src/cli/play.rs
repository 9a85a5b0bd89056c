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
/// pull; keys W/S, Space = grip). The session is recorded like any other, as the
/// participant's next session of the protocol; one that ends before its first trial
/// leaves nothing behind (the number is used again).
///
/// The therapist's window shows progress, what holds a paused session and the
/// recording's health. P pauses, R resumes (a session held by something else, such as a
/// headset taken off, stays paused until that clears too), Esc or closing the window
/// ends the session, Ctrl-C in the terminal ends it too, C recenters the headset view
/// (while paused or calibrating). A second `play` or `simulate` for a participant who is
/// being recorded is refused (exit 1). See docs/headsets.md.
#[derive(Args, Debug)]
pub struct PlayArgs {
    /// The participant's pseudonym.
    #[arg(long)]
    pub participant: String,
    /// Protocol: a built-in name (assessment, practice, sham-training, training-90,
    /// training-course) or a protocol file.
    #[arg(long, default_value = DEFAULT_PROTOCOL, value_parser = vr_aat_core::data::builtin::protocol_arg)]
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
    /// The language the patient reads (default: that of their last session, else
    /// English); kept with the session.
    #[arg(long, value_parser = super::values::language())]
    pub language: Option<vr_aat_core::locale::Language>,
    /// Flat mode: the monitor's refresh rate (Hz, 30 to 240). A frame shown more than 1.5
    /// periods after the one before is late (frames.csv; the trial on screen is flagged).
    /// A headset reports its own rate.
    #[arg(long, default_value_t = 60.0)]
    pub display_hz: f64,
    /// Size of the desktop window in pixels (the flat view, or the therapist's mirror of
    /// a headset session); a smaller window costs less to draw.
    #[arg(long, value_parser = super::values::window_size, default_value = "1280x720")]
    pub window: (u32, u32),
    /// Show a photodiode patch for latency measurements: a square in the lower left
    /// corner of the desktop window (and, on a headset, in the left eye's lower left)
    /// that turns white on the frame a drink appears and black on the frame its movement
    /// onset is detected. See docs/latency.md.
    #[arg(long)]
    pub photodiode: bool,
    /// Stream the session to the Lab Streaming Layer: a marker stream `vr-aat-markers`
    /// (every events.csv row, stimulus onsets, responses, feedback, questionnaire items)
    /// and a pose stream `vr-aat-pose` (head and hands at the display rate), stamped on
    /// the LSL clock at the time each happened. What is recorded on disk is the same
    /// either way. See docs/lab.md.
    #[arg(long)]
    pub lsl: bool,
}

/// `WIDTHxHEIGHT` in pixels, each from 160 to 7680.
/// Render a chosen moment of a session to a PNG (feature `render`).
///
/// Uses a synthetic patient. Needs a display: on a machine without one, run under xvfb-run with Mesa's lavapipe Vulkan
/// driver; see docs/screenshots.md).
#[derive(Args, Debug)]
pub struct ScreenshotArgs {
    #[arg(long, default_value = "stimulus", value_parser = super::values::moment())]
    pub moment: vr_aat_runtime::scene::Moment,
    /// The drink to show (an id from the catalogue).
    #[arg(long, default_value = "beer-bottle")]
    pub drink: String,
    /// The PNG file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Protocol: a built-in name or a protocol file.
    #[arg(long, default_value = DEFAULT_PROTOCOL, value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub protocol: PathBuf,
    /// Synthetic patient: a built-in name or a patient profile file.
    #[arg(long, default_value = DEFAULT_PATIENT, value_parser = vr_aat_core::data::builtin::patient_arg)]
    pub patient: PathBuf,
    /// Draw the photodiode patch as `play --photodiode` does (lower left corner).
    #[arg(long)]
    pub photodiode: bool,
    /// The language of the texts on screen.
    #[arg(long, default_value = "en", value_parser = super::values::language())]
    pub language: vr_aat_core::locale::Language,
}

/// Before a headset session: is there an OpenXR runtime? If not, say what is missing.
fn require_headset() -> Result<(), Failure> {
    let found = vr_aat_xr::probe();
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
    use vr_aat_core::data::Handedness;
    use vr_aat_core::data::ProtocolSource;
    use vr_aat_core::participant::ParticipantId;
    use vr_aat_core::records::InputSource;
    use vr_aat_runtime::live::{Body, LiveSetup, prepare_live_session};
    use vr_aat_runtime::session::SessionOutcome;
    use vr_aat_store::RecorderOptions;

    // Everything is checked, and the window (and on a headset the OpenXR layer) opened,
    // before the data folder is touched.
    let participant = ParticipantId::parse(&args.participant).map_err(Failure::bad_input)?;
    let protocol = ProtocolSource::load(&args.protocol).map_err(Failure::bad_input)?;
    if !(0.4..=1.0).contains(&args.arm_reach) {
        return Err(Failure::bad_input("--arm-reach must be from 0.4 to 1.0 m"));
    }
    if !(30.0..=240.0).contains(&args.display_hz) {
        return Err(Failure::bad_input("--display-hz must be from 30 to 240 Hz"));
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
    if !args.flat {
        require_headset()?;
        #[cfg(not(feature = "xr"))]
        return Err(Failure::bad_input(
            "an OpenXR runtime is available, but this vr-aat was built without the `xr` feature: cargo run --release --features xr -- play ...; or use --flat for the desktop window",
        ));
    } else {
        vr_aat_render::play::check_display().map_err(Failure::runtime)?;
        vr_aat_render::play::check_gpu().map_err(Failure::runtime)?;
    }
    let view = vr_aat_render::play::LiveView {
        window: args.window,
        photodiode: args.photodiode,
    };
    #[cfg(feature = "xr")]
    let headset = if args.flat {
        None
    } else {
        Some(vr_aat_xr::play::open_headset(view, args.standing, body.eye_height_m).map_err(Failure::runtime)?)
    };
    let lsl = if args.lsl {
        let streams = vr_aat_runtime::lsl::LabStreams::open(if args.flat { args.display_hz } else { 90.0 })
            .map_err(Failure::runtime)?;
        println!("{}", streams.describe());
        Some(streams)
    } else {
        None
    };
    let data_dir = super::data_dir(args.data_dir.clone());
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let setup = LiveSetup {
        protocol,
        participant: participant.clone(),
        data_dir: data_dir.clone(),
        body,
        calibration: body.calibration(),
        display_hz: if args.flat { args.display_hz } else { 90.0 },
        source: if args.flat { InputSource::Flat } else { InputSource::Xr },
        seed,
        language: args.language,
        lsl: lsl.clone(),
    };
    let options = RecorderOptions {
        tracking: !args.no_tracking,
        ..RecorderOptions::default()
    };
    // The participant's one writer from here to the end of the session.
    let lock = super::lock_participants(&data_dir, std::slice::from_ref(&participant))?;
    let (prepared, repaired) = prepare_live_session(&setup, options, &lock[0]).map_err(Failure::runtime)?;
    repaired.report();
    #[cfg(feature = "xr")]
    let outcome = match headset {
        Some(headset) => vr_aat_xr::play::run_headset(headset, prepared),
        None => vr_aat_render::play::run_flat(&prepared, view),
    };
    #[cfg(not(feature = "xr"))]
    let outcome = vr_aat_render::play::run_flat(&prepared, view);
    if let Some(streams) = &lsl {
        streams.linger();
    }
    match outcome.map_err(Failure::runtime)? {
        SessionOutcome::Closed {
            status,
            counts,
            dir: Some(dir),
        } => {
            println!(
                "session recorded: {} ({} of {} trials, {})",
                dir.display(),
                counts.trials_recorded,
                counts.trials_planned,
                status.reason().unwrap_or("complete")
            );
            println!("data folder: {}", data_dir.display());
            Ok(())
        }
        SessionOutcome::Closed { .. } => Err(Failure::runtime("the session was not recorded")),
        SessionOutcome::NothingRecorded(why) => Err(Failure::runtime(why)),
        SessionOutcome::Failed(why) => Err(Failure::runtime(why)),
    }
}

#[cfg(feature = "render")]
pub fn screenshot(args: ScreenshotArgs) -> Result<(), Failure> {
    use vr_aat_core::data::{load_patient, load_protocol};
    use vr_aat_render::play::{Shot, screenshot};

    let (protocol, catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let patient = load_patient(&args.patient).map_err(Failure::bad_input)?;
    let shot = Shot {
        moment: args.moment,
        drink: args.drink.clone(),
        out: args.out.clone(),
        photodiode: args.photodiode,
        language: args.language,
    };
    screenshot(&shot, catalogue, &protocol, patient).map_err(Failure::runtime)?;
    println!("wrote {}", args.out.display());
    Ok(())
}
