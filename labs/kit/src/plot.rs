//! The plots every lab draws, each saved twice into the run's output folder: `name.svg` and
//! `name.png`. Titles, axis labels and legend names are required arguments.
//!
//! - [`Chart`]: line charts and scatter plots (named [`Chart::line`], [`Chart::dashed`] and
//!   [`Chart::points`] series, a legend, linear or log axes);
//! - [`Histogram`]: bars from precomputed bin edges and counts;
//! - [`BarChart`]: bars for named categories, one bar per series in each (grouped bars);
//! - [`HeatMap`]: `z = f(x, y)` in colour bands (filled contours) with paths drawn over it,
//!   for optimisation paths;
//! - [`ImageGrid`]: small grey images in labelled rows and columns (digits, reconstructions).
//!
//! Text goes through [`Font::spell`]: what the font cannot draw (CJK fonts lack most super- and
//! subscripts) is spelled in ASCII, so labels like "10⁻⁵" or "log₁₀ f" work in both languages.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let args: llmpath_lab::LabArgs = clap::Parser::parse();
//! # let mut run = llmpath_lab::Run::start("demo", "none", &args)?;
//! use llmpath_labs_kit::plot::{Chart, Plots};
//! let plots = Plots::new(run.args())?;
//! let loss = Chart::new("Training loss", "step", "loss").log_y().line("train", [(1.0, 2.0), (2.0, 0.5)]);
//! let files = plots.save("loss", &loss)?; // ["loss.svg", "loss.png"]: record them,
//! files.iter().for_each(|file| run.artifact(file));
//! plots.record(&mut run, "loss_again", &loss)?; // or save and record in one call
//! # Ok(()) }
//! ```

use std::error::Error;
use std::ops::Range;
use std::path::PathBuf;

use llmpath_lab::{LabArgs, Run};
use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::font::Font;

/// Where a legend goes (plotters' `SeriesLabelPosition`).
pub use plotters::chart::SeriesLabelPosition as LegendAt;

pub type PlotResult<T> = Result<T, Box<dyn Error>>;

/// Series colours: matplotlib's `tab10`, so the plots look like the ones learners know.
const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// Path colours over a viridis heat map: bright and warm, unlike any viridis band.
const PATH_PALETTE: [RGBColor; 4] = [
    RGBColor(255, 40, 40),
    RGBColor(255, 160, 0),
    RGBColor(255, 0, 255),
    RGBColor(255, 255, 255),
];

const TITLE: u32 = 26;
const AXIS: u32 = 20;
const TICK: u32 = 15;
const LEGEND: u32 = 16;

/// A chart with linear axes (log axes are drawn as log10 on linear ones).
type Plane<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A picture that can be drawn on any plotters backend (SVG and PNG here).
pub trait Figure {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32) {
        (900, 600)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, font: Font) -> PlotResult<()>
    where
        DB::ErrorType: 'static;
}

/// The run's output folder and the registered font for `--lang`.
pub struct Plots {
    dir: PathBuf,
    font: Font,
}

impl Plots {
    /// Fails, saying what to install, if no font for `--lang` is found.
    pub fn new(args: &LabArgs) -> PlotResult<Plots> {
        let font = crate::font::register(args.lang)?;
        std::fs::create_dir_all(&args.out)?;
        Ok(Plots {
            dir: args.out.clone(),
            font,
        })
    }

    /// Draws `figure` into `name.svg` and `name.png`; returns both file names for `Run::artifact`.
    pub fn save(&self, name: &str, figure: &impl Figure) -> PlotResult<[String; 2]> {
        let (svg, png) = (format!("{name}.svg"), format!("{name}.png"));
        let svg_path = self.dir.join(&svg);
        let root = SVGBackend::new(&svg_path, figure.size()).into_drawing_area();
        figure.draw(&root, self.font)?;
        root.present()?;
        let png_path = self.dir.join(&png);
        let root = BitMapBackend::new(&png_path, figure.size()).into_drawing_area();
        figure.draw(&root, self.font)?;
        root.present()?;
        Ok([svg, png])
    }

