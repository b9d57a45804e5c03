use llmpath_checker::ndarray::Array2;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::rand::SeedableRng;
use llmpath_checker::rand::rngs::StdRng;
use llmpath_checker::{Check, Verdict, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "返回 k 个互不相同、在范围内的行下标",
        en: "k distinct row indices, each in range",
        run: valid_indices,
    },
    Check {
        zh: "第一个中心在所有行中均匀选取",
        en: "the first centre is uniform over the rows",
        run: first_uniform,
    },
    Check {
        zh: "已是中心的点（D = 0）不会再被选中",
        en: "a point that is already a centre (D = 0) is never chosen",
        run: never_twice,
    },
    Check {
        zh: "下一个中心按 D² 抽取，而不是按 D 或均匀抽取",
        en: "the next centre is drawn ∝ D², not ∝ D or uniformly",
        run: d_squared,
    },
    Check {
        zh: "分得很开的簇各得一个中心，远多于随机选取",
        en: "well-separated blobs each get a centre, far more often than by chance",
        run: blobs,
    },
];

/// How many seeds the statistical checks run, and how many standard deviations they allow.
const RUNS: u64 = 3000;
const BLOB_RUNS: u64 = 300;
const Z: f64 = 4.5;

fn choose(x: &Array2<f64>, k: usize, seed: u64) -> Vec<usize> {
    let mut rng = StdRng::seed_from_u64(seed);
    learner::kmeans_plus_plus(x, k, &mut rng)
}

fn squared_distance(x: &Array2<f64>, i: usize, j: usize) -> f64 {
    x.row(i)
        .iter()
        .zip(x.row(j))
        .map(|(a, b)| (a - b) * (a - b))
        .sum()
}

/// k distinct indices below n, or what is wrong with them.
fn valid(rows: &[usize], n: usize, k: usize) -> Result<(), (String, String)> {
    if rows.len() != k {
        return Err((
            format!("返回了 {} 个下标，应为 k = {k} 个", rows.len()),
            format!("{} indices returned, expected k = {k}", rows.len()),
        ));
    }
    if let Some(&i) = rows.iter().find(|&&i| i >= n) {
        return Err((
            format!("下标 {i} 超出范围：x 只有 {n} 行"),
            format!("index {i} is out of range: x has {n} rows"),
        ));
    }
    for (a, &i) in rows.iter().enumerate() {
        if let Some(b) = rows[..a].iter().position(|&j| j == i) {
            return Err((
                format!("第 {b} 个和第 {a} 个中心都是第 {i} 行：已是中心的点 D = 0，概率为 0"),
                format!(
                    "centres {b} and {a} are both row {i}: a point that is a centre has D = 0, so probability 0"
                ),
            ));
        }
    }
    Ok(())
}

fn seeded(seed: u64, rows: &[usize], (zh, en): (String, String)) -> String {
    say(
        format!("种子 {seed}，选中的行 {rows:?}：{zh}"),
        format!("seed {seed}, rows chosen {rows:?}: {en}"),
    )
}

fn valid_indices() -> Verdict {
    // n distinct points: cells of a 5 × 5 grid, in random order.
    let cases = (2usize..12).prop_flat_map(|n| {
        (
            Just((0..25).collect::<Vec<usize>>())
                .prop_shuffle()
                .prop_map(move |cells| cells[..n].to_vec()),
            1..=n.min(5),
            any::<u64>(),
        )
    });
    property(cases, |(cells, k, seed)| {
        let x = Array2::from_shape_fn((cells.len(), 2), |(i, j)| match j {
            0 => (cells[i] % 5) as f64,
            _ => (cells[i] / 5) as f64,
        });
        let rows = choose(&x, k, seed);
        valid(&rows, x.nrows(), k).map_err(|why| {
            let points: Vec<[f64; 2]> = x.outer_iter().map(|r| [r[0], r[1]]).collect();
            say(
                format!(
                    "点 {points:?}、k = {k}、种子 {seed}，选中的行 {rows:?}：{}",
                    why.0
                ),
                format!(
                    "points {points:?}, k = {k}, seed {seed}, rows chosen {rows:?}: {}",
                    why.1
                ),
            )
        })
    })
}

