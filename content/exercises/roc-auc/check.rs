use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, close, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "曲线从 (0, 0) 开始、到 (1, 1) 结束，每个不同分数一个点",
        en: "the curve runs from (0, 0) to (1, 1), one point per distinct score",
        run: ends_and_length,
    },
    Check {
        zh: "无并列的小例子：阈值从高到低",
        en: "a small case without ties: thresholds from high to low",
        run: small_curve,
    },
    Check {
        zh: "分数相同的样本只形成一个点",
        en: "equal scores make one point",
        run: tied_curve,
    },
    Check {
        zh: "随机分数（含并列）：曲线与参考一致",
        en: "random scores with ties: the curve matches a reference",
        run: random_curve,
    },
    Check {
        zh: "无并列时 AUC = P(正例分数 > 负例分数)",
        en: "without ties, AUC = P(positive scores above negative)",
        run: auc_without_ties,
    },
    Check {
        zh: "有并列时 AUC = P(>) + ½P(=)",
        en: "with ties, AUC = P(>) + ½P(=)",
        run: auc_with_ties,
    },
];

/// The reference curve, straight from the definition: for t = +∞ and each distinct score from
/// high to low, the fractions of negatives and positives with a score ≥ t.
fn reference_curve(y: &[bool], s: &[f64]) -> Vec<(f64, f64)> {
    let mut thresholds = s.to_vec();
    thresholds.sort_by(|a, b| b.total_cmp(a));
    thresholds.dedup();
    let rate = |class: bool, t: f64| {
        let members = (0..y.len()).filter(|&i| y[i] == class);
        let above = members.clone().filter(|&i| s[i] >= t).count();
        above as f64 / members.count() as f64
    };
    let mut curve = vec![(0.0, 0.0)];
    curve.extend(thresholds.iter().map(|&t| (rate(false, t), rate(true, t))));
    curve
}

/// The Mann–Whitney probability: over all (positive, negative) pairs, 1 when the positive
/// scores higher, ½ when they tie.
fn mann_whitney(y: &[bool], s: &[f64]) -> f64 {
    let (mut sum, mut pairs) = (0.0, 0.0);
    for i in (0..y.len()).filter(|&i| y[i]) {
        for j in (0..y.len()).filter(|&j| !y[j]) {
            pairs += 1.0;
            sum += match s[i].partial_cmp(&s[j]) {
                Some(std::cmp::Ordering::Greater) => 1.0,
                Some(std::cmp::Ordering::Equal) => 0.5,
                _ => 0.0,
            };
        }
    }
    sum / pairs
}

/// Labels as 0/1, shorter to read than true/false.
fn bits(y: &[bool]) -> Vec<u8> {
    y.iter().map(|&b| u8::from(b)).collect()
}

fn points(curve: &[(f64, f64)]) -> String {
    let p: Vec<String> = curve
        .iter()
        .map(|(x, y)| format!("({x:.3}, {y:.3})"))
        .collect();
    p.join(" ")
}

fn distinct(s: &[f64]) -> usize {
    let mut v = s.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v.dedup();
    v.len()
}

