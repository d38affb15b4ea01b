//! Deterministic generator of Rapport's synthetic sample survey: the *Riverside Borough
//! Council residents' survey 2026*.
//!
//! The data are drawn from a documented model, so an analysis of the sample can be checked
//! against the truth (see `samples/README.md`, which mirrors the constants below):
//!
//! 1. Two latent factors per respondent: relational experience `R ~ N(0, 1)` and
//!    transactional performance `T = ρ·R + √(1−ρ²)·v`, `v ~ N(0, 1)`, with
//!    `ρ =` [`FACTOR_CORRELATION`].
//! 2. Each item has a latent response `y = λ·F + √(1−λ²)·u`, `u ~ N(0, 1)`, where `F` is
//!    `R` for [`RELATIONAL`] items and `T` for [`TRANSACTIONAL`] ones and `λ` is the item's
//!    `loading`. Agreement items are `y + shift` cut at [`AGREEMENT_CUTS`]; yes/no items are
//!    "Yes" when `y + shift > 0`; days waited is `round(median_days · exp(−0.7·y))` with the
//!    median set by the service used ([`SERVICES`]), so a better latent experience means a
//!    shorter wait.
//! 3. Latent trust `trust* = Σ trust_effect·y (all 13 items) + Σ category trust_effect
//!    (age, sex, tenure, deprivation) + ε`, `ε ~ N(0,` [`TRUST_NOISE_SD`]`)`, cut at
//!    [`TRUST_CUTS`] into the 4-point trust scale. The `trust_effect`s are the *true effects*
//!    on latent trust, per standard deviation of the item's latent response.
//! 4. Satisfaction (0–10) is `round(6 + 1.5·(0.7·trust* + 0.7·w))`, `w ~ N(0, 1)`, clamped.
//! 5. The achieved sample over-represents older owner occupiers, as resident surveys do;
//!    the design weight is the product of the age and tenure `weight_factor`s times a
//!    small log-normal jitter, scaled to mean 1.
//!
//! "Don't know" answers and blanks are drawn independently per item at the item's rates.
//! Every row consumes the same number of random draws, so the first rows of a large
//! survey equal a small survey drawn with the same seed (weights apart, which are
//! normalised over the whole survey).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::borrow::Cow;
use std::io;
use std::path::Path;

/// Seed of the bundled sample; changing it changes every sample file and reference fixture.
pub const SAMPLE_SEED: u64 = 20_260_302;
/// Respondents in the bundled sample.
pub const SAMPLE_ROWS: usize = 1_200;

/// Header of the data sheet, in sheet order: the 24 analysis columns, then four
/// administrative columns (contact channel and date, interview mode, free-text comment)
/// that make the sheet as wide (28) as the benchmark needs and exercise date and text
/// detection.
pub const COLUMNS: [&str; 28] = [
    "respondent_id",
    "ward",
    "age_band",
    "sex",
    "tenure",
    "imd_quintile",
    "disability",
    "service_used",
    "kind",
    "listened",
    "respect",
    "time_for_me",
    "understood_situation",
    "kept_informed",
    "same_person",
    "felt_understood",
    "resolved_first_time",
    "days_waited",
    "forms_easy",
    "cost_fair",
    "rules_clear",
    "trust_council",
    "satisfaction",
    "weight",
    "contact_channel",
    "contact_date",
    "interview_mode",
    "comment",
];

/// The 5-point agreement scale, most negative first.
pub const AGREEMENT: [&str; 5] = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];
/// The 4-point trust scale, most negative first.
pub const TRUST: [&str; 4] = [
    "Not at all",
    "Not very much",
    "A fair amount",
    "A great deal",
];
/// Yes/no, scored No = 1, Yes = 2 by the engine.
pub const YES_NO: [&str; 2] = ["No", "Yes"];
/// Non-substantive answer used throughout.
pub const DONT_KNOW: &str = "Don't know";
/// Non-substantive answer for the sensitive disability and sex questions.
pub const PREFER_NOT_TO_SAY: &str = "Prefer not to say";

/// Cut points on `latent + shift` for the agreement scale: below the first is "Strongly
/// disagree", above the last "Strongly agree".
pub const AGREEMENT_CUTS: [f64; 4] = [-1.5, -0.7, 0.0, 0.8];
/// Cut points on latent trust for "Not at all" | "Not very much" | "A fair amount" |
/// "A great deal".
pub const TRUST_CUTS: [f64; 3] = [-1.0, -0.1, 1.1];
/// Correlation of the relational and transactional factors.
pub const FACTOR_CORRELATION: f64 = 0.4;
/// Standard deviation of the unexplained part of latent trust.
pub const TRUST_NOISE_SD: f64 = 0.75;

