//! Who shares the explained outcome: the model's predictor variables (items) grouped into
//! the spec's blocks, and the controls held in every sub-model.

use crate::frame::Frame;
use crate::spec::{AnalysisSpec, BlockRole};

/// One predictor variable: a single column, or every dummy of a categorical variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub variable: String,
    pub block: usize,
    /// Frame columns (0-based, into `frame.x`).
    pub columns: Vec<usize>,
}

/// A block of items that is one player of the grouped decomposition.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub name: String,
    pub role: BlockRole,
    /// Indexes into [`Players::items`].
    pub items: Vec<usize>,
}

/// The players of one key-driver analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Players {
    pub items: Vec<Item>,
    pub blocks: Vec<Block>,
    /// Frame columns held in every sub-model.
    pub controls: Vec<usize>,
    /// The variables behind `controls`, in spec order.
    pub control_names: Vec<String>,
}

impl Players {
    /// Items and blocks from the spec's blocks, on the frame's columns. Aliased columns
    /// (exact linear combinations, `aliased` term names) are left out: they add nothing to
    /// any sub-model. With `hold_controls`, "About the respondent" blocks are controls.
    pub fn new(
        spec: &AnalysisSpec,
        frame: &Frame,
        aliased: &[String],
        hold_controls: bool,
    ) -> Self {
        let mut players = Players {
            items: Vec::new(),
            blocks: Vec::new(),
            controls: Vec::new(),
            control_names: Vec::new(),
        };
        for block in &spec.blocks {
            let held = hold_controls && block.role == BlockRole::Control;
            let mut items = Vec::new();
            for variable in &block.predictors {
                let columns: Vec<usize> = frame
                    .terms
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| {
                        t.variable.as_deref() == Some(variable.as_str())
                            && !aliased.contains(&t.name)
                    })
                    .map(|(j, _)| j)
                    .collect();
                if columns.is_empty() {
                    continue;
                }
                if held {
                    players.controls.extend(columns);
                    players.control_names.push(variable.clone());
                } else {
                    items.push(players.items.len());
                    players.items.push(Item {
                        variable: variable.clone(),
                        block: players.blocks.len(),
                        columns,
                    });
                }
            }
            if !held && !items.is_empty() {
                players.blocks.push(Block {
                    name: block.name.clone(),
                    role: block.role,
                    items,
                });
            }
        }
        players
    }

    /// Each item's frame columns.
    pub fn item_groups(&self) -> Vec<Vec<usize>> {
        self.items.iter().map(|i| i.columns.clone()).collect()
    }

    /// Each block's frame columns.
    pub fn block_groups(&self) -> Vec<Vec<usize>> {
        self.blocks
            .iter()
            .map(|b| {
                b.items
                    .iter()
                    .flat_map(|&i| self.items[i].columns.iter().copied())
                    .collect()
            })
            .collect()
    }

    /// Every predictor column the analysis uses: items first (in item order), then controls.
    pub fn columns(&self) -> Vec<usize> {
        self.items
            .iter()
            .flat_map(|i| i.columns.iter().copied())
            .chain(self.controls.iter().copied())
            .collect()
    }
}
