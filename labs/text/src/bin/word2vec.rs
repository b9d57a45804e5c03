//! Word vectors from scratch on ndarray: skip-gram with negative sampling (word2vec) and GloVe,
//! on Shakespeare's words and the characters of Tang poems; neighbours, analogies, a 2-D PCA.
//!
//! ```text
//! SGNS       L = −log σ(u_o·v_c) − Σₖ log σ(−u_k·v_c)      v = W_in[centre], u = W_out[word], (d,)
//!            ∂L/∂v_c = (σ(u_o·v_c) − 1) u_o + Σₖ σ(u_k·v_c) u_k
//!            ∂L/∂u_o = (σ(u_o·v_c) − 1) v_c      ∂L/∂u_k = σ(u_k·v_c) v_c     (SGD, η linear → 0)
//! pairs      window b ~ U{1…5} around each kept word; a word of frequency f is kept with
//!            probability min(1, (√(f/t) + 1) t/f), t = 1e-3 (word2vec.c); k = 5 negatives ~ count^¾
//! GloVe      J = Σ_ij f(X_ij)(w_i·w̃_j + b_i + b̃_j − log X_ij)²,  f(x) = min(1, (x/x_max)^¾),
//!            X_ij = Σ 1/distance over a window of 10; AdaGrad (glove.c); a word's vector w + w̃
//! cosine     cos(a, b) = a·b/(‖a‖‖b‖);  analogy a : b :: c : argmax_x cos(x, b − a + c), x ∉ {a, b, c}
//! PCA        eigenvectors of X_cᵀX_c (Jacobi rotations), X_c the centred vectors (n, d)
//! ```
//!
//! The two models are the library's [`skipgram`](llmpath_labs_text::skipgram) and
//! [`glove`](llmpath_labs_text::glove); this file checks them, trains them and shows what they
//! learned.
//!
//! English: tiny-shakespeare lower-cased, runs of letters as words (about 200 000), words seen
//! 5 times or more (about 3 000). Chinese: the characters of about 7000 Tang poems (punctuation
//! dropped), 5 times or more. d = 50; 5 epochs (2 with `--quick`). `scripts/reference/word2vec.py`
//! made the golden numbers: one SGNS step (PyTorch autograd's gradients, a NumPy SGD step), one
//! GloVe pass (NumPy, glove.c's update) and a PCA (NumPy's SVD) on fixed weights; the gradient is
//! also checked by central differences. With `llmpath data fetch text8` the lab also trains on the
//! first million words of text8 (Wikipedia; not measured here: the offline copy lacks it).
//!
//! Expected result and time (release, 2 vCPU): the SGNS loss and gradients equal PyTorch's
//! autograd to 1e-16, the step and the GloVe pass NumPy's to 1e-16, the gradient matches central
//! differences to 2e-10, the PCA NumPy's SVD (axes to 1e-15, singular values to 3e-9: through
//! XᵀX). Shakespeare (194 797 words, 3225 kept): the mean SGNS loss per pair as it trains goes
//! 2.72 → 2.51 in two epochs, then creeps back up to 2.59 while the learning rate decays; the
//! loss of a fixed probe of 20 000 pairs, measured after each epoch without a step, falls every
//! epoch (2.88 → 2.81 → 2.75 → 2.71 → 2.65). The training loss is measured before each step on
//! pairs that come in runs (one centre with up to 10 contexts, a window's words again as
//! centres), so a large learning rate fits each run as it goes and the loss looks low; as the
//! rate decays that help fades and the figure rises, though the model gets better. thou's
//! neighbours are st, art, thyself, dost, hast, wilt (thee 17th), king's the kings Richard,
//! Edward, Henry, father's brother, son, husband, heir, daughter. GloVe's cost per entry falls
//! 0.024 → 0.0065, with the same kind of neighbours (thee 34th). Analogies are weak, as a corpus
//! this small gives: 1 of 6 for SGNS (he : she :: his : her), 0 of 6 for GloVe; queen is not near
//! king. Tang poems (368 494 characters, 3622 kept): 酒 → 酌, 杯, 樽, 醉; 山 → 峽, 峰, 谿, 嶺;
//! 花 → 絮, 梅, 蹊, 梨; 月 → 燈,
//! 暈, 靨, …, 照. About a minute (`--quick`: 2 epochs of SGNS, 10 of GloVe, about half).
//!
//! References:
//! - Mikolov, Chen, Corrado & Dean, "Efficient estimation of word representations in vector
//!   space", ICLR workshop (2013).
//! - Mikolov, Sutskever, Chen, Corrado & Dean, "Distributed representations of words and phrases
//!   and their compositionality", NeurIPS (2013): negative sampling, subsampling, count^¾.
//! - Pennington, Socher & Manning, "GloVe: global vectors for word representation", EMNLP (2014);
//!   stanfordnlp/GloVe `src/glove.c` (the AdaGrad update).
//! - Levy, Goldberg & Dagan, "Improving distributional similarity with lessons learned from word
//!   embeddings", TACL (2015): what the hyper-parameters do on small corpora.

