//! A tour of the compose side of the crate, in the order a linter uses it: parse the YAML,
//! look at the tree, resolve anchors and merges, build the typed model (with interpolation),
//! merge files into a project, and point back at the source.

use compose_model::model::{ComposeFile, Project, ServiceRefKind};
use compose_model::yaml::{self, NodeValue};

const BASE: &str = "\
x-env: &env          # shared settings
  LOG_LEVEL: info
services:
  web:
    image: \"nginx:${TAG:-1.27}\"
    depends_on: [api]
    environment:
      <<: *env
      UPSTREAM: http://api:8080
    volumes:
      - static:/srv
  api:
    image: app
    profiles: [backend]
volumes:
  static:
";

const OVERRIDE: &str = "services:\n  web:\n    ports: [\"8080:80\"]\n";

#[test]
fn api_walkthrough() {
    // 1. Parse: a tree plus errors, never a panic. Ranges are bytes of the text.
    let parse = yaml::parse(BASE);
    assert!(parse.errors.is_empty());
    let root = &parse.tree.documents[0];
    let NodeValue::Mapping(mapping) = &root.value else {
        panic!("a compose file is a mapping");
    };
    let first = &mapping.entries[0];
    assert_eq!(first.key_str(), Some("x-env"));
    assert_eq!(first.value.anchor(&parse.tree).unwrap().value, "env");

    // 2. Comments are not YAML events: find them in the gaps between nodes.
    let comments = yaml::comments(BASE, &parse.tree);
    assert_eq!(&BASE[comments[0]], "# shared settings");

    // 3. Resolve: views follow aliases and apply `<<` merges without copying.
    let resolver = yaml::Resolver::new(&parse.tree);
    let env = resolver
        .document(0)
        .and_then(|d| d.get("services"))
        .and_then(|s| s.get("web"))
        .and_then(|w| w.get("environment"))
        .unwrap();
    let keys: Vec<&str> = env.entries().filter_map(|e| e.key_str()).collect();
    assert_eq!(keys, ["LOG_LEVEL", "UPSTREAM"]);
    assert!(resolver.errors().is_empty());

    // 4. The typed model, interpolated per file with a variable lookup.
    let lookup = |name: &str| (name == "TAG").then(|| "1.29".to_owned());
    let (base, errors) = ComposeFile::load(&parse.tree, BASE, Some(&lookup));
    assert!(errors.is_empty());
    let web = base.service("web").unwrap();
    let image = web.image.as_ref().unwrap();
    assert_eq!(image.as_str(), "nginx:1.29");
    assert_eq!(image.raw.value, "nginx:${TAG:-1.27}");
    assert_eq!(&BASE[image.vars()[0].range], "${TAG:-1.27}");
    // A merged value keeps the range of the anchor's text.
    let level = web
        .environment
        .iter()
        .find(|e| e.name() == "LOG_LEVEL")
        .unwrap();
    assert_eq!(&BASE[level.value.as_ref().unwrap().range()], "info");
    // References to other services, with ranges.
    let refs = web.service_refs();
    assert_eq!(refs[0].kind, ServiceRefKind::DependsOn);
    assert_eq!(&BASE[refs[0].name.range], "api");
    // Named volumes, by compose's path-like rule.
    assert_eq!(web.volumes[0].volume_name().unwrap().value, "static");

    // 5. A project merges files with compose's override rules, borrowing the models.
    let over_parse = yaml::parse(OVERRIDE);
    let (over, _) = ComposeFile::from_yaml(&over_parse.tree, OVERRIDE);
    let files = [base, over];
    let project = Project::merge(&files);
    let web = project.service("web").unwrap();
    assert_eq!(web.image().unwrap().file_index, 0);
    let port = web.ports().get(0).unwrap();
    assert_eq!(port.file_index, 1);
    assert_eq!(&OVERRIDE[port.range], "\"8080:80\"");
    // Profiles decide which services run.
    assert!(!project.service("api").unwrap().is_enabled(&[]));
    assert!(project.service("api").unwrap().is_enabled(&["backend"]));
}
