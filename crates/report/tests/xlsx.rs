//! The Excel report read back with calamine: what a reader (or another program) opening the
//! file actually gets.

mod common;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use common::{FORMULA_LIKE, riverside};
use rapport_report::{ReportError, write_xlsx};
use std::path::{Path, PathBuf};

/// A temp folder holding a stand-in survey file, and a report path next to it.
struct Setup {
    dir: tempfile::TempDir,
    input: PathBuf,
    out: PathBuf,
}

const SURVEY_BYTES: &[u8] = b"PK\x03\x04 pretend this is the residents' survey";

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("riverside.xlsx");
    std::fs::write(&input, SURVEY_BYTES).unwrap();
    let out = dir.path().join("report.xlsx");
    Setup { dir, input, out }
}

fn written() -> (Setup, Xlsx<std::io::BufReader<std::fs::File>>) {
    let s = setup();
    write_xlsx(&riverside(), &s.input, &s.out).unwrap();
    let wb = open_workbook(&s.out).unwrap();
    (s, wb)
}

fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name).unwrap()
}

/// Absolute (row, col) of the first cell holding exactly `text`.
fn find(range: &Range<Data>, text: &str) -> (u32, u32) {
    range
        .cells()
        .find(|(_, _, v)| matches!(v, Data::String(s) if s == text))
        .map(|(r, c, _)| {
            let (r0, c0) = range.start().unwrap();
            (r0 + r as u32, c0 + c as u32)
        })
        .unwrap_or_else(|| panic!("no cell holds {text:?}"))
}

fn at(range: &Range<Data>, row: u32, col: u32) -> &Data {
    range.get_value((row, col)).unwrap_or(&Data::Empty)
}

fn all_text(range: &Range<Data>) -> Vec<String> {
    range
        .used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_five_sheets_exist_in_reading_order() {
    let (_s, wb) = written();
    assert_eq!(
        wb.sheet_names(),
        ["Summary", "Model", "Descriptives", "Variables", "Method"]
    );
}

#[test]
fn model_coefficients_are_numbers_equal_to_the_results() {
    let (_s, mut wb) = written();
    let model = sheet(&mut wb, "Model");
    let (header, _) = find(&model, "Term");
    let headers: Vec<&Data> = (0..8).map(|c| at(&model, header, c)).collect();
    let expected_headers = [
        "Term",
        "Block",
        "Estimate",
        "Std. error",
        "t",
        "p",
        "95% CI low",
        "95% CI high",
    ];
    for (got, want) in headers.iter().zip(expected_headers) {
        assert_eq!(*got, &Data::String(want.into()));
    }
    let results = riverside();
    for c in &results.coefficients {
        let (row, col) = find(&model, &c.term);
        assert_eq!(col, 0, "{} should be in the Term column", c.term);
        let numbers = [
            c.estimate,
            c.std_error,
            c.statistic,
            c.p_value,
            c.conf_low,
            c.conf_high,
        ];
        for (offset, want) in (2..).zip(numbers) {
            assert_eq!(
                at(&model, row, offset),
                &Data::Float(want),
                "{} column {offset}",
                c.term
            );
        }
        let block = c.block.clone().map_or(Data::Empty, Data::String);
        assert_eq!(at(&model, row, 1), &block);
    }
}

#[test]
fn tiny_p_values_stay_numbers_even_when_shown_as_below_0_001() {
    let (_s, mut wb) = written();
    let model = sheet(&mut wb, "Model");
    let (row, _) = find(&model, "Staff were kind");
    assert_eq!(at(&model, row, 5), &Data::Float(2.3e-13));
}

#[test]
fn aliased_terms_are_listed_not_dropped() {
    let (_s, mut wb) = written();
    let model = sheet(&mut wb, "Model");
    let (row, _) = find(&model, "Contacts needed");
    assert_eq!(
        at(&model, row, 1),
        &Data::String("Service performance".into())
    );
    assert_eq!(
        at(&model, row, 2),
        &Data::String("aliased (not estimable)".into())
    );
    assert_eq!(at(&model, row, 3), &Data::Empty);
}

#[test]
fn fit_statistics_and_dropped_rows_are_numbers() {
    let (_s, mut wb) = written();
    let model = sheet(&mut wb, "Model");
    let fit = riverside().fit;
    for (label, want) in [
        ("Respondents used (N)", 402.0),
        ("Left out", 28.0),
        ("R²", fit.r_squared),
        ("Adjusted R²", fit.adj_r_squared.unwrap()),
        ("Residual std. error (sigma)", fit.sigma.unwrap()),
        ("F (7, 394)", 39.56),
        ("p (F test)", 4.4e-41),
        ("Log-likelihood", fit.log_likelihood),
        ("AIC", fit.aic),
        ("BIC", fit.bic),
    ] {
        let (row, col) = find(&model, label);
        assert_eq!(at(&model, row, col + 1), &Data::Float(want), "{label}");
    }
    let (header, _) = find(&model, "Question");
    assert_eq!(
        at(&model, header + 1, 0),
        &Data::String("Staff were kind".into())
    );
    assert_eq!(
        at(&model, header + 1, 1),
        &Data::String("Don't know".into())
    );
    assert_eq!(at(&model, header + 1, 2), &Data::Float(11.0));
}

#[test]
fn formula_like_text_round_trips_as_text_on_every_sheet() {
    let (_s, mut wb) = written();
    for name in ["Model", "Descriptives", "Variables", "Summary", "Method"] {
        let range = sheet(&mut wb, name);
        let formulas = wb.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has a formula"
        );
        let mentions = all_text(&range).iter().any(|s| s.contains(FORMULA_LIKE));
        assert!(mentions, "{name} should show the column name as text");
    }
    let model = sheet(&mut wb, "Model");
    find(&model, FORMULA_LIKE);
    let variables = sheet(&mut wb, "Variables");
    let (row, col) = find(&variables, FORMULA_LIKE);
    assert_eq!(col, 0);
    assert_eq!(at(&variables, row, 1), &Data::String("E".into()));
}

