//! What the classic labs share: each module is one idea, with its equations, used by two labs
//! or more, or an algorithm in its own right that a lab calls (`lbfgs`). The labs themselves
//! are the binaries in `src/bin/`, each read top to bottom; run one with `llmpath lab run ID` or
//! `cargo run --release -p llmpath-labs-classic --bin NAME -- --out DIR [--quick] [--lang zh]`.
//!
//! - [`metrics`]: scores of predictions (accuracy, confusion matrix, precision / recall / F1,
//!   ROC + AUC, PR curve + average precision, R², RMSE).
//! - [`pipeline`]: models and the preprocessing before them (scaler, median imputer), fitted on
//!   the training rows only.
//! - [`cross_validation`]: scikit-learn's folds, `cross_val_score` and a hold-out split.
//! - [`lbfgs`]: the L-BFGS minimiser (two-loop recursion) and the backtracking line search it
//!   shares with any descent direction (the logistic-regression lab's Newton steps).

pub mod cross_validation;
pub mod lbfgs;
pub mod metrics;
pub mod pipeline;

/// A lab's result: its errors are messages for the learner (`Display`), of any kind.
pub type Fallible<T> = Result<T, Box<dyn std::error::Error>>;
