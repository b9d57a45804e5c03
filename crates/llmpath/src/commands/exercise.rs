//! The exercises: `llmpath init [DIR]`, `check [ID]`, `hint [ID]`, `solution ID`, `list`.
//! The grading itself is `llmpath-grader`; this module finds the workspace, records what the
//! learner did in the progress store and prints it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use llmpath_content::{Exercise, Lang};
use llmpath_grader::{BuildOutput, CheckOptions, CheckResult, Outcome, Workspace};
use llmpath_progress::{ExerciseEvent, ExerciseEventKind, Status, Store};
use llmpath_state::exercises::{ExerciseHistory, ExerciseProgress};
use llmpath_state::json::ExerciseJson;
use serde_json::{Value, json};

use super::{print_json, text_json};
use crate::app::{App, Clock};

/// Where an exercise stands, derived from its events (shared with the dashboard).
type Progress = ExerciseProgress;

fn mark(progress: Progress) -> &'static str {
    match progress {
        Progress::Pending => "[ ]",
        Progress::Attempted => "[~]",
        Progress::Passed => "[x]",
    }
}

/// What the store says of every exercise.
fn read_history(store: &Store) -> Result<ExerciseHistory> {
    Ok(ExerciseHistory::new(
        store
            .exercise_events(None)
            .context("cannot read exercise history")?,
    ))
}

fn find<'a>(app: &'a App, id: &str) -> Result<&'a Exercise> {
    app.curriculum.exercise(id).ok_or_else(|| {
        let ids = app.curriculum.exercises.iter().map(|e| e.id.as_str());
        let hint = crate::suggest::nearest(id, ids);
        anyhow!("unknown exercise {id:?}.{hint}\n`llmpath list` lists the exercises.")
    })
}

/// The exercise named, or the current one.
fn chosen<'a>(app: &'a App, id: Option<&str>, history: &ExerciseHistory) -> Result<&'a Exercise> {
    match id {
        Some(id) => find(app, id),
        None => history.current(&app.curriculum.exercises).ok_or_else(|| {
            anyhow!(
                "{}",
                app.t(
                    "所有练习都已通过：用 `llmpath check ID` 重新检查某一个",
                    "every exercise has passed: `llmpath check ID` checks one again"
                )
            )
        }),
    }
}

fn workspace() -> Result<Workspace> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    Ok(Workspace::find(&cwd)?)
}

fn record(
    store: &mut Store,
    exercise: &str,
    kind: ExerciseEventKind,
    result: Option<&str>,
    detail: String,
) -> Result<()> {
    let now = Clock::read()?.now;
    store.record_exercise_event(&ExerciseEvent {
        at: now,
        exercise: exercise.to_owned(),
        kind,
        result: result.map(str::to_owned),
        detail,
    })?;
    Ok(())
}

pub fn init(app: &App, dir: Option<PathBuf>) -> Result<()> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("llmpath-workspace"));
    let workspace = Workspace::init(&dir, &app.curriculum, &app.content)?;
    let first = app.curriculum.exercises.first();
    if app.json {
        return print_json(&json!({
            "schema": "llmpath.init/1",
            "workspace": workspace.root,
            "exercises": app.curriculum.exercises.len(),
            "first": first.map(|e| &e.id),
        }));
    }
    outln!(
        "{} {} ({} {})",
        app.t("已创建工作区：", "Workspace created:"),
        dir.display(),
        app.curriculum.exercises.len(),
        app.t("个练习", "exercises")
    );
    if let Some(first) = first {
        outln!(
            "{}\n  cd {}\n  {} exercises/{}\n  llmpath check",
            app.t("开始：", "Start:"),
            dir.display(),
            app.t("编辑", "edit"),
            first.file_name()
        );
    }
    Ok(())
}