#[test]
fn variables_sheet_lists_levels_in_order_with_scores_and_missing_by_reason() {
    let (_s, mut wb) = written();
    let variables = sheet(&mut wb, "Variables");
    let (row, _) = find(&variables, "Staff were kind");
    assert_eq!(
        at(&variables, row, 2),
        &Data::String("Agreement (5-point)".into())
    );
    let Data::String(levels) = at(&variables, row, 3) else {
        panic!("levels should be text");
    };
    assert_eq!(
        levels.lines().collect::<Vec<_>>(),
        [
            "1 = Strongly disagree: 20",
            "2 = Disagree: 35",
            "3 = Neither agree nor disagree: 80",
            "4 = Agree: 180",
            "5 = Strongly agree: 100",
        ]
    );
    let (header, dk_col) = find(&variables, "Don't know");
    assert_eq!(header, find(&variables, "Variable").0);
    assert_eq!(at(&variables, row, dk_col), &Data::Float(11.0));
    let (age, _) = find(&variables, "Age group");
    let (_, refused_col) = find(&variables, "Prefer not to say");
    assert_eq!(at(&variables, age, refused_col), &Data::Float(7.0));
    let (days, _) = find(&variables, "Days waited");
    let (_, examples_col) = find(&variables, "Examples of invalid cells");
    assert_eq!(at(&variables, days, examples_col - 1), &Data::Float(2.0));
    assert_eq!(
        at(&variables, days, examples_col),
        &Data::String("F12 (\"five\")\nF88 (\"-\")".into())
    );
}

const ALPHA_NOTE: &str = "Cronbach's alpha: how consistently the items measure one thing; \
                          0.70 or more is usually taken as acceptable.";