use std::process::ExitCode;

use llmpath_data::DataDir;
use llmpath_lab::{LabArgs, Lang, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, Plots};
use llmpath_labs_text::glove::{Glove, train_glove};
use llmpath_labs_text::skipgram::{sgns_loss_grad, sgns_step, train_sgns};
use llmpath_labs_text::vectors::{
    Corpus, LabelledPoints, corpus, english_words, nearest, neighbour_rank, pca, unit_rows,
};
use llmpath_labs_text::{Result, gap, shakespeare, tang_poems};
use ndarray::{Array2, Axis};
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/word2vec.json");
const TORCH: &str = "scripts/reference/word2vec.py (PyTorch, NumPy)";
const DIM: usize = 50;

/// 0.1·sin(phase + 0.7·(i·cols + j) + 0.3): the fixed weights word2vec.py builds too.
fn fixed(rows: usize, cols: usize, phase: f64) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        0.1 * (phase + 0.7 * (i * cols + j) as f64 + 0.3).sin()
    })
}

/// What word2vec.py wrote (the fields the lab uses).
#[derive(Deserialize)]
struct Golden {
    word2vec: Reference,
}

#[derive(Deserialize)]
struct Reference {
    sgns: SgnsRef,
    glove: GloveRef,
    pca: PcaRef,
}

#[derive(Deserialize)]
struct SgnsRef {
    centre: usize,
    context: usize,
    negatives: Vec<usize>,
    learning_rate: f64,
    loss: f64,
    grad_centre: Vec<f64>,
    grad_out: Vec<Vec<f64>>,
    w_in_after: Vec<Vec<f64>>,
    w_out_after: Vec<Vec<f64>>,
}

#[derive(Deserialize)]
struct GloveRef {
    entries: Vec<(usize, usize, f64)>,
    x_max: f64,
    alpha: f64,
    learning_rate: f64,
    cost: f64,
    w_after: Vec<Vec<f64>>,
    w_ctx_after: Vec<Vec<f64>>,
    b_after: Vec<f64>,
    b_ctx_after: Vec<f64>,
}

#[derive(Deserialize)]
struct PcaRef {
    singular_values: Vec<f64>,
    axes: Vec<Vec<f64>>,
    projections: Vec<Vec<f64>>,
}

/// The fixed 8 × 4 weights of word2vec.py's SGNS step and GloVe pass, and its 12 × 5 PCA input.
fn sgns_weights() -> (Array2<f64>, Array2<f64>) {
    (fixed(8, 4, 0.0) * 5.0, fixed(8, 4, 1.0) * 5.0)
}
fn glove_weights() -> Glove {
    let (b, b_ctx) = (fixed(1, 8, 4.0).row(0).to_owned(), fixed(1, 8, 5.0).row(0).to_owned());
    Glove::new(fixed(8, 4, 2.0) * 5.0, fixed(8, 4, 3.0) * 5.0, b, b_ctx)
}
fn pca_input() -> Array2<f64> {
    let trend = [1.0, -0.5, 0.25, 0.0, 0.1];
    fixed(12, 5, 6.0) * 10.0 + Array2::from_shape_fn((12, 5), |(i, j)| i as f64 * trend[j])
}

