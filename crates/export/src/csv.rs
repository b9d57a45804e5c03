//! The checklist as CSV, one row per task: each topic, then each of its practice tasks.
//!
//! The header is English snake_case whatever the language, because programs read it:
//! `stage, module, task_id, task_type, title, status, hours, planned_first, planned_last,
//! resources, outcomes`. Values are as the checklist gives them (titles in its language);
//! `status` is the machine name (`done`, `learning`, `skipped`, `pending`), `task_type` is
//! `topic` for topics and the practice task's own kind ("lab", "实验"…) otherwise.
//! Practice rows carry their topic's module and planned dates (they are done in the topic's
//! window); `hours`, `resources` and `outcomes` are on topic rows only, so summing `hours`
//! counts each topic once. Lists are joined with `" | "`; a resource is `title <url>`.
//!
//! The output starts with a UTF-8 byte-order mark and ends records with CRLF (RFC 4180).
//! Excel guesses the encoding of a CSV it opens by double-click: without the BOM it reads
//! the bytes in the system code page (GBK on Chinese Windows, Windows-1252 elsewhere) and the
//! Chinese turns to mojibake. LibreOffice, Numbers, pandas and the `csv` crate all skip the BOM.
//!
//! References: RFC 4180.

use ::csv::{Terminator, WriterBuilder};
use llmpath_plan::{Checklist, ChecklistRow, DateRange};

use crate::ExportError;

/// The byte-order mark the output starts with, for Excel (see the module docs).
pub const BOM: &str = "\u{feff}";

/// The header row.
pub const HEADER: [&str; 11] = [
    "stage",
    "module",
    "task_id",
    "task_type",
    "title",
    "status",
    "hours",
    "planned_first",
    "planned_last",
    "resources",
    "outcomes",
];

/// The checklist as CSV (with a BOM, CRLF line ends). Deterministic.
pub fn render(checklist: &Checklist) -> Result<String, ExportError> {
    let mut writer = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    writer.write_record(HEADER)?;
    for stage in &checklist.stages {
        let stage_number = stage.number.to_string();
        for row in &stage.rows {
            let (first, last) = dates(row.planned.as_ref());
            writer.write_record([
                stage_number.as_str(),
                &row.module,
                &row.id,
                "topic",
                &row.title,
                row.status.as_str(),
                &row.hours.to_string(),
                &first,
                &last,
                &resources(row),
                &row.outcomes.join(" | "),
            ])?;
            for item in &row.practice {
                writer.write_record([
                    stage_number.as_str(),
                    &row.module,
                    &item.id,
                    &item.kind,
                    &item.title,
                    item.status.as_str(),
                    "",
                    &first,
                    &last,
                    "",
                    "",
                ])?;
            }
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    // Every field written was a `&str`, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn dates(range: Option<&DateRange>) -> (String, String) {
    range.map_or_else(
        || (String::new(), String::new()),
        |r| (r.first.to_string(), r.last.to_string()),
    )
}

fn resources(row: &ChecklistRow) -> String {
    row.resources
        .iter()
        .map(|link| format!("{} <{}>", link.title, link.url))
        .collect::<Vec<_>>()
        .join(" | ")
}
