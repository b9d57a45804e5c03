use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "返回 k 个 (训练, 测试) 对",
        en: "k (train, test) pairs",
        run: count,
    },
    Check {
        zh: "折的大小与 scikit-learn 相同：前 n % k 折各多一个",
        en: "fold sizes as scikit-learn: the first n % k folds have one more",
        run: sizes,
    },
    Check {
        zh: "每个下标恰好在一个测试折中",
        en: "every index is in exactly one test fold",
        run: tested_once,
    },
    Check {
        zh: "训练集与测试集不相交，合起来是全部样本",
        en: "train and test are disjoint and together hold every sample",
        run: no_leak,
    },
    Check {
        zh: "随机的 n 和 k：各折按顺序、为连续区间，下标升序",
        en: "random n and k: folds in order, consecutive blocks, indices increasing",
        run: random_order,
    },
];

type Folds = Vec<(Vec<usize>, Vec<usize>)>;

/// The fold of each sample: fold f takes ⌊n/k⌋ + [f < n % k] samples, in order.
fn fold_of(n: usize, k: usize) -> Vec<usize> {
    let mut fold = Vec::with_capacity(n);
    for f in 0..k {
        fold.resize(fold.len() + n / k + usize::from(f < n % k), f);
    }
    fold
}

/// The reference pairs, by filtering on each sample's fold.
fn reference(n: usize, k: usize) -> Folds {
    let fold = fold_of(n, k);
    (0..k)
        .map(|f| {
            let (test, train): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| fold[i] == f);
            (train, test)
        })
        .collect()
}

fn count_of(folds: &Folds, n: usize, k: usize) -> Verdict {
    match folds.len() == k {
        true => Ok(()),
        false => Err(say(
            format!(
                "n = {n}、k = {k}：返回了 {} 对，应为每折一对（{k} 对）",
                folds.len()
            ),
            format!(
                "n = {n}, k = {k}: {} pairs returned, expected one per fold ({k})",
                folds.len()
            ),
        )),
    }
}

fn count() -> Verdict {
    count_of(&learner::k_fold(10, 3), 10, 3)
}

fn sizes_of(n: usize, k: usize) -> Verdict {
    let folds = learner::k_fold(n, k);
    count_of(&folds, n, k)?;
    let yours: Vec<usize> = folds.iter().map(|(_, test)| test.len()).collect();
    let expected: Vec<usize> = reference(n, k).iter().map(|(_, test)| test.len()).collect();
    if yours == expected {
        return Ok(());
    }
    let total: usize = yours.iter().sum();
    let (zh, en) = if total < n {
        (
            format!(
                "测试折一共只有 {total} 个样本：剩下的 n % k = {} 个样本从未被测试",
                n % k
            ),
            format!(
                "the test folds hold only {total} samples: the n % k = {} left over are never tested",
                n % k
            ),
        )
    } else if yours.iter().rev().copied().collect::<Vec<_>>() == expected {
        (
            "多出的样本放在了最后几折：应放在前 n % k 折".to_owned(),
            "the extra samples went to the last folds: they go to the first n % k".to_owned(),
        )
    } else if yours[0] == n.div_ceil(k) && yours.iter().skip(1).all(|&s| s <= yours[0]) {
        (
            format!(
                "每折取 ⌈n/k⌉ = {} 个，最后几折就不够了：每折 ⌊n/k⌋ 个，前 n % k 折各多一个",
                yours[0]
            ),
            format!(
                "blocks of ⌈n/k⌉ = {} leave the last folds short: each fold has ⌊n/k⌋, the first n % k one more",
                yours[0]
            ),
        )
    } else {
        (
            "每折 ⌊n/k⌋ 个，前 n % k 折各多一个".to_owned(),
            "each fold has ⌊n/k⌋, the first n % k one more".to_owned(),
        )
    };
    Err(say(
        format!("n = {n}、k = {k}：测试折大小为 {yours:?}，应为 {expected:?}：{zh}"),
        format!("n = {n}, k = {k}: test fold sizes {yours:?}, expected {expected:?}: {en}"),
    ))
}

fn sizes() -> Verdict {
    sizes_of(10, 5)?;
    sizes_of(10, 4)?;
    sizes_of(11, 3)
}

fn tested_once() -> Verdict {
    let (n, k) = (11, 4);
    let folds = learner::k_fold(n, k);
    count_of(&folds, n, k)?;
    let mut times = vec![0usize; n];
    for (_, test) in &folds {
        for &i in test {
            match times.get_mut(i) {
                Some(t) => *t += 1,
                None => {
                    return Err(say(
                        format!("n = {n}、k = {k}：测试折里有下标 {i}，超出了 0…{}", n - 1),
                        format!(
                            "n = {n}, k = {k}: a test fold holds index {i}, outside 0…{}",
                            n - 1
                        ),
                    ));
                }
            }
        }
    }
    match (0..n).find(|&i| times[i] != 1) {
        None => Ok(()),
        Some(i) => Err(say(
            format!(
                "n = {n}、k = {k}：样本 {i} 出现在 {} 个测试折中，应恰好 1 个",
                times[i]
            ),
            format!(
                "n = {n}, k = {k}: sample {i} is in {} test folds, expected exactly 1",
                times[i]
            ),
        )),
    }
}

fn no_leak() -> Verdict {
    let (n, k) = (11, 4);
    let folds = learner::k_fold(n, k);
    count_of(&folds, n, k)?;
    for (f, (train, test)) in folds.iter().enumerate() {
        if let Some(i) = train.iter().find(|i| test.contains(i)) {
            return Err(say(
                format!(
                    "n = {n}、k = {k}：第 {f} 折的测试样本 {i} 也在它的训练集中：模型会在测试数据上训练（数据泄漏）"
                ),
                format!(
                    "n = {n}, k = {k}: fold {f}'s test sample {i} is also in its training set: the model would train on its test data (leakage)"
                ),
            ));
        }
        if let Some(i) = (0..n).find(|i| !train.contains(i) && !test.contains(i)) {
            return Err(say(
                format!(
                    "n = {n}、k = {k}：样本 {i} 既不在第 {f} 折的训练集也不在其测试集中：其余各折都应用于训练"
                ),
                format!(
                    "n = {n}, k = {k}: sample {i} is in neither fold {f}'s training set nor its test set: every other fold trains"
                ),
            ));
        }
    }
    Ok(())
}

fn random_order() -> Verdict {
    let cases = (2usize..60).prop_flat_map(|n| (Just(n), 2..=n.min(10)));
    property(cases, |(n, k)| {
        sizes_of(n, k)?;
        let yours = learner::k_fold(n, k);
        let expected = reference(n, k);
        for (f, ((train, test), (train_e, test_e))) in yours.iter().zip(&expected).enumerate() {
            if test != test_e {
                return Err(say(
                    format!("第 {f} 折的测试集是 {test:?}，应为 {test_e:?}（按顺序的连续区间）"),
                    format!(
                        "fold {f}'s test set is {test:?}, expected {test_e:?} (consecutive blocks in order)"
                    ),
                ));
            }
            if train != train_e {
                return Err(say(
                    format!("第 {f} 折的训练集是 {train:?}，应为 {train_e:?}（其余样本，按升序）"),
                    format!(
                        "fold {f}'s training set is {train:?}, expected {train_e:?} (the other samples, increasing)"
                    ),
                ));
            }
        }
        Ok(())
    })
}
