//! From a sheet's grid and its detected [`Layout`] to a table: which columns to keep and
//! what to call them, with totals rows left out and group titles recorded.

use crate::column::{Distinct, code};
use crate::error::{ReadError, Result};
use crate::grid::{Grid, GridRow, header_text};
use crate::groups;
use crate::layout::Layout;
use crate::options::LayoutOptions;
use crate::table::{Cell, Column, SheetLayout, Source, Table, column_letters};
use calamine::Dimensions;
use rayon::prelude::*;
use std::collections::HashSet;

/// The table under the header, with spacer columns dropped, unnamed columns called
/// "Column F" and repeated names numbered "Name (2)", totals rows left out (unless kept)
/// and group titles above the header recorded. `merged` gives the sheet's merged ranges
/// when group titles need them. Only each column's distinct cells are copied from the
/// grid; rows become codes.
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
    let header = layout.header_pos.and_then(|p| grid.row(p));
    let mut used = HashSet::new();
    let names: Vec<String> = layout
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
            unique_name(base, &mut used)
        })
        .collect();
    let (group_row, groups) = groups::detect(
        &grid,
        &layout,
        options.header_rows,
        &names,
        &layout.columns,
        merged,
    );
    let data = grid.data_rows(layout.data_rows.clone());
    let row_numbers = data.iter().map(|r| r.index + 1).collect();
    // Each column is coded from the grid's codes on its own, so columns share the cores.
    let columns = names
        .into_par_iter()
        .zip(layout.columns.par_iter())
        .map(|(name, &col)| code_column(name, col, data, grid.column(col)))
        .collect();
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

/// Sheet column `col` of the data rows as a table column: the grid's codes renumbered so
/// that only the cells of data rows (and a blank, where a row has none) are its distinct
/// cells, in order of first appearance.
fn code_column(name: String, col: usize, rows: &[GridRow], cells: Option<&Distinct>) -> Column {
    let entries = cells.map_or(&[][..], |c| c.cells.as_slice());
    let mut renumbered = vec![u32::MAX; entries.len()];
    let mut distinct: Vec<Cell> = Vec::new();
    let mut blank = None;
    let key = code(col);
    let next = |distinct: &mut Vec<Cell>, cell: Cell| {
        distinct.push(cell);
        code(distinct.len() - 1)
    };
    let mut hint = 0;
    let codes = rows
        .iter()
        .map(|row| match row.code(key, &mut hint) {
            Some(c) => {
                let slot = &mut renumbered[c as usize];
                if *slot == u32::MAX {
                    *slot = next(&mut distinct, entries[c as usize].clone());
                }
                *slot
            }
            None => *blank.get_or_insert_with(|| next(&mut distinct, Cell::Empty)),
        })
        .collect();
    Column::from_parts(name, col, distinct, codes)
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
