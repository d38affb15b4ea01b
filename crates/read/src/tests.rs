//! Reader tests. Workbooks are written at test time with rust_xlsxwriter; the xls and ods
//! fixtures under tests/data/input were converted from the same workbook by LibreOffice
//! (see make_fixtures.sh there), so every format must give the same table.

use super::*;
use crate::table::{Cell, Column, FileFormat};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::io::Write;
use std::path::PathBuf;

fn input_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/input")
}

fn sha256_file(path: &Path) -> Result<String> {
    DataFile::open(path).map(|f| f.sha256().to_string())
}

/// Read, checking the file's bytes are the same afterwards.
fn read_unchanged(path: &Path, opts: &ReadOptions) -> Result<Table> {
    let before = sha256_file(path).expect("hash before");
    let result = read_table(path, opts);
    assert_eq!(
        sha256_file(path).expect("hash after"),
        before,
        "{} changed",
        path.display()
    );
    result
}

fn read_default(path: &Path) -> Result<Table> {
    read_unchanged(path, &ReadOptions::default())
}

fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

fn names(table: &Table) -> Vec<&str> {
    table.columns.iter().map(|c| c.name.as_str()).collect()
}

fn col(table: &Table, name: &str) -> Vec<Cell> {
    table
        .column(name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .cells()
        .cloned()
        .collect()
}

fn save(workbook: &mut Workbook, path: &Path) {
    workbook.save(path).expect("write workbook");
}

/// The contractor's layout: title in A1, a note in A2, a blank row, the header in row 4
/// with a blank spacer column (C), an unnamed column with data (F) and a repeated name
/// (I), a blank row among the data, and awkward cells.
fn write_survey_sheet(ws: &mut Worksheet) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "Riverside Borough Council residents' survey 2026")
        .unwrap();
    ws.write_string(1, 0, "Note: fieldwork 2-20 March 2026; unweighted")
        .unwrap();
    for (c, h) in [
        (0, "ID"),
        (1, "Kindness"),
        (3, "Trust council"),
        (4, "Age"),
        (6, "Visited"),
        (7, "Date"),
        (8, "Kindness"),
    ] {
        ws.write_string(3, c, h).unwrap();
    }
    let rows = [
        (
            4,
            1.0,
            "Agree",
            "A great deal",
            "34",
            "x",
            true,
            14,
            "Strongly agree",
        ),
        (
            5,
            2.0,
            "Don't know",
            "Not very much",
            " 41",
            "",
            false,
            15,
            "=SUM(A1)",
        ),
        (
            7,
            3.0,
            "Strongly disagree",
            "Not at all",
            "five",
            "y",
            true,
            16,
            "+1",
        ),
        (
            8,
            4.0,
            "Tend to agree",
            "A fair amount",
            "-2.5",
            "",
            false,
            17,
            "@x",
        ),
    ];
    for (r, id, kind, trust, age, f, visited, day, dup) in rows {
        ws.write_number(r, 0, id).unwrap();
        ws.write_string(r, 1, kind).unwrap();
        ws.write_string(r, 3, trust).unwrap();
        // Age 34 is a real number; the others are text as contractors' exports store them.
        if age == "34" {
            ws.write_number(r, 4, 34).unwrap();
        } else {
            ws.write_string(r, 4, age).unwrap();
        }
        if !f.is_empty() {
            ws.write_string(r, 5, f).unwrap();
        }
        ws.write_boolean(r, 6, visited).unwrap();
        let d = ExcelDateTime::from_ymd(2026, 3, day).unwrap();
        ws.write_datetime_with_format(r, 7, d, &date).unwrap();
        ws.write_string(r, 8, dup).unwrap();
    }
}

/// The survey workbook: a cover sheet with only a title, then the responses, then notes.
fn write_survey_workbook(path: &Path) {
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("Cover")
        .unwrap()
        .write_string(0, 0, "See the Responses sheet")
        .unwrap();
    write_survey_sheet(wb.add_worksheet().set_name("Responses").unwrap());
    let notes = wb.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(0, 0, "Item").unwrap();
    notes.write_string(0, 1, "Wording").unwrap();
    notes.write_string(1, 0, "Kindness").unwrap();
    notes.write_string(1, 1, "Staff were kind to me").unwrap();
    save(&mut wb, path);
}

