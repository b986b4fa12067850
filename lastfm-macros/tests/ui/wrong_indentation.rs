// In auth.yaml, the `params` key of auth.getSession is indented one space less than the keys around it.
lastfm_macros::api!("wrong_indentation/spec");

fn main() {}
