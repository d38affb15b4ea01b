//! From a sheet's grid and its detected [`Layout`] to a table: which columns to keep and
//! what to call them, with totals rows left out and group titles recorded.

use crate::column::ColumnBuilder;
use crate::error::{ReadError, Result};
use crate::grid::{Grid, header_text};
use crate::groups;
use crate::layout::Layout;
use crate::options::LayoutOptions;
use crate::table::{Cell, Column, SheetLayout, Source, Table, column_letters};
use calamine::Dimensions;
use std::collections::HashSet;

/// The table under the header, with spacer columns dropped, unnamed columns called
/// "Column F" and repeated names numbered "Name (2)", totals rows left out (unless kept)
/// and group titles above the header recorded. `merged` gives the sheet's merged ranges
/// when group titles need them. The grid's cells are moved, not copied, so a large sheet
/// is held once.
pub(crate) fn build_table(
    grid: Grid,
    source: Source,
    header_row: Option<usize>,
    options: &LayoutOptions,
    merged: impl FnOnce() -> Vec<Dimensions>,
) -> Result<Table> {
    let location = source.describe();
    let layout =
        Layout::detect(&grid, header_row, options.keep_totals_row).ok_or(ReadError::Empty {
            location: location.clone(),
        })?;
    let n_rows = layout.data_rows.len();
    if n_rows == 0 {
        return Err(ReadError::NoDataRows {
            location,
            header_row: layout.header_row,
        });
    }
    if u32::try_from(n_rows).is_err() {
        return Err(ReadError::TooLarge {
            path: source.path.clone(),
            reason: format!("{location} has {n_rows} data rows, more than a table can hold"),
        });
    }
    let header = layout.header_pos.and_then(|p| grid.rows.get(p));
    let mut used = HashSet::new();
    let mut columns: Vec<Column> = layout
        .columns
        .iter()
        .map(|&col| {
            let raw = header
                .and_then(|h| h.get(col))
                .map(header_text)
                .unwrap_or_default();
            let base = if raw.is_empty() {
                format!("Column {}", column_letters(col))
            } else {
                raw
            };
            Column::new(unique_name(base, &mut used), col, [])
        })
        .collect();
    let (group_row, groups) = groups::detect(&grid, &layout, options.header_rows, &columns, merged);
    let mut builders: Vec<ColumnBuilder> = (0..columns.len())
        .map(|_| ColumnBuilder::with_capacity(n_rows))
        .collect();
    let mut row_numbers = Vec::with_capacity(n_rows);
    for row in grid
        .rows
        .into_iter()
        .skip(layout.data_rows.start)
        .take(n_rows)
    {
        row_numbers.push(row.index + 1);
        // Both in column order: a kept column missing from the row is empty there.
        let mut cells = row.cells.into_iter().peekable();
        for (&col, builder) in layout.columns.iter().zip(&mut builders) {
            while cells.next_if(|(c, _)| *c < col).is_some() {}
            match cells.next_if(|(c, _)| *c == col) {
                Some((_, cell)) => builder.push(cell),
                None => builder.push(Cell::Empty),
            }
        }
    }
    for (column, builder) in columns.iter_mut().zip(builders) {
        *column = builder.finish(std::mem::take(&mut column.name), column.sheet_col);
    }
    Ok(Table {
        source,
        header_row: layout.header_row,
        row_numbers,
        columns,
        layout: SheetLayout {
            group_row,
            groups,
            totals_rows: layout.totals,
            codebook: None,
        },
    })
}

/// `base`, or `base (2)`, `base (3)`… whichever is not yet used.
fn unique_name(base: String, used: &mut HashSet<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base} ({n})");
        n += 1;
    }
    used.insert(name.clone());
    name
}
