//! Why relative importance could not be computed, shared by every decomposition.

/// Why relative importance could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportanceError {
    #[error("the covariance matrix is {rows}×{cols}; it must be square, with the outcome first")]
    NotSquare { rows: usize, cols: usize },
    #[error("the covariance matrix contains a value that is not a finite number")]
    NonFinite,
    #[error(
        "no players were given: list at least one predictor or block of predictors to share R² between"
    )]
    NoPlayers,
    #[error("player {group} lists no columns: give it at least one predictor or remove it")]
    EmptyGroup { group: usize },
    #[error(
        "column {column} is not a predictor of the covariance matrix: predictors are columns 1..={max} (column 0 is the outcome)"
    )]
    ColumnOutOfRange { column: usize, max: usize },
    #[error(
        "column {column} is listed more than once among the players and controls: each predictor may belong to one player or to the controls, not both"
    )]
    DuplicateColumn { column: usize },
    #[error(
        "{players} players are too many for the exact decomposition (at most {max}, 2^{max} sub-models): merge items into blocks"
    )]
    TooManyPlayers { players: usize, max: usize },
    #[error(
        "column {column} of the covariance matrix has no variance (a constant variable): drop it from the model"
    )]
    ZeroVariance { column: usize },
    #[error(
        "predictor column {column} of player {player} is (almost) a linear combination of other predictors: drop it, or merge the collinear predictors into one player"
    )]
    SingularPlayer { player: usize, column: usize },
    #[error(
        "control column {column} is (almost) a linear combination of the other controls: drop it from the controls"
    )]
    SingularControls { column: usize },
    #[error(
        "predictor column {column} of player {player} is (almost) fully explained by the controls, so it has nothing of its own to share: drop it, or drop the control it duplicates"
    )]
    ExplainedByControls { player: usize, column: usize },
    #[error(
        "{permutations} random orders are too few to estimate the shares and their Monte Carlo error: use at least 2 (a few thousand for two-digit shares)"
    )]
    TooFewPermutations { permutations: usize },
    #[error(
        "the eigendecomposition of the predictors' correlation matrix did not converge: check the data for extreme values"
    )]
    EigenNoConvergence,
    #[error(
        "predictor {column} (counting from 0) does not exist: the data have {columns} predictor columns"
    )]
    PredictorOutOfRange { column: usize, columns: usize },
    #[error(
        "predictor {column} (counting from 0) is in no group: every predictor of the model must belong to one group, so that the shares cover the whole model"
    )]
    UnassignedPredictor { column: usize },
    #[error("weight {value} in row {row} is not a non-negative number: fix or drop the row")]
    BadWeight { row: usize, value: f64 },
    #[error(
        "row {row} of the predictors holds a value that is not a finite number: blank or fix it so the row is dropped as missing"
    )]
    NonFiniteData { row: usize },
    #[error(
        "predictor {column} (counting from 0) has no variance among the weighted rows (a constant variable): drop it from the model"
    )]
    ConstantPredictor { column: usize },
    #[error(
        "predictor {column} (counting from 0) is (almost) a linear combination of the others, so the predictors cannot be orthogonalised: drop it, or merge the collinear predictors into one scale"
    )]
    CollinearPredictors { column: usize },
    #[error("the model of the outcome on the predictors failed: {message}")]
    ModelFit { message: String },
}
