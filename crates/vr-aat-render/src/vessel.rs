//! Drinks as meshes: most bottles and glasses are surfaces of revolution, a profile
//! curve turned around the vertical axis. Each vessel kind has a profile (radius at each
//! height, as fractions of the drink's height); the liquid is a second surface inside it
//! up to the fill level.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, Mesh, PrimitiveTopology};

use vr_aat_core::data::Vessel;

/// A profile: (radius m, height m) points from the bottom centre, up the outside, to the
/// top.
pub type Profile = Vec<(f32, f32)>;

/// The outer profile of a vessel `h` metres tall.
pub fn outer_profile(vessel: Vessel, h: f32) -> Profile {
    let p = |pts: &[(f32, f32)]| pts.iter().map(|(r, y)| (*r, y * h)).collect::<Vec<_>>();
    match vessel {
        Vessel::LongneckBottle => p(&[
            (0.0, 0.0),
            (0.030, 0.0),
            (0.031, 0.02),
            (0.031, 0.55),
            (0.027, 0.63),
            (0.016, 0.72),
            (0.012, 0.80),
            (0.012, 0.95),
            (0.014, 0.96),
            (0.014, 1.0),
            (0.0, 1.0),
        ]),
        Vessel::PetBottle => p(&[
            (0.0, 0.0),
            (0.030, 0.0),
            (0.034, 0.03),
            (0.034, 0.30),
            (0.031, 0.33),
            (0.034, 0.36),
            (0.034, 0.62),
            (0.028, 0.75),
            (0.014, 0.86),
            (0.013, 0.92),
            (0.016, 0.92),
            (0.016, 1.0),
            (0.0, 1.0),
        ]),
        Vessel::Can => p(&[
            (0.0, 0.0),
            (0.030, 0.0),
            (0.033, 0.05),
            (0.033, 0.90),
            (0.028, 0.98),
            (0.027, 1.0),
            (0.0, 1.0),
        ]),
        Vessel::WineGlass => p(&[
            (0.0, 0.0),
            (0.036, 0.0),
            (0.036, 0.015),
            (0.006, 0.04),
            (0.004, 0.10),
            (0.004, 0.42),
            (0.020, 0.47),
            (0.037, 0.58),
            (0.042, 0.72),
            (0.039, 0.88),
            (0.035, 1.0),
        ]),
        Vessel::Flute => p(&[
            (0.0, 0.0),
            (0.032, 0.0),
            (0.032, 0.012),
            (0.005, 0.035),
            (0.004, 0.08),
            (0.004, 0.36),
            (0.014, 0.42),
            (0.024, 0.60),
            (0.026, 0.85),
            (0.025, 1.0),
        ]),
        Vessel::Tumbler => p(&[(0.0, 0.0), (0.038, 0.0), (0.040, 0.15), (0.043, 1.0)]),
        Vessel::PintGlass => p(&[
            (0.0, 0.0),
            (0.030, 0.0),
            (0.031, 0.08),
            (0.041, 0.82),
            (0.044, 0.92),
            (0.042, 1.0),
        ]),
        Vessel::Highball => p(&[(0.0, 0.0), (0.031, 0.0), (0.032, 0.08), (0.034, 1.0)]),
        Vessel::ShotGlass => p(&[(0.0, 0.0), (0.019, 0.0), (0.020, 0.25), (0.024, 1.0)]),
    }
}

/// Whether a vessel is open at the top (a glass) rather than closed (a bottle or can).
pub fn is_open(vessel: Vessel) -> bool {
    !matches!(vessel, Vessel::LongneckBottle | Vessel::PetBottle | Vessel::Can)
}

/// Radius of `profile` at height `y` (the outermost surface there).
pub fn radius_at(profile: &Profile, y: f32) -> f32 {
    let mut best = 0.0f32;
    for w in profile.windows(2) {
        let ((r0, y0), (r1, y1)) = (w[0], w[1]);
        if (y0 <= y && y <= y1) || (y1 <= y && y <= y0) {
            let r = if (y1 - y0).abs() < 1e-6 {
                r0.max(r1)
            } else {
                r0 + (r1 - r0) * (y - y0) / (y1 - y0)
            };
            best = best.max(r);
        }
    }
    best
}

/// Where the liquid starts (the bottom of the bowl or body) as a height (m).
pub fn liquid_floor(vessel: Vessel, h: f32) -> f32 {
    h * match vessel {
        Vessel::WineGlass => 0.47,
        Vessel::Flute => 0.42,
        Vessel::Tumbler => 0.15,
        Vessel::PintGlass | Vessel::Highball => 0.08,
        Vessel::ShotGlass => 0.25,
        _ => 0.03,
    }
}

