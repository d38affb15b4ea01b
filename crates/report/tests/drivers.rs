//! The key-driver analysis in the reports, from real engine runs on the Riverside sample: the
//! Drivers sheet read back with calamine and compared with the `Results` it came from, its two
//! native charts found in the workbook's parts, the Summary and Method lines, and the tidy
//! drivers CSV.

mod sheets;

use calamine::{Data, Range, Reader};
use rapport_engine::drivers::Drivers;
use rapport_engine::results::Results;
use rapport_engine::spec::{AnalysisSpec, BlockRole, Family};
use rapport_engine::spec::{DriversSpec, PerformanceMeasure};
use rapport_report::{ReportError, write_drivers_csv};
use sheets::*;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// The saved Riverside analysis on the CSV copy of the survey, as `family`, with or without
/// the weights and ward clusters, and with `drivers` as given.
fn analyse(family: Family, design: bool, drivers: Option<DriversSpec>) -> Results {
    let mut spec = AnalysisSpec::load(&samples().join("riverside-trust.json")).unwrap();
    spec.data.file = "riverside-2026.csv".into();
    spec.data.sheet = None;
    spec.family = family;
    spec.drivers = drivers;
    if design {
        spec.design.weight = Some("weight".into());
        spec.design.cluster = Some("ward".into());
    }
    rapport_engine::analysis::run(&spec).unwrap()
}

/// Key drivers with a bootstrap of `replicates` (fewer than the default, to keep the tests
/// quick) and the given performance measure.
fn drivers_spec(replicates: usize, performance: PerformanceMeasure) -> Option<DriversSpec> {
    Some(DriversSpec {
        bootstrap: replicates,
        performance,
        ..DriversSpec::default()
    })
}

/// Linear model, respondents resampled, top-box performance, Johnson's weights beside.
fn linear() -> &'static Results {
    static R: OnceLock<Results> = OnceLock::new();
    R.get_or_init(|| {
        analyse(
            Family::Ols,
            false,
            drivers_spec(200, PerformanceMeasure::TopBox),
        )
    })
}

/// Logistic model without a bootstrap, mean-score performance: no intervals, no relative
/// weight column.
fn logistic() -> &'static Results {
    static R: OnceLock<Results> = OnceLock::new();
    R.get_or_init(|| {
        analyse(
            Family::Logit,
            false,
            drivers_spec(0, PerformanceMeasure::Mean),
        )
    })
}

/// Ordinal model with the survey design: wards resampled.
fn ordinal() -> &'static Results {
    static R: OnceLock<Results> = OnceLock::new();
    R.get_or_init(|| {
        analyse(
            Family::Ordinal,
            true,
            drivers_spec(60, PerformanceMeasure::TopBox),
        )
    })
}

fn all() -> [&'static Results; 3] {
    [linear(), logistic(), ordinal()]
}

fn drivers(r: &Results) -> &Drivers {
    r.drivers.as_ref().expect("the analysis has key drivers")
}

fn string(s: &str) -> Data {
    Data::String(s.to_string())
}

/// Every text cell, in reading order, joined by spaces: sentences written one line per row
/// read back whole.
fn all_text(range: &Range<Data>) -> String {
    texts(range, " ")
}

/// Column of the header cell holding `text` in `row`.
fn column(range: &Range<Data>, row: u32, text: &str) -> u32 {
    let (r, c) = find_from(range, text, row);
    assert_eq!(r, row, "{text:?} is not in the header row {row}");
    c
}

/// The chart parts of a workbook, as XML.
fn charts(out: &Path) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(out).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
        .collect();
    names
        .iter()
        .map(|n| {
            let mut xml = String::new();
            zip.by_name(n).unwrap().read_to_string(&mut xml).unwrap();
            xml
        })
        .collect()
}

#[test]
fn the_drivers_sheet_follows_the_model_sheet() {
    let (_d, _o, wb) = report(linear());
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Model",
            "Drivers",
            "Descriptives",
            "Variables",
            "Method"
        ]
    );
}