pub fn list(app: &App) -> Result<()> {
    let store = app.store()?;
    let history = read_history(&store)?;
    let current = history
        .current(&app.curriculum.exercises)
        .map(|e| e.id.as_str());
    if app.json {
        return print_json(&json!({
            "schema": "llmpath.exercise-list/1",
            "current": current,
            "exercises": app.curriculum.exercises.iter().map(|e| {
                let mut entry = json!(ExerciseJson::new(e, &history));
                entry["file"] = json!(format!("exercises/{}", e.file_name()));
                entry
            }).collect::<Vec<_>>(),
        }));
    }
    let passed = app
        .curriculum
        .exercises
        .iter()
        .filter(|e| history.progress(&e.id) == Progress::Passed)
        .count();
    for e in &app.curriculum.exercises {
        let arrow = if Some(e.id.as_str()) == current {
            "→"
        } else {
            " "
        };
        let (attempts, hints) = (history.attempts(&e.id), history.hints_used(&e.id));
        let extra = match (attempts, hints) {
            (0, 0) => String::new(),
            _ => format!(
                "  ({attempts} {}, {hints}/{} {})",
                app.t("次检查", "checks"),
                e.hints.len(),
                app.t("条提示", "hints")
            ),
        };
        outln!(
            "{arrow} {} {:<28} {}{extra}",
            mark(history.progress(&e.id)),
            e.id,
            e.title.get(app.lang)
        );
    }
    outln!(
        "{passed}/{} {}",
        app.curriculum.exercises.len(),
        app.t("个练习已通过", "exercises passed")
    );
    Ok(())
}

pub fn hint(app: &App, id: Option<&str>) -> Result<()> {
    let mut store = app.store()?;
    let history = read_history(&store)?;
    let exercise = chosen(app, id, &history)?;
    let level = (history.hints_used(&exercise.id) + 1).min(exercise.hints.len());
    let Some(hint) = exercise.hints.get(level.saturating_sub(1)) else {
        bail!("exercise {} has no hints", exercise.id);
    };
    record(
        &mut store,
        &exercise.id,
        ExerciseEventKind::Hint,
        None,
        level.to_string(),
    )?;
    if app.json {
        return print_json(&json!({
            "schema": "llmpath.hint/1",
            "exercise": exercise.id,
            "level": level,
            "of": exercise.hints.len(),
            "hint": text_json(hint),
        }));
    }
    outln!(
        "{} {level}/{} ({}):\n  {}",
        app.t("提示", "Hint"),
        exercise.hints.len(),
        exercise.id,
        hint.get(app.lang)
    );
    if level == exercise.hints.len() {
        outln!("{}", app.t("这是最后一条提示。", "That is the last hint."));
    }
    Ok(())
}

pub fn solution(app: &App, id: &str, give_up: bool) -> Result<()> {
    let mut store = app.store()?;
    let history = read_history(&store)?;
    let exercise = find(app, id)?;
    let passed = history.progress(&exercise.id) == Progress::Passed;
    if !passed && !give_up && !history.gave_up(&exercise.id) {
        bail!(
            "{}",
            app.t(
                &format!("练习 {id} 还没有通过：先试试 `llmpath hint {id}`；若要放弃并查看答案，用 `llmpath solution {id} --give-up`（会被记录）"),
                &format!("exercise {id} has not passed yet: try `llmpath hint {id}` first; to give up and see the solution, `llmpath solution {id} --give-up` (recorded)")
            )
        );
    }
    if !passed && give_up && !history.gave_up(&exercise.id) {
        record(
            &mut store,
            &exercise.id,
            ExerciseEventKind::GiveUp,
            None,
            String::new(),
        )?;
    }
    let solution = app
        .content
        .read(&exercise.content_file("solution.rs"))
        .map_err(|reason| anyhow!("the solution of {id}: {reason}"))?;
    if app.json {
        return print_json(&json!({
            "schema": "llmpath.solution/1",
            "exercise": exercise.id,
            "passed": passed,
            "solution": solution,
        }));
    }
    outln!("{solution}");
    Ok(())
}

