//! Cross references: the checks that need more than one node, or more than one file.

use std::collections::HashMap;

use crate::diag::Report;
use crate::model::*;
use crate::names::did_you_mean;

/// Parameters the runtime adds to every call; a spec may not declare them.
const RESERVED_PARAMS: [&str; 6] = ["method", "api_key", "api_sig", "sk", "format", "callback"];

pub fn validate(spec: &Spec, report: &mut Report, errors_file: Option<&str>) {
    check_errors(spec, report, errors_file);
    let mut packages: HashMap<&str, &Package> = HashMap::new();
    for package in &spec.packages {
        if let Some(first) = packages.insert(&package.name, package) {
            report.error(
                &package.file,
                package.pos,
                format!(
                    "duplicate package `{}` (also declared in {})",
                    package.name, first.file
                ),
            );
        }
        if package.accessor != package.name
            && let Some(other) = spec
                .packages
                .iter()
                .find(|p| p.name != package.name && (p.accessor == package.accessor))
        {
            report.error(
                &package.file,
                package.pos,
                format!(
                    "accessor `{}` of package `{}` is already the accessor of package `{}`",
                    package.accessor, package.name, other.name
                ),
            );
        }
        check_package(spec, package, report, errors_file.is_some());
    }
    check_types(spec, report);
}

fn check_errors(spec: &Spec, report: &mut Report, errors_file: Option<&str>) {
    let Some(file) = errors_file else { return };
    let mut codes = HashMap::new();
    let mut variants = HashMap::new();
    for e in &spec.errors {
        if codes.insert(e.code, e.pos).is_some() {
            report.error(file, e.pos, format!("duplicate error code {}", e.code));
        }
        if e.variant == "Unknown" {
            report.error(
                file,
                e.pos,
                "`Unknown` is reserved for codes the spec does not list",
            );
        }
        if let Some(first) = variants.insert(e.variant.as_str(), e.code) {
            report.error(
                file,
                e.pos,
                format!(
                    "duplicate error name `{}` (also used by code {first})",
                    e.variant
                ),
            );
        }
    }
}

fn check_package(spec: &Spec, package: &Package, report: &mut Report, check_codes: bool) {
    let file = package.file.as_str();
    let mut seen: HashMap<String, &Method> = HashMap::new();
    for method in &package.methods {
        let full = method.full_name();
        if let Some(first) = seen.insert(full.to_ascii_lowercase(), method) {
            report.error(
                file,
                method.pos,
                format!(
                    "duplicate method `{full}` (first declared on line {})",
                    first.pos.line
                ),
            );
        }
        let mut params: HashMap<&str, &Param> = HashMap::new();
        for param in &method.params {
            if let Some(first) = params.insert(&param.name, param) {
                report.error(
                    file,
                    param.pos,
                    format!(
                        "duplicate parameter `{}` in method `{full}` (first declared on line {})",
                        param.name, first.pos.line
                    ),
                );
            }
            if RESERVED_PARAMS.contains(&param.name.as_str()) {
                report.error(
                    file,
                    param.pos,
                    format!(
                        "parameter `{}` of `{full}` is added by the client itself; do not declare it",
                        param.name
                    ),
                );
            }
            if let ParamType::Enum(name) = &param.ty
                && spec.enum_def(name).is_none()
            {
                let declared = spec.enum_names();
                report.error(
                    file,
                    param.ty_pos,
                    format!(
                        "unknown parameter type `{name}` for `{}` of `{full}`; expected one of: {}{}{}",
                        param.name,
                        ParamType::BUILTIN.join(", "),
                        if declared.is_empty() {
                            " (or an enum declared under `enums`)".to_owned()
                        } else {
                            format!(", or a declared enum: {}", declared.join(", "))
                        },
                        did_you_mean(name, ParamType::BUILTIN.into_iter().chain(declared.iter().copied())),
                    ),
                );
            }
        }
        for group in &method.alternatives {
            for (name, pos) in &group.params {
                if method.param(name).is_none() {
                    let declared: Vec<&str> =
                        method.params.iter().map(|p| p.name.as_str()).collect();
                    report.error(
                        file,
                        *pos,
                        format!(
                            "alternative names `{name}`, which is not a parameter of method `{full}`; expected one of its parameters: {}{}",
                            if declared.is_empty() {
                                "(none declared)".to_owned()
                            } else {
                                declared.join(", ")
                            },
                            did_you_mean(name, declared.iter().copied()),
                        ),
                    );
                }
                if method.param(name).is_some_and(|p| p.required) {
                    report.error(
                        file,
                        method.param(name).map_or(method.pos, |p| p.pos),
                        format!(
                            "parameter `{name}` of `{full}` is in an alternative, so it is required only within its group: drop `required: true`"
                        ),
                    );
                }
            }
        }
        if check_codes {
            for e in &method.errors {
                if spec.error(e.code).is_none() {
                    let known: Vec<String> =
                        spec.errors.iter().map(|e| e.code.to_string()).collect();
                    report.error(
                        file,
                        e.pos,
                        format!(
                            "unknown error code {} in `{full}`; errors.yaml lists: {}{}",
                            e.code,
                            known.join(", "),
                            did_you_mean(&e.code.to_string(), known.iter().map(String::as_str))
                        ),
                    );
                }
            }
        }
        if let Some(example) = &method.example {
            check_example(method, example, report);
        }
        if let Response::Type { type_name, pos, .. } = &method.response
            && spec.type_def(type_name).is_none()
        {
            report.error(
                file,
                *pos,
                format!(
                    "unknown response type `{type_name}` for `{full}`; expected `string` or a type declared under `types`{}",
                    did_you_mean(type_name, std::iter::once("string").chain(spec.type_names()))
                ),
            );
        }
    }
}