fn first_uniform() -> Verdict {
    let n = 6;
    let x = Array2::from_shape_fn((n, 1), |(i, _)| i as f64);
    let mut counts = vec![0.0; n];
    for seed in 0..RUNS {
        let rows = choose(&x, 1, seed);
        valid(&rows, n, 1).map_err(|why| seeded(seed, &rows, why))?;
        counts[rows[0]] += 1.0;
    }
    // Pearson's χ² with 5 degrees of freedom: above 35 happens once in a million for a
    // uniform draw.
    let expected = RUNS as f64 / n as f64;
    let chi2: f64 = counts
        .iter()
        .map(|c| (c - expected).powi(2) / expected)
        .sum();
    match chi2 < 35.0 {
        true => Ok(()),
        false => Err(say(
            format!(
                "k = 1、{n} 行、{RUNS} 个种子：各行被选为第一个中心的次数是 {counts:?}，均匀选取时每行约 {expected:.0} 次（χ² = {chi2:.1}）"
            ),
            format!(
                "k = 1, {n} rows, {RUNS} seeds: each row was the first centre {counts:?} times; a uniform draw gives about {expected:.0} each (χ² = {chi2:.1})"
            ),
        )),
    }
}

fn never_twice() -> Verdict {
    // Three locations, each repeated 4 times (rows 0, 3, 6, 9 are the same point, …).
    let locations = [[0.0, 0.0], [4.0, 0.0], [0.0, 3.0]];
    let x = Array2::from_shape_fn((12, 2), |(i, j)| locations[i % 3][j]);
    for seed in 0..BLOB_RUNS {
        let rows = choose(&x, 3, seed);
        valid(&rows, 12, 3).map_err(|why| seeded(seed, &rows, why))?;
        for a in 0..3 {
            for b in 0..a {
                if rows[a] % 3 == rows[b] % 3 {
                    let p = locations[rows[a] % 3];
                    return Err(say(
                        format!(
                            "种子 {seed}：3 个位置各重复 4 次，选中的行 {rows:?} 中第 {} 行和第 {} 行是同一个点 {p:?}：一个成为中心后，另一个的 D = 0，被选中的概率应为 0",
                            rows[b], rows[a]
                        ),
                        format!(
                            "seed {seed}: 3 locations repeated 4 times each; of the rows chosen {rows:?}, rows {} and {} are the same point {p:?}: once one is a centre the other has D = 0 and must have probability 0",
                            rows[b], rows[a]
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn d_squared() -> Verdict {
    // Three points on a line, 0, 1 and 3; k = 2. Given the first centre, the second is one of
    // the other two: how often is it the farther one?
    let x = Array2::from_shape_fn((3, 1), |(i, _)| [0.0, 1.0, 3.0][i]);
    let far = |first: usize| match first {
        0 | 1 => 2,
        _ => 0,
    };
    // P(the farther point | first centre) when drawing ∝ law(D).
    let p_far = |first: usize, law: fn(f64) -> f64| {
        let weights: f64 = (0..3)
            .filter(|&j| j != first)
            .map(|j| law(squared_distance(&x, first, j).sqrt()))
            .sum();
        law(squared_distance(&x, first, far(first)).sqrt()) / weights
    };
    let (mut farther, mut e_d2, mut var, mut e_d) = (0.0, 0.0, 0.0, 0.0);
    for seed in 0..RUNS {
        let rows = choose(&x, 2, seed);
        valid(&rows, 3, 2).map_err(|why| seeded(seed, &rows, why))?;
        let p = p_far(rows[0], |d| d * d);
        (e_d2, var, e_d) = (e_d2 + p, var + p * (1.0 - p), e_d + p_far(rows[0], |d| d));
        if rows[1] == far(rows[0]) {
            farther += 1.0;
        }
    }
    let z = (farther - e_d2) / var.sqrt();
    if z.abs() < Z {
        return Ok(());
    }
    let uniform = RUNS as f64 / 2.0;
    let verdict = if farther == RUNS as f64 {
        say(
            "总是选最远的点：应按 D² 的比例随机抽取，而不是取最大值",
            "always the farthest point: draw at random in proportion to D², don't take the maximum",
        )
    } else if (farther - e_d).abs() < (farther - e_d2).abs().min((farther - uniform).abs()) {
        say(
            "这接近按 D 抽取的结果：权重应为 D 的平方",
            "that is close to drawing ∝ D: the weights are D squared",
        )
    } else if (farther - uniform).abs() < (farther - e_d2).abs() {
        say(
            "这接近均匀抽取：第二个中心没有偏向远处的点",
            "that is close to a uniform draw: the second centre does not favour far points",
        )
    } else {
        say("与按 D² 抽取不符", "that does not match drawing ∝ D²")
    };
    Err(say(
        format!(
            "点 0、1、3，k = 2，{RUNS} 个种子：第二个中心是较远那个点的次数为 {farther}；按 D² 抽取约为 {e_d2:.0} ± {:.0}，按 D 约为 {e_d:.0}，均匀抽取约为 {uniform:.0}：{verdict}",
            var.sqrt()
        ),
        format!(
            "points 0, 1, 3, k = 2, {RUNS} seeds: the second centre was the farther point {farther} times; drawing ∝ D² gives about {e_d2:.0} ± {:.0}, ∝ D about {e_d:.0}, uniform about {uniform:.0}: {verdict}",
            var.sqrt()
        ),
    ))
}

/// The probability that the remaining draws of k-means++ put one centre in each blob not yet
/// used, given the blobs used so far and D² of every point (`dist` holds all the squared
/// distances): every sequence of draws that keeps the blobs distinct, weighted by its chance.
fn coverage(
    dist: &[Vec<f64>],
    blob: &[usize],
    left: usize,
    used: &mut Vec<usize>,
    d2: &[f64],
) -> f64 {
    if left == 0 {
        return 1.0;
    }
    let total: f64 = d2.iter().sum();
    let mut p = 0.0;
    for (i, row) in dist.iter().enumerate() {
        if used.contains(&blob[i]) {
            continue;
        }
        let nearer: Vec<f64> = d2.iter().zip(row).map(|(a, b)| a.min(*b)).collect();
        used.push(blob[i]);
        p += d2[i] / total * coverage(dist, blob, left - 1, used, &nearer);
        used.pop();
    }
    p
}

fn blobs() -> Verdict {
    // 4 blobs of 5 points around the corners of a 10 × 10 square; row i is in blob i % 4.
    let corners = [[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 10.0]];
    let offsets = [[0.0, 0.0], [0.6, 0.0], [0.0, 0.6], [-0.6, 0.0], [0.0, -0.6]];
    let x = Array2::from_shape_fn((20, 2), |(i, j)| corners[i % 4][j] + offsets[i / 4][j]);
    let blob: Vec<usize> = (0..20).map(|i| i % 4).collect();
    let dist: Vec<Vec<f64>> = (0..20)
        .map(|i| (0..20).map(|j| squared_distance(&x, i, j)).collect())
        .collect();
    // The first centre is uniform; each one after it is drawn ∝ D².
    let p: f64 = (0..20)
        .map(|i| coverage(&dist, &blob, 3, &mut vec![blob[i]], &dist[i]) / 20.0)
        .sum();
    let uniform = 625.0 / 4845.0; // 5⁴ of the C(20, 4) sets of 4 rows
    let runs = BLOB_RUNS as f64;
    let threshold = runs * p - Z * (runs * p * (1.0 - p)).sqrt();
    let mut covered = 0.0;
    for seed in 0..BLOB_RUNS {
        let rows = choose(&x, 4, seed);
        valid(&rows, 20, 4).map_err(|why| seeded(seed, &rows, why))?;
        let mut blobs: Vec<usize> = rows.iter().map(|&i| blob[i]).collect();
        blobs.sort_unstable();
        blobs.dedup();
        if blobs.len() == 4 {
            covered += 1.0;
        }
    }
    match covered >= threshold {
        true => Ok(()),
        false => Err(say(
            format!(
                "4 个分得很开的簇、k = 4、{BLOB_RUNS} 个种子：每个簇都有中心的只有 {covered} 次；按 D² 抽取的概率是 {p:.3}（应至少 {threshold:.0} 次），均匀选 4 个点只有 {uniform:.3}：远处的点应更容易被选中，D 要取到*最近*的已选中心"
            ),
            format!(
                "4 well-separated blobs, k = 4, {BLOB_RUNS} seeds: every blob got a centre in only {covered} runs; drawing ∝ D² does so with probability {p:.3} (at least {threshold:.0} runs expected), 4 uniform points only {uniform:.3}: far points must be likelier, with D to the *nearest* centre chosen"
            ),
        )),
    }
}