/// Central differences of L along every coordinate of v_c and u_o: the largest gap to ∂L.
fn sgns_gradient_check() -> f64 {
    let (w_in, w_out) = sgns_weights();
    let (v, targets): (Vec<f64>, Vec<Vec<f64>>) =
        (w_in.row(2).to_vec(), [5, 1, 7].iter().map(|&r| w_out.row(r).to_vec()).collect());
    let loss = |v: &[f64], t: &[Vec<f64>]| {
        sgns_loss_grad(v, &t.iter().map(Vec::as_slice).collect::<Vec<_>>()).0
    };
    let (_, grad_v, grad_u) =
        sgns_loss_grad(&v, &targets.iter().map(Vec::as_slice).collect::<Vec<_>>());
    let h = 1e-6;
    let mut worst: f64 = 0.0;
    for k in 0..v.len() {
        let (mut plus, mut minus) = (v.clone(), v.clone());
        (plus[k], minus[k]) = (v[k] + h, v[k] - h);
        worst = worst
            .max(((loss(&plus, &targets) - loss(&minus, &targets)) / (2.0 * h) - grad_v[k]).abs());
        for (t, g) in grad_u.iter().enumerate() {
            let (mut plus, mut minus) = (targets.clone(), targets.clone());
            plus[t][k] += h;
            minus[t][k] -= h;
            worst = worst.max(((loss(&v, &plus) - loss(&v, &minus)) / (2.0 * h) - g[k]).abs());
        }
    }
    worst
}

/// Prints the nearest neighbours of `queries` (those in the vocabulary); the words found.
fn show_neighbours(
    c: &Corpus, unit: &Array2<f64>, queries: &[&str], k: usize,
) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for &q in queries {
        let Some(&id) = c.ids.get(q) else { continue };
        let near = nearest(unit, &unit.row(id).to_owned(), k, &[id]);
        let words: Vec<String> = near.iter().map(|&(i, _)| c.words[i].clone()).collect();
        let shown: Vec<String> =
            near.iter().map(|&(i, cos)| format!("{} {cos:.2}", c.words[i])).collect();
        println!("  {q:<8} → {}", shown.join(", "));
        found.push((q.to_owned(), words));
    }
    found
}

/// a : b :: c : ? for each (a, b, c, d) in the vocabulary: how many put d first.
fn analogies(c: &Corpus, unit: &Array2<f64>, cases: &[[&str; 4]]) -> (usize, usize) {
    let (mut right, mut asked) = (0, 0);
    for case in cases {
        let Some(ids) = case.iter().map(|w| c.ids.get(*w).copied()).collect::<Option<Vec<usize>>>()
        else {
            continue;
        };
        let q = &unit.row(ids[1]) - &unit.row(ids[0]) + unit.row(ids[2]);
        let best = nearest(unit, &q, 1, &ids[..3]).first().map(|&(i, _)| i);
        println!(
            "  {} : {} :: {} : {} ({})",
            case[0],
            case[1],
            case[2],
            best.map_or("?", |i| c.words[i].as_str()),
            case[3]
        );
        (right, asked) = (right + usize::from(best == Some(ids[3])), asked + 1);
    }
    (right, asked)
}

/// The 2-D PCA of the `words`' rows of `e`, as a labelled scatter plot.
fn pca_plot(c: &Corpus, e: &Array2<f64>, words: &[&str], title: &str) -> LabelledPoints {
    let ids: Vec<usize> = words.iter().filter_map(|w| c.ids.get(*w).copied()).collect();
    let (_, _, projections) = pca(&unit_rows(&e.select(Axis(0), &ids)));
    let points = ids.iter().zip(projections.rows()).map(|(&i, p)| (c.words[i].clone(), p[0], p[1]));
    LabelledPoints {
        title: title.to_owned(),
        x_label: "PC 1".into(),
        y_label: "PC 2".into(),
        points: points.collect(),
    }
}

const EN_QUERIES: [&str; 7] = ["thou", "king", "love", "good", "father", "death", "night"];
const ZH_QUERIES: [&str; 6] = ["月", "山", "酒", "春", "花", "風"];
const ANALOGIES: [[&str; 4]; 6] = [
    ["king", "queen", "man", "woman"],
    ["he", "she", "his", "her"],
    ["father", "mother", "son", "daughter"],
    ["brother", "sister", "father", "mother"],
    ["thou", "thee", "i", "me"],
    ["king", "kings", "lord", "lords"],
];
const EN_PLOT: [&str; 24] = [
    "king", "queen", "prince", "duke", "lord", "lady", "father", "mother", "son", "daughter",
    "brother", "sister", "thou", "thee", "thy", "you", "he", "she", "love", "hate", "death",
    "life", "day", "night",
];
const ZH_PLOT: [&str; 20] = [
    "月", "日", "星", "雲", "山", "水", "江", "河", "春", "秋", "花", "草", "酒", "醉", "風", "雨",
    "雪", "霜", "君", "我",
];

fn main() -> ExitCode {
    llmpath_labs_kit::main("word2vec", lab)
}