pub fn check(app: &App, id: Option<&str>, restore: bool) -> Result<()> {
    let mut workspace = workspace()?;
    if restore {
        workspace.restore(&app.curriculum, &app.content)?;
        outln!(
            "{}",
            app.t(
                "已恢复检查程序（练习文件未改动）。",
                "The checker's files are restored (your exercises are untouched)."
            )
        );
        if id.is_none() {
            return Ok(());
        }
    }
    let mut store = app.store()?;
    let history = read_history(&store)?;
    let exercise = chosen(app, id, &history)?;
    let options = CheckOptions {
        lang_zh: app.lang == Lang::Zh,
        build_output: match app.json || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            true => BuildOutput::Capture,
            false => BuildOutput::Inherit,
        },
    };
    let outcome = match llmpath_grader::check(
        &mut workspace,
        &app.curriculum,
        &app.content,
        exercise,
        &options,
    ) {
        Err(err @ llmpath_grader::GradeError::Tampered { .. }) => {
            record(
                &mut store,
                &exercise.id,
                ExerciseEventKind::Attempt,
                Some("refused"),
                "checker files changed".to_owned(),
            )?;
            return Err(err.into());
        }
        other => other?,
    };
    let detail = failure_detail(&outcome);
    record(
        &mut store,
        &exercise.id,
        ExerciseEventKind::Attempt,
        Some(outcome.code()),
        detail,
    )?;
    let mut newly_done = Vec::new();
    if outcome.passed() {
        let state = app.state(&store)?;
        if let Some(practice) = &exercise.practice
            && state.status(practice) != Status::Done
        {
            store.record_status(practice, Status::Done, Clock::read()?.now)?;
            newly_done.push(practice.clone());
        }
    }
    let history = read_history(&store)?;
    let next = history.current(&app.curriculum.exercises);
    if app.json {
        print_json(&outcome_json(exercise, &outcome, &newly_done, next))?;
    } else {
        print_outcome(app, exercise, &outcome, &history)?;
        for practice in &newly_done {
            outln!(
                "{} {practice}",
                app.t("已完成练习任务：", "Practice task done:")
            );
        }
        if outcome.passed() {
            match next {
                Some(next) => outln!(
                    "{} {} — {} (exercises/{})",
                    app.t("下一个：", "Next:"),
                    next.id,
                    next.title.get(app.lang),
                    next.file_name()
                ),
                None => outln!(
                    "{}",
                    app.t("所有练习都已通过！", "Every exercise has passed!")
                ),
            }
        }
    }
    match outcome.passed() {
        true => Ok(()),
        false => Err(crate::Silent.into()),
    }
}

/// What the store keeps of a failed attempt: the first failing check, or the kind of error.
fn failure_detail(outcome: &Outcome) -> String {
    match outcome
        .report()
        .and_then(|r| r.first_failure().map(|(i, _)| (r, i)))
    {
        Some((report, i)) => report
            .names
            .get(i)
            .map(|n| n[1].clone())
            .unwrap_or_default(),
        None => match outcome {
            Outcome::Refused { words } => words
                .iter()
                .map(|w| w.word.clone())
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        },
    }
}

fn result_json(result: &CheckResult) -> Value {
    match result {
        CheckResult::Passed => json!({"result": "passed"}),
        CheckResult::Failed(diagnosis) => json!({"result": "failed", "diagnosis": diagnosis}),
        CheckResult::Panicked { message, location } => {
            json!({"result": "panicked", "message": message, "location": location})
        }
        CheckResult::TimedOut => json!({"result": "timeout"}),
        CheckResult::Crashed => json!({"result": "crashed"}),
        CheckResult::NotRun => json!({"result": "not_run"}),
    }
}

fn outcome_json(
    exercise: &Exercise,
    outcome: &Outcome,
    newly_done: &[String],
    next: Option<&Exercise>,
) -> Value {
    let checks = outcome.report().map(|report| {
        report
            .names
            .iter()
            .zip(&report.results)
            .map(|(name, result)| {
                let mut value = result_json(result);
                value["name"] = json!({"zh": name[0], "en": name[1]});
                value
            })
            .collect::<Vec<_>>()
    });
    json!({
        "schema": "llmpath.check/1",
        "exercise": exercise.id,
        "result": outcome.code(),
        "checks": checks.unwrap_or_default(),
        "compile_errors": match outcome { Outcome::CompileError { errors } => Some(errors), _ => None },
        "refused": match outcome {
            Outcome::Refused { words } => words.iter().map(|w| json!({"word": w.word, "line": w.line, "why": w.why})).collect(),
            _ => Vec::new(),
        },
        "output": outcome.report().map(|r| r.output.clone()).unwrap_or_default(),
        "practice_done": newly_done,
        "next": next.map(|e| &e.id),
    })
}