/// How an item's latent response becomes an answer in the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// 5-point agreement label.
    Agreement,
    /// "Yes" / "No".
    YesNo,
    /// Whole days waited (a number).
    Days,
}

/// One survey item and its part in the data-generating model.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub column: &'static str,
    pub response: Response,
    /// Loading `λ` of the item's latent response on its factor.
    pub loading: f64,
    /// Added to the latent response before cutting: positive means answers lean positive.
    pub shift: f64,
    /// True effect on latent trust per SD of the item's latent response.
    pub trust_effect: f64,
    /// Share answering "Don't know".
    pub dont_know: f64,
    /// Share left blank.
    pub blank: f64,
}

const fn agreement(column: &'static str, loading: f64, shift: f64, effect: f64, dk: f64) -> Item {
    Item {
        column,
        response: Response::Agreement,
        loading,
        shift,
        trust_effect: effect,
        dont_know: dk,
        blank: 0.004,
    }
}

/// The eight relational items. `understood_situation` has no direct effect on trust: an
/// analysis should find it indistinguishable from zero once the other items are held fixed.
pub const RELATIONAL: [Item; 8] = [
    agreement("kind", 0.80, 0.45, 0.10, 0.015),
    agreement("listened", 0.82, 0.25, 0.25, 0.020),
    agreement("respect", 0.78, 0.40, 0.15, 0.015),
    agreement("time_for_me", 0.72, 0.05, 0.10, 0.020),
    agreement("understood_situation", 0.75, 0.10, 0.00, 0.025),
    agreement("kept_informed", 0.65, -0.15, 0.10, 0.030),
    agreement("same_person", 0.45, -0.30, 0.10, 0.050),
    agreement("felt_understood", 0.80, 0.15, 0.20, 0.020),
];

/// The five transactional items.
pub const TRANSACTIONAL: [Item; 5] = [
    Item {
        column: "resolved_first_time",
        response: Response::YesNo,
        loading: 0.70,
        shift: 0.30,
        trust_effect: 0.15,
        dont_know: 0.030,
        blank: 0.004,
    },
    Item {
        column: "days_waited",
        response: Response::Days,
        loading: 0.60,
        shift: 0.0,
        trust_effect: 0.10,
        dont_know: 0.030,
        blank: 0.015,
    },
    agreement("forms_easy", 0.55, 0.10, 0.05, 0.045),
    agreement("cost_fair", 0.50, -0.20, 0.10, 0.040),
    agreement("rules_clear", 0.60, 0.00, 0.05, 0.025),
];

/// A respondent characteristic's level: share of the achieved sample, true effect on
/// latent trust, and design-weight factor (population share over sample share).
#[derive(Debug, Clone, Copy)]
pub struct Category {
    pub label: &'static str,
    pub share: f64,
    pub trust_effect: f64,
    pub weight_factor: f64,
}

const fn cat(label: &'static str, share: f64, trust_effect: f64, weight_factor: f64) -> Category {
    Category {
        label,
        share,
        trust_effect,
        weight_factor,
    }
}

/// Age bands; 45-54 is the clear modal band (the engine's reference level).
pub const AGE_BANDS: [Category; 7] = [
    cat("16-24", 0.07, 0.00, 2.00),
    cat("25-34", 0.12, -0.05, 1.40),
    cat("35-44", 0.15, -0.10, 1.10),
    cat("45-54", 0.22, -0.05, 0.75),
    cat("55-64", 0.17, 0.05, 0.85),
    cat("65-74", 0.15, 0.15, 0.80),
    cat("75+", 0.12, 0.20, 0.85),
];
/// Sex; "Prefer not to say" is a missing answer.
pub const SEXES: [Category; 3] = [
    cat("Female", 0.55, 0.00, 1.0),
    cat("Male", 0.44, -0.05, 1.0),
    cat(PREFER_NOT_TO_SAY, 0.01, 0.00, 1.0),
];
/// Housing tenure.
pub const TENURES: [Category; 4] = [
    cat("Owner occupier", 0.58, 0.00, 0.85),
    cat("Private renter", 0.18, -0.15, 1.45),
    cat("Council or housing association tenant", 0.20, -0.05, 1.05),
    cat("Other", 0.04, 0.00, 1.00),
];
/// Deprivation quintile (1 = most deprived), written as the numbers 1–5.
pub const IMD_QUINTILES: [Category; 5] = [
    cat("1", 0.27, 0.00, 1.0),
    cat("2", 0.22, 0.04, 1.0),
    cat("3", 0.20, 0.08, 1.0),
    cat("4", 0.17, 0.12, 1.0),
    cat("5", 0.14, 0.16, 1.0),
];

