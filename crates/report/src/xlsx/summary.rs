//! The Summary sheet: the page a council circulates. Plain sentences, the headline number
//! and where to look next; every statistical term used is explained on the page.

use super::style::{self, Styles};
use super::{drivers, variables};
use rapport_engine::results::{Finding, FindingKind, Results};
use rapport_engine::spec::BlockRole;
use rust_xlsxwriter::{Format, RowNum, Worksheet, XlsxError};

const LABEL_WIDTH: f64 = 26.0;
const TEXT_WIDTH: f64 = 90.0;

/// The report's title: the analyst's own, else the product's central question.
pub(super) fn title(results: &Results) -> String {
    match &results.spec.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => format!("What drives {}?", results.outcome.name),
    }
}

pub(super) fn write(
    ws: &mut Worksheet,
    results: &Results,
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_column_width(0, LABEL_WIDTH)?;
    ws.set_column_width(1, TEXT_WIDTH)?;
    style::print_setup(ws, None)?;
    let mut page = Page { ws, styles, row: 0 };
    let outcome = &results.outcome.name;
    let fit = &results.fit;

    page.line(&title(results), &styles.title)?;
    page.line(&subtitle(results), &styles.aside)?;

    page.heading("The question")?;
    page.paragraph(&question(results), &styles.wrap)?;

    page.heading("The data")?;
    page.pair("Survey file", &results.input.file)?;
    if let Some(sheet) = &results.input.sheet {
        page.pair("Sheet", sheet)?;
    }
    page.pair_count("Responses in the file", results.input.rows)?;
    page.pair_count("Used in the model", fit.n)?;
    page.pair_count("Left out", fit.n_dropped)?;
    if fit.n_dropped > 0 {
        page.paragraph(
            &format!(
                "{} left out because they lack an answer the model needs (a blank, \"Don't know\", \
                 \"Prefer not to say\" and the like). The Model sheet lists them by question and reason.",
                responses(fit.n_dropped)
            ),
            &styles.note,
        )?;
    }
    page.pair("Analysis", &results.model.family)?;
    page.pair("Survey design", &design(results))?;
    for c in &results.composites {
        let scale = format!(
            "{}: {} items, Cronbach's alpha {:.2} (the Variables sheet has the details)",
            c.name,
            c.items.len(),
            c.reliability.alpha
        );
        page.pair("Composite scale", &scale)?;
    }

    page.heading("How much the model explains")?;
    if results.likelihood.is_some() {
        style::text(page.ws, page.row, 0, "Pseudo-R² (McFadden)", &styles.label)?;
        style::number(page.ws, page.row, 1, fit.r_squared, &styles.number_big)?;
    } else {
        style::text(
            page.ws,
            page.row,
            0,
            "Variation explained (R²)",
            &styles.label,
        )?;
        style::number(page.ws, page.row, 1, fit.r_squared, &styles.percent_big)?;
    }
    page.row += 1;
    page.paragraph(&explained(results), &styles.wrap)?;

    // What each block adds to the others: the nested-model tests, block by block.
    let shown: Vec<&str> = results
        .block_tests
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    let contributions: Vec<&Finding> = results
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::BlockContribution && !shown.contains(&f.text.as_str()))
        .collect();
    if !results.block_tests.is_empty() || !contributions.is_empty() {
        page.heading("Does each kind of experience add to the others?")?;
        for t in &results.block_tests {
            page.pair(&t.block, &t.text)?;
        }
        for f in &contributions {
            page.paragraph(&f.text, &styles.wrap)?;
        }
        page.paragraph(
            "Each block is compared with the same model without it, on the same respondents. \
             The Model sheet has the tests in full.",
            &styles.note,
        )?;
    }

    if let Some(d) = &results.drivers {
        page.heading("What matters most (key drivers)")?;
        page.pair("Headline", &d.headline)?;
        if let Some(top) = drivers::largest(results, d) {
            page.pair("Largest driver", &top)?;
        }
        page.paragraph(
            "Shares of what the model explains, divided among the questions (Shapley values); \
             the Drivers sheet ranks every question, with intervals and the importance × \
             performance chart.",
            &styles.note,
        )?;
    }

    page.heading(&format!("What goes with {outcome} most clearly"))?;
    for role in [BlockRole::Relational, BlockRole::Transactional] {
        page.pair(role.label(), &strongest(results, role))?;
    }
    let others: Vec<&Finding> = results
        .findings
        .iter()
        .filter(|f| {
            f.kind != FindingKind::StrongestDriver
                && !(f.kind == FindingKind::BlockContribution
                    && (shown.contains(&f.text.as_str())
                        || contributions.iter().any(|c| c.text == f.text)))
        })
        .collect();
    if !others.is_empty() {
        page.heading("Other findings")?;
        for f in others {
            page.paragraph(&format!("• {}", f.text), &styles.wrap)?;
        }
    }

    page.heading("Things to bear in mind")?;
    if results.warnings.is_empty() {
        page.paragraph(
            "Rapport found nothing to warn about in this analysis.",
            &styles.wrap,
        )?;
    }
    for w in &results.warnings {
        page.paragraph(&format!("• {w}"), &styles.wrap)?;
    }

    page.heading("How to read this report")?;
    for note in READING_NOTES {
        page.paragraph(&format!("• {note}"), &styles.note)?;
    }
    if results.drivers.is_some() {
        page.paragraph(&format!("• {DRIVERS_NOTE}"), &styles.note)?;
    }
    if !results.composites.is_empty() {
        page.paragraph(&format!("• {}", variables::ALPHA_NOTE), &styles.note)?;
    }
    Ok(())
}