/// The learner's curve against the reference, with what a difference suggests.
fn compare_curve(y: &[bool], s: &[f64]) -> Verdict {
    let yours = learner::roc_curve(y, s);
    let expected = reference_curve(y, s);
    let input_zh = format!("标签 {:?}、分数 {s:?}", bits(y));
    let input_en = format!("labels {:?}, scores {s:?}", bits(y));
    let fail = |zh: String, en: String| {
        Err(say(
            format!("{input_zh}：{zh}"),
            format!("{input_en}: {en}"),
        ))
    };
    if yours.len() != expected.len() {
        let (d, n) = (distinct(s), s.len());
        return if yours.len() == n + 1 && d < n {
            fail(
                format!(
                    "{} 个点，即每个样本一个点；但只有 {d} 个不同分数：相同分数同时越过阈值，只形成一个点（应有 {} 个点）",
                    yours.len(),
                    d + 1
                ),
                format!(
                    "{} points, one per sample; but there are only {d} distinct scores: equal scores cross the threshold together and make one point ({} points expected)",
                    yours.len(),
                    d + 1
                ),
            )
        } else {
            fail(
                format!(
                    "{} 个点，应为 {}：(0, 0)，再加上每个不同分数一个点",
                    yours.len(),
                    expected.len()
                ),
                format!(
                    "{} points, expected {}: (0, 0), then one per distinct score",
                    yours.len(),
                    expected.len()
                ),
            )
        };
    }
    let same = |a: &(f64, f64), b: &(f64, f64)| {
        close(a.0, b.0, 1e-12, 1e-12) && close(a.1, b.1, 1e-12, 1e-12)
    };
    let Some(k) = (0..yours.len()).find(|&k| !same(&yours[k], &expected[k])) else {
        return Ok(());
    };
    if yours
        .iter()
        .any(|&(x, y)| x > 1.0 + 1e-12 || y > 1.0 + 1e-12)
    {
        return fail(
            format!(
                "点 {k} 是 {:?}：FPR 和 TPR 是比例，应除以负例数和正例数",
                yours[k]
            ),
            format!(
                "point {k} is {:?}: FPR and TPR are rates, divided by the numbers of negatives and positives",
                yours[k]
            ),
        );
    }
    let negated: Vec<f64> = s.iter().map(|v| -v).collect();
    if reference_curve(y, &negated)
        .iter()
        .zip(&yours)
        .all(|(a, b)| same(a, b))
    {
        return fail(
            "你的曲线先计入最低的分数：阈值应从最高的分数往下扫".to_owned(),
            "your curve counts the lowest scores first: sweep the threshold down from the highest score".to_owned(),
        );
    }
    fail(
        format!(
            "点 {k} 是 ({:.4}, {:.4})，应为 ({:.4}, {:.4})；参考曲线：{}",
            yours[k].0,
            yours[k].1,
            expected[k].0,
            expected[k].1,
            points(&expected)
        ),
        format!(
            "point {k} is ({:.4}, {:.4}), expected ({:.4}, {:.4}); the reference curve: {}",
            yours[k].0,
            yours[k].1,
            expected[k].0,
            expected[k].1,
            points(&expected)
        ),
    )
}

/// The learner's AUC against the pair count, with what a difference suggests.
fn compare_auc(y: &[bool], s: &[f64]) -> Verdict {
    let yours = learner::roc_auc(y, s);
    let expected = mann_whitney(y, s);
    if close(yours, expected, 1e-9, 1e-12) {
        return Ok(());
    }
    let curve = reference_curve(y, s);
    let lower: f64 = curve.windows(2).map(|w| (w[1].0 - w[0].0) * w[0].1).sum();
    let upper: f64 = curve.windows(2).map(|w| (w[1].0 - w[0].0) * w[1].1).sum();
    let (zh, en) = if close(yours, 1.0 - expected, 1e-9, 1e-12) {
        (
            "你的 AUC 是 1 − 正确值：阈值从低往高扫了".to_owned(),
            "your AUC is 1 − the right one: the threshold sweeps from low to high".to_owned(),
        )
    } else if close(yours, lower, 1e-9, 1e-12) || close(yours, upper, 1e-9, 1e-12) {
        (
            "这是矩形面积之和：斜线段（并列分数）下的面积要用梯形 (y₀ + y₁)/2".to_owned(),
            "that is a sum of rectangles: under a diagonal segment (tied scores) the area is a trapezoid, (y₀ + y₁)/2".to_owned(),
        )
    } else if yours.is_nan() {
        (
            "结果是 NaN：是否除以了 0？".to_owned(),
            "it is NaN: a division by 0?".to_owned(),
        )
    } else {
        (
            format!("应为 {expected:.6}：所有（正例, 负例）对中正例分数更高的比例，并列算 ½"),
            format!(
                "expected {expected:.6}: the fraction of (positive, negative) pairs where the positive scores higher, ties counting ½"
            ),
        )
    };
    Err(say(
        format!("标签 {:?}、分数 {s:?}：AUC = {yours:.6}，{zh}", bits(y)),
        format!("labels {:?}, scores {s:?}: AUC = {yours:.6}, {en}", bits(y)),
    ))
}