/// A council service and the median wait for it.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    pub label: &'static str,
    pub share: f64,
    pub median_days: f64,
}

/// Services respondents last contacted the council about.
pub const SERVICES: [Service; 7] = [
    Service {
        label: "Waste and recycling",
        share: 0.26,
        median_days: 5.0,
    },
    Service {
        label: "Council tax",
        share: 0.20,
        median_days: 7.0,
    },
    Service {
        label: "Housing",
        share: 0.18,
        median_days: 21.0,
    },
    Service {
        label: "Parking",
        share: 0.14,
        median_days: 10.0,
    },
    Service {
        label: "Adult social care",
        share: 0.10,
        median_days: 28.0,
    },
    Service {
        label: "Planning",
        share: 0.07,
        median_days: 42.0,
    },
    Service {
        label: "Benefits",
        share: 0.05,
        median_days: 14.0,
    },
];

/// The borough's 30 wards, drawn with equal probability.
pub const WARDS: [&str; 30] = [
    "Abbey",
    "Brookside",
    "Castle",
    "Cathedral",
    "Chapel End",
    "Cliftonville",
    "Darley",
    "Eastfield",
    "Fairmead",
    "Greenhill",
    "Harbour",
    "Highfield",
    "Hillside",
    "Kingsmead",
    "Lakeside",
    "Marsh",
    "Meadowbank",
    "Millbrook",
    "Northgate",
    "Oakwood",
    "Orchard",
    "Parkside",
    "Priory",
    "Queensway",
    "Riverside Central",
    "St Anne's",
    "Southfield",
    "Victoria",
    "Westbury",
    "Woodlands",
];

const DISABILITY: [(&str, f64); 3] = [("No", 0.73), ("Yes", 0.22), (PREFER_NOT_TO_SAY, 0.05)];
const CHANNELS: [(&str, f64); 4] = [
    ("Phone", 0.42),
    ("Online", 0.33),
    ("In person", 0.17),
    ("Email", 0.08),
];
const MODES: [(&str, f64); 2] = [("Online", 0.62), ("Telephone", 0.38)];
/// Share of respondents who leave a comment.
const COMMENT_RATE: f64 = 0.25;
const PRAISE: [&str; 6] = [
    "The officer was really kind",
    "Staff listened and took me seriously",
    "I was treated with respect",
    "The person on the phone had time for me",
    "They explained everything clearly",
    "I spoke to the same person each time",
];
const COMPLAINT: [&str; 6] = [
    "Nobody called me back",
    "I had to explain my situation three times",
    "Staff seemed rushed",
    "I felt like a number",
    "The letter was confusing",
    "I was passed between departments",
];
const DETAIL: [&str; 6] = [
    ", which made a difference.",
    ", but it took too long.",
    ". The website kept crashing, though.",
    ", and I said \"thank you\" twice.",
    " - not what I expected from the council.",
    ".",
];
/// Contact dates fall in the four months before fieldwork, from 1 October 2025.
const CONTACT_START: (u16, u8, u8) = (2025, 10, 1);
const CONTACT_DAYS: u32 = 123;

/// A cell of the generated survey.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Blank,
    Text(Cow<'static, str>),
    Number(f64),
    /// A calendar date (year, month, day).
    Date(u16, u8, u8),
}

impl Value {
    fn label(text: &'static str) -> Value {
        Value::Text(Cow::Borrowed(text))
    }
}

/// A generated survey: title lines as a contractor writes them above the header, the
/// header, and rows of cells in [`COLUMNS`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    pub title: String,
    pub note: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

/// The bundled sample: [`SAMPLE_ROWS`] respondents drawn with [`SAMPLE_SEED`].
pub fn sample() -> Survey {
    generate(SAMPLE_ROWS, SAMPLE_SEED)
}

