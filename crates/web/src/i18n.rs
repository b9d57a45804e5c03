//! Every user-facing string of the dashboard, in Chinese and English, and how a request picks
//! its language: `?lang=zh|en` (which also sets the `lang` cookie), else the cookie, else the
//! server's default (`--lang`, `LLMPATH_LANG`, the locale).
//!
//! Fixed strings are fields of [`Strings`], so a string missing in one language does not
//! compile; strings with numbers in them are functions of [`Lang`].

use axum::http::HeaderMap;
use chrono::{Datelike, NaiveDate};
use llmpath_content::{Lang, PracticeKind, ResourceKind};
use llmpath_progress::Status;

/// The cookie that remembers the language chosen with `?lang=`.
pub const LANG_COOKIE: &str = "lang";

/// `?lang=zh|en` in a query string.
pub fn from_query(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| *key == "lang")
        .find_map(|(_, value)| parse(value))
}

/// `lang=zh|en` in the `Cookie` header.
pub fn from_cookie(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(key, _)| *key == LANG_COOKIE)
        .find_map(|(_, value)| parse(value))
}

fn parse(code: &str) -> Option<Lang> {
    match code {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The `Set-Cookie` value that remembers `lang` for a year.
pub fn cookie(lang: Lang) -> String {
    format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    )
}

/// Picks the variant of a message.
pub fn pick<T>(lang: Lang, zh: T, en: T) -> T {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A message in both languages (errors are made before the page knows which it shows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same text in both (a path, an error from the store, which speaks English).
    pub fn same(text: impl Into<String>) -> Msg {
        let text = text.into();
        Msg {
            zh: text.clone(),
            en: text,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        pick(lang, &self.zh, &self.en)
    }
}

/// The fixed strings of the interface.
#[derive(Debug)]
pub struct Strings {
    pub other_lang_name: &'static str,
    pub switch_lang: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_roadmap: &'static str,
    pub nav_plan: &'static str,
    pub nav_labs: &'static str,
    pub nav_exercises: &'static str,
    pub nav_stats: &'static str,
    pub footer: &'static str,
    // home
    pub home_h1: &'static str,
    pub today_plan: &'static str,
    pub no_plan: &'static str,
    pub nothing_today: &'static str,
    pub next_study_day: &'static str,
    pub plan_done: &'static str,
    pub behind: &'static str,
    pub next_topics: &'static str,
    pub path_complete: &'static str,
    pub log_time: &'static str,
    pub minutes_label: &'static str,
    pub topic_optional: &'static str,
    pub no_topic: &'static str,
    pub note_optional: &'static str,
    pub log_submit: &'static str,
    pub streak: &'static str,
    pub longest: &'static str,
    pub this_week: &'static str,
    pub hours_per_week: &'static str,
    pub heatmap_title: &'static str,
    pub heatmap_days: &'static str,
    pub less: &'static str,
    pub more: &'static str,
    pub completion_by_stage: &'static str,
    pub whole_path: &'static str,
    pub date: &'static str,
    pub week: &'static str,
    pub time: &'static str,
    // roadmap
    pub roadmap_h1: &'static str,
    pub roadmap_intro: &'static str,
    pub legend: &'static str,
    pub all_stages: &'static str,
    pub outline: &'static str,
    pub filter_label: &'static str,
    pub graph_label: &'static str,
    // topic
    pub status: &'static str,
    pub summary: &'static str,
    pub outcomes: &'static str,
    pub prerequisites: &'static str,
    pub unmet_note: &'static str,
    pub tools: &'static str,
    pub tool_seed: &'static str,
    pub tool_rust: &'static str,
    pub resources: &'static str,
    pub free: &'static str,
    pub practice_tasks: &'static str,
    pub labs: &'static str,
    pub exercises: &'static str,
    pub change_status: &'static str,
    pub mark_learning: &'static str,
    pub mark_done: &'static str,
    pub mark_skipped: &'static str,
    pub mark_pending: &'static str,
    pub update: &'static str,
    pub topic_log: &'static str,
    pub estimated: &'static str,
    pub logged: &'static str,
    pub none: &'static str,
    pub stage: &'static str,
    // plan
    pub plan_h1: &'static str,
    pub prev_week: &'static str,
    pub next_week: &'static str,
    pub current_week: &'static str,
    pub week_label: &'static str,
    pub go: &'static str,
    pub no_sessions: &'static str,
    pub export_h: &'static str,
    pub export_intro: &'static str,
    pub export_stage: &'static str,
    pub export_calendar: &'static str,
    pub export_calendar_needs_plan: &'static str,
    pub coding_session: &'static str,
    pub paper_session: &'static str,
    pub mind_map_session: &'static str,
    pub today: &'static str,
    // labs
    pub labs_h1: &'static str,
    pub labs_intro: &'static str,
    pub lab: &'static str,
    pub runs: &'static str,
    pub last_run: &'static str,
    pub never_run: &'static str,
    pub run_it: &'static str,
    pub topics: &'static str,
    pub datasets: &'static str,
    pub completes: &'static str,
    pub run_history: &'static str,
    pub report: &'static str,
    pub seconds: &'static str,
    pub mode: &'static str,
    pub quick: &'static str,
    pub full: &'static str,
    pub metrics: &'static str,
    pub metric: &'static str,
    pub ours: &'static str,
    pub reference: &'static str,
    pub source: &'static str,
    pub ratio: &'static str,
    pub plots: &'static str,
    pub files: &'static str,
    pub dataset: &'static str,
    pub seed: &'static str,
    pub output_folder: &'static str,
    pub report_unreadable: &'static str,
    pub no_runs: &'static str,
    pub when: &'static str,
    pub recent_runs: &'static str,
    // exercises
    pub exercises_h1: &'static str,
    pub exercises_intro: &'static str,
    pub exercise: &'static str,
    pub topic: &'static str,
    pub checks: &'static str,
    pub hints_used: &'static str,
    pub gave_up: &'static str,
    pub current: &'static str,
    pub ex_pending: &'static str,
    pub ex_attempted: &'static str,
    pub ex_passed: &'static str,
    // stats
    pub stats_h1: &'static str,
    pub total: &'static str,
    pub by_stage: &'static str,
    pub completion: &'static str,
    pub topics_done: &'static str,
    pub no_topic_time: &'static str,
    pub recent_weeks: &'static str,
    pub top_topics: &'static str,
    pub weeks_shown: &'static str,
    pub show: &'static str,
    // errors
    pub not_found_h1: &'static str,
    pub bad_request_h1: &'static str,
    pub forbidden_h1: &'static str,
    pub error_h1: &'static str,
    pub did_you_mean: &'static str,
    pub back_home: &'static str,
    pub see_roadmap: &'static str,
}

pub static EN: Strings = Strings {
    other_lang_name: "中文",
    switch_lang: "切换到中文",
    skip_to_content: "Skip to content",
    nav_label: "Main",
    nav_home: "Today",
    nav_roadmap: "Roadmap",
    nav_plan: "Plan",
    nav_labs: "Labs",
    nav_exercises: "Exercises",
    nav_stats: "Stats",
    footer: "llmpath runs offline: your progress stays in the database on this machine.",
    home_h1: "Your study today",
    today_plan: "Today's plan",
    no_plan: "No plan yet: make one with `llmpath plan`. Meanwhile, the next topics below are ready to study.",
    nothing_today: "Nothing planned today.",
    next_study_day: "Next study day:",
    plan_done: "The plan has no more sessions.",
    behind: "Topics planned before today are not done yet: mark them done, or move the rest with `llmpath plan --replan`.",
    next_topics: "Next topics",
    path_complete: "Nothing left to study: the path is complete!",
    log_time: "Log study time",
    minutes_label: "Minutes",
    topic_optional: "Topic (optional)",
    no_topic: "— no topic —",
    note_optional: "Note (optional)",
    log_submit: "Log time",
    streak: "Streak",
    longest: "longest",
    this_week: "This week",
    hours_per_week: "Hours per week",
    heatmap_title: "Study calendar",
    heatmap_days: "Days with study",
    less: "Less",
    more: "More",
    completion_by_stage: "Completion by stage",
    whole_path: "Whole path",
    date: "Date",
    week: "Week",
    time: "Time",
    roadmap_h1: "Roadmap",
    roadmap_intro: "Stages → modules → topics, coloured by your status. Every node is a link.",
    legend: "Legend",
    all_stages: "All stages",
    outline: "Outline",
    filter_label: "Highlight topics matching",
    graph_label: "The roadmap as a mind map",
    status: "Status",
    summary: "Summary",
    outcomes: "When you are done you can",
    prerequisites: "Prerequisites",
    unmet_note: "Not done yet:",
    tools: "Tools",
    tool_seed: "In the seed path",
    tool_rust: "In llmpath (Rust)",
    resources: "Resources",
    free: "free",
    practice_tasks: "Practice tasks",
    labs: "Labs",
    exercises: "Exercises",
    change_status: "Change status",
    mark_learning: "Start learning",
    mark_done: "Mark done",
    mark_skipped: "Skip",
    mark_pending: "Reset to pending",
    update: "Update",
    topic_log: "Your log on this topic",
    estimated: "Estimated",
    logged: "Logged",
    none: "none",
    stage: "Stage",
    plan_h1: "Study plan",
    prev_week: "← Previous week",
    next_week: "Next week →",
    current_week: "This week",
    week_label: "Week",
    go: "Go",
    no_sessions: "Nothing planned this week.",
    export_h: "Export the checklist",
    export_intro: "The printable checklist: for each stage, its core tasks, resources, practice goals, planned dates and your progress.",
    export_stage: "Stages",
    export_calendar: "Calendar (.ics)",
    export_calendar_needs_plan: "The calendar holds planned sessions: it needs a plan (`llmpath plan`).",
    coding_session: "daily coding practice (LeetCode / Kaggle)",
    paper_session: "paper:",
    mind_map_session: "mind-map review:",
    today: "today",
    labs_h1: "Labs",
    labs_intro: "Runnable programs on real data, checked against scikit-learn and NumPy. Run one with `llmpath lab run ID`.",
    lab: "Lab",
    runs: "Runs",
    last_run: "Last run",
    never_run: "never run",
    run_it: "Run it:",
    topics: "Topics",
    datasets: "Datasets",
    completes: "Completes",
    run_history: "Run history",
    report: "Report",
    seconds: "Seconds",
    mode: "Mode",
    quick: "quick",
    full: "full",
    metrics: "Metrics",
    metric: "Metric",
    ours: "Ours",
    reference: "Reference",
    source: "Source",
    ratio: "Ours ÷ reference",
    plots: "Plots",
    files: "Files",
    dataset: "Dataset",
    seed: "Seed",
    output_folder: "Output folder",
    report_unreadable: "The report of this run cannot be read.",
    no_runs: "No runs yet.",
    when: "When",
    recent_runs: "Recent runs",
    exercises_h1: "Exercises",
    exercises_intro: "Do them in a workspace: `llmpath init DIR`, then `llmpath check` inside it. Hints and attempts are recorded here.",
    exercise: "Exercise",
    topic: "Topic",
    checks: "Checks",
    hints_used: "Hints used",
    gave_up: "gave up",
    current: "current",
    ex_pending: "not started",
    ex_attempted: "attempted",
    ex_passed: "passed",
    stats_h1: "Statistics",
    total: "Total",
    by_stage: "By stage",
    completion: "Completion",
    topics_done: "Topics done",
    no_topic_time: "No topic",
    recent_weeks: "Recent weeks",
    top_topics: "Most studied topics",
    weeks_shown: "Weeks shown",
    show: "Show",
    not_found_h1: "Not found",
    bad_request_h1: "Bad request",
    forbidden_h1: "Forbidden",
    error_h1: "Something went wrong",
    did_you_mean: "Did you mean:",
    back_home: "Back to today",
    see_roadmap: "The roadmap lists every topic.",
};

pub static ZH: Strings = Strings {
    other_lang_name: "English",
    switch_lang: "Switch to English",
    skip_to_content: "跳到正文",
    nav_label: "主导航",
    nav_home: "今天",
    nav_roadmap: "路线图",
    nav_plan: "计划",
    nav_labs: "实验",
    nav_exercises: "练习",
    nav_stats: "统计",
    footer: "llmpath 离线运行：你的进度只保存在本机的数据库中。",
    home_h1: "今日学习",
    today_plan: "今日计划",
    no_plan: "还没有学习计划：用 `llmpath plan` 制定一个。在此之前，可以先学下面这些主题。",
    nothing_today: "今天没有安排。",
    next_study_day: "下一个学习日：",
    plan_done: "计划已经全部排完。",
    behind: "之前排期的主题还没完成：完成后标记，或用 `llmpath plan --replan` 重新排期。",
    next_topics: "下一步",
    path_complete: "没有待学的主题了：全部完成！",
    log_time: "记录学习时间",
    minutes_label: "分钟数",
    topic_optional: "主题（可选）",
    no_topic: "— 不指定 —",
    note_optional: "备注（可选）",
    log_submit: "记录",
    streak: "连续学习",
    longest: "最长",
    this_week: "本周",
    hours_per_week: "每周学习时长",
    heatmap_title: "学习日历",
    heatmap_days: "有学习记录的日子",
    less: "少",
    more: "多",
    completion_by_stage: "各阶段完成度",
    whole_path: "全程",
    date: "日期",
    week: "周",
    time: "时长",
    roadmap_h1: "学习路线图",
    roadmap_intro: "阶段 → 模块 → 主题，颜色表示你的进度。每个节点都可以点击。",
    legend: "图例",
    all_stages: "全部阶段",
    outline: "大纲",
    filter_label: "高亮匹配的主题",
    graph_label: "思维导图形式的路线图",
    status: "状态",
    summary: "概要",
    outcomes: "学完后你能",
    prerequisites: "先修主题",
    unmet_note: "尚未完成：",
    tools: "工具",
    tool_seed: "种子路径中",
    tool_rust: "llmpath 中（Rust）",
    resources: "学习资源",
    free: "免费",
    practice_tasks: "练习任务",
    labs: "实验",
    exercises: "练习",
    change_status: "更改状态",
    mark_learning: "开始学习",
    mark_done: "标记完成",
    mark_skipped: "跳过",
    mark_pending: "重置为未开始",
    update: "更新",
    topic_log: "这个主题的学习记录",
    estimated: "预计学时",
    logged: "已记录",
    none: "无",
    stage: "阶段",
    plan_h1: "学习计划",
    prev_week: "← 上一周",
    next_week: "下一周 →",
    current_week: "本周",
    week_label: "周次",
    go: "跳转",
    no_sessions: "这一周没有安排。",
    export_h: "导出学习清单",
    export_intro: "可打印的学习清单：按阶段列出核心任务、学习资源、实战目标、计划日期和你的进度。",
    export_stage: "阶段",
    export_calendar: "日历（.ics）",
    export_calendar_needs_plan: "日历包含计划中的学习安排：需要先制定计划（`llmpath plan`）。",
    coding_session: "每日代码练习（LeetCode / Kaggle）",
    paper_session: "论文精读：",
    mind_map_session: "思维导图复盘：",
    today: "今天",
    labs_h1: "实验",
    labs_intro: "在真实数据上运行的程序，结果与 scikit-learn、NumPy 对照。运行：`llmpath lab run ID`。",
    lab: "实验",
    runs: "运行次数",
    last_run: "最近运行",
    never_run: "未运行",
    run_it: "运行：",
    topics: "主题",
    datasets: "数据集",
    completes: "完成练习",
    run_history: "运行记录",
    report: "报告",
    seconds: "秒",
    mode: "模式",
    quick: "快速",
    full: "完整",
    metrics: "指标",
    metric: "指标",
    ours: "我们的结果",
    reference: "参考值",
    source: "来源",
    ratio: "比值（我们 ÷ 参考）",
    plots: "图表",
    files: "文件",
    dataset: "数据集",
    seed: "随机种子",
    output_folder: "输出目录",
    report_unreadable: "无法读取这次运行的报告。",
    no_runs: "还没有运行记录。",
    when: "时间",
    recent_runs: "最近的运行",
    exercises_h1: "练习",
    exercises_intro: "在工作区中完成：`llmpath init 目录`，然后在其中运行 `llmpath check`。提示和检查次数都会记录在这里。",
    exercise: "练习",
    topic: "主题",
    checks: "检查次数",
    hints_used: "已用提示",
    gave_up: "已放弃",
    current: "当前",
    ex_pending: "未开始",
    ex_attempted: "尝试中",
    ex_passed: "已通过",
    stats_h1: "学习统计",
    total: "总计",
    by_stage: "各阶段",
    completion: "完成度",
    topics_done: "已完成主题",
    no_topic_time: "未指定主题",
    recent_weeks: "最近几周",
    top_topics: "学习时间最多的主题",
    weeks_shown: "显示周数",
    show: "显示",
    not_found_h1: "找不到页面",
    bad_request_h1: "请求无效",
    forbidden_h1: "拒绝访问",
    error_h1: "出错了",
    did_you_mean: "你是不是要找：",
    back_home: "返回今天",
    see_roadmap: "路线图列出了所有主题。",
};

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    pick(lang, &ZH, &EN)
}

/// `95` → `1 h 35 min` / `1 小时 35 分钟`.
pub fn minutes(lang: Lang, minutes: u32) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (lang, h, m) {
        (Lang::En, 0, m) => format!("{m} min"),
        (Lang::En, h, 0) => format!("{h} h"),
        (Lang::En, h, m) => format!("{h} h {m} min"),
        (Lang::Zh, 0, m) => format!("{m} 分钟"),
        (Lang::Zh, h, 0) => format!("{h} 小时"),
        (Lang::Zh, h, m) => format!("{h} 小时 {m} 分钟"),
    }
}

/// `3 days` / `3 天`.
pub fn days(lang: Lang, n: u32) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 day".to_owned(),
        (Lang::En, n) => format!("{n} days"),
        (Lang::Zh, n) => format!("{n} 天"),
    }
}