#[test]
fn variables_sheet_shows_each_composite_scale_and_its_reliability_as_numbers() {
    let (_s, mut wb) = written();
    let variables = sheet(&mut wb, "Variables");
    let (heading, _) = find(&variables, "Composite scales");
    assert!(
        heading > find(&variables, "Age group").0,
        "after the codebook"
    );
    assert_eq!(find(&variables, ALPHA_NOTE), (heading + 1, 0));
    let (header, _) = find(&variables, "Composite scale");
    let headers: Vec<&Data> = (0..7).map(|c| at(&variables, header, c)).collect();
    let expected_headers = [
        "Composite scale",
        "Items",
        "Minimum answered items",
        "Respondents scored",
        "Alpha (raw)",
        "Standardized alpha",
        "Answered every item",
    ];
    for (got, want) in headers.iter().zip(expected_headers) {
        assert_eq!(*got, &Data::String(want.into()));
    }
    for (row, c) in (header + 1..).zip(&riverside().composites) {
        let r = &c.reliability;
        assert_eq!(at(&variables, row, 0), &Data::String(c.name.clone()));
        let numbers = [
            c.items.len() as f64,
            c.min_valid as f64,
            c.n_scored as f64,
            r.alpha,
            r.alpha_standardized,
            r.n_complete as f64,
        ];
        for (col, want) in (1..).zip(numbers) {
            assert_eq!(
                at(&variables, row, col),
                &Data::Float(want),
                "{} column {col}",
                c.name
            );
        }

        let title = format!(
            "Items of {}, on the {} respondents who answered every item",
            c.name, r.n_complete
        );
        let (title_row, _) = find(&variables, &title);
        assert_eq!(
            at(&variables, title_row + 1, 3),
            &Data::String("Corrected item–total correlation".into())
        );
        for (row, item) in (title_row + 2..).zip(&r.items) {
            assert_eq!(at(&variables, row, 0), &Data::String(item.item.clone()));
            let shown = |x: Option<f64>| x.map_or(Data::String("n/a".into()), Data::Float);
            let cells = [
                Data::Float(item.mean),
                Data::Float(item.sd),
                shown(item.corrected_item_total),
                shown(item.alpha_if_deleted),
            ];
            for (col, want) in (1..).zip(&cells) {
                assert_eq!(at(&variables, row, col), want, "{} column {col}", item.item);
            }
        }
    }
    // The two-item scale: alpha without one item is undefined and says so.
    let (title_row, _) = find(
        &variables,
        "Items of Staff manner, on the 415 respondents who answered every item",
    );
    assert_eq!(
        at(&variables, title_row + 2, 4),
        &Data::String("n/a".into())
    );
    assert_eq!(at(&variables, title_row + 2, 3), &Data::Float(0.7));
}

#[test]
fn without_composite_scales_no_section_or_alpha_is_written() {
    let s = setup();
    let mut results = riverside();
    results.composites.clear();
    write_xlsx(&results, &s.input, &s.out).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&s.out).unwrap();
    for name in ["Variables", "Summary"] {
        let text = all_text(&sheet(&mut wb, name)).join("\n");
        assert!(!text.contains("Composite"), "{name}: {text}");
        assert!(!text.contains("alpha"), "{name}: {text}");
    }
}

#[test]
fn summary_reads_as_plain_language() {
    let (_s, mut wb) = written();
    let summary = sheet(&mut wb, "Summary");
    assert_eq!(
        at(&summary, 0, 0),
        &Data::String("What drives trust in Riverside Council?".into())
    );
    let (row, col) = find(&summary, "Variation explained (R²)");
    assert_eq!(at(&summary, row, col + 1), &Data::Float(0.4127));
    let text = all_text(&summary).join("\n");
    assert!(
        text.contains("accounts for 41% of the variation in Trust in the council"),
        "{text}"
    );
    // The engine's sentence for each role is used, even where the engine ranks terms
    // differently from |t| (Resolved first time, by standardized effect).
    let (row, col) = find(&summary, "Relationships");
    let Data::String(relational) = at(&summary, row, col + 1) else {
        panic!("no sentence for relationships");
    };
    assert!(
        relational.starts_with(
            "Among relationships, the strongest association is with \"Staff were kind\""
        ),
        "{relational}"
    );
    let (row, col) = find(&summary, "Service performance");
    let Data::String(performance) = at(&summary, row, col + 1) else {
        panic!("no sentence for service performance");
    };
    assert!(
        performance.contains("with \"Resolved first time\""),
        "{performance}"
    );
    // The other findings follow, each once.
    assert!(
        text.contains("Together the predictors account for 41%"),
        "{text}"
    );
    assert_eq!(text.matches("Among relationships").count(), 1, "{text}");
    assert!(text.contains("VIF 5.4"), "warnings should be listed");
    let (row, col) = find(&summary, "Composite scale");
    assert_eq!(
        at(&summary, row, col + 1),
        &Data::String(
            "Relational index: 3 items, Cronbach's alpha 0.81 (the Variables sheet has the \
             details)"
                .into()
        )
    );
    assert!(
        text.contains(&format!("• {ALPHA_NOTE}")),
        "alpha should be explained: {text}"
    );
}

#[test]
fn summary_uses_the_engine_sentence_that_no_term_of_a_block_is_clear() {
    let s = setup();
    let mut results = riverside();
    let none = "None of the service performance predictors is distinguishable from zero at the \
                5% level once the others are taken into account.";
    results.findings[2].text = none.into();
    write_xlsx(&results, &s.input, &s.out).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&s.out).unwrap();
    let summary = sheet(&mut wb, "Summary");
    let (row, col) = find(&summary, "Service performance");
    assert_eq!(at(&summary, row, col + 1), &Data::String(none.into()));
}