/// Draw a survey of `n_rows` respondents from the documented model with a fixed seed.
pub fn generate(n_rows: usize, seed: u64) -> Survey {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut rows = Vec::with_capacity(n_rows);
    let mut weights = Vec::with_capacity(n_rows);
    for i in 0..n_rows {
        let (row, weight) = respondent(&mut rng, i);
        rows.push(row);
        weights.push(weight);
    }
    let mean = weights.iter().sum::<f64>() / n_rows.max(1) as f64;
    let weight_col = column_index("weight");
    for (row, w) in rows.iter_mut().zip(&weights) {
        row[weight_col] = Value::Number(round_to(w / mean, 4));
    }
    Survey {
        title: "Riverside Borough Council residents' survey 2026 (synthetic data)".into(),
        note: format!(
            "Base: all respondents (n = {n_rows}). Fieldwork 12 January to 27 February 2026. \
             Synthetic data generated by Rapport for training; no real residents."
        ),
        columns: COLUMNS.to_vec(),
        rows,
    }
}

/// Position of a column in [`COLUMNS`]; the names are compile-time constants, so a miss is
/// a programming error.
fn column_index(name: &str) -> usize {
    COLUMNS
        .iter()
        .position(|c| *c == name)
        .unwrap_or_else(|| panic!("{name} is not in COLUMNS"))
}

/// One respondent's row (weight cell left blank) and unnormalised design weight.
fn respondent(rng: &mut ChaCha8Rng, index: usize) -> (Vec<Value>, f64) {
    let ward = WARDS[rng.random_range(0..WARDS.len())];
    let age = &AGE_BANDS[pick(rng, AGE_BANDS.iter().map(|c| c.share))];
    let sex = &SEXES[pick(rng, SEXES.iter().map(|c| c.share))];
    let tenure = &TENURES[pick(rng, TENURES.iter().map(|c| c.share))];
    let imd_index = pick(rng, IMD_QUINTILES.iter().map(|c| c.share));
    let imd = &IMD_QUINTILES[imd_index];
    let disability = DISABILITY[pick(rng, DISABILITY.iter().map(|d| d.1))].0;
    let service = &SERVICES[pick(rng, SERVICES.iter().map(|s| s.share))];

    let relational: f64 = rng.sample(StandardNormal);
    let v: f64 = rng.sample(StandardNormal);
    let transactional =
        FACTOR_CORRELATION * relational + (1.0 - FACTOR_CORRELATION.powi(2)).sqrt() * v;

    let mut trust_star =
        age.trust_effect + sex.trust_effect + tenure.trust_effect + imd.trust_effect;
    let mut answers = Vec::with_capacity(RELATIONAL.len() + TRANSACTIONAL.len());
    for (items, factor) in [
        (&RELATIONAL[..], relational),
        (&TRANSACTIONAL[..], transactional),
    ] {
        for item in items.iter() {
            let u: f64 = rng.sample(StandardNormal);
            let y = item.loading * factor + (1.0 - item.loading.powi(2)).sqrt() * u;
            trust_star += item.trust_effect * y;
            let answer = match item.response {
                Response::Agreement => {
                    Value::label(AGREEMENT[cut(y + item.shift, &AGREEMENT_CUTS)])
                }
                Response::YesNo => Value::label(YES_NO[usize::from(y + item.shift > 0.0)]),
                Response::Days => Value::Number((service.median_days * (-0.7 * y).exp()).round()),
            };
            answers.push(non_substantive(rng, item.dont_know, item.blank).unwrap_or(answer));
        }
    }
    let e: f64 = rng.sample(StandardNormal);
    trust_star += TRUST_NOISE_SD * e;
    let trust = non_substantive(rng, 0.030, 0.005)
        .unwrap_or_else(|| Value::label(TRUST[cut(trust_star, &TRUST_CUTS)]));
    let w: f64 = rng.sample(StandardNormal);
    let satisfaction = non_substantive(rng, 0.015, 0.008).unwrap_or_else(|| {
        let score = (6.0 + 1.5 * (0.7 * trust_star + 0.7 * w)).round() as i32;
        // Through an integer, so a rounded -0.4 is written "0", not "-0".
        Value::Number(f64::from(score.clamp(0, 10)))
    });
    let jitter: f64 = rng.sample(StandardNormal);
    let weight = age.weight_factor * tenure.weight_factor * (0.1 * jitter).exp();

    let channel = CHANNELS[pick(rng, CHANNELS.iter().map(|c| c.1))].0;
    let date = add_days(CONTACT_START, rng.random_range(0..CONTACT_DAYS));
    let mode = MODES[pick(rng, MODES.iter().map(|m| m.1))].0;
    let comment = comment(rng, relational);

    let mut row = Vec::with_capacity(COLUMNS.len());
    row.push(Value::Text(Cow::Owned(format!("RBC26-{:06}", index + 1))));
    row.push(Value::label(ward));
    row.push(Value::label(age.label));
    row.push(Value::label(sex.label));
    row.push(Value::label(tenure.label));
    row.push(Value::Number((imd_index + 1) as f64));
    row.push(Value::label(disability));
    row.push(Value::label(service.label));
    row.extend(answers);
    row.push(trust);
    row.push(satisfaction);
    row.push(Value::Blank);
    row.push(Value::label(channel));
    row.push(Value::Date(date.0, date.1, date.2));
    row.push(Value::label(mode));
    row.push(comment);
    debug_assert_eq!(row.len(), COLUMNS.len());
    (row, weight)
}

