//! The report's charts, drawn with `plotters` into SVG text that the page embeds inline.
//! Every chart has session numbers on the x axis; the y axis's unit is in its label.

use plotters::prelude::*;

/// One session's value with its optional 95% interval.
#[derive(Clone, Copy, Debug)]
pub struct Point {
    pub session: u32,
    pub value: f64,
    pub interval: Option<(f64, f64)>,
}

/// A named line of points.
pub struct Line {
    pub label: String,
    pub points: Vec<Point>,
}

/// Axis texts.
pub struct Axes<'a> {
    pub x: &'a str,
    pub y: &'a str,
}

/// Okabe-Ito colours: told apart with the common colour-vision deficiencies.
const COLOURS: [RGBColor; 4] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
];

const SIZE: (u32, u32) = (720, 300);

/// The y range that shows every value, interval and zero, with a margin.
fn y_range(lines: &[Line], include_zero: bool) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for p in lines.iter().flat_map(|l| &l.points) {
        let (a, b) = p.interval.unwrap_or((p.value, p.value));
        lo = lo.min(p.value).min(a);
        hi = hi.max(p.value).max(b);
    }
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.1).max(1e-6);
    (lo - pad, hi + pad)
}

/// A line chart over sessions `1..=sessions`: one line per [`Line`], intervals as error
/// bars, a zero line when `zero_line`. SVG text, or the drawing error.
pub fn over_sessions(lines: &[Line], sessions: u32, axes: &Axes, zero_line: bool) -> Result<String, String> {
    let mut svg = String::new();
    draw(&mut svg, lines, sessions.max(1), axes, zero_line).map_err(|e| e.to_string())?;
    Ok(svg)
}

fn draw(
    svg: &mut String,
    lines: &[Line],
    sessions: u32,
    axes: &Axes,
    zero_line: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let (lo, hi) = y_range(lines, zero_line);
    let last = i64::from(sessions) + 1;
    // Room on the right for a legend, kept in every chart (with or without a legend)
    // so that a session sits at the same place in each chart of the page.
    let legend_room = 1 + i64::from(sessions) / 3;
    let mut chart = ChartBuilder::on(&root)
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(0i64..last + legend_room, lo..hi)?;
    chart
        .configure_mesh()
        .x_desc(axes.x)
        .y_desc(axes.y)
        .x_labels((last + legend_room) as usize + 1)
        .x_label_formatter(&|x| {
            if *x >= 1 && *x < last {
                x.to_string()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .disable_x_mesh()
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .draw()?;
    if zero_line {
        chart.draw_series(LineSeries::new([(0, 0.0), (last, 0.0)], BLACK.mix(0.5).stroke_width(1)))?;
    }
    for (i, line) in lines.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let xy: Vec<(i64, f64)> = line.points.iter().map(|p| (i64::from(p.session), p.value)).collect();
        chart.draw_series(line.points.iter().filter_map(|p| {
            p.interval
                .map(|(a, b)| ErrorBar::new_vertical(i64::from(p.session), a, p.value, b, colour.stroke_width(2), 10))
        }))?;
        let series = chart.draw_series(LineSeries::new(xy.clone(), colour.stroke_width(2)).point_size(4))?;
        if lines.len() > 1 {
            series
                .label(line.label.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3)));
        }
    }
    if lines.len() > 1 {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .label_font(("sans-serif", 13))
            .draw()?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_svg_with_its_axis_texts_and_a_mark_per_point() {
        let line = Line {
            label: "bias".into(),
            points: vec![
                Point {
                    session: 1,
                    value: 40.0,
                    interval: Some((20.0, 60.0)),
                },
                Point {
                    session: 3,
                    value: -5.0,
                    interval: None,
                },
            ],
        };
        let svg = over_sessions(
            &[line],
            6,
            &Axes {
                x: "session",
                y: "bias (ms) <&>",
            },
            true,
        )
        .unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..60]);
        assert!(svg.contains("session"));
        // Text is escaped inside the SVG.
        assert!(svg.contains("bias (ms) &lt;&amp;&gt;"), "axis text not escaped");
        // A mark per point, and one more where an error bar marks its centre.
        assert_eq!(svg.matches("<circle").count(), 3);
    }

    /// The x positions of a chart's circles (its points), in order.
    fn circle_xs(svg: &str) -> Vec<String> {
        svg.split("<circle")
            .skip(1)
            .filter_map(|c| c.split("cx=\"").nth(1)?.split('"').next().map(str::to_owned))
            .collect()
    }

    #[test]
    fn a_session_sits_at_the_same_place_in_every_chart() {
        let points = |v: f64| {
            (1..=4)
                .map(|session| Point {
                    session,
                    value: v * f64::from(session),
                    interval: None,
                })
                .collect::<Vec<_>>()
        };
        let axes = Axes { x: "session", y: "y" };
        let one = over_sessions(
            &[Line {
                label: "a".into(),
                points: points(1.0),
            }],
            6,
            &axes,
            false,
        )
        .unwrap();
        let four: Vec<Line> = (0..4)
            .map(|i| Line {
                label: format!("line {i}"),
                points: points(100.0 + f64::from(i)),
            })
            .collect();
        let many = over_sessions(&four, 6, &axes, false).unwrap();
        let xs = circle_xs(&one);
        assert_eq!(xs.len(), 4);
        assert_eq!(xs, circle_xs(&many)[..4], "session positions differ between charts");
    }

    #[test]
    fn the_range_holds_intervals_and_zero() {
        let l = Line {
            label: String::new(),
            points: vec![Point {
                session: 1,
                value: 10.0,
                interval: Some((5.0, 30.0)),
            }],
        };
        let (lo, hi) = y_range(&[l], true);
        assert!(lo < 0.0 && hi > 30.0);
    }
}
