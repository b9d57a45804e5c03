use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, all_close, close, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "softmax 在小 logits 上与定义一致",
        en: "softmax matches its definition on small logits",
        run: matches_definition,
    },
    Check {
        zh: "softmax 对很大的 logits 不溢出",
        en: "softmax survives large logits",
        run: large_logits,
    },
    Check {
        zh: "交叉熵等于 −log softmax(z)[y]",
        en: "cross-entropy equals −log softmax(z)[y]",
        run: cross_entropy_matches,
    },
    Check {
        zh: "交叉熵在概率下溢时仍然精确",
        en: "cross-entropy stays exact when the probability underflows",
        run: cross_entropy_extreme,
    },
];

/// softmax straight from the definition: fine for |z| < 30.
fn naive_softmax(z: &[f64]) -> Vec<f64> {
    let sum: f64 = z.iter().map(|v| v.exp()).sum();
    z.iter().map(|v| v.exp() / sum).collect()
}

fn matches_definition() -> Verdict {
    property(vec(-20.0..20.0f64, 1..8), |z| {
        let yours = learner::softmax(&z);
        if yours.len() != z.len() {
            return Err(say(
                format!("返回了 {} 个概率，应为每个 logit 一个", yours.len()),
                format!("{} probabilities returned, expected one per logit", yours.len()),
            ));
        }
        let sum: f64 = yours.iter().sum();
        if !close(sum, 1.0, 1e-12, 1e-12) {
            return Err(say(
                format!("概率之和为 {sum}，应为 1：是否忘了除以总和？"),
                format!("the probabilities sum to {sum}, not 1: a missing division by the sum?"),
            ));
        }
        match all_close(&yours, &naive_softmax(&z), 1e-10, 1e-15) {
            None => Ok(()),
            Some(k) => Err(say(
                format!("第 {k} 个概率为 {}，与 exp(zₖ)/Σexp(zⱼ) 不符", yours[k]),
                format!("probability {k} is {}, not exp(zₖ)/Σexp(zⱼ)", yours[k]),
            )),
        }
    })
}

fn large_logits() -> Verdict {
    property(vec(-1000.0..1000.0f64, 1..6), |z| {
        let shifted: Vec<f64> = z.iter().map(|v| v + 1000.0).collect();
        let yours = learner::softmax(&shifted);
        if yours.iter().any(|p| !p.is_finite()) {
            return Err(say(
                "结果含 NaN 或无穷大：exp 溢出了，先减去最大的 logit",
                "NaN or infinity: exp overflowed; subtract the largest logit first",
            ));
        }
        let reference = learner::softmax(&z);
        match all_close(&yours, &reference, 1e-9, 1e-300) {
            None => Ok(()),
            Some(k) => Err(say(
                format!("softmax(z + 1000) 的第 {k} 项与 softmax(z) 不同：平移不应改变结果"),
                format!("softmax(z + 1000)[{k}] differs from softmax(z)[{k}]: a shift must not change it"),
            )),
        }
    })
}

fn cross_entropy_matches() -> Verdict {
    let cases = (vec(-20.0..20.0f64, 2..8), any::<prop::sample::Index>());
    property(cases, |(z, index)| {
        let label = index.index(z.len());
        let yours = learner::cross_entropy(&z, label);
        let expected = -naive_softmax(&z)[label].ln();
        if close(-yours, expected, 1e-9, 1e-12) && expected.abs() > 1e-9 {
            return Err(say(
                "符号反了：损失是 −log p，总是 ≥ 0",
                "the sign is flipped: the loss is −log p, always ≥ 0",
            ));
        }
        match close(yours, expected, 1e-9, 1e-12) {
            true => Ok(()),
            false => Err(say(
                format!("标签 {label} 的交叉熵为 {yours}，与 −log softmax(z)[y] 不符"),
                format!("cross-entropy for label {label} is {yours}, not −log softmax(z)[y]"),
            )),
        }
    })
}

fn cross_entropy_extreme() -> Verdict {
    // p(y) = exp(−1000) underflows to 0 in f64: −log of it must still be 1000, not infinity.
    let yours = learner::cross_entropy(&[1000.0, 0.0], 1);
    match close(yours, 1000.0, 1e-12, 0.0) {
        true => Ok(()),
        false => Err(say(
            format!("logits [1000, 0]、标签 1 的损失为 {yours}：用 log-sum-exp 计算，而不是对下溢的概率取对数"),
            format!("logits [1000, 0], label 1 gives {yours}: use log-sum-exp instead of the log of an underflowed probability"),
        )),
    }
}