/// `Stage 2` / `第 2 阶段`.
pub fn stage_n(lang: Lang, n: u32) -> String {
    pick(lang, format!("第 {n} 阶段"), format!("Stage {n}"))
}

/// `Week 3` / `第 3 周`.
pub fn week_n(lang: Lang, n: i64) -> String {
    pick(lang, format!("第 {n} 周"), format!("Week {n}"))
}

/// `Run 2` / `第 2 次运行`.
pub fn run_n(lang: Lang, n: usize) -> String {
    pick(lang, format!("第 {n} 次运行"), format!("Run {n}"))
}

/// `3/10 topics done` / `已完成 3/10 个主题`.
pub fn topics_done(lang: Lang, done: usize, of: usize) -> String {
    pick(
        lang,
        format!("已完成 {done}/{of} 个主题"),
        format!("{done}/{of} topics done"),
    )
}

/// `4/22 exercises passed` / `已通过 4/22 个练习`.
pub fn exercises_passed(lang: Lang, passed: usize, of: usize) -> String {
    pick(
        lang,
        format!("已通过 {passed}/{of} 个练习"),
        format!("{passed}/{of} exercises passed"),
    )
}

/// The heatmap's text summary.
pub fn heatmap_summary(lang: Lang, days_studied: usize, total: u32) -> String {
    pick(
        lang,
        format!(
            "过去一年中有 {days_studied} 天学习，共 {}。",
            minutes(lang, total)
        ),
        format!(
            "{days_studied} days of study in the last year, {} in all.",
            minutes(lang, total)
        ),
    )
}

