use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, close, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "一个小例子：精确率 = TP/(TP + FP)",
        en: "a small case: precision = TP/(TP + FP)",
        run: small_precision,
    },
    Check {
        zh: "一个小例子：召回率 = TP/(TP + FN)",
        en: "a small case: recall = TP/(TP + FN)",
        run: small_recall,
    },
    Check {
        zh: "一个小例子：F1 是调和平均",
        en: "a small case: F1 is the harmonic mean",
        run: small_f1,
    },
    Check {
        zh: "分母为 0 时结果为 0（zero_division=0）",
        en: "a zero denominator gives 0 (zero_division=0)",
        run: zero_division,
    },
    Check {
        zh: "随机标签：三个指标都与参考实现一致",
        en: "random labels: all three metrics match a reference",
        run: random_labels,
    },
];

/// The reference: counts by filtering, F1 = 2TP / (2TP + FP + FN) (the same number as
/// 2PR / (P + R), without going through P and R).
fn reference(y_true: &[bool], y_pred: &[bool]) -> [f64; 3] {
    let count = |t: bool, p: bool| {
        (0..y_true.len())
            .filter(|&i| y_true[i] == t && y_pred[i] == p)
            .count() as f64
    };
    let (tp, fp, fn_) = (count(true, true), count(false, true), count(true, false));
    let safe = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    [
        safe(tp, tp + fp),
        safe(tp, tp + fn_),
        safe(2.0 * tp, 2.0 * tp + fp + fn_),
    ]
}

/// 0/1 strings of the labels, easier to read than `true, false`: 1101.
fn bits(v: &[bool]) -> String {
    v.iter().map(|&b| if b { '1' } else { '0' }).collect()
}

/// The learner's metric `m` (0 = precision, 1 = recall, 2 = F1).
fn yours(m: usize, y_true: &[bool], y_pred: &[bool]) -> f64 {
    match m {
        0 => learner::precision(y_true, y_pred),
        1 => learner::recall(y_true, y_pred),
        _ => learner::f1_score(y_true, y_pred),
    }
}

/// Metric `m` against the reference, with what its value suggests.
fn compare(m: usize, y_true: &[bool], y_pred: &[bool]) -> Verdict {
    let value = yours(m, y_true, y_pred);
    let expected = reference(y_true, y_pred);
    if close(value, expected[m], 1e-12, 1e-12) {
        return Ok(());
    }
    let names = [("精确率", "precision"), ("召回率", "recall"), ("F1", "F1")];
    let (zh, en) = names[m];
    let (why_zh, why_en) = if value.is_nan() {
        (
            "0/0 得到了 NaN：分母为 0 时应返回 0".to_owned(),
            "0/0 gave NaN: return 0 when the denominator is 0".to_owned(),
        )
    } else if m < 2 && close(value, expected[1 - m], 1e-12, 1e-12) {
        let (other_zh, other_en) = names[1 - m];
        (
            format!("这是{other_zh}的值：精确率的分母是 TP + FP，召回率的分母是 TP + FN"),
            format!("that is the {other_en}: precision divides by TP + FP, recall by TP + FN"),
        )
    } else if m == 2 && close(value, (expected[0] + expected[1]) / 2.0, 1e-12, 1e-12) {
        (
            "这是 P 和 R 的算术平均 (P + R)/2：F1 是调和平均".to_owned(),
            "that is the arithmetic mean (P + R)/2: F1 is the harmonic mean".to_owned(),
        )
    } else {
        let count = |t: bool, p: bool| {
            (0..y_true.len())
                .filter(|&i| y_true[i] == t && y_pred[i] == p)
                .count()
        };
        let (tp, fp, fn_, tn) = (
            count(true, true),
            count(false, true),
            count(true, false),
            count(false, false),
        );
        (
            format!(
                "应为 {}（这里 TP = {tp}、FP = {fp}、FN = {fn_}、TN = {tn}）",
                expected[m]
            ),
            format!(
                "expected {} (here TP = {tp}, FP = {fp}, FN = {fn_}, TN = {tn})",
                expected[m]
            ),
        )
    };
    Err(say(
        format!(
            "y_true = {}、y_pred = {}：{zh} = {value}，{why_zh}",
            bits(y_true),
            bits(y_pred)
        ),
        format!(
            "y_true = {}, y_pred = {}: {en} = {value}, {why_en}",
            bits(y_true),
            bits(y_pred)
        ),
    ))
}

/// All three metrics.
fn compare_all(y_true: &[bool], y_pred: &[bool]) -> Verdict {
    (0..3).try_for_each(|m| compare(m, y_true, y_pred))
}

/// TP = 3, FP = 1, FN = 2, TN = 2: P = 0.75, R = 0.6, F1 = 2/3.
const Y_TRUE: [bool; 8] = [true, true, true, true, true, false, false, false];
const Y_PRED: [bool; 8] = [true, true, true, false, false, true, false, false];

/// One metric on the small case (0 = precision, 1 = recall, 2 = F1).
fn small(m: usize) -> Verdict {
    compare(m, &Y_TRUE, &Y_PRED)
}

fn small_precision() -> Verdict {
    small(0)
}

fn small_recall() -> Verdict {
    small(1)
}

fn small_f1() -> Verdict {
    small(2)
}

fn zero_division() -> Verdict {
    let cases: [(&[bool], &[bool]); 4] = [
        (&[true, false, true], &[false, false, false]), // nothing predicted positive
        (&[false, false, false], &[true, false, false]), // no positive sample
        (&[false, false], &[false, false]),             // no positives at all
        (&[true, false], &[false, true]),               // P = R = 0
    ];
    cases.iter().try_for_each(|(t, p)| compare_all(t, p))
}

fn random_labels() -> Verdict {
    // Each case draws its own rate of positives, so some are mostly true and some mostly false.
    let labels = (1usize..30, 0.05..0.95f64, 0.05..0.95f64).prop_flat_map(|(n, a, b)| {
        (
            vec(prop::bool::weighted(a), n),
            vec(prop::bool::weighted(b), n),
        )
    });
    property(labels, |(y_true, y_pred)| compare_all(&y_true, &y_pred))
}
