//! The report of real survey analyses, run by the engine on the Riverside sample: a
//! design-based linear model, a logistic and an ordinal one. Every table is read back with
//! calamine and compared with the `Results` it came from, and the diverging-bar chart is
//! found in the workbook's parts.

mod sheets;

use calamine::{Data, Range};
use rapport_engine::results::Results;
use rapport_engine::spec::{AnalysisSpec, Family};
use rapport_report::write_xlsx;
use sheets::*;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

fn analyse(family: Family, design: bool) -> Results {
    let mut spec = AnalysisSpec::load(&samples().join("riverside-trust.json")).unwrap();
    spec.data.file = "riverside-2026.csv".into();
    spec.data.sheet = None;
    spec.family = family;
    // The key-driver analysis (and its two charts) is tested on its own in tests/drivers.rs.
    spec.drivers = None;
    if design {
        spec.design.weight = Some("weight".into());
        spec.design.cluster = Some("ward".into());
    }
    rapport_engine::analysis::run(&spec).unwrap()
}

fn design_linear() -> &'static Results {
    static R: OnceLock<Results> = OnceLock::new();
    R.get_or_init(|| analyse(Family::Ols, true))
}

fn logistic() -> &'static Results {
    static R: OnceLock<Results> = OnceLock::new();
    R.get_or_init(|| analyse(Family::Logit, false))
}

fn ordinal() -> &'static Results {
    static R: OnceLock<Results> = OnceLock::new();
    R.get_or_init(|| analyse(Family::Ordinal, true))
}

fn texts_lines(range: &Range<Data>) -> String {
    texts(range, "\n")
}