    /// [`Plots::save`], then records both files with [`Run::artifact`].
    pub fn record(&self, run: &mut Run, name: &str, figure: &impl Figure) -> PlotResult<()> {
        self.save(name, figure)?
            .iter()
            .for_each(|file| run.artifact(file));
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Mark {
    Line,
    Dashed,
    Points,
}

struct Series {
    name: String,
    points: Vec<(f64, f64)>,
    mark: Mark,
}

/// A line chart or scatter plot: named series on linear or log axes, with a legend.
pub struct Chart {
    title: String,
    x_label: String,
    y_label: String,
    log_x: bool,
    log_y: bool,
    legend: LegendAt,
    series: Vec<Series>,
}

impl Chart {
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Chart {
        Chart {
            title: title.to_owned(),
            x_label: x_label.to_owned(),
            y_label: y_label.to_owned(),
            log_x: false,
            log_y: false,
            legend: LegendAt::UpperRight,
            series: Vec::new(),
        }
    }
    /// Log-scaled x axis (points with x ≤ 0 are left out).
    pub fn log_x(mut self) -> Chart {
        self.log_x = true;
        self
    }
    /// Log-scaled y axis (points with y ≤ 0 are left out).
    pub fn log_y(mut self) -> Chart {
        self.log_y = true;
        self
    }
    pub fn legend_at(mut self, at: LegendAt) -> Chart {
        self.legend = at;
        self
    }
    pub fn line(self, name: &str, points: impl IntoIterator<Item = (f64, f64)>) -> Chart {
        self.with(name, points, Mark::Line)
    }
    pub fn dashed(self, name: &str, points: impl IntoIterator<Item = (f64, f64)>) -> Chart {
        self.with(name, points, Mark::Dashed)
    }
    /// A scatter series: one dot per point.
    pub fn points(self, name: &str, points: impl IntoIterator<Item = (f64, f64)>) -> Chart {
        self.with(name, points, Mark::Points)
    }

    fn with(
        mut self,
        name: &str,
        points: impl IntoIterator<Item = (f64, f64)>,
        mark: Mark,
    ) -> Chart {
        let points = points.into_iter().collect();
        self.series.push(Series {
            name: name.to_owned(),
            points,
            mark,
        });
        self
    }

    /// The series in plotting coordinates: log10 of a log axis, points that cannot be shown
    /// (not finite, or ≤ 0 on a log axis) left out.
    fn plotted(&self) -> Vec<Vec<(f64, f64)>> {
        let axis = |v: f64, log: bool| if log { v.log10() } else { v };
        let series = self.series.iter().map(|s| {
            s.points
                .iter()
                .map(|&(x, y)| (axis(x, self.log_x), axis(y, self.log_y)))
        });
        series
            .map(|points| {
                points
                    .filter(|(x, y)| x.is_finite() && y.is_finite())
                    .collect()
            })
            .collect()
    }
}

/// The extent of `values`: padded by 3 % (linear) or widened to whole decades (log10 values).
fn extent(values: impl Iterator<Item = f64>, log: bool) -> Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    match (lo <= hi, log) {
        (false, _) => 0.0..1.0,
        (true, true) => lo.floor()..hi.ceil().max(lo.floor() + 1.0),
        (true, false) => {
            let pad = if hi > lo { 0.03 * (hi - lo) } else { 0.5 };
            lo - pad..hi + pad
        }
    }
}

/// A tick label: "0.25", "1500", "2.0e-7"; on a log axis (`v` = log10 of the value) "10⁻⁵",
/// or "1e-5" if the font has no superscripts.
fn tick(v: f64, log: bool, font: Font) -> String {
    font.spell(&tick_text(v, log))
}

fn tick_text(v: f64, log: bool) -> String {
    if log && (v - v.round()).abs() < 1e-9 {
        const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let digits = (v.round() as i64)
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).map_or('⁻', |d| SUPERSCRIPT[d as usize]))
            .collect::<String>();
        return format!("10{digits}");
    }
    let v = if log { 10f64.powf(v) } else { v };
    // A tick computed as 0 by floating-point steps comes out as -5.6e-17: it is 0.
    let v = if v.abs() < 1e-12 { 0.0 } else { v };
    if v != 0.0 && (v.abs() >= 1e5 || v.abs() < 1e-3) {
        return format!("{v:.1e}");
    }
    let text = format!("{v:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The pieces to stroke a polyline in: plotters strokes a thick polyline as one polygon, which
/// shoots long spikes where the line turns back on itself (a zigzag of gradient descent), so
/// cut it at every turn sharper than 120° (`pixels` are the points on the canvas).
fn strokes(pixels: &[(i32, i32)]) -> Vec<Vec<usize>> {
    let mut pieces: Vec<Vec<usize>> = vec![Vec::new()];
    for (i, &p) in pixels.iter().enumerate() {
        match *pieces.last().map_or(&[][..], Vec::as_slice) {
            [.., j] if pixels[j] == p => continue,
            [.., a, b] if turns_back(pixels[a], pixels[b], p) => pieces.push(vec![b, i]),
            _ => pieces
                .last_mut()
                .into_iter()
                .for_each(|piece| piece.push(i)),
        }
    }
    pieces.retain(|piece| piece.len() > 1);
    pieces
}

/// Whether the path a → b → c turns by more than 120° at b.
fn turns_back(a: (i32, i32), b: (i32, i32), c: (i32, i32)) -> bool {
    let (u, v) = (
        (f64::from(b.0 - a.0), f64::from(b.1 - a.1)),
        (f64::from(c.0 - b.0), f64::from(c.1 - b.1)),
    );
    u.0 * v.0 + u.1 * v.1 < -0.5 * u.0.hypot(u.1) * v.0.hypot(v.1)
}

/// Draws `points` as a line of `style` (cut at sharp turns, see [`strokes`]).
fn draw_line<'a, DB: DrawingBackend + 'a>(
    chart: &mut Plane<'a, DB>,
    points: &[(f64, f64)],
    style: ShapeStyle,
) -> PlotResult<()>
where
    DB::ErrorType: 'static,
{
    let pixels: Vec<(i32, i32)> = points.iter().map(|p| chart.backend_coord(p)).collect();
    let pieces = strokes(&pixels).into_iter().map(|piece| {
        PathElement::new(
            piece.into_iter().map(|i| points[i]).collect::<Vec<_>>(),
            style,
        )
    });
    chart.draw_series(pieces)?;
    Ok(())
}

impl Figure for Chart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, font: Font) -> PlotResult<()>
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        let series = self.plotted();
        let x = extent(series.iter().flatten().map(|p| p.0), self.log_x);
        let y = extent(series.iter().flatten().map(|p| p.1), self.log_y);
        let mut chart = ChartBuilder::on(root)
            .caption(font.spell(&self.title), (font.family, TITLE))
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(84)
            .build_cartesian_2d(x, y)?;
        let (x_tick, y_tick) = (
            |v: &f64| tick(*v, self.log_x, font),
            |v: &f64| tick(*v, self.log_y, font),
        );
        grid(
            &mut chart.configure_mesh(),
            font,
            &self.x_label,
            &self.y_label,
        )
        .x_label_formatter(&x_tick)
        .y_label_formatter(&y_tick)
        .draw()?;
        for (i, (spec, points)) in self.series.iter().zip(&series).enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let line = move |(x, y): (i32, i32)| {
                PathElement::new([(x, y), (x + 24, y)], color.stroke_width(3))
            };
            let dot = move |(x, y): (i32, i32)| Circle::new((x + 12, y), 4, color.filled());
            match spec.mark {
                Mark::Line => draw_line(&mut chart, points, color.stroke_width(2))?,
                Mark::Dashed => {
                    chart.draw_series(DashedLineSeries::new(
                        points.iter().copied(),
                        10,
                        6,
                        color.stroke_width(2),
                    ))?;
                }
                Mark::Points => {
                    chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, color.filled())))?;
                }
            }
            // The legend entry: an empty series carrying the label.
            let entry = chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?
                .label(font.spell(&spec.name));
            match spec.mark {
                Mark::Points => entry.legend(dot),
                _ => entry.legend(line),
            };
        }
        legend(&mut chart, font, self.legend.clone())
    }
}