fn ends_and_length() -> Verdict {
    let y = [true, true, false, true, false, false];
    let s = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4];
    let curve = learner::roc_curve(&y, &s);
    let first = curve.first().copied().unwrap_or((f64::NAN, f64::NAN));
    let last = curve.last().copied().unwrap_or((f64::NAN, f64::NAN));
    let (zh, en) = if curve.len() != 7 {
        (
            format!(
                "{} 个点，应为 7：(0, 0)，再加 6 个不同分数各一个",
                curve.len()
            ),
            format!(
                "{} points, expected 7: (0, 0), then one for each of the 6 distinct scores",
                curve.len()
            ),
        )
    } else if first != (0.0, 0.0) {
        (
            format!("第一个点是 {first:?}：阈值 +∞ 时没有样本被判为正，应为 (0, 0)"),
            format!("the first point is {first:?}: at t = +∞ nothing is positive, so it is (0, 0)"),
        )
    } else if last.0 > 1.0 || last.1 > 1.0 {
        (
            format!("最后一个点是 {last:?}：FPR 和 TPR 是比例，要除以负例数和正例数"),
            format!(
                "the last point is {last:?}: FPR and TPR are rates, divided by the numbers of negatives and positives"
            ),
        )
    } else if last != (1.0, 1.0) {
        (
            format!("最后一个点是 {last:?}：阈值为最低分数时所有样本都判为正，应为 (1, 1)"),
            format!(
                "the last point is {last:?}: at the lowest score everything is positive, so it is (1, 1)"
            ),
        )
    } else {
        return Ok(());
    };
    Err(say(
        format!("标签 {:?}、分数 {s:?}：{zh}", bits(&y)),
        format!("labels {:?}, scores {s:?}: {en}", bits(&y)),
    ))
}

fn small_curve() -> Verdict {
    compare_curve(
        &[true, true, false, true, false, false],
        &[0.9, 0.8, 0.7, 0.6, 0.55, 0.4],
    )
}

fn tied_curve() -> Verdict {
    // Scores 0.8 (a positive and a negative) and 0.5 (two positives, a negative): 3 distinct.
    compare_curve(
        &[true, false, true, false, true, false],
        &[0.8, 0.8, 0.5, 0.5, 0.5, 0.2],
    )
}

/// Labels (0/1, both classes present) and scores drawn from `levels` values: few levels, many ties.
fn labelled_scores(levels: u8) -> impl Strategy<Value = (Vec<u8>, Vec<f64>)> {
    (2usize..16)
        .prop_flat_map(move |n| (vec(0u8..2, n), vec(0..levels, n)))
        .prop_filter("both classes", |(y, _)| y.contains(&0) && y.contains(&1))
        .prop_map(move |(y, s)| {
            (
                y,
                s.iter()
                    .map(|&v| f64::from(v) / f64::from(levels))
                    .collect(),
            )
        })
}

/// Labels (0/1, both classes present) and distinct scores.
fn distinct_scores() -> impl Strategy<Value = (Vec<u8>, Vec<f64>)> {
    (2usize..16)
        .prop_flat_map(|n| {
            (
                vec(0u8..2, n),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            )
        })
        .prop_filter("both classes", |(y, _)| y.contains(&0) && y.contains(&1))
        .prop_map(|(y, rank)| (y, rank.iter().map(|&r| (r as f64 + 1.0) / 10.0).collect()))
}

fn labels(y: &[u8]) -> Vec<bool> {
    y.iter().map(|&v| v == 1).collect()
}

fn random_curve() -> Verdict {
    property(labelled_scores(4), |(y, s)| compare_curve(&labels(&y), &s))
}

fn auc_without_ties() -> Verdict {
    // A perfect ranking first, then its reverse, then random ones.
    let y = [true, true, false, false];
    compare_auc(&y, &[0.9, 0.8, 0.3, 0.1])?;
    compare_auc(&y, &[0.1, 0.3, 0.8, 0.9])?;
    property(distinct_scores(), |(y, s)| compare_auc(&labels(&y), &s))
}

fn auc_with_ties() -> Verdict {
    // One positive and one negative tied: the pair counts ½, whatever their order.
    compare_auc(&[true, false], &[0.5, 0.5])?;
    compare_auc(&[false, true, true, false], &[0.5, 0.5, 0.9, 0.1])?;
    property(labelled_scores(3), |(y, s)| compare_auc(&labels(&y), &s))
}