/// Fixed explanations of every term the Summary uses.
const READING_NOTES: [&str; 5] = [
    "These are associations in the survey answers, not proof of cause and effect: people who \
     rate one thing highly may rate everything highly.",
    "\"Other things being equal\" means comparing respondents who gave the same answers to the \
     model's other questions.",
    "p-value: how often a link at least this strong would turn up by chance if there were no \
     link at all. Below 0.05 is conventionally called clear.",
    "95% confidence interval: the range of effect sizes consistent with the data. \"Not \
     distinguishable from zero\" means that range includes no effect; it does not prove there \
     is none.",
    "The Model sheet has the full table of estimates, Descriptives shows how residents \
     answered every question (weighted percentages and charts), Variables shows how each \
     question was read and scored, and Method records how to reproduce the analysis.",
];

/// How to read the key-driver shares, when the analysis has them.
const DRIVERS_NOTE: &str = "Key drivers: the Drivers sheet divides what the model explains \
     among the questions (Shapley values: each question's average contribution over every order \
     in which the questions could enter the model), so related questions share credit instead \
     of competing for it. Shares add up to 100%; questions whose order the bootstrap cannot \
     settle should be read as level.";

/// Writes rows top to bottom, keeping track of where the next one goes.
struct Page<'a> {
    ws: &'a mut Worksheet,
    styles: &'a Styles,
    row: RowNum,
}

impl Page<'_> {
    /// One line in column A, overflowing to the right.
    fn line(&mut self, s: &str, format: &Format) -> Result<(), XlsxError> {
        style::text(self.ws, self.row, 0, s, format)?;
        self.row += 1;
        Ok(())
    }

    /// Wrapped text in the wide column, under the labels' column.
    fn paragraph(&mut self, s: &str, format: &Format) -> Result<(), XlsxError> {
        style::text(self.ws, self.row, 1, s, format)?;
        style::fit_row(self.ws, self.row, &[(s, TEXT_WIDTH)])?;
        self.row += 1;
        Ok(())
    }

    /// A blank line, then an underlined section heading.
    fn heading(&mut self, s: &str) -> Result<(), XlsxError> {
        self.row += 1;
        style::heading(self.ws, self.row, 1, s, self.styles)?;
        self.row += 1;
        Ok(())
    }

    /// A bold label and its wrapped text.
    fn pair(&mut self, label: &str, value: &str) -> Result<(), XlsxError> {
        style::text(self.ws, self.row, 0, label, &self.styles.label)?;
        style::text(self.ws, self.row, 1, value, &self.styles.wrap)?;
        style::fit_row(self.ws, self.row, &[(value, TEXT_WIDTH)])?;
        self.row += 1;
        Ok(())
    }

    /// A bold label and a count, kept a number so it can be reused in formulas.
    fn pair_count(&mut self, label: &str, n: usize) -> Result<(), XlsxError> {
        style::text(self.ws, self.row, 0, label, &self.styles.label)?;
        style::count(self.ws, self.row, 1, n, &self.styles.count_left)?;
        self.row += 1;
        Ok(())
    }
}

fn subtitle(results: &Results) -> String {
    let source = match &results.input.sheet {
        Some(sheet) => format!("{}, sheet \"{sheet}\"", results.input.file),
        None => results.input.file.clone(),
    };
    format!(
        "Key-driver analysis of {source}, made with Rapport {}",
        results.rapport_version
    )
}