/// Axis titles, tick labels and a light grid.
fn grid<'a, 'b, DB: DrawingBackend>(
    mesh: &'b mut MeshStyle<'a, 'b, RangedCoordf64, RangedCoordf64, DB>,
    font: Font,
    x_label: &str,
    y_label: &str,
) -> &'b mut MeshStyle<'a, 'b, RangedCoordf64, RangedCoordf64, DB> {
    mesh.x_desc(font.spell(x_label))
        .y_desc(font.spell(y_label))
        .axis_desc_style((font.family, AXIS))
        .label_style((font.family, TICK))
        .bold_line_style(RGBColor(200, 200, 200))
        .light_line_style(RGBColor(240, 240, 240))
}

fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Plane<'a, DB>,
    font: Font,
    at: LegendAt,
) -> PlotResult<()>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(at)
        .label_font((font.family, LEGEND))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.5))
        .draw()?;
    Ok(())
}

/// Bars from precomputed bins: `counts[i]` counts values in `edges[i]..edges[i + 1]`.
pub struct Histogram {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// The legend entry: what was counted.
    pub name: String,
    pub edges: Vec<f64>,
    pub counts: Vec<f64>,
}

impl Figure for Histogram {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, font: Font) -> PlotResult<()>
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        let x =
            self.edges.first().copied().unwrap_or(0.0)..self.edges.last().copied().unwrap_or(1.0);
        let top = self.counts.iter().copied().fold(0.0, f64::max) * 1.08 + f64::EPSILON;
        let mut chart = ChartBuilder::on(root)
            .caption(font.spell(&self.title), (font.family, TITLE))
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(84)
            .build_cartesian_2d(x, 0.0..top)?;
        let ticks = |v: &f64| tick(*v, false, font);
        grid(
            &mut chart.configure_mesh(),
            font,
            &self.x_label,
            &self.y_label,
        )
        .x_label_formatter(&ticks)
        .y_label_formatter(&ticks)
        .draw()?;
        let color = PALETTE[0];
        let bars = self
            .edges
            .windows(2)
            .zip(&self.counts)
            .map(|(e, &c)| Rectangle::new([(e[0], 0.0), (e[1], c)], color.mix(0.75).filled()));
        chart
            .draw_series(bars)?
            .label(font.spell(&self.name))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], color.filled()));
        legend(&mut chart, font, LegendAt::UpperRight)
    }
}