fn lab(args: LabArgs) -> Result<()> {
    let g = serde_json::from_str::<Golden>(GOLDEN)?.word2vec;
    let pick = |i: usize| args.lang.pick(TEXT[i].0, TEXT[i].1);
    let dir = DataDir::resolve(args.data_dir.clone())?;
    let mut run = Run::start("word2vec", "tiny_shakespeare, chinese_poetry", &args)?;
    let (plots, mut checks) = (Plots::new(&args).map_err(|e| e.to_string())?, Checks::default());
    let epochs = if args.quick { 2 } else { 5 };

    // 1. The pieces against PyTorch and NumPy on fixed weights, and finite differences.
    let s = &g.sgns;
    let (mut w_in, mut w_out) = sgns_weights();
    let rows: Vec<usize> = std::iter::once(s.context).chain(s.negatives.iter().copied()).collect();
    let targets: Vec<Vec<f64>> = rows.iter().map(|&r| w_out.row(r).to_vec()).collect();
    let (_, grad_v, grad_u) = sgns_loss_grad(
        &w_in.row(s.centre).to_vec(),
        &targets.iter().map(Vec::as_slice).collect::<Vec<_>>(),
    );
    let mut grad_out = Array2::<f64>::zeros(w_out.dim()); // (V, d): a row drawn twice sums
    rows.iter()
        .zip(&grad_u)
        .for_each(|(&r, g)| grad_out.row_mut(r).iter_mut().zip(g).for_each(|(o, g)| *o += g));
    let grads =
        gap(grad_v.iter().chain(&grad_out), &[s.grad_centre.clone(), s.grad_out.concat()].concat());
    checks.compare("sgns_gradient_vs_torch_autograd", grads, 0.0, 1e-15, TORCH);
    let loss = sgns_step(&mut w_in, &mut w_out, s.centre, s.context, &s.negatives, s.learning_rate);
    checks.compare("sgns_loss_vs_torch", (loss - s.loss).abs(), 0.0, 1e-14, TORCH);
    let after =
        gap(w_in.iter().chain(&w_out), &[s.w_in_after.concat(), s.w_out_after.concat()].concat());
    checks.compare("sgns_step_vs_numpy", after, 0.0, 1e-15, TORCH);
    let fd = sgns_gradient_check();
    checks.compare(
        "sgns_gradient_vs_finite_differences",
        fd,
        0.0,
        1e-8,
        "(L(x + h) − L(x − h))/2h",
    );
    let r = &g.glove;
    let mut glove = glove_weights();
    let cost = glove.pass(&r.entries, r.x_max, r.alpha, r.learning_rate);
    let ours = glove.w.iter().chain(&glove.w_ctx).chain(&glove.b).chain(&glove.b_ctx);
    let theirs =
        [r.w_after.concat(), r.w_ctx_after.concat(), r.b_after.clone(), r.b_ctx_after.clone()]
            .concat();
    checks.compare("glove_pass_vs_numpy", gap(ours, &theirs), 0.0, 1e-15, TORCH);
    checks.compare("glove_cost_vs_numpy", (cost - r.cost).abs(), 0.0, 1e-14, TORCH);
    let (singular, axes, projections) = pca(&pca_input());
    let p = &g.pca;
    // Through XᵀX the singular values carry √(ε λ_max) of rounding: 1e-8, not 1e-10.
    checks.compare(
        "pca_singular_values_vs_numpy_svd",
        gap(&singular, &p.singular_values),
        0.0,
        1e-8,
        TORCH,
    );
    checks.compare("pca_axes_vs_numpy_svd", gap(&axes, &p.axes.concat()), 0.0, 1e-10, TORCH);
    checks.compare(
        "pca_projections_vs_numpy_svd",
        gap(&projections, &p.projections.concat()),
        0.0,
        1e-10,
        TORCH,
    );
    println!("{} {loss:.6} / {cost:.6}, {} {fd:.1e}", pick(0), pick(1));

    // 2. Skip-gram on Shakespeare's words, then GloVe on the same corpus.
    let en = corpus(english_words(&shakespeare(&dir)?), 5);
    println!("\n{} {} / {}", pick(2), en.stream.len(), en.words.len());
    let (sgns_en, losses_en, probe_en) = train_sgns(&en, DIM, epochs, args.seed);
    println!("{} {:?}", pick(3), losses_en.iter().map(|l| format!("{l:.4}")).collect::<Vec<_>>());
    println!("{} {:?}", pick(17), probe_en.iter().map(|l| format!("{l:.4}")).collect::<Vec<_>>());
    let unit_en = unit_rows(&sgns_en);
    show_neighbours(&en, &unit_en, &EN_QUERIES, 6);
    println!("{}", pick(4));
    let (right, asked) = analogies(&en, &unit_en, &ANALOGIES);
    run.metric("sgns_en_analogies_right", right as f64);
    run.metric("sgns_en_analogies_asked", asked as f64);
    run.metric("sgns_en_first_epoch_loss", losses_en[0]);
    run.metric("sgns_en_last_epoch_loss", losses_en[losses_en.len() - 1]);
    run.metric("sgns_en_first_epoch_probe_loss", probe_en[0]);
    run.metric("sgns_en_last_epoch_probe_loss", probe_en[probe_en.len() - 1]);
    run.metric("sgns_en_vocab", en.words.len() as f64);
    run.metric("sgns_en_thee_rank_from_thou", neighbour_rank(&en, &unit_en, "thou", "thee"));
    run.metric("sgns_en_queen_rank_from_king", neighbour_rank(&en, &unit_en, "king", "queen"));
    let glove_epochs = if args.quick { 10 } else { 25 };
    let (glove_en, costs) = train_glove(&en, DIM, glove_epochs, args.seed);
    println!("\nGloVe: {} {:.4} → {:.4}", pick(5), costs[0], costs[costs.len() - 1]);
    let unit_glove = unit_rows(&glove_en);
    show_neighbours(&en, &unit_glove, &EN_QUERIES, 6);
    run.metric("glove_en_first_epoch_cost", costs[0]);
    run.metric("glove_en_last_epoch_cost", costs[costs.len() - 1]);
    run.metric("glove_en_thee_rank_from_thou", neighbour_rank(&en, &unit_glove, "thou", "thee"));
    let (right, _) = analogies(&en, &unit_glove, &ANALOGIES);
    run.metric("glove_en_analogies_right", right as f64);

    // 3. Skip-gram on the characters of Tang poems.
    let mut tang = Vec::new();
    for file in TANG_FILES {
        tang.extend(tang_poems(&dir, file)?.into_iter().flatten());
    }
    let chars = tang.iter().flat_map(|l| l.chars()).filter(|c| c.is_alphabetic()).map(String::from);
    let zh = corpus(chars.collect(), 5);
    println!("\n{} {} / {}", pick(6), zh.stream.len(), zh.words.len());
    let (sgns_zh, losses_zh, probe_zh) = train_sgns(&zh, DIM, epochs, args.seed);
    println!("{} {:?}", pick(3), losses_zh.iter().map(|l| format!("{l:.4}")).collect::<Vec<_>>());
    println!("{} {:?}", pick(17), probe_zh.iter().map(|l| format!("{l:.4}")).collect::<Vec<_>>());
    let unit_zh = unit_rows(&sgns_zh);
    show_neighbours(&zh, &unit_zh, &ZH_QUERIES, 8);
    run.metric("sgns_zh_last_epoch_loss", losses_zh[losses_zh.len() - 1]);
    run.metric("sgns_zh_vocab", zh.words.len() as f64);

    // 4. text8 (Wikipedia), when fetched: more text, better analogies.
    let text8 = dir.join("text8/text8");
    if text8.is_file() && !args.quick {
        let words: Vec<String> = std::fs::read_to_string(&text8)?
            .split(' ')
            .filter(|w| !w.is_empty())
            .take(1_000_000)
            .map(str::to_owned)
            .collect();
        let wiki = corpus(words, 5);
        let (e, losses, _) = train_sgns(&wiki, DIM, 3, args.seed);
        println!(
            "\ntext8: {} / {}, {} {:.4}",
            wiki.stream.len(),
            wiki.words.len(),
            pick(3),
            losses[losses.len() - 1]
        );
        let unit = unit_rows(&e);
        show_neighbours(&wiki, &unit, &["king", "paris", "computer"], 6);
        let (right, asked) = analogies(&wiki, &unit, &ANALOGIES);
        run.metric("sgns_text8_analogies_right", right as f64);
        run.metric("sgns_text8_analogies_asked", asked as f64);
    } else {
        println!("\n{}", pick(7));
    }

    // 5. Plots: the losses, and 2-D PCA projections of chosen words.
    let curve =
        |l: &[f64]| l.iter().enumerate().map(|(i, &v)| ((i + 1) as f64, v)).collect::<Vec<_>>();
    let chart = Chart::new(pick(8), pick(9), pick(10))
        .line("SGNS Shakespeare", curve(&losses_en))
        .line(pick(18), curve(&probe_en))
        .line("SGNS 唐诗", curve(&losses_zh))
        .line(pick(19), curve(&probe_zh));
    plots.record(&mut run, "sgns_loss", &chart)?;
    plots.record(
        &mut run,
        "glove_cost",
        &Chart::new(pick(11), pick(9), pick(12)).line("GloVe Shakespeare", curve(&costs)),
    )?;
    plots.record(&mut run, "pca_sgns_shakespeare", &pca_plot(&en, &sgns_en, &EN_PLOT, pick(13)))?;
    plots.record(
        &mut run,
        "pca_glove_shakespeare",
        &pca_plot(&en, &glove_en, &EN_PLOT, pick(14)),
    )?;
    // Chinese labels need a CJK font: the zh one, whatever --lang is.
    let zh_plots = Plots::new(&LabArgs { lang: Lang::Zh, ..args.clone() });
    match zh_plots {
        Ok(zh_plots) => zh_plots.record(
            &mut run,
            "pca_sgns_tang",
            &pca_plot(&zh, &sgns_zh, &ZH_PLOT, pick(15)),
        )?,
        Err(e) => println!("{} {e}", pick(16)),
    }
    checks.finish(run).map_err(|e| e.to_string())?;
    Ok(())
}