/// Column A's text from `row` down, joined: a sentence written one line per row.
fn lines_from(range: &Range<Data>, row: u32, n: u32) -> String {
    (row..row + n)
        .filter_map(|r| match at(range, r, 0) {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The values of a labelled statistic: the cell right of `label`.
fn stat(range: &Range<Data>, label: &str) -> Data {
    let (row, col) = find(range, label);
    at(range, row, col + 1).clone()
}

#[test]
fn block_tests_are_a_table_of_numbers_with_their_sentences() {
    for results in [design_linear(), logistic(), ordinal()] {
        let (_d, _o, mut wb) = report(results);
        let model = sheet(&mut wb, "Model");
        let (heading, _) = find(&model, "Does each block add to the others?");
        let (header, _) = find_from(&model, "Explained without", heading);
        assert_eq!(at(&model, header, 0), &Data::String("Block".into()));
        for t in &results.block_tests {
            let (row, col) = find_from(&model, &t.block, header);
            assert_eq!(col, 0);
            assert_eq!(float(&model, row, 2), t.statistic, "{}", t.block);
            assert_eq!(float(&model, row, 3), t.df as f64);
            match t.df_denominator {
                Some(ddf) => assert_eq!(float(&model, row, 4), ddf),
                None => assert_eq!(at(&model, row, 4), &Data::Empty),
            }
            assert_eq!(float(&model, row, 5), t.p_value);
            assert_eq!(float(&model, row, 6), t.explained_without);
            assert_eq!(float(&model, row, 7), t.explained_with);
            assert_eq!(
                lines_from(&model, row + 1, 3).find(&t.text),
                Some(0),
                "{}",
                t.text
            );
        }
        // Prominent on the Summary too, one line per block, before the drivers.
        let summary = sheet(&mut wb, "Summary");
        let (section, _) = find(&summary, "Does each kind of experience add to the others?");
        assert!(section < find(&summary, "What goes with trust_council most clearly").0);
        for t in &results.block_tests {
            let (row, col) = find_from(&summary, &t.block, section);
            assert_eq!(at(&summary, row, col + 1), &Data::String(t.text.clone()));
        }
        // Each sentence once on the Summary, though the engine also made it a finding.
        let text = texts_lines(&summary);
        for t in &results.block_tests {
            assert_eq!(text.matches(&t.text).count(), 1, "{}", t.text);
        }
    }
}

#[test]
fn design_based_model_shows_the_design_and_t_tests() {
    let results = design_linear();
    let (_d, _o, mut wb) = report(results);
    let model = sheet(&mut wb, "Model");
    let (header, _) = find(&model, "Term");
    assert_eq!(at(&model, header, 4), &Data::String("t".into()));
    assert_eq!(
        at(&model, header, 8),
        &Data::Empty,
        "no odds ratios for OLS"
    );
    let d = results.model.design.as_ref().unwrap();
    assert_eq!(stat(&model, "Weight column"), Data::String("weight".into()));
    assert_eq!(stat(&model, "Cluster column"), Data::String("ward".into()));
    assert_eq!(
        stat(&model, "Primary sampling units"),
        Data::Float(d.n_psu as f64)
    );
    assert_eq!(
        stat(&model, "Design degrees of freedom"),
        Data::Float(d.df as f64)
    );
    assert_eq!(
        stat(&model, "Strata with one unit"),
        Data::Float(d.lonely_strata as f64)
    );
    assert_eq!(
        stat(&model, "Kish effective sample size"),
        Data::Float(d.kish_effective_n)
    );
    assert_eq!(
        stat(&model, "Weighting design effect"),
        Data::Float(d.weighting_design_effect)
    );
    assert_eq!(
        stat(&model, "Adjusted R²"),
        Data::Float(results.fit.adj_r_squared.unwrap())
    );
    let text = texts_lines(&model);
    assert!(
        text.contains(&results.model.variance) || text.contains("Design-based"),
        "{text}"
    );
    assert!(
        text.contains("t distribution with 2 degrees of freedom"),
        "{text}"
    );

    let method = sheet(&mut wb, "Method");
    assert_eq!(
        stat(&method, "Weight column"),
        Data::String("\"weight\"".into())
    );
    assert_eq!(
        stat(&method, "Cluster (PSU) column"),
        Data::String("\"ward\"".into())
    );
    assert_eq!(
        stat(&method, "Standard errors"),
        Data::String(results.model.variance.clone())
    );
    assert_eq!(
        stat(&method, "Model"),
        Data::String(results.model.family.clone())
    );
    let summary = sheet(&mut wb, "Summary");
    let Data::String(design) = stat(&summary, "Survey design") else {
        panic!("no design on the Summary");
    };
    assert!(
        design.starts_with("Weighted by \"weight\", 30 clusters from \"ward\""),
        "{design}"
    );
}

#[test]
fn logistic_model_shows_odds_ratios_marginal_effects_and_pseudo_r2() {
    let results = logistic();
    let (_d, _o, mut wb) = report(results);
    let model = sheet(&mut wb, "Model");
    let (header, _) = find(&model, "Term");
    assert_eq!(at(&model, header, 4), &Data::String("z".into()));
    for (col, h) in (8..).zip(["OR", "OR 95% low", "OR 95% high"]) {
        assert_eq!(at(&model, header, col), &Data::String(h.into()));
    }
    for c in &results.coefficients {
        let (row, _) = find_from(&model, &c.term, header);
        let or = c.odds_ratio.unwrap();
        let want = [
            c.estimate,
            c.std_error,
            c.statistic,
            c.p_value,
            c.conf_low,
            c.conf_high,
            or.estimate,
            or.conf_low,
            or.conf_high,
        ];
        for (col, want) in (2..).zip(want) {
            assert_eq!(float(&model, row, col), want, "{} column {col}", c.term);
        }
    }
    let (ame, _) = find(&model, "Average marginal effects");
    let (ame_header, _) = find_from(&model, "Change in probability", ame);
    assert_eq!(results.marginal_effects.len(), 27);
    for (row, m) in (ame_header + 1..).zip(&results.marginal_effects) {
        assert_eq!(at(&model, row, 0), &Data::String(m.term.clone()));
        let want = [
            m.estimate,
            m.std_error,
            m.statistic,
            m.p_value,
            m.conf_low,
            m.conf_high,
        ];
        for (col, want) in (2..).zip(want) {
            assert_eq!(float(&model, row, col), want, "{} column {col}", m.term);
        }
    }
    let ml = results.likelihood.as_ref().unwrap();
    let lr = ml.lr_test.unwrap();
    assert_eq!(
        stat(&model, "McFadden's pseudo-R²"),
        Data::Float(ml.mcfadden_r_squared)
    );
    assert_eq!(
        stat(&model, "Nagelkerke's R²"),
        Data::Float(ml.nagelkerke_r_squared.unwrap())
    );
    assert_eq!(
        stat(&model, &format!("Likelihood-ratio χ² ({})", lr.df)),
        Data::Float(lr.statistic)
    );
    assert_eq!(stat(&model, "p (LR test)"), Data::Float(lr.p_value));
    assert_eq!(
        stat(&model, "Iterations"),
        Data::Float(ml.iterations as f64)
    );
    assert_eq!(stat(&model, "Converged"), Data::String("Yes".into()));
    assert_eq!(
        stat(&model, "Largest score at the end"),
        Data::Float(ml.max_score)
    );
    assert_eq!(stat(&model, "Deviance"), Data::Float(ml.deviance));
    let text = texts_lines(&model);
    for absent in ["Adjusted R²", "Residual std. error (sigma)", "p (F test)"] {
        assert!(
            !text.contains(absent),
            "{absent} shown for a logistic model"
        );
    }
    assert!(text.contains("No sampling design was given"), "{text}");

    // The Summary's headline is the pseudo-R², not a share of variation.
    let summary = sheet(&mut wb, "Summary");
    assert_eq!(
        stat(&summary, "Pseudo-R² (McFadden)"),
        Data::Float(results.fit.r_squared)
    );
    let text = texts_lines(&summary);
    assert!(!text.contains("Variation explained"), "{text}");
    assert!(!text.contains("accounts for"), "{text}");
    assert!(text.contains("It is not a share of variation"), "{text}");
    let method = sheet(&mut wb, "Method");
    assert_eq!(
        stat(&method, "Answers counted as 1"),
        Data::String("A fair amount, A great deal".into())
    );
    assert_eq!(
        stat(&method, "Tests and intervals"),
        Data::String("Normal (z)".into())
    );
}

#[test]
fn ordinal_model_shows_cut_points_and_no_lr_test_under_weights() {
    let results = ordinal();
    let (_d, _o, mut wb) = report(results);
    let model = sheet(&mut wb, "Model");
    let (heading, _) = find(&model, "Cut-points");
    let (header, _) = find_from(&model, "Cut-point", heading + 1);
    assert_eq!(at(&model, header, 4), &Data::String("z".into()));
    assert_eq!(results.thresholds.len(), 3);
    for (row, c) in (header + 1..).zip(&results.thresholds) {
        assert_eq!(at(&model, row, 0), &Data::String(c.term.clone()));
        let want = [
            c.estimate,
            c.std_error,
            c.statistic,
            c.p_value,
            c.conf_low,
            c.conf_high,
        ];
        for (col, want) in (2..).zip(want) {
            assert_eq!(float(&model, row, col), want, "{} column {col}", c.term);
        }
    }
    for c in &results.coefficients {
        let (row, _) = find(&model, &c.term);
        assert_eq!(float(&model, row, 8), c.odds_ratio.unwrap().estimate);
    }
    assert_eq!(
        stat(&model, "Likelihood-ratio test"),
        Data::String("n/a".into())
    );
    assert!(!texts_lines(&model).contains("Nagelkerke"));
}

#[test]
fn descriptives_sheet_shows_every_rating_item_as_a_diverging_summary() {
    let results = design_linear();
    let d = &results.descriptives;
    let (_d, out, mut wb) = report(results);
    let desc = sheet(&mut wb, "Descriptives");
    let text = texts_lines(&desc);
    assert!(text.contains("weighted by the column \"weight\""), "{text}");
    assert!(
        text.contains("clustering by \"ward\" (30 clusters)"),
        "{text}"
    );
    assert!(text.contains("are outside every"), "{text}");

    let (group, _) = find(&desc, "Agreement (5-point): 11 questions");
    let header = group + 1;
    let items: Vec<_> = d
        .likert
        .iter()
        .filter(|l| l.scale == "Agreement (5-point)")
        .collect();
    assert_eq!(items.len(), 11);
    let labels: Vec<String> = (2..7)
        .map(|c| match at(&desc, header, c) {
            Data::String(s) => s.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(labels[0], "Strongly disagree");
    assert_eq!(labels[4], "Strongly agree");
    let dk_col = (0..20)
        .find(|&c| at(&desc, header, c) == &Data::String("Don't know (% of all)".into()))
        .expect("a Don't know column");
    for (row, l) in (header + 1..).zip(&items) {
        assert_eq!(at(&desc, row, 0), &Data::String(l.variable.clone()));
        assert_eq!(float(&desc, row, 1), l.n as f64);
        for (col, level) in (2..).zip(&l.levels) {
            assert_eq!(
                float(&desc, row, col),
                level.proportion + 0.0,
                "{}",
                l.variable
            );
        }
        assert_eq!(float(&desc, row, 7), l.top_two_box);
        assert_eq!(float(&desc, row, 8), l.bottom_two_box);
        let dk: f64 = l
            .missing
            .iter()
            .filter(|m| m.label == "Don't know")
            .map(|m| m.proportion_of_all)
            .sum();
        assert_eq!(float(&desc, row, dk_col), dk + 0.0);
    }

    // The chart data: negative answers negative, neutral split across 0, each row summing to
    // the positive minus the negative share.
    let (note, _) = find_from(&desc, "Question", header + 12);
    let chart_header = note;
    for (row, l) in (chart_header + 1..).zip(&items) {
        assert_eq!(at(&desc, row, 0), &Data::String(l.variable.clone()));
        let values: Vec<f64> = (1..7).map(|c| float(&desc, row, c)).collect();
        let neutral = l.levels[2].proportion;
        assert_eq!(values[0], -neutral / 2.0);
        assert_eq!(values[1], -l.levels[1].proportion);
        assert_eq!(values[2], -l.levels[0].proportion);
        assert_eq!(values[3], neutral / 2.0);
        assert_eq!(values[4], l.levels[3].proportion);
        assert_eq!(values[5], l.levels[4].proportion);
        let left: f64 = values[..3].iter().sum();
        assert!((left - l.levels[0].start).abs() < 1e-12, "{}", l.variable);
    }

    // A native stacked bar chart per scale, drawn from those cells.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let charts: Vec<String> = zip
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    assert_eq!(charts.len(), 2, "{charts:?}");
    let mut xml = String::new();
    zip.by_name("xl/charts/chart1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("<c:grouping val=\"stacked\"/>"));
    assert!(xml.contains("<c:barDir val=\"bar\"/>"));
    let first = chart_header + 2;
    let last = chart_header + 12;
    assert!(
        xml.contains(&format!("Descriptives!$A${first}:$A${last}")),
        "categories"
    );
    for col in ["B", "C", "D", "E", "F", "G"] {
        assert!(
            xml.contains(&format!("Descriptives!${col}${first}:${col}${last}")),
            "series from column {col}"
        );
    }
    for colour in ["D55E00", "E69F00", "BBBBBB", "56B4E9", "0072B2"] {
        assert!(xml.contains(colour), "Okabe–Ito {colour}");
    }
}

#[test]
fn descriptives_sheet_lists_weighted_percentages_means_and_crosstabs() {
    let results = design_linear();
    let d = &results.descriptives;
    let (_d, _o, mut wb) = report(results);
    let desc = sheet(&mut wb, "Descriptives");
    let (table, _) = find(&desc, "Every question: weighted percentages");
    let mut from = table;
    for v in d.variables.iter().filter(|v| !v.levels.is_empty()) {
        let (row, col) = find_from(&desc, &v.variable, from);
        assert_eq!(col, 0);
        assert_eq!(float(&desc, row, 1), v.n as f64);
        assert_eq!(float(&desc, row, 5), v.answered_of_all + 0.0);
        for (r, l) in (row + 1..).zip(&v.levels) {
            assert_eq!(
                at(&desc, r, 0),
                &Data::String(l.label.clone()),
                "{}",
                v.variable
            );
            assert_eq!(float(&desc, r, 1), l.n as f64);
            assert_eq!(float(&desc, r, 2), l.proportion.estimate + 0.0);
            assert_eq!(float(&desc, r, 3), l.proportion.conf_low.unwrap());
            assert_eq!(float(&desc, r, 4), l.proportion.conf_high.unwrap());
        }
        let mut r = row + 1 + v.levels.len() as u32;
        for m in &v.missing {
            assert_eq!(
                at(&desc, r, 0),
                &Data::String(format!("{} (not in the base)", m.label))
            );
            assert_eq!(float(&desc, r, 1), m.n as f64);
            assert_eq!(float(&desc, r, 5), m.proportion_of_all);
            r += 1;
        }
        from = r;
    }

    let (averages, _) = find(&desc, "Averages");
    let days = d
        .variables
        .iter()
        .find(|v| v.variable == "days_waited")
        .unwrap();
    let (row, _) = find_from(&desc, "days_waited", averages);
    let mean = days.mean.unwrap();
    assert_eq!(float(&desc, row, 1), days.n as f64);
    assert_eq!(float(&desc, row, 2), mean.estimate);
    assert_eq!(float(&desc, row, 3), mean.conf_low.unwrap());
    assert_eq!(float(&desc, row, 4), mean.conf_high.unwrap());
    assert_eq!(float(&desc, row, 5), mean.std_error);
    let kind = d.variables.iter().find(|v| v.variable == "kind").unwrap();
    let (row, _) = find_from(&desc, "kind (score, Agreement (5-point))", averages);
    assert_eq!(float(&desc, row, 2), kind.mean.unwrap().estimate);

    assert_eq!(d.crosstabs.len(), 3);
    for c in &d.crosstabs {
        let (title, _) = find(&desc, &format!("{} by {}", c.rows, c.columns));
        let (header, _) = find_from(&desc, &c.rows, title + 1);
        for (col, level) in (1..).zip(&c.column_levels) {
            assert_eq!(at(&desc, header, col), &Data::String(level.clone()));
        }
        for (row, (label, cells)) in (header + 1..).zip(c.row_levels.iter().zip(&c.cells)) {
            assert_eq!(at(&desc, row, 0), &Data::String(label.clone()));
            for (col, cell) in (1..).zip(cells) {
                assert_eq!(float(&desc, row, col), cell.row_share + 0.0);
            }
            let n: usize = cells.iter().map(|x| x.n).sum();
            assert_eq!(
                float(&desc, row, c.column_levels.len() as u32 + 1),
                n as f64
            );
        }
        let all = header + 1 + c.row_levels.len() as u32;
        assert_eq!(at(&desc, all, 0), &Data::String("All".into()));
        for (col, share) in (1..).zip(&c.column_shares) {
            assert_eq!(float(&desc, all, col), share + 0.0);
        }
        let chi = c.chi_squared.unwrap();
        let rs = c.rao_scott.unwrap();
        let (row, _) = find_from(&desc, "Pearson χ² (first-order corrected p)", all);
        assert_eq!(float(&desc, row, 1), chi.statistic);
        assert_eq!(float(&desc, row, 2), chi.df as f64);
        assert_eq!(float(&desc, row, 4), chi.p_value);
        assert_eq!(
            at(&desc, row + 1, 0),
            &Data::String("Rao–Scott F (design-corrected)".into())
        );
        assert_eq!(float(&desc, row + 1, 1), rs.statistic);
        assert_eq!(float(&desc, row + 1, 2), rs.numerator_df);
        assert_eq!(float(&desc, row + 1, 3), rs.denominator_df);
        assert_eq!(float(&desc, row + 1, 4), rs.p_value);
        assert!(lines_from(&desc, row + 2, 2).contains("R's svychisq"));
    }
}

/// Keep rendered copies for eyeballing (LibreOffice → PDF → PNG) when asked to.
#[test]
fn write_copies_for_inspection_when_asked() {
    let Some(dir) = std::env::var_os("RAPPORT_REPORT_SAMPLE_DIR") else {
        return;
    };
    let input = samples().join("riverside-2026.csv");
    for (name, results) in [
        ("riverside-design.xlsx", design_linear()),
        ("riverside-logit.xlsx", logistic()),
        ("riverside-ordinal.xlsx", ordinal()),
    ] {
        write_xlsx(results, &input, &Path::new(&dir).join(name)).unwrap();
    }
}

#[test]
fn raked_weights_are_described_on_the_method_sheet() {
    let mut spec = AnalysisSpec::load(&samples().join("riverside-trust.json")).unwrap();
    spec.data.file = "riverside-2026.csv".into();
    spec.data.sheet = None;
    spec.rake = Some(rapport_engine::spec::RakeSpec {
        margins: "riverside-margins.csv".into(),
        base_weight: Some("weight".into()),
        trim: None,
        max_iterations: None,
        tolerance: None,
        column_name: None,
    });
    let results = rapport_engine::analysis::run(&spec).unwrap();
    let w = results.weighting.as_ref().expect("a raking report");
    assert!(w.converged);
    assert_eq!(
        results.model.design.as_ref().unwrap().weight.as_deref(),
        Some("rake_weight")
    );
    let (_dir, _out, mut wb) = report(&results);
    let method = sheet(&mut wb, "Method");
    let (row, col) = find(&method, "Weighting");
    let Data::String(text) = at(&method, row, col + 1) else {
        panic!("the weighting row holds text");
    };
    assert!(
        text.contains("riverside-margins.csv") && text.contains("converged"),
        "{text}"
    );
    assert!(text.contains(&format!("{:.0}", w.weights.n_eff)), "{text}");
}