/// `Plan revision 2: …` / `计划第 2 版：…`.
pub fn plan_revision(lang: Lang, revision: u32, summary: &str) -> String {
    pick(
        lang,
        format!("计划第 {revision} 版 · {summary}"),
        format!("Plan revision {revision} · {summary}"),
    )
}

/// `Monday` / `周一`.
pub fn weekday(lang: Lang, date: NaiveDate) -> String {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    match lang {
        Lang::Zh => ZH[date.weekday().num_days_from_monday() as usize].to_owned(),
        Lang::En => date.format("%A").to_string(),
    }
}

/// A short weekday for the heatmap's rows.
pub fn weekday_short(lang: Lang, index: usize) -> &'static str {
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    pick(lang, ZH, EN)[index % 7]
}

/// A month label for the heatmap's columns.
pub fn month_short(lang: Lang, month: u32) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::Zh => format!("{month}月"),
        Lang::En => EN[(month as usize + 11) % 12].to_owned(),
    }
}

pub fn status(lang: Lang, status: Status) -> &'static str {
    match (lang, status) {
        (Lang::En, status) => status.as_str(),
        (Lang::Zh, Status::Pending) => "未开始",
        (Lang::Zh, Status::Learning) => "学习中",
        (Lang::Zh, Status::Done) => "已完成",
        (Lang::Zh, Status::Skipped) => "已跳过",
    }
}

