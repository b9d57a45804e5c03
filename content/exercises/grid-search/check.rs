use std::cell::RefCell;

use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, all_close, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "fit_score 用每折的训练行拟合、用测试行打分",
        en: "fit_score gets each fold's training rows to fit and its test rows to score",
        run: rows_passed,
    },
    Check {
        zh: "每个候选的每一折恰好调用一次 fit_score",
        en: "fit_score is called once per candidate and fold",
        run: calls,
    },
    Check {
        zh: "随机分数表：平均分是各折分数的平均",
        en: "random score tables: the means average each candidate's fold scores",
        run: means,
    },
    Check {
        zh: "随机分数表：最优候选的平均分最高",
        en: "random score tables: the best candidate has the highest mean",
        run: best,
    },
    Check {
        zh: "平均分并列时取第一个候选",
        en: "a tie goes to the first candidate",
        run: ties,
    },
];

type Fold = (Vec<usize>, Vec<usize>);

/// k folds of n rows (scikit-learn's KFold): test blocks in order, the rest to train.
fn k_fold(n: usize, k: usize) -> Vec<Fold> {
    let mut fold = Vec::with_capacity(n);
    for f in 0..k {
        fold.resize(fold.len() + n / k + usize::from(f < n % k), f);
    }
    (0..k)
        .map(|f| {
            let (test, train): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| fold[i] == f);
            (train, test)
        })
        .collect()
}

/// Every call the learner made: (candidate, train, test).
type Calls = RefCell<Vec<(usize, Vec<usize>, Vec<usize>)>>;

/// Runs the learner's search over candidates 0..m; the score of (candidate c, fold f) is
/// `table[c][f]` (NaN for rows that are not a fold). Returns the best, the means and the calls.
fn search(table: &[Vec<f64>], folds: &[Fold]) -> (usize, Vec<f64>, Calls) {
    let grid: Vec<usize> = (0..table.len()).collect();
    let calls: Calls = RefCell::new(Vec::new());
    let (best, means) = learner::grid_search(&grid, folds, |&c, train, test| {
        calls.borrow_mut().push((c, train.to_vec(), test.to_vec()));
        match folds.iter().position(|(tr, te)| tr == train && te == test) {
            Some(f) => table[c][f],
            None => f64::NAN,
        }
    });
    (*best, means, calls)
}

/// The fold a call's rows belong to, or what is wrong with them.
fn which_fold(folds: &[Fold], train: &[usize], test: &[usize]) -> Result<usize, String> {
    if let Some(f) = folds.iter().position(|(tr, te)| tr == train && te == test) {
        return Ok(f);
    }
    let rows = say(
        format!("调用 fit_score 时 train = {train:?}、test = {test:?}"),
        format!("fit_score was called with train = {train:?}, test = {test:?}"),
    );
    let why = if train == test {
        say(
            "在拟合用的行上打分：模型对见过的数据当然打分偏高，要用该折的测试行打分",
            "scored on the rows it was fitted on: a model flatters itself on data it has seen; score on the fold's test rows",
        )
    } else if folds.iter().any(|(tr, te)| tr == test && te == train) {
        say(
            "训练行和测试行颠倒了：用 train 拟合、用 test 打分",
            "train and test are swapped: fit on train, score on test",
        )
    } else if train.iter().any(|i| test.contains(i)) {
        say(
            "有测试行被用于拟合（数据泄漏）",
            "some test rows are used for fitting (leakage)",
        )
    } else {
        say(
            "这不是给定的任何一折：原样传入每一折的 (train, test)",
            "that is none of the folds given: pass each fold's (train, test) as it is",
        )
    };
    Err(say(format!("{rows}：{why}"), format!("{rows}: {why}")))
}

fn rows_passed() -> Verdict {
    let folds = k_fold(10, 3);
    let table = vec![vec![0.5; 3]; 3];
    let (_, _, calls) = search(&table, &folds);
    for (_, train, test) in calls.borrow().iter() {
        which_fold(&folds, train, test)?;
    }
    match calls.borrow().is_empty() {
        true => Err(say(
            "fit_score 一次都没有被调用",
            "fit_score was never called",
        )),
        false => Ok(()),
    }
}