/// Bars for named categories: `categories[i]` gets one bar per series (grouped side by side),
/// `values[i]` of each series being its height. Category names are written under the axis.
pub struct BarChart {
    title: String,
    x_label: String,
    y_label: String,
    categories: Vec<String>,
    series: Vec<(String, Vec<f64>)>,
}

impl BarChart {
    pub fn new(title: &str, x_label: &str, y_label: &str, categories: &[String]) -> BarChart {
        BarChart {
            title: title.to_owned(),
            x_label: x_label.to_owned(),
            y_label: y_label.to_owned(),
            categories: categories.to_vec(),
            series: Vec::new(),
        }
    }

    /// A series: one value per category, in the order of the categories (missing ones are 0).
    pub fn series(mut self, name: &str, values: impl IntoIterator<Item = f64>) -> BarChart {
        self.series
            .push((name.to_owned(), values.into_iter().collect()));
        self
    }
}

impl Figure for BarChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, font: Font) -> PlotResult<()>
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        let n = self.categories.len().max(1) as f64;
        let values = self.series.iter().flat_map(|(_, v)| v.iter().copied());
        let top = values.filter(|v| v.is_finite()).fold(0.0, f64::max) * 1.12 + f64::EPSILON;
        let mut chart = ChartBuilder::on(root)
            .caption(font.spell(&self.title), (font.family, TITLE))
            .margin(16)
            .x_label_area_size(72)
            .y_label_area_size(84)
            .build_cartesian_2d(0.0..n, 0.0..top)?;
        // Category i spans [i, i + 1]: numeric ticks would mean nothing, the names go under it.
        grid(
            &mut chart.configure_mesh(),
            font,
            &self.x_label,
            &self.y_label,
        )
        .disable_x_mesh()
        .x_label_formatter(&|_| String::new())
        .y_label_formatter(&|v: &f64| tick(*v, false, font))
        .draw()?;
        let width = 0.8 / self.series.len().max(1) as f64;
        for (s, (name, values)) in self.series.iter().enumerate() {
            let color = PALETTE[s % PALETTE.len()];
            let bars = values
                .iter()
                .take(self.categories.len())
                .enumerate()
                .map(|(i, &v)| {
                    let left = i as f64 + 0.1 + s as f64 * width;
                    Rectangle::new([(left, 0.0), (left + width, v)], color.mix(0.8).filled())
                });
            chart
                .draw_series(bars)?
                .label(font.spell(name))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 16, y + 6)], color.filled())
                });
        }
        let below =
            TextStyle::from((font.family, TICK).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        for (i, category) in self.categories.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
            root.draw_text(&font.spell(category), &below, (x, y + 8))?;
        }
        legend(&mut chart, font, LegendAt::UpperRight)
    }
}