fn print_outcome(
    app: &App,
    exercise: &Exercise,
    outcome: &Outcome,
    history: &ExerciseHistory,
) -> Result<()> {
    let file = Path::new("exercises").join(exercise.file_name());
    outln!(
        "{} — {} ({})",
        exercise.id,
        exercise.title.get(app.lang),
        file.display()
    );
    match outcome {
        Outcome::CompileError { errors } => {
            if !errors.trim().is_empty() {
                outln!("{errors}");
            }
            outln!(
                "✗ {}",
                app.t(
                    "没有编译通过：按上面编译器的提示修改。",
                    "It does not compile: the compiler's messages above say where."
                )
            );
            return Ok(());
        }
        Outcome::Refused { words } => {
            for word in words {
                outln!(
                    "  {}:{}: `{}` {}",
                    file.display(),
                    word.line,
                    word.word,
                    word.why
                );
            }
            outln!(
                "✗ {}",
                app.t(
                    "练习文件只能包含练习本身的代码：去掉上面这些用法再检查。",
                    "An exercise file may only hold the exercise's own code: remove the uses above and check again."
                )
            );
            return Ok(());
        }
        _ => {}
    }
    let Some(report) = outcome.report() else {
        return Ok(());
    };
    let index = if app.lang == Lang::Zh { 0 } else { 1 };
    for (name, result) in report.names.iter().zip(&report.results) {
        let mark = if *result == CheckResult::Passed {
            "✓"
        } else {
            "✗"
        };
        outln!("  {mark} {}", name[index]);
    }
    if !report.output.trim().is_empty() {
        outln!("{}", app.t("你的代码的输出：", "Your code printed:"));
        for line in report.output.lines().take(20) {
            outln!("  | {line}");
        }
    }
    if let Some((i, result)) = report.first_failure() {
        let name = report
            .names
            .get(i)
            .map(|n| n[index].as_str())
            .unwrap_or_default();
        outln!("\n✗ {name}:");
        let diagnosis = match result {
            CheckResult::Failed(diagnosis) => diagnosis.clone(),
            CheckResult::Panicked { message, location }
                if message.starts_with("not yet implemented") =>
            {
                format!(
                    "{} ({location}): {message}",
                    app.t(
                        "还没有实现：把 todo!() 换成你的代码",
                        "not implemented yet: replace the todo!() with your code"
                    )
                )
            }
            CheckResult::Panicked { message, location } => {
                format!(
                    "{} {location}: {message}",
                    app.t("你的代码 panic 了，位置", "your code panicked at")
                )
            }
            CheckResult::TimedOut => match outcome {
                Outcome::TimedOut { seconds, .. } => format!(
                    "{} {seconds} s{}",
                    app.t("超过时间限制", "still running after the time limit of"),
                    app.t(
                        "：是否有死循环，或没有收敛的迭代？",
                        ": an endless loop, or an iteration that never converges?"
                    )
                ),
                _ => String::new(),
            },
            CheckResult::Crashed => match outcome {
                Outcome::Crashed { status, .. } => format!(
                    "{} ({status}){}",
                    app.t("程序崩溃了", "the program crashed"),
                    app.t(
                        "：是否有无穷递归（栈溢出）？",
                        ": infinite recursion (a stack overflow)?"
                    )
                ),
                _ => String::new(),
            },
            CheckResult::NotRun | CheckResult::Passed => String::new(),
        };
        outln!("  {diagnosis}");
        let passed = report
            .results
            .iter()
            .filter(|r| **r == CheckResult::Passed)
            .count();
        let used = history.hints_used(&exercise.id);
        outln!(
            "\n{passed}/{} {}. {}",
            report.results.len(),
            app.t("项检查通过", "checks pass"),
            match used < exercise.hints.len() {
                true => format!(
                    "{} ({}/{})",
                    app.t("需要提示：`llmpath hint`", "Stuck? `llmpath hint`"),
                    used + 1,
                    exercise.hints.len()
                ),
                false => String::new(),
            }
        );
    } else {
        outln!(
            "{} {} {} ({:.1} s)",
            app.t("全部", "All"),
            report.results.len(),
            app.t("项检查通过！", "checks pass!"),
            report.seconds
        );
    }
    Ok(())
}