#[test]
fn block_shares_are_numbers_equal_to_the_results() {
    for results in all() {
        let d = drivers(results);
        let (_d, _o, mut wb) = report(results);
        let ws = sheet(&mut wb, "Drivers");
        let (heading, _) = find(&ws, "Relationships or service performance?");
        let (header, block_col) = find_from(&ws, "Block", heading);
        let share = column(&ws, header, "Share of explained (%)");
        let low = column(&ws, header, "95% CI low");
        let high = column(&ws, header, "95% CI high");
        let value = column(&ws, header, &format!("{} points", d.measure));
        assert_eq!(d.blocks.len(), 2);
        for (row, b) in (header + 1..).zip(&d.blocks) {
            assert_eq!(at(&ws, row, block_col), &string(&b.name));
            assert_eq!(at(&ws, row, block_col + 1), &string(b.role.label()));
            assert_eq!(float(&ws, row, block_col + 2), b.items.len() as f64);
            assert_eq!(float(&ws, row, share), b.share.percent, "{}", b.name);
            assert_eq!(float(&ws, row, value), b.share.value, "{}", b.name);
            match (b.share.percent_ci, b.share.value_ci) {
                (Some([lo, hi]), Some([vlo, vhi])) => {
                    assert_eq!(float(&ws, row, low), lo);
                    assert_eq!(float(&ws, row, high), hi);
                    assert_eq!(float(&ws, row, value + 1), vlo);
                    assert_eq!(float(&ws, row, value + 2), vhi);
                }
                _ => {
                    assert!(d.bootstrap.is_none());
                    for col in [low, high, value + 1, value + 2] {
                        assert_eq!(at(&ws, row, col), &Data::Empty);
                    }
                }
            }
        }
        let total: f64 = d.blocks.iter().map(|b| b.share.percent).sum();
        assert!((total - 100.0).abs() < 1e-9, "{total}");
    }
}

#[test]
fn items_are_ranked_with_shares_intervals_performance_and_quadrant() {
    for results in all() {
        let d = drivers(results);
        let (_d, _o, mut wb) = report(results);
        let ws = sheet(&mut wb, "Drivers");
        let (heading, _) = find(&ws, "Ranking of the experiences");
        let (header, rank) = find_from(&ws, "Rank", heading);
        let col = |text: &str| column(&ws, header, text);
        let (item, variable, block) = (col("Experience"), col("Column"), col("Block"));
        let (share, low, high) = (
            col("Share of explained (%)"),
            col("95% CI low"),
            col("95% CI high"),
        );
        let within = col("Share of its block (%)");
        let performance = col(&d.quadrant.performance_label);
        let quadrant = col("Quadrant");
        let weight_header = format!("Relative weight ({})", d.measure);
        let weight = try_find(&ws, &weight_header, header)
            .filter(|(r, _)| *r == header)
            .map(|(_, c)| c);
        let has_weights = d.items.iter().any(|i| i.relative_weight.is_some());
        assert_eq!(weight.is_some(), has_weights);
        assert_eq!(has_weights, results.model.family_kind == Family::Ols);

        let mut ranked: Vec<_> = d.items.iter().collect();
        ranked.sort_by_key(|i| i.rank);
        assert_eq!(ranked.len(), 13);
        for (row, i) in (header + 1..).zip(&ranked) {
            assert_eq!(float(&ws, row, rank), i.rank as f64);
            assert_eq!(at(&ws, row, item), &string(&i.label));
            assert_eq!(at(&ws, row, variable), &string(&i.variable));
            assert_eq!(at(&ws, row, block), &string(&i.block));
            assert_eq!(float(&ws, row, share), i.share.percent, "{}", i.variable);
            match i.share.percent_ci {
                Some([lo, hi]) => {
                    assert_eq!(float(&ws, row, low), lo, "{}", i.variable);
                    assert_eq!(float(&ws, row, high), hi, "{}", i.variable);
                }
                None => {
                    assert_eq!(at(&ws, row, low), &Data::Empty);
                    assert_eq!(at(&ws, row, high), &Data::Empty);
                }
            }
            assert_eq!(float(&ws, row, within), i.within_block_percent);
            if let (Some(col), Some(w)) = (weight, i.relative_weight) {
                assert_eq!(float(&ws, row, col), w);
            }
            match i.performance {
                Some(p) => assert_eq!(float(&ws, row, performance), p),
                None => assert_eq!(at(&ws, row, performance), &Data::Empty),
            }
            let want = i.quadrant.map_or("not on the chart", |q| q.label());
            assert_eq!(at(&ws, row, quadrant), &string(want));
        }
        // The notes: every unsettled pair and every item left off the chart.
        let text = all_text(&ws);
        let label = |name: &str| {
            d.items
                .iter()
                .find(|i| i.variable == name || i.label == name)
                .map_or(name.to_string(), |i| i.label.clone())
        };
        for p in &d.unsettled_rankings {
            let pair = format!(
                "{} – {} ({:.0}%)",
                label(&p.higher),
                label(&p.lower),
                p.kept_order * 100.0
            );
            assert!(text.contains(&pair), "{pair} missing");
        }
        if d.bootstrap.is_none() {
            assert!(d.unsettled_rankings.is_empty());
        }
        for left in &d.quadrant.left_off {
            assert!(text.contains(left.as_str()), "{left} missing");
        }
    }
}