/// The table every format must produce from the survey workbook.
fn check_survey_table(table: &Table) {
    assert_eq!(table.source.sheet.as_deref(), Some("Responses"));
    assert_eq!(table.header_row, 4);
    assert_eq!(
        table.row_numbers,
        [5, 6, 8, 9],
        "blank row 7 skipped, real rows kept"
    );
    assert_eq!(
        names(table),
        [
            "ID",
            "Kindness",
            "Trust council",
            "Age",
            "Column F",
            "Visited",
            "Date",
            "Kindness (2)"
        ]
    );
    let sheet_cols: Vec<usize> = table.columns.iter().map(|c| c.sheet_col).collect();
    assert_eq!(
        sheet_cols,
        [0, 1, 3, 4, 5, 6, 7, 8],
        "spacer column C dropped"
    );
    assert_eq!(
        col(table, "ID"),
        [
            Cell::Number(1.0),
            Cell::Number(2.0),
            Cell::Number(3.0),
            Cell::Number(4.0)
        ]
    );
    assert_eq!(col(table, "Kindness")[1], text("Don't know"));
    assert_eq!(
        col(table, "Age"),
        [
            Cell::Number(34.0),
            Cell::Number(41.0),
            text("five"),
            Cell::Number(-2.5)
        ],
        "numbers stored as text become numbers; mixed types kept"
    );
    assert_eq!(
        col(table, "Column F"),
        [text("x"), Cell::Empty, text("y"), Cell::Empty]
    );
    assert_eq!(
        col(table, "Visited"),
        [
            Cell::Bool(true),
            Cell::Bool(false),
            Cell::Bool(true),
            Cell::Bool(false)
        ]
    );
    // 2026-03-14 is serial 46095 (Python: date(2026,3,14) - date(1899,12,30)).
    assert_eq!(
        col(table, "Date"),
        [
            Cell::Date(46095.0),
            Cell::Date(46096.0),
            Cell::Date(46097.0),
            Cell::Date(46098.0)
        ]
    );
    assert_eq!(
        col(table, "Kindness (2)"),
        [
            text("Strongly agree"),
            text("=SUM(A1)"),
            text("+1"),
            text("@x")
        ],
        "formula-like strings stay text"
    );
    assert_eq!(table.cell_ref(&table.columns[3], 2), "E8");
}

#[test]
fn contractor_layout_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("riverside.xlsx");
    write_survey_workbook(&path);
    // Default: the Cover sheet has no data rows, so the first sheet with data is used.
    check_survey_table(&read_default(&path).unwrap());
    for wanted in ["Responses", "responses", " RESPONSES ", "2"] {
        let opts = ReadOptions {
            sheet: Some(wanted.into()),
            header_row: None,
        };
        check_survey_table(&read_unchanged(&path, &opts).unwrap());
    }
}