/// What the learner asked for while watching.
enum Key {
    Next,
    Hint,
    List,
    Quit,
}

/// `llmpath watch`: checks the current exercise, then again each time its file is saved.
/// Keys: n (go on to the next exercise), h (a hint), l (the list), q (quit). On a terminal the
/// keys act at once (raw mode); otherwise each is a line on stdin.
pub fn watch(app: &App) -> Result<()> {
    use std::io::IsTerminal;
    use std::sync::mpsc;
    use std::time::{Duration, SystemTime};

    let workspace = workspace()?;
    let history = read_history(&app.store()?)?;
    let mut current: Option<String> = history
        .current(&app.curriculum.exercises)
        .map(|e| e.id.clone());
    let (keys, key) = mpsc::channel::<Key>();
    let terminal = std::io::stdin().is_terminal();
    if !terminal {
        std::thread::spawn(move || {
            for line in std::io::stdin().lines().map_while(Result::ok) {
                let key = match line.trim() {
                    "n" => Key::Next,
                    "h" => Key::Hint,
                    "l" => Key::List,
                    "q" => Key::Quit,
                    _ => continue,
                };
                if keys.send(key).is_err() {
                    break;
                }
            }
            let _ = keys.send(Key::Quit);
        });
    }
    let modified = |id: &str| -> Option<SystemTime> {
        let exercise = app.curriculum.exercise(id)?;
        std::fs::metadata(workspace.exercise_file(exercise))
            .and_then(|m| m.modified())
            .ok()
    };
    let mut seen = None;
    loop {
        let Some(id) = current.clone() else {
            outln!(
                "{}",
                app.t("所有练习都已通过！", "Every exercise has passed!")
            );
            return Ok(());
        };
        let stamp = modified(&id);
        if stamp != seen {
            seen = stamp;
            match check(app, Some(&id), false) {
                Ok(()) => {}
                Err(err) if err.downcast_ref::<crate::Silent>().is_some() => {}
                Err(err) => outln!("error: {err:#}"),
            }
            outln!(
                "\n{}",
                app.t(
                    "保存文件即重新检查 · n 下一个 · h 提示 · l 列表 · q 退出",
                    "Save to check again · n next · h hint · l list · q quit"
                )
            );
        }
        let pressed = match terminal {
            true => read_key(Duration::from_millis(250))?,
            false => key.recv_timeout(Duration::from_millis(250)).ok(),
        };
        match pressed {
            Some(Key::Quit) => return Ok(()),
            Some(Key::Hint) => hint(app, Some(&id))?,
            Some(Key::List) => list(app)?,
            Some(Key::Next) => {
                let exercises = &app.curriculum.exercises;
                let at = exercises.iter().position(|e| e.id == id).unwrap_or(0);
                match exercises.get(at + 1) {
                    Some(next) => {
                        current = Some(next.id.clone());
                        seen = None;
                    }
                    None => outln!(
                        "{}",
                        app.t("这是最后一个练习。", "This is the last exercise.")
                    ),
                }
            }
            None => {}
        }
    }
}

/// One key press within `timeout`, in raw mode (left again before anything is printed).
fn read_key(timeout: std::time::Duration) -> Result<Option<Key>> {
    use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    crossterm::terminal::enable_raw_mode()?;
    let event = match event::poll(timeout) {
        Ok(true) => event::read().map(Some),
        Ok(false) => Ok(None),
        Err(err) => Err(err),
    };
    crossterm::terminal::disable_raw_mode()?;
    let Some(Event::Key(key)) = event? else {
        return Ok(None);
    };
    if key.kind != KeyEventKind::Press {
        return Ok(None);
    }
    Ok(match key.code {
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Key::Quit),
        KeyCode::Char('n') => Some(Key::Next),
        KeyCode::Char('h') => Some(Key::Hint),
        KeyCode::Char('l') => Some(Key::List),
        KeyCode::Char('q') | KeyCode::Esc => Some(Key::Quit),
        _ => None,
    })
}
