//! A private copy of (part of) this workspace, built and tested by cargo in
//! a target directory of its own: what the whole-workspace proofs
//! (`spec_rebuild`, `walkthrough`) edit and build.
//!
//! The proofs share one target directory, so the registry crates compile
//! once for both. Cargo names a path crate's artifacts by its path inside
//! the workspace, which is the same in every copy; it still rebuilds a copy's
//! crates because their sources are newer than any artifact there. That holds
//! only while one copy is written and built at a time: [`Copy::new`] takes a
//! lock that the copy holds until it is dropped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

/// This workspace's root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Held by the copy being written or built.
static BUILDING: Mutex<()> = Mutex::new(());

/// Copies `from` into `to`: files, folders (but build output and git's), and
/// symbolic links as links (`lastfm-api/spec` points at the copy's `spec/`).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (path, dest) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().unwrap();
        // `.git` is a folder in a clone and a file in a git worktree.
        if entry.file_name() == ".git" {
            continue;
        }
        if kind.is_symlink() {
            let link = std::fs::read_link(&path).unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink(link, &dest).unwrap();
            #[cfg(not(unix))]
            copy_tree(&path.parent().unwrap().join(link), &dest);
        } else if kind.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&path, &dest);
            }
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// A copy under `CARGO_TARGET_TMPDIR/<name>/workspace`.
pub struct Copy {
    /// The copy's root.
    pub dir: PathBuf,
    /// Its target directory, shared by every copy.
    pub target: PathBuf,
    _building: MutexGuard<'static, ()>,
}

impl Copy {
    /// An empty copy named `name` (its files are the caller's to write),
    /// holding the build lock until it is dropped.
    pub fn new(name: &str) -> Copy {
        let building = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let dir = tmp.join(name).join("workspace");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Copy {
            dir,
            target: tmp.join("private-copies-target"),
            _building: building,
        }
    }

    /// Runs cargo in the copy: whether it succeeded, and what it printed
    /// (standard output, then error).
    pub fn cargo(&self, args: &[&str]) -> (bool, String) {
        self.cargo_with_env(args, &[])
    }

    /// [`Copy::cargo`] with environment variables set.
    pub fn cargo_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> (bool, String) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .args(args)
            .envs(vars.iter().copied())
            .env("CARGO_TERM_COLOR", "never")
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("CARGO_MANIFEST_DIR")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    }
}
