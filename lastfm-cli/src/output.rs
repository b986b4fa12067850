//! Printing an answer: a table for people, JSON, JSON Lines or CSV for
//! programs. List answers give one row per item.

use std::io::Write;

use clap::ValueEnum;
use serde_json::Value;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
}

/// `artist.name`-style columns of an object; lists of plain values joined
/// with `; `, lists of objects by their `name` (else as JSON).
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::Object(_) => flatten(&key(k), v, out),
                    _ => out.push((key(k), cell(v))),
                }
            }
        }
        other => out.push((prefix.to_owned(), cell(other))),
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::Object(m) if m.contains_key("name") => cell(&m["name"]),
                Value::Object(m) if m.contains_key("url") => cell(&m["url"]),
                Value::Object(_) => v.to_string(),
                other => cell(other),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// Rows with the union of their columns, in first-seen order.
fn rows(items: &[Value]) -> (Vec<String>, Vec<Vec<String>>) {
    let flat: Vec<Vec<(String, String)>> = items
        .iter()
        .map(|item| {
            let mut cells = Vec::new();
            flatten("", item, &mut cells);
            cells
        })
        .collect();
    let mut columns: Vec<String> = Vec::new();
    for row in &flat {
        for (k, _) in row {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let table = flat
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| {
                    row.iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    (columns, table)
}

pub fn print(format: Format, value: &Value, items: Option<&Vec<Value>>) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, value)?;
            writeln!(out)?;
        }
        Format::Jsonl => match items {
            Some(items) => {
                for item in items {
                    serde_json::to_writer(&mut out, item)?;
                    writeln!(out)?;
                }
            }
            None => {
                serde_json::to_writer(&mut out, value)?;
                writeln!(out)?;
            }
        },
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            let (columns, table) = match items {
                Some(items) => rows(items),
                None => key_values(value),
            };
            w.write_record(&columns).map_err(std::io::Error::other)?;
            for row in table {
                w.write_record(&row).map_err(std::io::Error::other)?;
            }
            w.flush()?;
        }
        Format::Table => match (items, value) {
            (Some(items), _) => table(&mut out, items)?,
            (None, Value::Object(_)) => {
                let (_, pairs) = key_values(value);
                let width = pairs
                    .iter()
                    .map(|p| p[0].chars().count())
                    .max()
                    .unwrap_or(0);
                for pair in pairs
                    .iter()
                    .filter(|p| !p[1].is_empty() && !p[0].ends_with("images"))
                {
                    let pad = " ".repeat(width - pair[0].chars().count());
                    writeln!(
                        out,
                        "{}{pad}  {}",
                        crate::style::bold(&pair[0]),
                        one_line(&pair[1], 200)
                    )?;
                }
            }
            (None, Value::Null) => writeln!(out, "ok")?,
            (None, other) => writeln!(out, "{}", cell(other))?,
        },
    }
    out.flush()
}

fn key_values(value: &Value) -> (Vec<String>, Vec<Vec<String>>) {
    let mut cells = Vec::new();
    flatten("", value, &mut cells);
    (
        vec!["key".into(), "value".into()],
        cells.into_iter().map(|(k, v)| vec![k, v]).collect(),
    )
}

fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

/// Aligned columns, without pictures and without columns empty in every row.
fn table(out: &mut impl Write, items: &[Value]) -> std::io::Result<()> {
    let (columns, rows) = rows(items);
    let keep: Vec<usize> = (0..columns.len())
        .filter(|&c| !columns[c].starts_with("images") && !columns[c].ends_with(".images"))
        .filter(|&c| rows.iter().any(|r| !r[c].is_empty()))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| keep.iter().map(|&c| one_line(&r[c], 40)).collect())
        .collect();
    let widths: Vec<usize> = keep
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .chain(std::iter::once(columns[c].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, row: &[String], header: bool| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            let shown = if header {
                crate::style::bold(cell)
            } else {
                cell.clone()
            };
            text.push_str(&shown);
            if i + 1 < row.len() {
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    let header: Vec<String> = keep.iter().map(|&c| columns[c].clone()).collect();
    line(out, &header, true)?;
    for row in &cells {
        line(out, row, false)?;
    }
    Ok(())
}
