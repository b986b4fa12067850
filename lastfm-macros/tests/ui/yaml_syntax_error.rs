// auth.yaml indents the key `auth` one space deeper than its siblings, a YAML syntax error.
lastfm_macros::api!("yaml_syntax_error/spec");

fn main() {}