/// "Don't know" or a blank at the given rates, else `None`. Always one draw, so rows stay
/// aligned across item settings.
fn non_substantive(rng: &mut ChaCha8Rng, dont_know: f64, blank: f64) -> Option<Value> {
    let u: f64 = rng.random();
    if u < dont_know {
        Some(Value::label(DONT_KNOW))
    } else if u < dont_know + blank {
        Some(Value::Blank)
    } else {
        None
    }
}

/// A free-text comment whose tone follows the respondent's relational experience, or a
/// blank. Always three draws.
fn comment(rng: &mut ChaCha8Rng, relational: f64) -> Value {
    let leave: f64 = rng.random();
    let opening = rng.random_range(0..PRAISE.len());
    let detail = rng.random_range(0..DETAIL.len());
    if leave >= COMMENT_RATE {
        return Value::Blank;
    }
    let opening = if relational > 0.0 {
        PRAISE[opening]
    } else {
        COMPLAINT[opening]
    };
    Value::Text(Cow::Owned(format!("{opening}{}", DETAIL[detail])))
}

/// Index drawn with probability proportional to the weights.
fn pick(rng: &mut ChaCha8Rng, weights: impl Iterator<Item = f64> + Clone) -> usize {
    let total: f64 = weights.clone().sum();
    let mut u = rng.random::<f64>() * total;
    let mut last = 0;
    for (i, w) in weights.enumerate() {
        if u < w {
            return i;
        }
        u -= w;
        last = i;
    }
    last
}

/// Category index of `x` given ascending cut points: 0 below the first cut.
fn cut(x: f64, cuts: &[f64]) -> usize {
    cuts.iter().take_while(|&&c| x > c).count()
}

fn round_to(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

/// The calendar date `days` after `start`.
fn add_days(start: (u16, u8, u8), days: u32) -> (u16, u8, u8) {
    let (mut y, mut m, mut d) = start;
    for _ in 0..days {
        if d < days_in_month(y, m) {
            d += 1;
        } else if m < 12 {
            (m, d) = (m + 1, 1);
        } else {
            (y, m, d) = (y + 1, 1, 1);
        }
    }
    (y, m, d)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Write the survey as UTF-8 CSV: header on line 1, no title rows, dates as ISO 8601.
pub fn write_csv<W: io::Write>(out: W, survey: &Survey) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&survey.columns)?;
    for row in &survey.rows {
        writer.write_record(row.iter().map(|v| match v {
            Value::Blank => String::new(),
            Value::Text(t) => t.to_string(),
            Value::Number(x) => x.to_string(),
            Value::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
        }))?;
    }
    writer.flush()?;
    Ok(())
}

/// Write the survey as a contractor delivers it: sheet "Responses", title in A1, note in
/// A2, a blank row, the bold header on row 4 and data from row 5.
pub fn write_xlsx(path: &Path, survey: &Survey) -> Result<(), XlsxError> {
    workbook(survey)?.save(path)
}

/// Header row (zero-based) of the xlsx sheet.
pub const XLSX_HEADER_ROW: u32 = 3;

fn sheet_col(index: usize) -> Result<u16, XlsxError> {
    u16::try_from(index).map_err(|_| XlsxError::RowColumnLimitError)
}