#[test]
fn same_table_from_xlsx_xls_and_ods() {
    // formats.xlsx is written by `write_formats_fixture`; LibreOffice made the others.
    let dir = input_dir();
    for name in ["formats.xlsx", "formats.xls", "formats.ods"] {
        let path = dir.join(name);
        let mut table = read_default(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name == "formats.ods" {
            // LibreOffice's ods has no boolean cells: it saves TRUE/FALSE as =TRUE() with the
            // value 1 (0), which calamine reads as numbers. Its xls keeps real booleans.
            let visited = table
                .columns
                .iter_mut()
                .find(|c| c.name == "Visited")
                .unwrap();
            let expected = [1.0, 0.0, 1.0, 0.0].map(Cell::Number);
            assert!(visited.cells().eq(&expected), "{name}");
            *visited = Column::new(
                visited.name.clone(),
                visited.sheet_col,
                [true, false, true, false].map(Cell::Bool),
            );
        }
        check_survey_table(&table);
        let sheets = list_sheets(&path).unwrap();
        let summary: Vec<(&str, usize, Option<usize>, usize, usize)> = sheets
            .iter()
            .map(|s| (s.name.as_str(), s.index, s.header_row, s.rows, s.columns))
            .collect();
        assert_eq!(
            summary,
            [
                ("Cover", 1, Some(1), 0, 1),
                ("Responses", 2, Some(4), 4, 8),
                ("Notes", 3, Some(1), 1, 2)
            ],
            "{name}"
        );
    }
}

/// Regenerates tests/data/input/formats.xlsx (run by make_fixtures.sh).
#[test]
#[ignore = "writes the committed fixture; run by tests/data/input/make_fixtures.sh"]
fn write_formats_fixture() {
    write_survey_workbook(&input_dir().join("formats.xlsx"));
}

#[test]
fn header_row_override_and_sheet_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("riverside.xlsx");
    write_survey_workbook(&path);
    let opts = ReadOptions {
        sheet: Some("Responses".into()),
        header_row: Some(2),
    };
    let table = read_unchanged(&path, &opts).unwrap();
    assert_eq!(table.header_row, 2);
    assert_eq!(
        table.row_numbers,
        [4, 5, 6, 8, 9],
        "the real header becomes a data row"
    );
    assert_eq!(
        table.columns[0].name,
        "Note: fieldwork 2-20 March 2026; unweighted"
    );
    assert_eq!(table.columns[1].name, "Column B");

    let opts = ReadOptions {
        sheet: Some("Data".into()),
        header_row: None,
    };
    let err = read_unchanged(&path, &opts).unwrap_err().to_string();
    assert!(
        err.contains("no sheet \"Data\"") && err.contains("\"Cover\", \"Responses\", \"Notes\""),
        "{err}"
    );
    let opts = ReadOptions {
        sheet: Some("4".into()),
        header_row: None,
    };
    assert!(matches!(
        read_unchanged(&path, &opts),
        Err(ReadError::NoSuchSheet { .. })
    ));
    let opts = ReadOptions {
        sheet: Some("Cover".into()),
        header_row: None,
    };
    let err = read_unchanged(&path, &opts).unwrap_err();
    assert!(
        matches!(err, ReadError::NoDataRows { header_row: 1, .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("riverside.xlsx, sheet \"Cover\""),
        "{err}"
    );
}

#[test]
fn header_only_one_row_one_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shapes.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("HeaderOnly").unwrap();
    ws.write_string(0, 0, "Kindness").unwrap();
    ws.write_string(0, 1, "Trust").unwrap();
    let ws = wb.add_worksheet().set_name("OneRow").unwrap();
    ws.write_string(0, 0, "Kindness").unwrap();
    ws.write_string(0, 1, "Trust").unwrap();
    ws.write_number(1, 0, 4).unwrap();
    ws.write_number(1, 1, 3).unwrap();
    let ws = wb.add_worksheet().set_name("OneColumn").unwrap();
    ws.write_string(0, 0, "Survey title").unwrap();
    ws.write_string(2, 0, "Trust").unwrap();
    for r in 3..6 {
        ws.write_number(r, 0, f64::from(r)).unwrap();
    }
    save(&mut wb, &path);

    let sheet = |name: &str| ReadOptions {
        sheet: Some(name.into()),
        header_row: None,
    };
    let err = read_unchanged(&path, &sheet("HeaderOnly")).unwrap_err();
    assert!(
        matches!(err, ReadError::NoDataRows { header_row: 1, .. }),
        "{err}"
    );
    let one_row = read_unchanged(&path, &sheet("OneRow")).unwrap();
    assert_eq!(one_row.row_numbers, [2]);
    assert_eq!(col(&one_row, "Trust"), [Cell::Number(3.0)]);
    let one_col = read_unchanged(&path, &sheet("OneColumn")).unwrap();
    assert_eq!(
        one_col.header_row, 1,
        "a one-column sheet's first text row is its header"
    );
    assert_eq!(one_col.n_rows(), 4);
    // The default skips the header-only sheet.
    assert_eq!(
        read_default(&path).unwrap().source.sheet.as_deref(),
        Some("OneRow")
    );
}

#[test]
fn empty_truncated_and_mislabelled_files() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["empty.xlsx", "empty.csv", "empty.ods"] {
        let path = dir.path().join(name);
        std::fs::write(&path, b"").unwrap();
        let err = read_default(&path).unwrap_err();
        assert!(matches!(err, ReadError::Empty { .. }), "{name}: {err}");
        assert!(err.to_string().contains(name), "{err}");
    }

    let good = dir.path().join("good.xlsx");
    write_survey_workbook(&good);
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("truncated.xlsx");
    std::fs::write(&cut, bytes.get(..bytes.len() / 2).unwrap()).unwrap();
    let err = read_default(&cut).unwrap_err();
    assert!(matches!(err, ReadError::Corrupt { .. }), "{err}");
    assert!(
        err.to_string().contains("truncated.xlsx") && err.to_string().contains("Re-download"),
        "{err}"
    );
    assert!(list_sheets(&cut).is_err());

    let text_xlsx = dir.path().join("export.xlsx");
    std::fs::write(&text_xlsx, "ID,Trust\n1,4\n").unwrap();
    let err = read_default(&text_xlsx).unwrap_err();
    assert!(matches!(err, ReadError::UnsupportedFormat { .. }), "{err}");
    assert!(err.to_string().contains("rename it to .csv"), "{err}");

    let html_xls = dir.path().join("download.xls");
    std::fs::write(&html_xls, "<html><table><tr><td>1</td></tr></table></html>").unwrap();
    assert!(
        read_default(&html_xls)
            .unwrap_err()
            .to_string()
            .contains("web page")
    );

    let workbook_csv = dir.path().join("really.csv");
    std::fs::write(&workbook_csv, &bytes).unwrap();
    assert!(
        read_default(&workbook_csv)
            .unwrap_err()
            .to_string()
            .contains("Rename it to .xlsx")
    );

    // A real xlsx saved under .xls is read as what it is.
    let renamed = dir.path().join("renamed.xls");
    std::fs::write(&renamed, &bytes).unwrap();
    assert_eq!(
        detect_format(&DataFile::open(&renamed).unwrap()).unwrap(),
        FileFormat::Xlsx
    );
    check_survey_table(&read_default(&renamed).unwrap());

    let other = dir.path().join("data.sav");
    std::fs::write(&other, b"$FL2").unwrap();
    assert!(
        read_default(&other)
            .unwrap_err()
            .to_string()
            .contains(".xlsx, .xlsm")
    );
}