pub fn practice_kind(lang: Lang, kind: PracticeKind) -> &'static str {
    kind.label(lang)
}

pub fn resource_kind(lang: Lang, kind: ResourceKind) -> &'static str {
    match (lang, kind) {
        (Lang::En, ResourceKind::Course) => "course",
        (Lang::En, ResourceKind::Book) => "book",
        (Lang::En, ResourceKind::Video) => "video",
        (Lang::En, ResourceKind::Article) => "article",
        (Lang::En, ResourceKind::Paper) => "paper",
        (Lang::En, ResourceKind::Docs) => "docs",
        (Lang::En, ResourceKind::Community) => "community",
        (Lang::En, ResourceKind::Tool) => "tool",
        (Lang::En, ResourceKind::Dataset) => "dataset",
        (Lang::En, ResourceKind::Practice) => "practice",
        (Lang::Zh, ResourceKind::Course) => "课程",
        (Lang::Zh, ResourceKind::Book) => "书籍",
        (Lang::Zh, ResourceKind::Video) => "视频",
        (Lang::Zh, ResourceKind::Article) => "文章",
        (Lang::Zh, ResourceKind::Paper) => "论文",
        (Lang::Zh, ResourceKind::Docs) => "文档",
        (Lang::Zh, ResourceKind::Community) => "社区",
        (Lang::Zh, ResourceKind::Tool) => "工具",
        (Lang::Zh, ResourceKind::Dataset) => "数据集",
        (Lang::Zh, ResourceKind::Practice) => "练习",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn query_and_cookie_pick_the_language() {
        assert_eq!(from_query(Some("week=2&lang=zh")), Some(Lang::Zh));
        assert_eq!(from_query(Some("lang=fr")), None);
        assert_eq!(from_query(None), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_static("theme=dark; lang=en"),
        );
        assert_eq!(from_cookie(&headers), Some(Lang::En));
    }

    #[test]
    fn minutes_read_naturally_in_both_languages() {
        assert_eq!(minutes(Lang::En, 95), "1 h 35 min");
        assert_eq!(minutes(Lang::En, 120), "2 h");
        assert_eq!(minutes(Lang::Zh, 45), "45 分钟");
    }
}