/// `z = f(x, y)` on a grid, drawn in colour bands (filled contours), with paths over it.
pub struct HeatMap {
    title: String,
    x_label: String,
    y_label: String,
    z_label: String,
    x: Range<f64>,
    y: Range<f64>,
    n: usize,
    z: Vec<f64>, // (n, n), row i at y.start + (i + ½)·dy
    paths: Vec<Series>,
}

impl HeatMap {
    /// Number of colour bands between the smallest and largest `z`.
    const BANDS: usize = 20;

    /// Samples `f` on an `n × n` grid over `x × y`; `z_label` names the colour bar.
    pub fn new(
        title: &str,
        labels: [&str; 3],
        x: Range<f64>,
        y: Range<f64>,
        n: usize,
        f: impl Fn(f64, f64) -> f64,
    ) -> HeatMap {
        let (dx, dy) = ((x.end - x.start) / n as f64, (y.end - y.start) / n as f64);
        let z = (0..n * n)
            .map(|k| {
                f(
                    x.start + (k % n) as f64 * dx + dx / 2.0,
                    y.start + (k / n) as f64 * dy + dy / 2.0,
                )
            })
            .collect();
        let [x_label, y_label, z_label] = labels.map(str::to_owned);
        HeatMap {
            title: title.to_owned(),
            x_label,
            y_label,
            z_label,
            x,
            y,
            n,
            z,
            paths: Vec::new(),
        }
    }

    /// A path drawn over the map as a line, with a dot at its start and a ring at its end.
    pub fn path(mut self, name: &str, points: impl IntoIterator<Item = (f64, f64)>) -> HeatMap {
        self.paths.push(Series {
            name: name.to_owned(),
            points: points.into_iter().collect(),
            mark: Mark::Line,
        });
        self
    }