/// A zip with one part of `inflated` bytes of repeated XML.
fn write_zip(path: &Path, inflated: usize) {
    use zip::write::SimpleFileOptions;
    let mut zw = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zw.start_file("[Content_Types].xml", opts).unwrap();
    zw.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zw.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let chunk = "<row/>".repeat(1 << 14);
    let mut written = 0;
    while written < inflated {
        zw.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    zw.finish().unwrap();
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    write_zip(&path, 300 << 20);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 2 << 20, "the bomb is small on disk ({size} bytes)");
    let err = read_default(&path).unwrap_err();
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("zip bomb") && msg.contains("sheet1.xml"),
        "{msg}"
    );
    assert!(matches!(
        list_sheets(&path),
        Err(ReadError::TooLarge { .. })
    ));
}

#[test]
fn zip_directory_that_understates_sizes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("liar.xlsx");
    write_survey_workbook(&path);
    // Rewrite the declared uncompressed size of the first sheet's XML (local header offset
    // 22, central directory offset 24) to 100 bytes, less than it really inflates to.
    let mut bytes = std::fs::read(&path).unwrap();
    let name = b"xl/worksheets/sheet1.xml";
    let mut patched = 0;
    for (sig, offset, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let mut i = 0;
        while i + name_at + name.len() <= bytes.len() {
            if &bytes[i..i + 4] == sig && &bytes[i + name_at..i + name_at + name.len()] == name {
                bytes[i + offset..i + offset + 4].copy_from_slice(&100u32.to_le_bytes());
                patched += 1;
            }
            i += 1;
        }
    }
    assert_eq!(patched, 2);
    std::fs::write(&path, &bytes).unwrap();
    // The zip crate stops inflating at the declared size, so calamine fails cleanly.
    let err = read_default(&path).unwrap_err();
    assert!(matches!(err, ReadError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("sheet \"Cover\""), "{err}");
}

/// Copy a workbook, replacing one part's content with what `write` streams.
fn replace_part(src: &Path, dst: &Path, part: &str, write: impl FnOnce(&mut dyn Write)) {
    let mut from = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut to = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for i in 0..from.len() {
        let entry = from.by_index_raw(i).unwrap();
        if entry.name().unwrap() != part {
            to.raw_copy_file(entry).unwrap();
        }
    }
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    to.start_file(part, opts).unwrap();
    write(&mut to);
    to.finish().unwrap();
}

