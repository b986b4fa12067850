//! The spec library's integration tests, one binary: the located
//! diagnostics of every kind of mistake, and the example of `spec/README.md`.

mod diagnostics;
mod examples;
mod readme_example;