#[test]
fn method_sheet_records_the_input_time_and_a_spec_that_parses_back() {
    let (_s, mut wb) = written();
    let method = sheet(&mut wb, "Method");
    let results = riverside();
    let (row, col) = find(&method, "SHA-256 of the file");
    assert_eq!(
        at(&method, row, col + 1),
        &Data::String(results.input.sha256.clone())
    );
    let (row, col) = find(&method, "Report generated (UTC)");
    let Data::String(stamp) = at(&method, row, col + 1) else {
        panic!("no timestamp");
    };
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H:%M:%SZ")
        .unwrap_or_else(|e| panic!("{stamp} is not ISO 8601 UTC: {e}"));
    let (first, _) = find(&method, "{");
    let json: String = (first..method.end().unwrap().0 + 1)
        .map(|r| match at(&method, r, 0) {
            Data::String(s) => s.clone(),
            _ => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let spec: rapport_engine::spec::AnalysisSpec = serde_json::from_str(&json).unwrap();
    assert_eq!(spec, results.spec);
}

#[test]
fn values_the_statistics_could_not_produce_are_shown_not_fatal() {
    let s = setup();
    let mut results = riverside();
    results.coefficients[1].p_value = f64::NAN;
    results.fit.f_statistic = None;
    results.fit.sigma = Some(f64::INFINITY);
    write_xlsx(&results, &s.input, &s.out).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&s.out).unwrap();
    let model = sheet(&mut wb, "Model");
    let (row, _) = find(&model, "Staff were kind");
    assert_eq!(at(&model, row, 5), &Data::String("n/a".into()));
    let (row, col) = find(&model, "Residual std. error (sigma)");
    assert_eq!(at(&model, row, col + 1), &Data::String("n/a".into()));
}

fn assert_input_untouched(s: &Setup) {
    assert_eq!(std::fs::read(&s.input).unwrap(), SURVEY_BYTES);
}

#[test]
fn writing_over_the_input_is_refused_however_it_is_spelled() {
    let s = setup();
    let sub = s.dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    for out in [
        s.input.clone(),
        s.dir.path().join(".").join("riverside.xlsx"),
        sub.join("..").join("riverside.xlsx"),
    ] {
        let err = write_xlsx(&riverside(), &s.input, &out).unwrap_err();
        assert!(matches!(err, ReportError::OverwritesInput { .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.contains("would overwrite the survey file"),
            "{message}"
        );
        assert!(message.contains("riverside.xlsx"), "{message}");
        assert!(message.contains("choose another name"), "{message}");
        assert_input_untouched(&s);
    }
}

#[cfg(unix)]
#[test]
fn writing_over_the_input_through_a_link_is_refused() {
    let s = setup();
    let symlink = s.dir.path().join("shortcut.xlsx");
    std::os::unix::fs::symlink(&s.input, &symlink).unwrap();
    let err = write_xlsx(&riverside(), &s.input, &symlink).unwrap_err();
    assert!(matches!(err, ReportError::OverwritesInput { .. }), "{err}");

    let hard = s.dir.path().join("hard.xlsx");
    std::fs::hard_link(&s.input, &hard).unwrap();
    let err = write_xlsx(&riverside(), &s.input, &hard).unwrap_err();
    assert!(matches!(err, ReportError::SameFileAsInput { .. }), "{err}");
    assert!(err.to_string().contains("same file"), "{err}");
    assert_input_untouched(&s);
    assert_eq!(std::fs::read(&hard).unwrap(), SURVEY_BYTES);
}

#[test]
fn an_existing_report_is_replaced_and_no_temporary_file_is_left() {
    let s = setup();
    std::fs::write(&s.out, b"last month's report").unwrap();
    write_xlsx(&riverside(), &s.input, &s.out).unwrap();
    let wb: Xlsx<_> = open_workbook(&s.out).unwrap();
    assert_eq!(wb.sheet_names().len(), 5);
    let mut names: Vec<String> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["report.xlsx", "riverside.xlsx"]);
    assert_input_untouched(&s);
}

#[test]
fn a_missing_folder_gives_a_clear_error_and_creates_nothing() {
    let s = setup();
    let folder = s.dir.path().join("no such folder");
    let err = write_xlsx(&riverside(), &s.input, &folder.join("report.xlsx")).unwrap_err();
    assert!(matches!(err, ReportError::NoSuchFolder { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("no such folder"), "{message}");
    assert!(message.contains("Create the folder first"), "{message}");
    assert!(!folder.exists());

    // A file where the folder should be.
    let err = write_xlsx(&riverside(), &s.input, &s.input.join("report.xlsx")).unwrap_err();
    assert!(matches!(err, ReportError::NoSuchFolder { .. }), "{err}");
    assert_input_untouched(&s);
}

#[test]
fn a_folder_or_a_non_xlsx_name_is_refused() {
    let s = setup();
    let folder = s.dir.path().join("reports.xlsx");
    std::fs::create_dir(&folder).unwrap();
    let err = write_xlsx(&riverside(), &s.input, &folder).unwrap_err();
    assert!(matches!(err, ReportError::OutIsFolder { .. }), "{err}");

    let csv = s.dir.path().join("report.csv");
    let err = write_xlsx(&riverside(), &s.input, &csv).unwrap_err();
    assert!(matches!(err, ReportError::WrongExtension { .. }), "{err}");
    assert!(err.to_string().contains("ending in .xlsx"), "{err}");
    assert!(!csv.exists());
}

#[cfg(unix)]
#[test]
fn an_unwritable_folder_gives_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let s = setup();
    let locked = s.dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores folder permissions; the check is only meaningful for ordinary users.
    if std::fs::write(locked.join("probe"), b"").is_ok() {
        return;
    }
    let err = write_xlsx(&riverside(), &s.input, &locked.join("report.xlsx")).unwrap_err();
    assert!(matches!(err, ReportError::Write { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("Could not save the report"), "{message}");
    assert!(message.contains("ermission denied"), "{message}");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Keep a rendered copy for eyeballing (LibreOffice → PDF → PNG) when asked to.
#[test]
fn write_a_copy_for_inspection_when_asked() {
    let Some(dir) = std::env::var_os("RAPPORT_REPORT_SAMPLE_DIR") else {
        return;
    };
    let s = setup();
    let out = Path::new(&dir).join("riverside-report.xlsx");
    write_xlsx(&riverside(), &s.input, &out).unwrap();
}

#[test]
fn summary_without_a_title_or_relational_terms_still_reads_well() {
    let s = setup();
    let mut results = riverside();
    results.spec.title = None;
    let relational = Some(rapport_engine::spec::BlockRole::Relational);
    results.coefficients.retain(|c| c.role != relational);
    results.findings.retain(|f| f.role != relational);
    write_xlsx(&results, &s.input, &s.out).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&s.out).unwrap();
    let summary = sheet(&mut wb, "Summary");
    assert_eq!(
        at(&summary, 0, 0),
        &Data::String("What drives Trust in the council?".into())
    );
    let (row, col) = find(&summary, "Relationships");
    assert_eq!(
        at(&summary, row, col + 1),
        &Data::String("The model includes no questions about relationships with staff.".into())
    );
    // The engine's sentence for the other block is still placed beside it.
    let (row, col) = find(&summary, "Service performance");
    let Data::String(sentence) = at(&summary, row, col + 1) else {
        panic!("no sentence for service performance");
    };
    assert!(
        sentence.contains("with \"Resolved first time\""),
        "{sentence}"
    );
}

#[test]
fn descriptives_of_the_hand_made_results_read_back_as_numbers_and_text() {
    let (_s, mut wb) = written();
    let desc = sheet(&mut wb, "Descriptives");
    let d = common::descriptives();
    let (group, _) = find(&desc, "Agreement (5-point): 1 question");
    let l = &d.likert[0];
    assert_eq!(at(&desc, group + 2, 0), &Data::String(FORMULA_LIKE.into()));
    for (col, level) in (2..).zip(&l.levels) {
        assert_eq!(at(&desc, group + 2, col), &Data::Float(level.proportion));
    }
    // Stray cells are counted apart from the missing answers.
    let (row, _) = find(&desc, "Invalid cells (not in the base)");
    assert_eq!(at(&desc, row, 1), &Data::Float(2.0));
    assert_eq!(at(&desc, row, 6), &Data::Float(0.005));
    let (days, _) = find(&desc, "Days waited");
    assert_eq!(at(&desc, days, 2), &Data::Float(18.57));
    assert_eq!(
        at(&desc, days + 1, 0),
        &Data::String("Blank (not in the base)".into())
    );
    assert_eq!(at(&desc, days + 1, 6), &Data::Float(0.016));
    // A crosstab level that starts like a formula stays text.
    let (header, col) = find(&desc, "@home");
    assert_eq!(at(&desc, header, col - 1), &Data::String("16-34".into()));
    assert_eq!(at(&desc, header + 1, col), &Data::Float(0.25));
}