#[test]
fn used_range_to_the_last_row_and_a_million_empty_rows() {
    // The sheet XML is streamed into the zip: a header, one data row, then 1,048,573 rows
    // holding only an empty formatted cell, and a space in the very last cell XFD1048576,
    // so the used range is the whole sheet. Only the two real rows may be kept.
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "placeholder")
        .unwrap();
    save(&mut wb, &small);
    let path = dir.path().join("long.xlsx");
    replace_part(&small, &path, "xl/worksheets/sheet1.xml", |w| {
        let inline = |r: &str, s: &str| {
            format!(r#"<c r="{r}" t="inlineStr"><is><t xml:space="preserve">{s}</t></is></c>"#)
        };
        write!(
            w,
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1">{}{}</row><row r="2"><c r="A2"><v>4</v></c><c r="B2"><v>3</v></c></row>"#,
            inline("A1", "Kindness"),
            inline("B1", "Trust")
        )
        .unwrap();
        let mut rows = std::io::BufWriter::new(w);
        for r in 3..1_048_576 {
            write!(rows, r#"<row r="{r}"><c r="A{r}" s="0"/></row>"#).unwrap();
        }
        write!(
            rows,
            r#"<row r="1048576">{}</row></sheetData></worksheet>"#,
            inline("XFD1048576", " ")
        )
        .unwrap();
        rows.flush().unwrap();
    });
    let table = read_default(&path).unwrap();
    assert_eq!(names(&table), ["Kindness", "Trust"]);
    assert_eq!(table.row_numbers, [2]);
    assert_eq!(col(&table, "Trust"), [Cell::Number(3.0)]);
    let sheets = list_sheets(&path).unwrap();
    assert_eq!((sheets[0].rows, sheets[0].columns), (1, 2));
}

#[test]
fn csv_encodings_delimiters_and_ragged_rows() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let utf8 = "Riverside survey 2026\n\nID,Kindness,Trust,Note\n1,Don\u{2019}t know, 3 ,\"=SUM(A1)\"\n\n2,Agree,NaN,inf,extra\n3,Tend to agree,#N/A\n";
    let expect = |table: &Table| {
        assert_eq!(table.header_row, 3);
        assert_eq!(table.row_numbers, [4, 6, 7]);
        assert_eq!(
            names(table),
            ["ID", "Kindness", "Trust", "Note", "Column E"]
        );
        assert_eq!(col(table, "Kindness")[0], text("Don\u{2019}t know"));
        assert_eq!(
            col(table, "Trust"),
            [Cell::Number(3.0), text("NaN"), Cell::Error("#N/A".into())]
        );
        assert_eq!(
            col(table, "Note"),
            [text("=SUM(A1)"), text("inf"), Cell::Empty]
        );
        assert_eq!(
            col(table, "Column E"),
            [Cell::Empty, text("extra"), Cell::Empty]
        );
        assert_eq!(table.cell_ref(&table.columns[2], 1), "line 6, field 3");
    };
    expect(&read_default(&write("plain.csv", utf8.as_bytes())).unwrap());
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(utf8.as_bytes());
    expect(&read_default(&write("bom.csv", &bom)).unwrap());
    let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(utf8);
    assert!(!lossy);
    expect(&read_default(&write("excel.csv", &cp1252)).unwrap());
    let semi = utf8.replace(',', ";");
    expect(&read_default(&write("euro.csv", semi.as_bytes())).unwrap());
    let tabs = utf8.replace(',', "\t");
    expect(&read_default(&write("tabs.tsv", tabs.as_bytes())).unwrap());

    let sheets = list_sheets(&dir.path().join("plain.csv")).unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(
        (
            sheets[0].name.as_str(),
            sheets[0].header_row,
            sheets[0].rows,
            sheets[0].columns
        ),
        ("plain.csv", Some(3), 3, 5)
    );
    let header_only = write("header.csv", b"ID,Trust\n");
    assert!(matches!(
        read_default(&header_only),
        Err(ReadError::NoDataRows { header_row: 1, .. })
    ));
    let blank = write("blank.csv", b"\n\n , \n");
    assert!(matches!(read_default(&blank), Err(ReadError::Empty { .. })));
}

