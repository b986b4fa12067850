//! What to generate when a spec has errors: the part of it that loaded,
//! with every broken piece dropped or made plain, so that the code built on
//! the generated items still compiles and the located errors are the only
//! ones a maintainer sees (as `thiserror` emits its impls beside an error).

use std::collections::{BTreeSet, HashSet};

use crate::model::*;
use crate::names::{closest, is_identifier_like, is_reserved};

fn usable_name(name: &str) -> bool {
    is_identifier_like(name) && !is_reserved(name)
}

/// The partial `spec` made valid: unknown type names become strings,
/// undeclared codes and parameters are dropped, as are duplicates and
/// items without a usable name. The caller validates the result again and
/// generates from it only if it is clean.
pub fn repair(mut spec: Spec) -> Spec {
    let mut seen = HashSet::new();
    spec.errors
        .retain(|e| usable_name(&e.variant) && e.variant != "Unknown" && seen.insert(e.code));
    let mut variants = HashSet::new();
    spec.errors.retain(|e| variants.insert(e.variant.clone()));

    let mut names = HashSet::new();
    spec.types
        .retain(|t| usable_name(&t.name) && names.insert(t.name.clone()));
    spec.enums.retain(|e| {
        usable_name(&e.name)
            && !names.contains(&e.name)
            && spec
                .base
                .as_ref()
                .is_none_or(|b| b.type_def(&e.name).is_none())
            && names.insert(e.name.clone())
    });
    if let Some(base) = &spec.base {
        spec.types
            .retain(|t| base.type_def(&t.name).is_none() && base.enum_def(&t.name).is_none());
    }
    for e in &mut spec.enums {
        let mut seen = HashSet::new();
        e.values
            .retain(|v| usable_name(&v.variant) && seen.insert(v.variant.clone()));
    }
    let known_type = |spec: &Spec, name: &str| spec.type_def(name).is_some();
    let type_names: Vec<String> = spec.types.iter().map(|t| t.name.clone()).collect();
    let all_types: Vec<String> = spec.type_names().into_iter().map(str::to_owned).collect();
    for name in type_names {
        let mut ty = spec.type_def(&name).cloned().expect("kept above");
        let mut seen = HashSet::new();
        ty.fields
            .retain(|f| usable_name(&f.name) && seen.insert(f.name.clone()));
        for f in &mut ty.fields {
            if let FieldType::Named(n) = &f.ty {
                if !known_type(&spec, n) {
                    // A misspelt name stands for the one it is closest to.
                    f.ty = match closest(n, all_types.iter().map(String::as_str)) {
                        Some(meant) => FieldType::Named(meant.to_owned()),
                        None => FieldType::String,
                    };
                } else if *n == ty.name {
                    f.optional = true;
                }
            }
            if f.ty == FieldType::Images {
                f.list = false;
                f.optional = false;
            }
            if f.ty != FieldType::String {
                f.secret = false;
            }
        }
        let index = spec
            .types
            .iter()
            .position(|t| t.name == name)
            .expect("kept");
        spec.types[index] = ty;
    }
    let paging_ok: Vec<bool> = spec
        .types
        .iter()
        .map(|t| t.paging.is_none() || spec.paging_path(t).is_ok())
        .collect();
    for (t, ok) in spec.types.iter_mut().zip(paging_ok) {
        if !ok {
            t.paging = None;
        }
    }

    let mut packages = HashSet::new();
    let mut accessors = HashSet::new();
    spec.packages.retain(|p| {
        usable_name(&p.name)
            && usable_name(&p.accessor)
            && packages.insert(p.name.clone())
            && accessors.insert(p.accessor.clone())
    });
    let codes: HashSet<u32> = spec.errors.iter().map(|e| e.code).collect();
    let check_codes = !spec.errors.is_empty();
    // Ordered, so that a misspelt name is always taken for the same one.
    let enums: BTreeSet<String> = spec.enum_names().into_iter().map(str::to_owned).collect();
    let types: BTreeSet<String> = spec.type_names().into_iter().map(str::to_owned).collect();
    for package in &mut spec.packages {
        let mut seen = HashSet::new();
        package
            .methods
            .retain(|m| usable_name(&m.name) && seen.insert(m.name.to_ascii_lowercase()));
        for m in &mut package.methods {
            repair_method(m, &enums, &types, check_codes.then_some(&codes));
        }
    }
    spec
}

fn repair_method(
    m: &mut Method,
    enums: &BTreeSet<String>,
    types: &BTreeSet<String>,
    codes: Option<&HashSet<u32>>,
) {
    const RESERVED: [&str; 6] = ["method", "api_key", "api_sig", "sk", "format", "callback"];
    let mut seen = HashSet::new();
    m.params.retain(|p| {
        usable_name(&p.name) && !RESERVED.contains(&p.name.as_str()) && seen.insert(p.name.clone())
    });
    for p in &mut m.params {
        if let ParamType::Enum(name) = &p.ty
            && !enums.contains(name)
        {
            p.ty = match closest(name, enums.iter().map(String::as_str)) {
                Some(meant) => ParamType::Enum(meant.to_owned()),
                None => ParamType::String,
            };
        }
    }
    let declared: HashSet<String> = m.params.iter().map(|p| p.name.clone()).collect();
    for group in &mut m.alternatives {
        group.params.retain(|(n, _)| declared.contains(n));
    }
    m.alternatives.retain(|g| !g.params.is_empty());
    let grouped: HashSet<String> = m
        .alternatives
        .iter()
        .flat_map(|g| g.names().map(str::to_owned))
        .collect();
    for p in &mut m.params {
        if grouped.contains(&p.name) {
            p.required = false;
        }
    }
    if let Some(codes) = codes {
        m.errors.retain(|e| codes.contains(&e.code));
    }
    if m.auth == Auth::Session {
        m.http = Http::Post;
    }
    let roots: Vec<String> = m
        .response
        .roots()
        .iter()
        .filter(|r| !r.is_empty())
        .cloned()
        .collect();
    m.response = match &m.response {
        Response::Empty => Response::Empty,
        _ if roots.is_empty() => Response::Empty,
        Response::Text { .. } => Response::Text { roots },
        Response::Type { type_name, pos, .. } if types.contains(type_name) => Response::Type {
            roots,
            type_name: type_name.clone(),
            pos: *pos,
        },
        Response::Type { type_name, pos, .. } => {
            match closest(type_name, types.iter().map(String::as_str)) {
                Some(meant) => Response::Type {
                    roots,
                    type_name: meant.to_owned(),
                    pos: *pos,
                },
                None => Response::Text { roots },
            }
        }
    };
    // An example is only documentation here, and may be the broken part.
    m.example = None;
}