    fn z_range(&self) -> (f64, f64) {
        let finite = self.z.iter().copied().filter(|z| z.is_finite());
        finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), z| {
            (lo.min(z), hi.max(z))
        })
    }

    /// The band of `z` in 0..BANDS between `lo` and `hi`, as a viridis colour.
    fn color(z: f64, (lo, hi): (f64, f64)) -> RGBColor {
        let t = ((z - lo) / (hi - lo).max(f64::EPSILON)).clamp(0.0, 1.0);
        let band = (t * Self::BANDS as f64)
            .floor()
            .min(Self::BANDS as f64 - 1.0);
        viridis((band + 0.5) / Self::BANDS as f64)
    }
}

impl Figure for HeatMap {
    fn size(&self) -> (u32, u32) {
        (900, 720)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, font: Font) -> PlotResult<()>
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        let (main, bar) = root.split_horizontally(root.dim_in_pixel().0.saturating_sub(150));
        let mut chart = ChartBuilder::on(&main)
            .caption(font.spell(&self.title), (font.family, TITLE))
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(self.x.clone(), self.y.clone())?;
        let ticks = |v: &f64| tick(*v, false, font);
        grid(
            &mut chart.configure_mesh(),
            font,
            &self.x_label,
            &self.y_label,
        )
        .disable_mesh()
        .x_label_formatter(&ticks)
        .y_label_formatter(&ticks)
        .draw()?;
        // One rectangle per run of equal bands along a row keeps the SVG small.
        let z_range = self.z_range();
        let (n, dx, dy) = (
            self.n,
            (self.x.end - self.x.start) / self.n as f64,
            (self.y.end - self.y.start) / self.n as f64,
        );
        let mut cells = Vec::new();
        for i in 0..n {
            let mut j = 0;
            while j < n {
                let (start, color) = (j, Self::color(self.z[i * n + j], z_range));
                while j < n && Self::color(self.z[i * n + j], z_range) == color {
                    j += 1;
                }
                let (x0, y0) = (
                    self.x.start + start as f64 * dx,
                    self.y.start + i as f64 * dy,
                );
                cells.push(Rectangle::new(
                    [(x0, y0), (self.x.start + j as f64 * dx, y0 + dy)],
                    color.filled(),
                ));
            }
        }
        chart.draw_series(cells)?;
        // Lines last to first, so the first path is on top; then the ends, which carry the legend.
        let color = |k: usize| PATH_PALETTE[k % PATH_PALETTE.len()];
        for (k, path) in self.paths.iter().enumerate().rev() {
            draw_line(&mut chart, &path.points, color(k).stroke_width(2))?;
        }
        for (k, path) in self.paths.iter().enumerate() {
            let color = color(k);
            let ends = path
                .points
                .first()
                .map(|&p| Circle::new(p, 5, color.filled()))
                .into_iter();
            let ends = ends.chain(
                path.points
                    .last()
                    .map(|&p| Circle::new(p, 7, color.stroke_width(2))),
            );
            let entry =
                move |(x, y)| PathElement::new([(x, y), (x + 24, y)], color.stroke_width(3));
            chart
                .draw_series(ends)?
                .label(font.spell(&path.name))
                .legend(entry);
        }
        legend(&mut chart, font, LegendAt::UpperLeft)?;

        let (lo, hi) = z_range;
        let mut scale = ChartBuilder::on(&bar)
            .margin_top(60)
            .margin_bottom(72)
            .margin_right(16)
            .y_label_area_size(84)
            .build_cartesian_2d(0.0..1.0, lo..hi)?;
        grid(&mut scale.configure_mesh(), font, "", &self.z_label)
            .disable_mesh()
            .disable_x_axis()
            .y_label_formatter(&ticks)
            .draw()?;
        let step = (hi - lo) / Self::BANDS as f64;
        let bands = (0..Self::BANDS).map(|b| lo + b as f64 * step);
        scale.draw_series(bands.map(|z| {
            Rectangle::new(
                [(0.0, z), (1.0, z + step)],
                Self::color(z + step / 2.0, z_range).filled(),
            )
        }))?;
        Ok(())
    }
}