#[test]
fn header_detection_rules() {
    let dir = tempfile::tempdir().unwrap();
    let case = |csv: &str| {
        let p = dir.path().join("case.csv");
        std::fs::write(&p, csv).unwrap();
        read_default(&p).unwrap()
    };
    // A two-column table under a one-cell title: the title is not the header.
    let t = case("Trust survey\nKindness,Trust\n4,3\n5,4\n");
    assert_eq!((t.header_row, names(&t)), (2, vec!["Kindness", "Trust"]));
    // A two-cell note above a wider header is skipped too.
    let t = case("Source:,Riverside BC\nID,Kindness,Trust\n1,4,3\n");
    assert_eq!(t.header_row, 2);
    // Numbers only: no header to find, so row 1 is the header and names come from it.
    let t = case("1,2\n3,4\n");
    assert_eq!((t.header_row, names(&t)), (1, vec!["1", "2"]));
    // Header names with line breaks and padding are tidied; repeats numbered.
    let t = case("\"Kind\nness \",Trust,Trust,Trust\n1,2,3,4\n");
    assert_eq!(names(&t), ["Kind ness", "Trust", "Trust (2)", "Trust (3)"]);
}

#[test]
fn sha256_matches_a_known_digest() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("abc.csv");
    std::fs::write(&p, b"abc").unwrap();
    // FIPS 180-2 example: SHA-256("abc").
    assert_eq!(
        sha256_file(&p).unwrap(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert!(matches!(
        sha256_file(&dir.path().join("missing.csv")),
        Err(ReadError::Io { .. })
    ));
}

#[test]
fn one_pass_read_matches_listing_and_reading_separately() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("survey.xlsx");
    write_survey_workbook(&path);
    let csv = dir.path().join("survey.csv");
    std::fs::write(&csv, "Title line\n\nq1,q2\n1,Agree\n2,Disagree\n").unwrap();
    let cases = [
        (path.clone(), ReadOptions::default()),
        (
            path.clone(),
            ReadOptions {
                sheet: Some("Notes".into()),
                header_row: None,
            },
        ),
        (
            path.clone(),
            ReadOptions {
                sheet: Some("2".into()),
                header_row: Some(4),
            },
        ),
        (csv, ReadOptions::default()),
    ];
    for (file, opts) in cases {
        let loaded = read_with_sheets(&file, &opts).unwrap();
        assert_eq!(loaded.sheets, list_sheets(&file).unwrap(), "{opts:?}");
        assert_eq!(loaded.table, read_table(&file, &opts).unwrap(), "{opts:?}");
        // the digest is of the bytes that were read, the same as hashing the file apart
        assert_eq!(loaded.sha256, sha256_file(&file).unwrap(), "{opts:?}");
    }
    // The default skips the cover sheet (no data under a header) for Responses.
    let loaded = read_with_sheets(&path, &ReadOptions::default()).unwrap();
    assert_eq!(loaded.sheets.len(), 3);
    check_survey_table(&loaded.table);
    let missing = ReadOptions {
        sheet: Some("Nope".into()),
        header_row: None,
    };
    assert!(matches!(
        read_with_sheets(&path, &missing),
        Err(ReadError::NoSuchSheet { .. })
    ));
}

#[test]
fn columns_hold_each_answer_once_and_every_respondent_number() {
    // 6,000 rows: an id column that never repeats, an answer column of three texts
    // (one written with spaces around it) and a number written as " 3" and "3".
    let mut csv = String::from("id,kind,score\n");
    let answers = ["Agree", " Agree ", "Disagree", "Don't know"];
    for i in 0..6000 {
        let score = if i % 2 == 0 { " 3" } else { "3" };
        csv.push_str(&format!("R{i:05},{},{score}\n", answers[i % 4]));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coded.csv");
    std::fs::write(&path, csv).unwrap();
    let table = read_default(&path).unwrap();
    assert_eq!(table.n_rows(), 6000);
    let id = table.column("id").unwrap();
    assert_eq!(id.get(5999), Some(&text("R05999")));
    assert!(
        id.cells()
            .enumerate()
            .all(|(i, c)| *c == text(&format!("R{i:05}")))
    );
    let kind = table.column("kind").unwrap();
    // Cells as written once each; the spaced "Agree" reads as "Agree" too.
    assert!(kind.distinct().len() <= 4, "{:?}", kind.distinct());
    let want: Vec<Cell> = (0..6000).map(|i| text(answers[i % 4].trim())).collect();
    assert_eq!(col(&table, "kind"), want);
    assert!(
        table
            .column("score")
            .unwrap()
            .cells()
            .all(|c| *c == Cell::Number(3.0))
    );
}