#[test]
fn headline_sentences_method_and_bootstrap_are_at_the_top() {
    for results in all() {
        let d = drivers(results);
        let (_d, _o, mut wb) = report(results);
        let ws = sheet(&mut wb, "Drivers");
        assert_eq!(
            at(&ws, 0, 0),
            &string(&format!(
                "Key drivers: what matters most for {}",
                results.outcome.name
            ))
        );
        // Sentences are written one line per row; read back, each is there word for word.
        let (method_heading, _) = find(&ws, "How the shares were worked out");
        let top: Vec<String> = (1..method_heading)
            .filter_map(|r| match at(&ws, r, 0) {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        let top = top.join(" ");
        assert!(top.starts_with(&d.headline[..20]), "{top}");
        for s in &d.sentences {
            assert!(top.contains(s.as_str()), "{s:?} not in {top:?}");
        }
        let text = all_text(&ws);
        assert!(text.contains(&d.method_text), "method text");
        let (row, col) = find(&ws, &format!("{} with every predictor", d.measure));
        assert_eq!(float(&ws, row, col + 1), d.explained_full);
        assert_eq!(float(&ws, row + 1, col + 1), d.explained_controls);
        assert_eq!(float(&ws, row + 2, col + 1), d.explained_by_players);
        match &d.bootstrap {
            Some(b) => {
                let (row, col) = find(&ws, "Bootstrap replicates");
                assert_eq!(float(&ws, row, col + 1), b.replicates as f64);
                assert!(
                    matches!(at(&ws, row, col + 2), Data::String(s) if s.contains(&b.resampled))
                );
                let (row, col) = find(&ws, "Failed replicates");
                assert_eq!(float(&ws, row, col + 1), b.failed as f64);
                let (row, col) = find(&ws, "Seed");
                assert_eq!(at(&ws, row, col + 1), &string(&b.seed.to_string()));
            }
            None => {
                assert!(text.contains("No bootstrap was run"));
                assert!(try_find(&ws, "Bootstrap replicates", 0).is_none());
            }
        }
    }
}

#[test]
fn the_charts_are_a_bar_chart_with_error_bars_and_a_quadrant_scatter() {
    for results in all() {
        let d = drivers(results);
        let (_d, out, mut wb) = report(results);
        let xml = charts(&out);
        // Two charts on the Drivers sheet; the others are the Descriptives' diverging bars.
        let ours: Vec<&String> = xml.iter().filter(|x| x.contains("Drivers!")).collect();
        assert_eq!(ours.len(), 2);
        let bar = ours
            .iter()
            .find(|x| x.contains("<c:barChart>"))
            .expect("a bar chart");
        let scatter = ours
            .iter()
            .find(|x| x.contains("<c:scatterChart>"))
            .expect("a scatter chart");
        assert!(bar.contains("<c:barDir val=\"bar\"/>"));
        // Each role's bars and points in the colour the app gives it (one palette), and
        // no other role colour. The sample's items are relational and transactional.
        for role in BlockRole::ALL {
            let fill = format!("<a:srgbClr val=\"{}\"", &role.colour().light[1..]);
            let used = d.items.iter().any(|i| i.role == role);
            assert_eq!(bar.contains(&fill), used, "{role:?} bars");
            assert_eq!(scatter.contains(&fill), used, "{role:?} points");
        }
        if d.bootstrap.is_some() {
            assert!(bar.contains("<c:errBars>"));
            assert!(bar.contains("<c:errValType val=\"cust\"/>"));
            assert!(bar.contains("<c:plus>") && bar.contains("<c:minus>"));
        } else {
            assert!(!bar.contains("<c:errBars>"));
        }
        // Every plotted item is labelled by its words; the corners name the quadrants.
        for i in d.items.iter().filter(|i| i.performance.is_some()) {
            assert!(
                scatter.contains(&format!("<a:t>{}</a:t>", i.label)),
                "{} unlabelled",
                i.label
            );
        }
        for q in [
            "Priorities for improvement",
            "Strengths to maintain",
            "Possible over-investment",
            "Lower priority",
        ] {
            assert!(scatter.contains(&format!("<a:t>{q}</a:t>")), "{q}");
        }

        // The chart data the bars and the error bars are drawn from.
        let ws = sheet(&mut wb, "Drivers");
        let (header, label) = find(&ws, "Experience (bar chart)");
        let mut ranked: Vec<_> = d.items.iter().collect();
        ranked.sort_by_key(|i| i.rank);
        for (row, i) in (header + 1..).zip(&ranked) {
            assert_eq!(at(&ws, row, label), &string(&i.label));
            assert_eq!(float(&ws, row, label + 1), i.share.percent);
            if let Some([lo, hi]) = i.share.percent_ci {
                assert_eq!(float(&ws, row, label + 2), (i.share.percent - lo).max(0.0));
                assert_eq!(float(&ws, row, label + 3), (hi - i.share.percent).max(0.0));
            }
        }
        // The quadrant lines sit at the engine's averages.
        let (lines, col) = find(&ws, "Quadrant lines");
        for row in [lines + 1, lines + 2] {
            assert_eq!(float(&ws, row, col + 1), d.quadrant.importance_line);
        }
        for row in [lines + 3, lines + 4] {
            assert_eq!(float(&ws, row, col + 2), d.quadrant.performance_line);
        }
        // The quadrant names are written beside the chart too.
        let (key, key_col) = find(&ws, "Reading the quadrants");
        assert!(key_col > 0);
        assert!(try_find(&ws, "Priorities for improvement", key).is_some());
    }
}

#[test]
fn summary_and_method_sheets_carry_the_headline_largest_driver_and_method() {
    let results = linear();
    let d = drivers(results);
    let (_d, _o, mut wb) = report(results);
    let summary = sheet(&mut wb, "Summary");
    let (heading, _) = find(&summary, "What matters most (key drivers)");
    let (row, col) = find_from(&summary, "Headline", heading);
    assert_eq!(at(&summary, row, col + 1), &string(&d.headline));
    let (row, col) = find_from(&summary, "Largest driver", heading);
    let top = d.items.iter().find(|i| i.rank == 1).unwrap();
    match at(&summary, row, col + 1) {
        Data::String(s) => assert!(s.starts_with(&format!("\"{}\"", top.label)), "{s}"),
        other => panic!("{other:?}"),
    }
    let method = sheet(&mut wb, "Method");
    let (row, col) = find(&method, "Key-driver analysis");
    match at(&method, row, col + 1) {
        Data::String(s) => assert!(s.starts_with(&d.method_text), "{s}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn without_key_drivers_there_is_no_drivers_sheet_section_or_chart() {
    let results = analyse(Family::Ols, false, None);
    assert!(results.drivers.is_none());
    let (_d, out, mut wb) = report(&results);
    assert!(!wb.sheet_names().contains(&"Drivers".to_string()));
    let summary = sheet(&mut wb, "Summary");
    assert!(try_find(&summary, "What matters most (key drivers)", 0).is_none());
    let method = sheet(&mut wb, "Method");
    assert!(try_find(&method, "Key-driver analysis", 0).is_none());
    assert!(charts(&out).iter().all(|x| !x.contains("Drivers!")));
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().collect::<Result<_, _>>().unwrap();
    (header, rows)
}

#[test]
fn the_tidy_drivers_csv_has_a_row_per_block_and_item_that_reads_back_exactly() {
    for results in [linear(), logistic()] {
        let d = drivers(results);
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("riverside-2026.csv");
        std::fs::write(&input, b"stand-in").unwrap();
        let out = dir.path().join("drivers.csv");
        write_drivers_csv(results, &input, &out).unwrap();
        let (header, rows) = read_csv(&out);
        assert_eq!(
            header,
            [
                "kind",
                "name",
                "label",
                "block",
                "role",
                "value",
                "percent",
                "percent_low",
                "percent_high",
                "rank",
                "within_block_percent",
                "performance",
                "quadrant"
            ]
        );
        assert_eq!(rows.len(), d.blocks.len() + d.items.len());
        let num = |s: &str| -> Option<f64> { (!s.is_empty()).then(|| s.parse().unwrap()) };
        for (row, b) in rows.iter().zip(&d.blocks) {
            assert_eq!(&row[0], "block");
            assert_eq!(&row[1], b.name);
            assert_eq!(&row[4], serde_json::to_value(b.role).unwrap());
            assert_eq!(num(&row[5]), Some(b.share.value));
            assert_eq!(num(&row[6]), Some(b.share.percent));
            assert_eq!(num(&row[7]), b.share.percent_ci.map(|c| c[0]));
            assert_eq!(num(&row[8]), b.share.percent_ci.map(|c| c[1]));
            assert!(row.iter().skip(9).all(str::is_empty));
        }
        let mut ranked: Vec<_> = d.items.iter().collect();
        ranked.sort_by_key(|i| i.rank);
        for (row, i) in rows.iter().skip(d.blocks.len()).zip(ranked) {
            assert_eq!(&row[0], "item");
            assert_eq!(&row[1], i.variable);
            assert_eq!(&row[2], i.label);
            assert_eq!(&row[3], i.block);
            assert_eq!(num(&row[5]), Some(i.share.value));
            assert_eq!(num(&row[6]), Some(i.share.percent));
            assert_eq!(num(&row[7]), i.share.percent_ci.map(|c| c[0]));
            assert_eq!(num(&row[8]), i.share.percent_ci.map(|c| c[1]));
            assert_eq!(&row[9], i.rank.to_string());
            assert_eq!(num(&row[10]), Some(i.within_block_percent));
            assert_eq!(num(&row[11]), i.performance);
            let quadrant = i
                .quadrant
                .map_or(serde_json::Value::String(String::new()), |q| {
                    serde_json::to_value(q).unwrap()
                });
            assert_eq!(&row[12], quadrant);
        }
    }
}

#[test]
fn a_drivers_csv_of_results_without_key_drivers_is_refused_and_nothing_written() {
    let results = analyse(Family::Ols, false, None);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("riverside-2026.csv");
    std::fs::write(&input, b"stand-in").unwrap();
    let out = dir.path().join("drivers.csv");
    let err = write_drivers_csv(&results, &input, &out).unwrap_err();
    assert!(matches!(err, ReportError::NoDrivers), "{err}");
    assert_eq!(err.code(), "no_drivers");
    assert!(!out.exists());
}