const TANG_FILES: [&str; 7] = [
    "chinese_poetry/poet.tang.0.json",
    "chinese_poetry/poet.tang.1000.json",
    "chinese_poetry/poet.tang.2000.json",
    "chinese_poetry/poet.tang.3000.json",
    "chinese_poetry/poet.tang.4000.json",
    "chinese_poetry/poet.tang.5000.json",
    "chinese_poetry/poet.tang.6000.json",
];

/// The printed report and plot labels, (zh, en).
const TEXT: [(&str, &str); 20] = [
    (
        "固定权重上的一步（损失 / GloVe 代价，与 PyTorch、NumPy 一致）：",
        "One step on fixed weights (loss / GloVe cost, equal to PyTorch's and NumPy's):",
    ),
    ("梯度与中心差分之差", "gradient vs central differences"),
    (
        "莎士比亚：词数 / 词表（至少出现 5 次）",
        "Shakespeare: words / vocabulary (seen 5 times or more)",
    ),
    ("每轮每对的平均损失：", "mean loss per pair, each epoch:"),
    ("类比（a : b :: c : 结果（应为））：", "Analogies (a : b :: c : answer (expected)):"),
    ("每个共现项的平均代价", "mean cost per co-occurrence"),
    (
        "唐诗：字数 / 字表（至少出现 5 次）",
        "Tang poems: characters / vocabulary (seen 5 times or more)",
    ),
    (
        "没有 text8（llmpath data fetch text8 可下载），跳过维基百科语料。",
        "No text8 (llmpath data fetch text8 gets it): the Wikipedia corpus is skipped.",
    ),
    ("skip-gram 负采样的训练损失", "Skip-gram negative-sampling training loss"),
    ("轮次", "epoch"),
    ("每对的平均损失", "mean loss per pair"),
    ("GloVe 的训练代价", "GloVe training cost"),
    ("每个共现项的平均代价", "mean cost per co-occurrence"),
    ("skip-gram 词向量的二维 PCA（莎士比亚）", "2-D PCA of skip-gram vectors (Shakespeare)"),
    ("GloVe 词向量的二维 PCA（莎士比亚）", "2-D PCA of GloVe vectors (Shakespeare)"),
    ("skip-gram 字向量的二维 PCA（唐诗）", "2-D PCA of skip-gram character vectors (Tang poems)"),
    ("没有中文字体，跳过唐诗的 PCA 图：", "No CJK font, the Tang poems' PCA plot is skipped:"),
    (
        "每轮结束时固定的 20 000 对（及其负样本）上的平均损失：",
        "mean loss on a fixed probe of 20 000 pairs (and negatives) after each epoch:",
    ),
    ("SGNS Shakespeare（固定探针）", "SGNS Shakespeare (fixed probe)"),
    ("SGNS 唐诗（固定探针）", "SGNS Tang poems (fixed probe)"),
];

#[cfg(test)]
#[path = "word2vec/tests.rs"]
mod tests;