fn check_types(spec: &Spec, report: &mut Report) {
    let mut types: HashMap<&str, &TypeDef> = HashMap::new();
    let base = spec.base.as_deref();
    for ty in &spec.types {
        if let Some(first) = base.and_then(|b| b.type_def(&ty.name)) {
            report.error(
                &ty.file,
                ty.pos,
                format!(
                    "type `{}` is already declared by the spec this one extends ({}): use it without declaring it again",
                    ty.name, first.file
                ),
            );
        }
        if let Some(first) = types.insert(&ty.name, ty) {
            report.error(
                &ty.file,
                ty.pos,
                format!(
                    "duplicate type `{}` (also declared in {})",
                    ty.name, first.file
                ),
            );
        }
        let mut fields = HashMap::new();
        for field in &ty.fields {
            if fields.insert(field.name.as_str(), field.pos).is_some() {
                report.error(
                    &ty.file,
                    field.pos,
                    format!("duplicate field `{}` in type `{}`", field.name, ty.name),
                );
            }
            if let FieldType::Named(name) = &field.ty {
                if spec.type_def(name).is_none() {
                    report.error(
                        &ty.file,
                        field.ty_pos,
                        format!(
                            "unknown type `{name}` for field `{}` of `{}`; expected one of: {}, or a type declared under `types`{}",
                            field.name,
                            ty.name,
                            FieldType::BUILTIN.join(", "),
                            did_you_mean(name, FieldType::BUILTIN.into_iter().chain(spec.type_names()))
                        ),
                    );
                } else if name == &ty.name && !field.list && !field.optional {
                    report.error(
                        &ty.file,
                        field.pos,
                        format!(
                            "field `{}` makes type `{}` contain itself; make it `optional` or a `list`",
                            field.name, ty.name
                        ),
                    );
                }
            }
            if field.ty == FieldType::Images && (field.list || field.optional) {
                report.error(
                    &ty.file,
                    field.ty_pos,
                    format!(
                        "field `{}` of type `images` already holds every image and may be empty: drop `list` and `optional`",
                        field.name
                    ),
                );
            }
            if field.secret && field.ty != FieldType::String {
                report.error(
                    &ty.file,
                    field.pos,
                    format!("secret field `{}` must have type string", field.name),
                );
            }
        }
    }
    for ty in &spec.types {
        let Some((_, pos)) = &ty.paging else { continue };
        if let Err(message) = spec.paging_path(ty) {
            report.error(&ty.file, *pos, message);
        }
        let has = |name: &str| {
            ty.fields
                .iter()
                .any(|f| f.name == name && f.ty == FieldType::Integer && !f.list)
        };
        let opensearch = has("start_index") && has("items_per_page");
        if !(has("page") || opensearch) {
            report.error(
                &ty.file,
                *pos,
                format!(
                    "paged type `{}` needs integer fields `page`, `per_page`, `total_pages`, `total` (from the list's attributes), or `start_index`, `items_per_page`, `total_results` (from opensearch elements)",
                    ty.name
                ),
            );
        }
    }
    let mut enums = HashMap::new();
    for e in &spec.enums {
        if let Some(first) = base.and_then(|b| b.enum_def(&e.name)) {
            report.error(
                &e.file,
                e.pos,
                format!(
                    "enum `{}` is already declared by the spec this one extends ({}): use it without declaring it again",
                    e.name, first.file
                ),
            );
        }
        if enums.insert(e.name.as_str(), e.pos).is_some() || types.contains_key(e.name.as_str()) {
            // Enums and types share the generated `types` module.
            report.error(
                &e.file,
                e.pos,
                format!("duplicate type or enum name `{}`", e.name),
            );
        }
    }
}

/// An example must be a successful answer whose payload is the method's
/// response element, so that the server can answer it and the client decode it.
fn check_example(method: &Method, example: &Example, report: &mut Report) {
    let full = method.full_name();
    let Some(payload) = example.payload() else {
        report.error(
            &example.file,
            example.pos,
            format!(
                "the example of `{full}` is not a successful answer: expected `<lfm status=\"ok\">…</lfm>`"
            ),
        );
        return;
    };
    let root: String = payload
        .trim_start()
        .strip_prefix('<')
        .unwrap_or_default()
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
        .collect();
    let roots = method.response.roots();
    let fits = if roots.is_empty() {
        root.is_empty()
    } else {
        roots.contains(&root)
    };
    if !fits {
        let expected = if roots.is_empty() {
            "an empty `<lfm status=\"ok\">` (the response is `none`)".to_owned()
        } else {
            format!("`<{}>`", roots.join(">` or `<"))
        };
        let found = if root.is_empty() {
            "nothing".to_owned()
        } else {
            format!("`<{root}>`")
        };
        report.error(
            &example.file,
            example.pos,
            format!("the example of `{full}` answers {found}; its response is {expected}"),
        );
    }
}