/// matplotlib's viridis colour map at `t` in 0..=1, interpolated between five of its colours.
fn viridis(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let s = t.clamp(0.0, 1.0) * 4.0;
    let i = (s.floor() as usize).min(3);
    let (a, b, w) = (STOPS[i], STOPS[i + 1], s - i as f64);
    let mix = |p: f64, q: f64| (p + w * (q - p)).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Small images in a grid: one labelled row per item, one labelled column per version.
pub struct ImageGrid {
    pub title: String,
    pub col_labels: Vec<String>,
    /// `(row label, images)`; each image is `height × width` row-major (grey), or three such
    /// planes red, green, blue (colour, as PyTorch's (C, H, W)).
    pub rows: Vec<(String, Vec<Vec<f64>>)>,
    pub width: usize,
    pub height: usize,
    /// Grey: values mapped to white and black. Colour: to 0 and full intensity. Values outside
    /// are clamped.
    pub range: (f64, f64),
}

impl ImageGrid {
    const CELL: u32 = 110;
    const ROW_LABELS: u32 = 110;
    const COL_LABELS: u32 = 40;
}

impl Figure for ImageGrid {
    fn size(&self) -> (u32, u32) {
        let (rows, cols) = (self.rows.len() as u32, self.col_labels.len() as u32);
        (
            (Self::ROW_LABELS + cols * Self::CELL + 20).max(520),
            60 + Self::COL_LABELS + rows * Self::CELL + 10,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, font: Font) -> PlotResult<()>
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        let body = root.titled(&font.spell(&self.title), (font.family, TITLE))?;
        let centred = |size| {
            TextStyle::from((font.family, size).into_font())
                .pos(Pos::new(HPos::Center, VPos::Center))
        };
        let cell = Self::CELL as i32;
        let (left, top) = (Self::ROW_LABELS as i32, Self::COL_LABELS as i32);
        for (c, label) in self.col_labels.iter().enumerate() {
            body.draw_text(
                &font.spell(label),
                &centred(LEGEND),
                (left + c as i32 * cell + cell / 2, top / 2),
            )?;
        }
        let (lo, hi) = self.range;
        let (pw, ph) = (
            (cell - 10) / self.width as i32,
            (cell - 10) / self.height as i32,
        );
        for (r, (label, images)) in self.rows.iter().enumerate() {
            let y0 = top + r as i32 * cell;
            body.draw_text(
                &font.spell(label),
                &centred(LEGEND),
                (left / 2, y0 + cell / 2),
            )?;
            let share = |v: f64| ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
            let level = |v: f64| (255.0 * share(v)).round() as u8;
            let plane = self.width * self.height;
            for (c, image) in images.iter().enumerate() {
                let x0 = left + c as i32 * cell + 5;
                for k in 0..plane.min(image.len()) {
                    let colour = match image.len() == 3 * plane {
                        true => RGBColor(
                            level(image[k]),
                            level(image[plane + k]),
                            level(image[2 * plane + k]),
                        ),
                        false => {
                            let grey = (255.0 * (1.0 - share(image[k]))).round() as u8;
                            RGBColor(grey, grey, grey)
                        }
                    };
                    let (px, py) = (
                        x0 + (k % self.width) as i32 * pw,
                        y0 + 5 + (k / self.width) as i32 * ph,
                    );
                    body.draw(&Rectangle::new(
                        [(px, py), (px + pw, py + ph)],
                        colour.filled(),
                    ))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use llmpath_lab::Lang;

    #[test]
    fn tick_labels_are_short_and_a_float_zero_reads_0() {
        assert_eq!(tick_text(-5.551115123125783e-17, false), "0");
        assert_eq!(tick_text(0.25, false), "0.25");
        assert_eq!(tick_text(2.0e6, false), "2.0e6");
        assert_eq!(tick_text(-5.0, true), "10⁻⁵");
    }

    #[test]
    fn every_figure_is_saved_as_svg_and_png_in_both_languages() {
        for lang in [Lang::En, Lang::Zh] {
            let out = tempfile::tempdir().unwrap();
            let args = LabArgs {
                out: out.path().to_owned(),
                seed: 0,
                quick: true,
                lang,
                data_dir: None,
            };
            let plots = Plots::new(&args)
                .expect("fonts are needed: apt-get install fonts-dejavu-core fonts-noto-cjk");
            let decay = (1..50).map(|k| (f64::from(k), 10f64.powi(-k / 5)));
            let chart = Chart::new("损失 loss", "step", "loss")
                .log_y()
                .line("train", decay);
            let scatter = Chart::new("Scatter", "x", "y").points("a", [(0.0, 1.0), (2.0, 3.0)]);
            let histogram = Histogram {
                title: "Histogram".into(),
                x_label: "value".into(),
                y_label: "count".into(),
                name: "samples".into(),
                edges: vec![0.0, 1.0, 2.0, 3.0],
                counts: vec![3.0, 5.0, 1.0],
            };
            let categories = ["女 female".to_owned(), "male".to_owned()];
            let bars = BarChart::new("Bars", "sex", "rate", &categories)
                .series("1st", [0.9, 0.4])
                .series("3rd", [0.5, 0.1]);
            let zigzag =
                (0..40).map(|k| (f64::from(k) / 40.0, if k % 2 == 0 { -0.5 } else { 0.5 }));
            let map = HeatMap::new(
                "Map",
                ["x", "y", "log₁₀ z"],
                -1.0..1.0,
                -1.0..1.0,
                40,
                |x, y| x * x + y,
            )
            .path("zigzag", zigzag);
            let grid = ImageGrid {
                title: "Images".into(),
                col_labels: vec!["a".into(), "b".into()],
                // A grey image, and a colour one (three planes).
                rows: vec![("row".into(), vec![vec![0.0; 4], vec![1.0; 12]])],
                width: 2,
                height: 2,
                range: (0.0, 1.0),
            };
            let mut names = plots.save("chart", &chart).unwrap().to_vec();
            names.extend(plots.save("scatter", &scatter).unwrap());
            names.extend(plots.save("histogram", &histogram).unwrap());
            names.extend(plots.save("bars", &bars).unwrap());
            names.extend(plots.save("map", &map).unwrap());
            names.extend(plots.save("grid", &grid).unwrap());
            assert_eq!(names.len(), 12);
            for name in names {
                let bytes = std::fs::read(out.path().join(&name)).unwrap();
                let magic: &[u8] = if name.ends_with(".png") {
                    b"\x89PNG"
                } else {
                    b"<svg"
                };
                assert!(bytes.starts_with(magic) && bytes.len() > 500, "{name}");
            }
        }
    }

    #[test]
    fn zigzags_are_cut_where_they_turn_back_and_repeated_pixels_dropped() {
        let pixels = [(0, 0), (10, 0), (10, 0), (20, 1), (5, 1), (30, 2)];
        assert_eq!(
            strokes(&pixels),
            vec![vec![0, 1, 3], vec![3, 4], vec![4, 5]]
        );
        assert_eq!(strokes(&[(0, 0), (0, 0)]), Vec::<Vec<usize>>::new());
    }

    #[test]
    fn tick_labels_are_short_and_log_ticks_are_powers_of_ten() {
        assert_eq!(tick_text(0.30000000000000004, false), "0.3");
        assert_eq!(tick_text(2000.0, false), "2000");
        assert_eq!(tick_text(-5.0, true), "10⁻⁵");
        assert_eq!(tick_text(12.0, true), "10¹²");
        assert_eq!(tick_text(2e-7, false), "2.0e-7");
    }
}