/// The liquid's profile: inside the vessel from its floor up to `fill` of the space
/// above the floor (bottles and cans fill up to the shoulder, not the neck).
pub fn liquid_profile(vessel: Vessel, h: f32, fill: f32) -> Profile {
    let outer = outer_profile(vessel, h);
    let floor = liquid_floor(vessel, h);
    let top_limit = if is_open(vessel) { h } else { 0.9 * h };
    let top = floor + (top_limit - floor) * fill.clamp(0.0, 1.0);
    let wall = if vessel == Vessel::Can { 0.001 } else { 0.003 };
    let steps = 12;
    let mut out = vec![(0.0, floor)];
    for i in 0..=steps {
        let y = floor + (top - floor) * i as f32 / steps as f32;
        out.push(((radius_at(&outer, y) - wall).max(0.001), y));
    }
    out.push((0.0, top));
    out
}

/// A surface of revolution of `profile` with `segments` around, as a triangle mesh with
/// smooth normals.
pub fn lathe(profile: &Profile, segments: u32) -> Mesh {
    let n = profile.len();
    let seg = segments.max(3) as usize;
    let mut positions = Vec::with_capacity(n * (seg + 1));
    let mut normals = Vec::with_capacity(n * (seg + 1));
    let mut uvs = Vec::with_capacity(n * (seg + 1));
    for (i, &(r, y)) in profile.iter().enumerate() {
        // Profile tangent from neighbours; the outward normal is perpendicular to it.
        let (pr, py) = profile[i.saturating_sub(1)];
        let (nr, ny) = profile[(i + 1).min(n - 1)];
        let (tr, ty) = (nr - pr, ny - py);
        let len = (tr * tr + ty * ty).sqrt().max(1e-6);
        let (nr_, ny_) = (ty / len, -tr / len);
        for s in 0..=seg {
            let a = std::f32::consts::TAU * s as f32 / seg as f32;
            let (sin, cos) = a.sin_cos();
            positions.push([r * cos, y, r * sin]);
            normals.push([nr_ * cos, ny_, nr_ * sin]);
            uvs.push([s as f32 / seg as f32, i as f32 / (n - 1).max(1) as f32]);
        }
    }
    let mut indices = Vec::with_capacity((n - 1) * seg * 6);
    let ring = (seg + 1) as u32;
    for i in 0..(n - 1) as u32 {
        for s in 0..seg as u32 {
            let a = i * ring + s;
            let b = a + ring;
            indices.extend_from_slice(&[a, b, a + 1, a + 1, b, b + 1]);
        }
    }
    Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::default())
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
        .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
        .with_inserted_indices(Indices::U32(indices))
}

/// A band of the outer surface between heights `y0` and `y1`, pushed out by `gap` (for
/// labels).
pub fn band(vessel: Vessel, h: f32, y0: f32, y1: f32, gap: f32) -> Mesh {
    let outer = outer_profile(vessel, h);
    let steps = 6;
    let profile: Profile = (0..=steps)
        .map(|i| {
            let y = y0 + (y1 - y0) * i as f32 / steps as f32;
            (radius_at(&outer, y) + gap, y)
        })
        .collect();
    lathe(&profile, 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vessel_has_a_closed_profile_of_the_right_height() {
        for v in [
            Vessel::LongneckBottle,
            Vessel::PetBottle,
            Vessel::Can,
            Vessel::WineGlass,
            Vessel::Flute,
            Vessel::Tumbler,
            Vessel::PintGlass,
            Vessel::Highball,
            Vessel::ShotGlass,
        ] {
            let p = outer_profile(v, 0.2);
            assert_eq!(p[0], (0.0, 0.0), "{v:?} starts at the bottom centre");
            let top = p.iter().map(|(_, y)| *y).fold(0.0, f32::max);
            assert!((top - 0.2).abs() < 1e-6, "{v:?} is 0.2 m tall");
            let liquid = liquid_profile(v, 0.2, 0.5);
            // The liquid stays inside the vessel.
            for (r, y) in &liquid {
                assert!(*r <= radius_at(&p, *y) + 1e-6, "{v:?}: liquid outside the wall at {y}");
            }
        }
    }

    #[test]
    fn lathe_makes_rings() {
        let m = lathe(&vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)], 8);
        assert_eq!(m.count_vertices(), 3 * 9);
    }
}