fn workbook(survey: &Survey) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation time keeps the file byte-identical from run to run.
    let created = ExcelDateTime::from_ymd(2026, 3, 2)?.and_hms(9, 0, 0)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&survey.title)
            .set_author("Rapport sample generator")
            .set_creation_datetime(&created),
    );
    let sheet = book.add_worksheet();
    sheet.set_name("Responses")?;
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string_with_format(
        0,
        0,
        &survey.title,
        &Format::new().set_bold().set_font_size(14),
    )?;
    sheet.write_string(1, 0, &survey.note)?;
    for (c, name) in survey.columns.iter().enumerate() {
        let col = sheet_col(c)?;
        sheet.write_string_with_format(XLSX_HEADER_ROW, col, *name, &bold)?;
        sheet.set_column_width(col, (name.len() as f64 + 2.0).max(10.0))?;
    }
    for (r, row) in survey.rows.iter().enumerate() {
        let excel_row =
            u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)? + XLSX_HEADER_ROW + 1;
        for (c, value) in row.iter().enumerate() {
            let col = sheet_col(c)?;
            match value {
                Value::Blank => {}
                Value::Text(t) => {
                    sheet.write_string(excel_row, col, t.as_ref())?;
                }
                Value::Number(x) => {
                    sheet.write_number(excel_row, col, *x)?;
                }
                Value::Date(y, m, d) => {
                    let date = ExcelDateTime::from_ymd(*y, *m, *d)?;
                    sheet.write_datetime_with_format(excel_row, col, &date, &date_format)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(XLSX_HEADER_ROW + 1, 0)?;
    Ok(book)
}

/// The saved analysis bundled with the sample, as JSON text in the engine's spec format:
/// what drives trust, relational and transactional blocks with respondent controls, plus
/// the relational composite. Written by hand rather than through a JSON map so the keys
/// keep the reading order of the spec documentation (column names need no escaping).
pub fn riverside_spec() -> String {
    let list = |names: &mut dyn Iterator<Item = &str>| {
        names
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let relational = list(&mut RELATIONAL.iter().map(|i| i.column));
    let transactional = list(&mut TRANSACTIONAL.iter().map(|i| i.column));
    let controls = list(&mut CONTROLS.into_iter());
    format!(
        r#"{{
  "version": 1,
  "title": "What drives trust in Riverside Borough Council?",
  "data": {{"file": "riverside-2026.xlsx", "sheet": "Responses"}},
  "outcome": "trust_council",
  "blocks": [
    {{"name": "Relationships", "role": "relational",
     "predictors": [{relational}]}},
    {{"name": "Service performance", "role": "transactional",
     "predictors": [{transactional}]}},
    {{"name": "About the respondent", "role": "control",
     "predictors": [{controls}]}}
  ],
  "categorical": ["imd_quintile"],
  "intercept": true,
  "composites": [
    {{"name": "relational_index",
     "items": [{relational}]}}
  ]
}}
"#
    )
}

/// Respondent characteristics used as controls in the bundled analysis.
pub const CONTROLS: [&str; 4] = ["age_band", "sex", "tenure", "imd_quintile"];

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_bytes(survey: &Survey) -> Vec<u8> {
        let mut out = Vec::new();
        write_csv(&mut out, survey).expect("csv to memory");
        out
    }

    #[test]
    fn same_seed_same_bytes() {
        let a = generate(300, 7);
        let b = generate(300, 7);
        assert_eq!(csv_bytes(&a), csv_bytes(&b));
        let xa = workbook(&a).unwrap().save_to_buffer().unwrap();
        let xb = workbook(&b).unwrap().save_to_buffer().unwrap();
        assert_eq!(xa, xb);
        assert_ne!(csv_bytes(&a), csv_bytes(&generate(300, 8)));
    }

    #[test]
    fn calendar_and_formatting_helpers() {
        assert_eq!(add_days((2025, 10, 1), 0), (2025, 10, 1));
        assert_eq!(add_days((2025, 10, 1), 31), (2025, 11, 1));
        assert_eq!(add_days((2025, 10, 1), 92), (2026, 1, 1));
        assert_eq!(add_days((2024, 2, 28), 1), (2024, 2, 29));
        assert_eq!(add_days((2100, 2, 28), 1), (2100, 3, 1));
        assert_eq!(cut(-2.0, &AGREEMENT_CUTS), 0);
        assert_eq!(cut(0.5, &AGREEMENT_CUTS), 3);
        assert_eq!(cut(0.0, &AGREEMENT_CUTS), 2);
    }
}