fn calls() -> Verdict {
    let (m, k) = (4, 3);
    let folds = k_fold(10, k);
    let table = vec![vec![0.5; k]; m];
    let (_, _, calls) = search(&table, &folds);
    let mut times = vec![vec![0; k]; m];
    for (c, train, test) in calls.borrow().iter() {
        let f = which_fold(&folds, train, test)?;
        times[*c][f] += 1;
    }
    let total = calls.borrow().len();
    for (c, row) in times.iter().enumerate() {
        if let Some(f) = row.iter().position(|&t| t != 1) {
            return Err(say(
                format!(
                    "{m} 个候选、{k} 折：fit_score 共被调用 {total} 次（应为 {}）；候选 {c} 在第 {f} 折上被调用了 {} 次，应为 1 次",
                    m * k,
                    row[f]
                ),
                format!(
                    "{m} candidates, {k} folds: fit_score was called {total} times ({} expected); candidate {c} on fold {f} {} times, expected once",
                    m * k,
                    row[f]
                ),
            ));
        }
    }
    Ok(())
}

/// A score table: 1 to 5 candidates × 2 to 5 folds, scores in [0, 1).
struct Table(Vec<Vec<f64>>);

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "scores (candidate × fold) {:?}", self.0)
    }
}

fn tables() -> impl Strategy<Value = Table> {
    (1usize..6, 2usize..6)
        .prop_flat_map(|(m, k)| vec(vec(0.0..1.0f64, k), m))
        .prop_map(Table)
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn means() -> Verdict {
    property(tables(), |Table(table)| {
        let folds = k_fold(12, table[0].len());
        let (_, yours, _) = search(&table, &folds);
        let expected: Vec<f64> = table.iter().map(|s| mean(s)).collect();
        if yours.len() != expected.len() {
            return Err(say(
                format!(
                    "返回了 {} 个平均分，应为每个候选一个（{} 个）",
                    yours.len(),
                    expected.len()
                ),
                format!(
                    "{} means returned, expected one per candidate ({})",
                    yours.len(),
                    expected.len()
                ),
            ));
        }
        let Some(c) = all_close(&yours, &expected, 1e-12, 1e-12) else {
            return Ok(());
        };
        let k = table[0].len() as f64;
        let (zh, en) = match (yours[c] / expected[c] - k).abs() < 1e-9 {
            true => (
                "正好是平均分的 k 倍：是否忘了除以折数？",
                "exactly k times the mean: a missing division by the number of folds?",
            ),
            false => (
                "应为该候选在各折上分数的平均",
                "expected the average of that candidate's fold scores",
            ),
        };
        Err(say(
            format!(
                "候选 {c} 的平均分是 {}，应为 {}：{zh}",
                yours[c], expected[c]
            ),
            format!(
                "candidate {c}'s mean is {}, expected {}: {en}",
                yours[c], expected[c]
            ),
        ))
    })
}

/// The first index of the largest value.
fn first_max(v: &[f64]) -> usize {
    (0..v.len()).fold(0, |b, i| if v[i] > v[b] { i } else { b })
}

fn best() -> Verdict {
    property(tables(), |Table(table)| {
        let folds = k_fold(12, table[0].len());
        let (yours, _, _) = search(&table, &folds);
        let means: Vec<f64> = table.iter().map(|s| mean(s)).collect();
        let expected = first_max(&means);
        if yours == expected {
            return Ok(());
        }
        let last: Vec<f64> = table.iter().map(|s| s[s.len() - 1]).collect();
        let lowest = (0..means.len()).fold(0, |b, i| if means[i] < means[b] { i } else { b });
        let (zh, en) = if yours == first_max(&last) {
            (
                "它在最后一折上分数最高：要比较的是各折的平均分",
                "it has the best score on the last fold: compare the means over all folds",
            )
        } else if yours == lowest {
            (
                "它的平均分最低：分数越高越好",
                "it has the lowest mean: higher scores are better",
            )
        } else {
            (
                "要选平均分最高的候选",
                "pick the candidate with the highest mean",
            )
        };
        Err(say(
            format!("平均分 {means:?}：选了候选 {yours}，应为 {expected}：{zh}"),
            format!("means {means:?}: candidate {yours} chosen, expected {expected}: {en}"),
        ))
    })
}

fn ties() -> Verdict {
    // Means 0.25, 0.5, 0.5, 0.5 (exact in binary): candidates 1, 2 and 3 tie for the best.
    let table = vec![
        vec![0.25, 0.25],
        vec![0.25, 0.75],
        vec![0.5, 0.5],
        vec![0.75, 0.25],
    ];
    let (yours, _, _) = search(&table, &k_fold(8, 2));
    match yours {
        1 => Ok(()),
        _ => Err(say(
            format!(
                "平均分 [0.25, 0.5, 0.5, 0.5]：选了候选 {yours}；候选 1、2、3 并列最高，应取第一个，即候选 1（与 scikit-learn 相同）"
            ),
            format!(
                "means [0.25, 0.5, 0.5, 0.5]: candidate {yours} chosen; 1, 2 and 3 tie for the best, and the first, 1, wins (as in scikit-learn)"
            ),
        )),
    }
}