const ROLES: [BlockRole; 4] = [
    BlockRole::Relational,
    BlockRole::Transactional,
    BlockRole::Control,
    BlockRole::Other,
];

/// Plain-language name of what each kind of block measures.
fn role_phrase(role: BlockRole) -> &'static str {
    match role {
        BlockRole::Relational => "relationships with staff",
        BlockRole::Transactional => "service performance",
        BlockRole::Control => "the respondent's background",
        BlockRole::Other => "other factors",
    }
}

/// The analysis's question in words, listing the questions in each kind of block.
fn question(results: &Results) -> String {
    let outcome = &results.outcome.name;
    let mut parts = Vec::new();
    for role in ROLES {
        let names: Vec<&str> = results
            .spec
            .predictors()
            .filter(|(b, _)| b.role == role)
            .map(|(_, p)| p)
            .collect();
        if !names.is_empty() {
            parts.push(format!("{} ({})", role_phrase(role), names.join(", ")));
        }
    }
    let relates = if parts.is_empty() {
        String::new()
    } else {
        format!(" The model relates {outcome} to {}.", join_and(&parts))
    };
    format!(
        "Which experiences of the service go with higher {outcome}, and how much does each \
         matter?{relates} How {outcome} is scored: {}.",
        results.outcome.scoring
    )
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn responses(n: usize) -> String {
    if n == 1 {
        "1 response was".to_string()
    } else {
        format!("{n} responses were")
    }
}

/// R² as a share of variation, in words; a pseudo-R² as what it is.
fn explained(results: &Results) -> String {
    let fit = &results.fit;
    let outcome = &results.outcome.name;
    if results.likelihood.is_some() {
        if !fit.r_squared.is_finite() {
            return "The model's pseudo-R² could not be computed.".to_string();
        }
        return format!(
            "McFadden's pseudo-R² is {:.2}: how much better the model predicts {outcome} than \
             knowing nothing about the respondents, on a scale where 0 is no better. It is not a \
             share of variation, and values of 0.2 to 0.4 already mean the questions in the model \
             separate the answers well.",
            fit.r_squared
        );
    }
    if !fit.r_squared.is_finite() {
        return format!(
            "The share of the variation in {outcome} that the model accounts for could not be computed."
        );
    }
    let pct = (fit.r_squared * 100.0).round();
    let mut s = format!(
        "The model accounts for {pct:.0}% of the variation in {outcome} (R²): that is the share of \
         the differences between respondents' answers that goes with the questions in the \
         model. The other {:.0}% goes with things the survey did not measure, or is chance.",
        100.0 - pct
    );
    if fit.r_squared_kind == "uncentred" {
        s.push_str(
            " This model has no intercept, so R² is measured from zero and cannot be compared \
             with models that have one.",
        );
    }
    s
}

/// The sampling design in a sentence, with where to find the weighted percentages.
fn design(results: &Results) -> String {
    let Some(d) = &results.model.design else {
        return "None given: every respondent counts once and answers are treated as a simple \
                random sample. The Descriptives sheet shows how residents answered each question."
            .to_string();
    };
    let mut parts = Vec::new();
    if let Some(w) = &d.weight {
        parts.push(format!("weighted by \"{w}\""));
    }
    if let Some(s) = &d.strata {
        parts.push(format!("{} strata from \"{s}\"", d.n_strata));
    }
    if let Some(c) = &d.cluster {
        parts.push(format!("{} clusters from \"{c}\"", d.n_psu));
    }
    let mut s = parts.join(", ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    format!(
        "{s}. The weights make the {} respondents in the model worth about {:.0} equally weighted \
         ones, and the standard errors allow for the design. The Descriptives sheet shows how \
         residents answered each question, weighted.",
        results.fit.n, d.kish_effective_n
    )
}

/// The engine's sentence about the strongest `role` driver, or a note that the model has
/// no questions of that kind.
fn strongest(results: &Results, role: BlockRole) -> String {
    results
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::StrongestDriver && f.role == Some(role))
        .map_or_else(
            || {
                format!(
                    "The model includes no questions about {}.",
                    role_phrase(role)
                )
            },
            |f| f.text.clone(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_and_reads_as_english() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&["a"])), "a");
        assert_eq!(join_and(&s(&["a", "b"])), "a and b");
        assert_eq!(join_and(&s(&["a", "b", "c"])), "a, b and c");
    }
}
